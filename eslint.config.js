// @ts-check
import tseslint from 'typescript-eslint';

/**
 * The layer rules of DESIGN.md, enforced: core is pure and imports only core; adapters and emulator
 * may use core; api composes core, emulator and adapters; cli imports api and ui; nothing imports cli.
 */
const io = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:child_process', 'node:dgram', 'node:worker_threads', 'node:os', 'node:process'];
const ioBare = io.map((m) => m.replace('node:', ''));
const layer = (name) => [`**/${name}/**`, `**/${name}`, `../${name}/*`, `../../${name}/*`, `../../../${name}/*`];
const forbid = (...layers) => layers.flatMap(layer);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/.venv*/**', 'examples/**', 'templates/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Node 20 ends the process on an unhandled rejection: a promise nobody awaits ends in a handler, `void` included
    // (dev must outlive whatever its background work meets). Type-aware, src only (tsconfig.build.json): ~1.75x the lint's CPU time.
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.build.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='process'][callee.property.name='exit']", message: 'Only cli/ ends the process.' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...io, ...ioBare].map((name) => ({ name, message: 'core/ is pure: pass I/O in from adapters/.' })),
        patterns: [
          { group: ['@aws-sdk/*'], message: 'core/ is pure: the AWS SDK lives in adapters/.' },
          { group: forbid('adapters', 'emulator', 'api', 'ui', 'cli'), message: 'core/ imports only core/.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'core/ is pure: no process.env or process.* here.' }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='process'][callee.property.name='exit']", message: 'Only cli/ ends the process.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'core/ is pure: take the time as an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core/ is pure: take the time as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'core/ is pure: take randomness as an argument.' },
        // `{ z }` is zod's whole namespace as one object: the bundle then kept all of zod and its 60 locales (1.2 MB
        // of JavaScript compiled at every start); with `* as z` esbuild keeps what is used.
        { selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier", message: "import * as z from 'zod': the bundle keeps only what is used." },
      ],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbid('emulator', 'api', 'ui', 'cli'), message: 'adapters/ may import core/ only.' }] }] },
  },
  {
    files: ['src/emulator/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbid('api', 'ui', 'cli'), message: 'emulator/ may import core/ and adapters/ only.' }] }] },
  },
  {
    files: ['src/api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbid('ui', 'cli'), message: 'api/ composes core/, emulator/ and adapters/; it does not print or parse arguments.' }] }] },
  },
  {
    files: ['src/ui/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbid('cli', 'emulator', 'adapters'), message: 'ui/ formats values; it may import core/ types and api/ types.' }] }] },
  },
  {
    // The library's entry point: the use cases and the values they take and return, not the command line's printing.
    files: ['src/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbid('ui', 'cli'), message: 'The library exports api/, core/ and emulator/: ui/ prints and cli/ exits.' }] }] },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbid('emulator', 'adapters'), message: 'cli/ imports api/ and ui/ (and core/ types).' }] }] },
  },
);
