import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { ROOT, probeUntil, scratchDir, startDev, testPython } from '../helpers.js';
import { frameworkInstalled, frameworkPrint } from '../serverless-framework.js';

/**
 * `${file(./config.js)}` and `${file(./config.js):name}` in a serverless.yml, as the Framework v3 resolves them
 * (lib/configuration/variables/sources/file.js): the file run by Node in a process of its own, through the real
 * command line, and the values seen by the function in the test Python.
 */

const BIN = join(ROOT, 'bin', 'pylambda.js');
const APP = 'import os\n\n\ndef hello(event, context):\n    return {k: v for k, v in os.environ.items() if k.startswith("X_")}\n';

/** A service whose provider has `yml`'s lines and whose function's environment is `fnEnv`, with `files`. */
function service(yml: readonly string[], files: Record<string, string>, fnEnv: readonly string[] = []): string {
  const dir = scratchDir('sls-js-file');
  writeFileSync(join(dir, 'app.py'), APP);
  writeFileSync(join(dir, 'serverless.yml'), [
    'service: jsvars', 'provider:', '  name: aws', '  runtime: python3.12', ...yml,
    'functions:', '  hello:', '    handler: app.hello', ...(fnEnv.length ? ['    environment:', ...fnEnv.map((l) => `      ${l}`)] : []), '    events:', "      - httpApi: 'GET /v'", '',
  ].join('\n'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function invoke(dir: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, 'invoke', 'hello', '--python', testPython(), ...args], {
      cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr.replace(/^warning: .* but the local Python is .*\n/m, '') };
  }
}

/** The environment the function saw (its X_ variables). */
async function seen(dir: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<Record<string, string>> {
  const result = await invoke(dir, ['--json', ...args], env);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { payload: Record<string, string> }).payload;
}

const CONFIG_JS = [
  "const shared = require('./shared.js');",
  'module.exports = {',
  "  env: { X_PLAIN: 'plain', X_SHARED: shared.word, X_FROM_ENV: process.env.SOURCE_WORD, X_NUMBER: 7 },",
  "  later: new Promise((resolve) => setTimeout(() => resolve('awaited'), 50)),",
  '  forStage: async ({ options }) => ({ stage: options.stage, region: options.region, param: options.param }),',
  '};',
  '',
].join('\n');

/** Functions that read the configuration (resolveVariable, resolveConfigurationProperty), one through another file's. */
const RESOLVING_YML = [
  '  stage: ${opt:stage, \'dev\'}', 'custom:', '  word: hello', '  nested: ${self:custom.word}-${sls:stage}', '  a: ${file(./asks.js):a}',
  '  b: ${file(./asks.js):b}', '  other: ${file(./other.js):o}',
];
const RESOLVING_FILES = {
  'asks.js': [
    'module.exports = {',
    '  a: async ({ resolveVariable, resolveConfigurationProperty }) => [',
    "    await resolveVariable('self:custom.nested'), await resolveVariable('opt:stage'), await resolveVariable('env:SOURCE_WORD'),",
    "    await resolveVariable('env:PYLAMBDA_TEST_UNSET, \"fallback\"'), await resolveVariable('file(./x.yml):k'),",
    "    await resolveConfigurationProperty(['custom', 'word']), String(await resolveConfigurationProperty(['custom', 'none'])),",
    "  ].join(','),",
    "  b: async ({ resolveVariable }) => 'b-' + await resolveVariable('self:custom.other'),",
    '};', '',
  ].join('\n'),
  'other.js': "module.exports = { o: async ({ resolveVariable }) => 'o-' + await resolveVariable('self:custom.a') };\n",
  'x.yml': 'k: from-yml\n',
};
const RESOLVING_ENV = ['X_A: ${self:custom.a}', 'X_B: ${self:custom.b}'];
const RESOLVED = { X_A: 'hello-prod,prod,shell,fallback,from-yml,hello,undefined', X_B: 'b-o-hello-prod,prod,shell,fallback,from-yml,hello,undefined' };

describe('${file(./x.js)} in serverless.yml', () => {
  it('gives the export\'s property, a Promise\'s value, and what a function given the options returns', async () => {
    const dir = service([
      '  environment: ${file(./config.js):env}', 'custom:', '  stage: ${file(./config.js):forStage}', '  whole: ${file(./whole.cjs)}',
    ], { 'config.js': CONFIG_JS, 'shared.js': "module.exports = { word: 'shared' };\n", 'whole.cjs': "module.exports = () => ({ X_WHOLE: 'called' });\n" }, [
      'X_LATER: ${file(./config.js):later}', 'X_STAGE: ${self:custom.stage.stage}-${self:custom.stage.region}-${self:custom.stage.param.0}',
      'X_WHOLE: ${self:custom.whole.X_WHOLE}', "X_MISSING: ${file(./absent.js):x, 'fallback'}", "X_EMPTY: ${file(./config.js):nothing.here, 'none'}",
    ]);
    expect(await seen(dir, ['--stage', 'prod', '--region', 'eu-west-1', '--param', 'tier=gold'], { SOURCE_WORD: 'shell' })).toEqual({
      X_PLAIN: 'plain', X_SHARED: 'shared', X_FROM_ENV: 'shell', X_NUMBER: '7', X_LATER: 'awaited', X_STAGE: 'prod-eu-west-1-tier=gold',
      X_WHOLE: 'called', X_MISSING: 'fallback', X_EMPTY: 'none',
    });
  });

  it('runs a file whose path or address holds variables once they are resolved, and one a YAML file names', async () => {
    const dir = service(['  environment: ${file(./env.yml)}', 'custom:', '  v: ${file(./stages.js):${opt:stage}}'], {
      'env.yml': 'X_NESTED: ${file(./nested.js):n}\n',
      'nested.js': "module.exports = { n: async () => 'nested' };\n",
      'stages.js': "module.exports = { prod: { word: 'p' }, dev: { word: 'd' } };\n",
      'config.prod.js': "module.exports = { x: ({ options }) => 'per-stage-' + options.stage };\n",
    }, ['X_WORD: ${self:custom.v.word}', 'X_PER_STAGE: ${file(./config.${sls:stage}.js):x}']);
    expect(await seen(dir, ['--stage', 'prod'])).toEqual({ X_NESTED: 'nested', X_WORD: 'p', X_PER_STAGE: 'per-stage-prod' });
  });

  it('answers a function\'s resolveVariable and resolveConfigurationProperty from the configuration, as the Framework does', async () => {
    const dir = service(RESOLVING_YML, RESOLVING_FILES, RESOLVING_ENV);
    expect(await seen(dir, ['--stage', 'prod'], { SOURCE_WORD: 'shell' })).toEqual(RESOLVED);
  });

  it('says a question whose answer needs the value being computed, through another file too, instead of waiting for ever', async () => {
    const dir = service(['custom:', '  self: ${file(./loop.js):self}', '  a: ${file(./loop.js):a}', '  b: ${file(./other.js):b}'], {
      'loop.js': "module.exports = { self: async ({ resolveVariable }) => resolveVariable('self:custom.self'), a: async ({ resolveVariable }) => resolveVariable('self:custom.b') };\n",
      'other.js': "module.exports = { b: async ({ resolveConfigurationProperty }) => resolveConfigurationProperty(['custom', 'a']) };\n",
    });
    const started = Date.now();
    const result = await invoke(dir);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'error: serverless.yml has 3 problems:',
      '  custom.self: ${file(./loop.js):self}: loop.js\'s "self" calls resolveVariable("self:custom.self"): it is circular: the answer needs loop.js\'s "self", which is the value being computed',
    ]);
    // Which of a and b is refused depends on which asked first; the other fails with its answer.
    expect(lines[2]).toMatch(/^  custom\.a: \$\{file\(\.\/loop\.js\):a\}: loop\.js's "a" calls resolveVariable\("self:custom\.b"\): .*it is circular: the answer needs (other\.js's "b"|loop\.js's "a"), which waits for this answer$/);
    expect(lines[3]).toMatch(/^  custom\.b: \$\{file\(\.\/other\.js\):b\}: other\.js's "b" calls resolveConfigurationProperty\(\["custom","a"\]\): .*it is circular: the answer needs (other\.js's "b"|loop\.js's "a"), which waits for this answer$/);
    expect(lines).toHaveLength(4);
  });

  it('says a throw, a value that is not JSON, and a question without an answer at the property, with the file', async () => {
    const dir = service(['custom:', '  a: ${file(./bad.js):boom}', '  b: ${file(./bad.js):asks}', '  c: ${file(./bad.js):fn}', '  d: ${file(./init.js)}'], {
      'bad.js': [
        'module.exports = {',
        "  boom: () => { throw new Error('no secrets here'); },",
        "  asks: async ({ resolveVariable }) => `x-${await resolveVariable('env:PYLAMBDA_TEST_UNSET')}`,",
        '  fn: Promise.resolve(() => 1),',
        '};', '',
      ].join('\n'),
      'init.js': "throw new TypeError('init failed');\n",
    });
    expect(await invoke(dir)).toEqual({ code: 2, stdout: '', stderr: [
      'error: serverless.yml has 4 problems:',
      '  custom.a: ${file(./bad.js):boom}: bad.js\'s "boom" failed: no secrets here (at bad.js:2:23)',
      '  custom.b: ${file(./bad.js):asks}: bad.js\'s "asks" calls resolveVariable("env:PYLAMBDA_TEST_UNSET"): ${env:PYLAMBDA_TEST_UNSET} has no value: PYLAMBDA_TEST_UNSET is not set in the environment, and no fallback is given',
      '  custom.c: ${file(./bad.js):fn}: bad.js\'s "fn" is not JSON data (it is a function)',
      '  custom.d: ${file(./init.js)}: cannot load init.js: init failed (at init.js:1:7)',
      '',
    ].join('\n') });
  });

  it('stops a file whose value never comes after PYLAMBDA_CONFIG_TIMEOUT', async () => {
    const dir = service(['custom:', '  v: ${file(./slow.js):x}'], { 'slow.js': 'module.exports = new Promise(() => setTimeout(() => {}, 60_000));\n' });
    const started = Date.now();
    expect(await invoke(dir, [], { PYLAMBDA_CONFIG_TIMEOUT: '1' })).toEqual({ code: 2, stdout: '', stderr: 'error: serverless.yml has 1 problem:\n  custom.v: ${file(./slow.js):x}: slow.js gave no value within 1 s, so pylambda stopped it (a Promise that never settles?); PYLAMBDA_CONFIG_TIMEOUT sets the limit in seconds\n' });
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

// Each test starts the Framework, seconds of work: 69 s under a load of 15 on 2 cores (the default limit is 60 s).
describe.skipIf(!frameworkInstalled())('the Serverless Framework v3 on the same files', { timeout: 240_000 }, () => {
  it('gives the function the same environment', async () => {
    const dir = service(['  environment: ${file(./config.js):env}', '  stage: ${file(./config.js):forStage.stage}'], { 'config.js': CONFIG_JS, 'shared.js': "module.exports = { word: 'shared' };\n" });
    const printed = await frameworkPrint(dir, { home: scratchDir('sls-home'), stage: 'prod', env: { SOURCE_WORD: 'shell' } });
    expect(printed.error).toBeUndefined();
    const provider = printed.config!.provider as { environment: Record<string, unknown>; stage: string };
    expect(provider.stage).toBe('prod');
    expect(await seen(dir, ['--stage', 'prod'], { SOURCE_WORD: 'shell' })).toEqual(provider.environment);
  });

  it('answers resolveVariable and resolveConfigurationProperty with the same values', async () => {
    const dir = service(RESOLVING_YML, RESOLVING_FILES, RESOLVING_ENV);
    const printed = await frameworkPrint(dir, { home: scratchDir('sls-home'), stage: 'prod', env: { SOURCE_WORD: 'shell' } });
    expect(printed.error).toBeUndefined();
    const fn = (printed.config!.functions as { hello: { environment: Record<string, string> } }).hello;
    expect(fn.environment).toEqual(RESOLVED);
    expect(await seen(dir, ['--stage', 'prod'], { SOURCE_WORD: 'shell' })).toEqual(fn.environment);
  });

  it('refuses the same questions without an answer', async () => {
    const dir = service(['custom:', '  loop: ${file(./loop.js):loop}', '  none: ${file(./loop.js):none}'], {
      'loop.js': "module.exports = { loop: async ({ resolveVariable }) => resolveVariable('self:custom.loop'), none: async ({ resolveVariable }) => resolveVariable('env:PYLAMBDA_TEST_UNSET') };\n",
    });
    const printed = await frameworkPrint(dir, { home: scratchDir('sls-home') });
    expect(printed.error).toContain('Cannot resolve variable at "custom.loop": Circular reference. "custom.loop" refers to itself');
    expect(printed.error).toContain('Cannot resolve variable at "custom.none": Value not found at "env" source');
    const result = await invoke(dir);
    expect(result.stderr).toContain('custom.loop: ${file(./loop.js):loop}: loop.js\'s "loop" calls resolveVariable("self:custom.loop"): it is circular');
    expect(result.stderr).toContain('custom.none: ${file(./loop.js):none}: loop.js\'s "none" calls resolveVariable("env:PYLAMBDA_TEST_UNSET"): ${env:PYLAMBDA_TEST_UNSET} has no value');
  });
});

describe('dev with ${file(./x.js)}', () => {
  let session: DevSession | undefined;
  afterEach(async () => {
    await session?.stop();
    session = undefined;
  });

  it('reloads when the file or a module it requires changes', async () => {
    const dir = service(['  environment:', '    X_A: ${file(./config.js):word}'], { 'config.js': "module.exports = { word: require('./shared.js') + '1' };\n", 'shared.js': "module.exports = 'a';\n" });
    const dev = await startDev(dir, { watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.session.endpoints[0]!.url}/v`).then((r) => r.json() as Promise<Record<string, string>>).then((b) => b.X_A ?? '');
    expect(await get()).toBe('a1');
    writeFileSync(join(dir, 'config.js'), "module.exports = { word: require('./shared.js') + '2' };\n");
    expect(await probeUntil(get, 'a2')).toBe('a2');
    writeFileSync(join(dir, 'shared.js'), "module.exports = 'b';\n");
    expect(await probeUntil(get, 'b2')).toBe('b2');
  });
});
