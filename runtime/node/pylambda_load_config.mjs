// Loads a Serverless Framework configuration written as code (serverless.js, .cjs, .mjs, .ts) the way the
// Framework v3 does (lib/configuration/read.js), in a Node process of its own started in the service
// directory: `require` for .js and .cjs, `import` (the default export) for .mjs, ts-node's `register()` then
// `require` for .ts; the export may be a Promise, awaited. What the file prints goes to stderr; the answer
// is the last JSON line on stdout (src/core/model/serverless/config-file.ts ConfigAnswer). pylambda resolves the
// `${...}` variables afterwards, as the Framework does after loading. With `file-variables`, the first argument is
// the service directory and the process serves a read's `${file(./x.js)}` files (file-variables-session.mjs).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { runningRun, serveFileVariables } from './file-variables-session.mjs';

const file = process.argv[2];
const format = process.argv[3];
const session = format === 'file-variables';
// What follows is the options as `serverless` was given them (--stage prod): a file that reads process.argv sees them.
process.argv = [process.argv[0], process.argv[1], ...process.argv.slice(4)];
// A session's files are required by their absolute paths: any base shares the one module cache.
const requireHere = createRequire(session ? join(file, 'serverless.yml') : file);
const answerOut = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

/**
 * Every module `require` loads, also one that throws or does not parse (which leaves require's cache): dev waits
 * for a fix of it. An ES module's imports are told by import-hooks.mjs (recordImports).
 */
const loaded = new Set();
const moduleLoad = Module.prototype.load;
Module.prototype.load = function recorded(filename) {
  loaded.add(filename);
  return moduleLoad.call(this, filename);
};

/** Resolves once every file import-hooks.mjs resolved so far is in `loaded`. */
let importsTold = () => Promise.resolve();
let recording = false;

/**
 * An `import` (serverless.mjs, a .js of a "type": "module" package) is resolved on Node's loader thread, which
 * `require`'s hook above does not see: hooks registered there tell each file. Node before 20.6 has no
 * `register`: its imports are not watched.
 */
function recordImports() {
  if (typeof Module.register !== 'function' || recording) return;
  recording = true;
  const { port1, port2 } = new MessageChannel();
  let flushes = [];
  port1.on('message', (message) => {
    if (message.url) loaded.add(fileURLToPath(message.url));
    if (!message.flushed) return;
    flushes.shift()?.();
    if (flushes.length === 0) port1.unref();
  });
  port1.unref();
  Module.register(new URL('./import-hooks.mjs', import.meta.url), { data: { port: port2 }, transferList: [port2] });
  importsTold = () => new Promise((resolve) => {
    flushes.push(resolve);
    port1.ref();
    port1.postMessage('flush');
  });
}

/** The service's own modules the file required (not node_modules'): dev reads the configuration again when one changes. */
function serviceFiles(except = file) {
  const dir = (session ? file : dirname(file)) + sep;
  return [...loaded].filter((f) => f !== except && f.startsWith(dir) && !f.includes(`${sep}node_modules${sep}`));
}

let answered = false;
const exit = process.exit.bind(process);

function answer(value) {
  answered = true;
  answerOut(`${JSON.stringify({ ...value, files: serviceFiles() })}\n`, () => exit(0));
}

// The file ends the process itself (process.exit in it), or Node ends it with its Promise pending (nothing left
// to run): said as such, written at once (a pipe's writes are synchronous on Linux and macOS). An error thrown
// later (in a timer) ends it with Node's own message on stderr and exit code 1: that says it. In a session, the
// line says the run whose code called process.exit: the other runs under way were ended by that file, not their own.
let exitedWith;
let exitedIn;
process.exit = (code) => {
  if (!answered) {
    exitedWith = code ?? process.exitCode ?? 0;
    exitedIn = runningRun.getStore();
  }
  return exit(code);
};
process.on('exit', (code) => {
  if (answered || (exitedWith === undefined && code !== 0)) return;
  answered = true;
  const said = exitedWith === undefined ? { error: 'unsettled' } : { error: 'exited', code: Number(exitedWith), ...(exitedIn === undefined ? {} : { run: exitedIn }) };
  answerOut(`${JSON.stringify({ ...said, files: serviceFiles() })}\n`);
});

/** ts-node as the Framework finds it for a service: installed in the service, else globally (`npm root -g`). */
function resolveTsNode() {
  try {
    return requireHere.resolve('ts-node');
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND') throw error;
  }
  const root = spawnSync('npm', ['root', '-g'], { encoding: 'utf8', timeout: 10000 });
  const global = root.status === 0 ? root.stdout.trim() : '';
  try {
    if (global) return requireHere.resolve(join(global, 'ts-node'));
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND') throw error;
  }
  return undefined;
}

async function load() {
  if (format === 'typescript' && !process[Symbol.for('ts-node.register.instance')]) {
    const tsNode = resolveTsNode();
    if (!tsNode) return { error: 'ts-node', message: '"ts-node" not found' };
    requireHere(tsNode).register();
  }
  // A .js of a "type": "module" package is an ES module: Node 20.19 and later `require` it, as the Framework would,
  // but such a require does not pass through the hooks that tell its imports; import() gives the same default export.
  if (format === 'esm' || (format === 'commonjs' && file.endsWith('.js') && inModulePackage(dirname(file)))) return { value: await importDefault() };
  try {
    const exported = requireHere(file);
    // An ES module `require`d (Node's require(esm)) is its namespace: its default export, as for .mjs.
    return { value: exported && exported[Symbol.toStringTag] === 'Module' ? exported.default : exported };
  } catch (error) {
    // A .js in a package of "type": "module" is an ES module (one with a top-level await cannot be required even
    // where Node requires ES modules): its default export, as for .mjs.
    if (error && (error.code === 'ERR_REQUIRE_ESM' || error.code === 'ERR_REQUIRE_ASYNC_MODULE')) return { value: await importDefault() };
    throw error;
  }
}

/** Node's rule: the nearest package.json above the file decides, by its "type". */
function inModulePackage(dir) {
  for (let at = dir; ; at = dirname(at)) {
    try {
      return JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')).type === 'module';
    } catch (error) {
      if (error.code !== 'ENOENT' || dirname(at) === at) return false;
    }
  }
}

async function importDefault() {
  recordImports();
  return (await import(pathToFileURL(file).href)).default;
}

/** lib/configuration/read.js takes a plain object only (`type/plain-object/is`). */
function kindOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype ? undefined : `an instance of ${(proto.constructor && proto.constructor.name) || 'a class'}`;
}

if (session) {
  serveFileVariables({
    requireHere, serviceFiles, importsTold,
    write: (message) => answerOut(`${JSON.stringify(message)}\n`),
    end: () => {
      answered = true;
      exit(0);
    },
  });
} else {
  loadConfig();
}

function loadConfig() {
  load().then(async (result) => {
    await importsTold();
    if (result.error) return answer(result);
    const value = await result.value;
    const kind = kindOf(value);
    if (kind) return answer({ error: 'not-object', type: kind });
    let json;
    try {
      // As the Framework does (`JSON.parse(JSON.stringify(configuration))`): no functions, no cycles.
      json = JSON.stringify({ config: value, files: serviceFiles() });
    } catch (error) {
      return answer({ error: 'not-json', message: String(error && error.message) });
    }
    answered = true;
    return answerOut(`${json}\n`, () => exit(0));
  }).catch(async (error) => {
    await importsTold();
    const message = error instanceof Error ? error.message : String(error);
    answer({ error: 'thrown', message, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) });
  });
}
