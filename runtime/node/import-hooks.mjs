// Module-loader hooks (node:module register, Node 20.6+), run by Node on its loader thread: each file an `import`
// resolves to is told to the loader process over `port` (pylambda_load_config.mjs), so dev watches the modules a
// serverless.mjs imports as it watches those a serverless.js requires. Told at resolution, before the file is
// read: one that throws or does not parse is watched too, and its fix reloads.
let port;

export function initialize(data) {
  port = data.port;
  // Answered in order after every file told before: the loader process knows it has them all.
  port.on('message', (message) => {
    if (message === 'flush') port.postMessage({ flushed: true });
  });
  port.unref();
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.startsWith('file:')) port.postMessage({ url: resolved.url });
  return resolved;
}
