// The command line as a few files: Node resolves and reads each module of an ESM program one by one, and
// pylambda's modules with zod and yaml took ~180 ms to load before any command ran (the bundle: ~50 ms).
// `dist/` keeps the modules tsc wrote, for the library and the tests; bin/pylambda.js runs the bundle.
// It sits two levels below the package root, as the modules do, so their `new URL('../../runtime/...',
// import.meta.url)` paths resolve the same from it.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a hash: the last build's would otherwise stay beside the new ones.
rmSync('dist/bin', { recursive: true, force: true });

await build({
  entryPoints: { pylambda: 'dist/cli/main.js' },
  outdir: 'dist/bin',
  // Each command in its own chunk, loaded when it runs (the registry imports them lazily); chunks stay in
  // dist/bin for the same paths.
  splitting: true,
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // CommonJS dependencies (yazl, ignore) call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __pylambdaRequire } from 'node:module'; const require = __pylambdaRequire(import.meta.url);" },
});
