import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/api/project.js';
import { ConfigError } from '../../src/core/errors.js';
import { scratchDir } from '../helpers.js';
import { frameworkInstalled, frameworkPrint } from '../serverless-framework.js';

/**
 * A `${file(./x.js)}` module is imported once per read of serverless.yml, as the Serverless Framework v3 requires it
 * once per `serverless` run (Node's module cache), and its functions are called as often as the Framework calls them:
 * once per path and address in a resolution (the stage's, before the .env file is loaded, then the rest's). Each
 * module appends a line to log.txt at its top level and one per call, with what process.env held then.
 */

const X_JS = [
  "const fs = require('fs');",
  "const log = (line) => fs.appendFileSync(require('path').join(__dirname, 'log.txt'), line + '\\n');",
  "log(`load x DOT=${process.env.DOT ?? '-'} SH=${process.env.SH ?? '-'}`);",
  'let calls = 0;',
  'module.exports = {',
  "  fn: () => { calls++; log(`call fn #${calls} DOT=${process.env.DOT ?? '-'}`); return `fn-${calls}`; },",
  "  stage: () => { log(`call stage DOT=${process.env.DOT ?? '-'}`); return 'dev'; },",
  "  other: () => { log('call other'); return { a: 'A', b: 'B' }; },",
  "  plain: 'p',",
  '};', '',
].join('\n');
const Y_JS = [
  "const fs = require('fs');",
  "const log = (line) => fs.appendFileSync(require('path').join(__dirname, 'log.txt'), line + '\\n');",
  "log('load y');",
  'let calls = 0;',
  'module.exports = () => { calls++; log(`call y #${calls}`); return { v: calls }; };', '',
].join('\n');
const Q_JS = [
  "require('fs').appendFileSync(require('path').join(__dirname, 'log.txt'), 'load q\\n');",
  "module.exports = { q: async ({ resolveVariable }) => 'q-' + await resolveVariable('file(./x.js):other.a') };", '',
].join('\n');

/** A service with x.js, y.js and q.js whose provider has `provider`'s lines (then custom's), with a .env file or not. */
function service(provider: readonly string[], dotenv: boolean): string {
  const dir = scratchDir('sls-js-loads');
  writeFileSync(join(dir, 'serverless.yml'), [
    'service: jsloads', "frameworkVersion: '3'", ...(dotenv ? ['useDotenv: true'] : []), 'provider:', '  name: aws', '  runtime: python3.11', ...provider,
    'functions:', '  hello:', '    handler: app.hello', '',
  ].join('\n'));
  writeFileSync(join(dir, 'x.js'), X_JS);
  writeFileSync(join(dir, 'y.js'), Y_JS);
  writeFileSync(join(dir, 'q.js'), Q_JS);
  if (dotenv) writeFileSync(join(dir, '.env'), 'DOT=fromdotenv\n');
  return dir;
}

const SHELL = { PATH: process.env.PATH ?? '', SH: 'shell' };

/** The lines the modules logged, sorted (files run side by side), and the log emptied for the next read. */
function logged(dir: string): string[] {
  const path = join(dir, 'log.txt');
  const lines = existsSync(path) ? readFileSync(path, 'utf8').trimEnd().split('\n').sort() : [];
  rmSync(path, { force: true });
  return lines;
}

async function pylambdaRead(dir: string): Promise<{ environment: Record<string, string>; log: string[] }> {
  const loaded = await loadProject({ dir, env: SHELL });
  return { environment: { ...loaded.project.functions[0]!.environment }, log: logged(dir) };
}

const EVERY_KIND = [
  '  stage: ${file(./x.js):stage}', '  environment:', '    A: ${file(./x.js):fn}', '    B: ${file(./x.js):fn}-${sls:stage}', '    C: ${file(./x.js):other.a}',
  '    D: ${file(./x.js):other.b}', '    E: ${file(./x.js):plain}', '    F: ${file(./y.js):v}', '    G: ${file(./y.js):v}', '    Y: ${self:custom.y1.v}-${self:custom.y2.v}',
  '    W: ${self:custom.w.plain}', 'custom:', '  y1: ${file(./y.js)}', '  y2: ${file(./y.js)}', '  w: ${file(./x.js)}',
];
/** What `serverless print` logged for EVERY_KIND with a .env file (test/.peers/serverless, 3.40.0), sorted. */
const EVERY_KIND_LOG = ['call fn #1 DOT=fromdotenv', 'call other', 'call other', 'call stage DOT=-', 'call y #1', 'call y #2', 'load x DOT=- SH=shell', 'load y'];

describe('a ${file(./x.js)} module read by serverless.yml', () => {
  it.each([
    ['stage from it, with a .env file: imported before the file is loaded, its functions called after with it', EVERY_KIND, true, EVERY_KIND_LOG],
    ['a stage of its own, with a .env file: imported once the file is loaded', ['  stage: dev', '  environment:', '    A: ${file(./x.js):fn}', '    B: ${file(./x.js):fn}', '    C: ${file(./x.js):other.a}'], true,
      ['call fn #1 DOT=fromdotenv', 'call other', 'load x DOT=fromdotenv SH=shell']],
    ['no .env file', ['  environment:', '    A: ${file(./x.js):fn}', '    B: ${file(./x.js):fn}'], false, ['call fn #1 DOT=-', 'load x DOT=- SH=shell']],
    // The Framework resolves the stage, then the rest, with a cache each: an address read by both is called in each.
    ['one address in the stage and elsewhere', ['  stage: ${file(./x.js):stage}', '  environment:', '    S: ${file(./x.js):stage}', '    A: ${file(./x.js):fn}'], true,
      ['call fn #1 DOT=fromdotenv', 'call stage DOT=-', 'call stage DOT=fromdotenv', 'load x DOT=- SH=shell']],
    // Run in later rounds of pylambda's resolution, once their address or a question's answer is known.
    ['an address made of variables, and one a function asks for', ['  environment:', '    A: ${file(./x.js):${self:custom.which}}', '    B: ${file(./q.js):q}', '    C: ${file(./x.js):other.a}',
      '    D: ${file(./x.js):fn}', 'custom:', '  which: fn'], false, ['call fn #1 DOT=-', 'call other', 'load q', 'load x DOT=- SH=shell']],
  ])('is imported once, its functions called as the Framework calls them: %s', async (_, provider, dotenv, log) => {
    const dir = service(provider, dotenv);
    expect((await pylambdaRead(dir)).log).toEqual(log);
  });

  it('gives each function\'s value to every variable of its address, and imports the module anew at the next read (a reload)', async () => {
    const dir = service(EVERY_KIND, true);
    const expected = { A: 'fn-1', B: 'fn-1-dev', C: 'A', D: 'B', E: 'p', F: '1', G: '1', Y: '2-2', W: 'p' };
    expect(await pylambdaRead(dir)).toMatchObject({ environment: expected, log: EVERY_KIND_LOG });
    expect(await pylambdaRead(dir)).toMatchObject({ environment: expected, log: EVERY_KIND_LOG });
  });
});

describe('the read\'s one process for its ${file(./x.js)} files', () => {
  it('says a Promise that never settles at its variable, the other files\' values given, and a process.exit at its own', async () => {
    const dir = service(['  environment:', '    N: ${file(./u.js):never}', '    O: ${file(./u.js):ok}', '    A: ${file(./x.js):fn}'], false);
    writeFileSync(join(dir, 'u.js'), "module.exports = { never: new Promise(() => {}), ok: 'fine', bye: () => process.exit(3) };\n");
    const unsettled = await loadProject({ dir, env: SHELL }).catch((error: unknown) => error);
    expect(unsettled).toBeInstanceOf(ConfigError);
    expect((unsettled as ConfigError).diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual(['provider.environment.N: ${file(./u.js):never}: u.js never settled its Promise (Node had nothing left to run)']);
    expect(logged(dir)).toEqual(['call fn #1 DOT=-', 'load x DOT=- SH=shell']);
    writeFileSync(join(dir, 'serverless.yml'), readFileSync(join(dir, 'serverless.yml'), 'utf8').replace('never}', 'bye}'));
    const exited = await loadProject({ dir, env: SHELL }).catch((error: unknown) => error);
    expect((exited as ConfigError).diagnostics.map((d) => `${d.path}: ${d.message}`)).toContain('provider.environment.N: ${file(./u.js):bye}: u.js ended the process (process.exit(3)) before it gave its value');
  });

  // y.js's function is still running when u.js ends the process: the Framework's run would end there too, so y.js
  // fails, but with u.js named, not as if it had exited itself or been too slow.
  it.each([
    ['a process.exit', 'bye', {}, 400, 'u.js ended the process (process.exit(3)) before it gave its value', 'u.js ended the process that runs the files (process.exit(3))'],
    // s.js's value would come long after the 1 s limit (at 3 s, a limit two seconds late on a loaded machine let it
    // come first); the run is stopped at the limit, so the test does not wait for it.
    ['a timeout', 'busy', { PYLAMBDA_CONFIG_TIMEOUT: '1' }, 30_000, 'u.js gave no value within 1 s, so pylambda stopped it (a Promise that never settles?); PYLAMBDA_CONFIG_TIMEOUT sets the limit in seconds',
      'u.js gave none within 1 s, so pylambda stopped the process that runs the files'],
  ])('blames %s on its own file, and names it to a file still running then', async (_, name, env, slowMs, own, other) => {
    const dir = service(['  environment:', `    U: \${file(./u.js):${name}}`, '    S: ${file(./s.js):slow}'], false);
    writeFileSync(join(dir, 'u.js'), [
      'module.exports = {',
      '  bye: () => new Promise((resolve) => setTimeout(() => process.exit(3), 100)),',
      '  busy: () => new Promise((resolve) => setInterval(() => undefined, 1000)),',
      '};', '',
    ].join('\n'));
    writeFileSync(join(dir, 's.js'), `module.exports = { slow: () => new Promise((resolve) => setTimeout(() => resolve('late'), ${slowMs})) };\n`);
    const failed = await loadProject({ dir, env: { ...SHELL, ...env } }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ConfigError);
    expect((failed as ConfigError).diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      `provider.environment.U: \${file(./u.js):${name}}: ${own}`,
      `provider.environment.S: \${file(./s.js):slow}: s.js gave no value: ${other}`,
    ]);
  });
});

// The Framework starts in seconds: 75 s under a load of 15 on 2 cores (the default limit is 60 s).
describe.skipIf(!frameworkInstalled())('the Serverless Framework v3 on the same module', { timeout: 240_000 }, () => {
  it('imports it and calls its functions as often, with the same environment', async () => {
    const dir = service(EVERY_KIND, true);
    const printed = await frameworkPrint(dir, { home: scratchDir('sls-home'), env: { SH: 'shell' } });
    expect(printed.error).toBeUndefined();
    expect(logged(dir)).toEqual(EVERY_KIND_LOG);
    const framework = (printed.config!.provider as { environment: Record<string, string> }).environment;
    expect(framework).toEqual({ A: 'fn-1', B: 'fn-1-dev', C: 'A', D: 'B', E: 'p', F: '1', G: '1', Y: '2-2', W: 'p' });
    expect(await pylambdaRead(dir)).toEqual({ environment: framework, log: EVERY_KIND_LOG });
  });
});
