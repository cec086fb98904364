import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/api/project.js';
import { ROOT, scratchDir, testPython } from '../helpers.js';
import { frameworkInstalled, frameworkPrint, runFramework } from '../serverless-framework.js';

/**
 * serverless.json, serverless.js (.mjs, .cjs) and serverless.ts, read as the Serverless Framework v3 reads them
 * (lib/configuration/read.js): through the real command line, the code configurations run by Node in a process
 * of their own, and the functions by the test Python.
 */

const BIN = join(ROOT, 'bin', 'pylambda.js');
const APP = 'import os\n\n\ndef hello(event, context):\n    return {"statusCode": 200, "body": os.environ["GREETING"] + " from " + context.function_name}\n';

/** A service directory with app.py and `files`. */
function service(files: Record<string, string>): string {
  const dir = scratchDir('sls-config');
  writeFileSync(join(dir, 'app.py'), APP);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** `pylambda ARGS` in `dir`, from a shell with nothing but PATH and HOME (and `env`). */
async function pylambda(dir: string, args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The function's answer to `invoke hello --json`. */
async function invokeBody(dir: string, env: Record<string, string> = {}): Promise<string> {
  const result = await pylambda(dir, ['invoke', 'hello', '--json', '--python', testPython()], env);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { payload: { body: string } }).payload.body;
}

/** The error invoke stops with: its exit code and the lines it printed. */
async function invokeError(dir: string, env: Record<string, string> = {}): Promise<{ code: number; stderr: string; stdout: string }> {
  const result = await pylambda(dir, ['invoke', 'hello', '--python', testPython()], env);
  return { code: result.code, stdout: result.stdout, stderr: result.stderr.replace(/^warning: .* but the local Python is .*\n/m, '') };
}

const FUNCTIONS = { hello: { handler: 'app.hello', events: [{ httpApi: 'GET /hello' }] } };
/** A configuration whose variables pylambda resolves after the file gave it, as the Framework does. */
const CONFIG = {
  service: 'greeter',
  provider: { name: 'aws', runtime: 'python3.12', stage: "${opt:stage, 'dev'}", environment: { GREETING: '${env:GREETING_WORD, "hello"} ${self:provider.stage}' } },
  functions: FUNCTIONS,
};

describe('serverless.json', () => {
  it('is read as JSON, its variables resolved', async () => {
    const dir = service({ 'serverless.json': JSON.stringify(CONFIG, null, 2) });
    expect(await invokeBody(dir)).toBe('hello dev from greeter-dev-hello');
    expect(await invokeBody(dir, { GREETING_WORD: 'hi' })).toBe('hi dev from greeter-dev-hello');
  });

  it('that is not JSON is said with JSON.parse\'s position', async () => {
    const dir = service({ 'serverless.json': '{\n  "service": "greeter",\n}\n' });
    const { code, stderr } = await invokeError(dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: serverless\.json has 1 problem:\n {2}is not valid JSON: .* at position 26/);
  });
});

describe('serverless.js', () => {
  it('is the object it exports, what it prints kept from pylambda\'s output', async () => {
    const dir = service({ 'serverless.js': `console.log('building the configuration');\nmodule.exports = ${JSON.stringify(CONFIG)};\n` });
    // The whole of stdout is invoke's JSON: the file's console.log is not in it.
    expect(await invokeBody(dir, { GREETING_WORD: 'hey' })).toBe('hey dev from greeter-dev-hello');
  });

  it('may export a Promise of it, and reads the user\'s environment and its own directory', async () => {
    const dir = service({
      'stages.js': "module.exports = { dev: { word: 'howdy' } };\n",
      'serverless.js': [
        "const stages = require('./stages');",
        'module.exports = (async () => {',
        '  await new Promise((resolve) => setTimeout(resolve, 50));',
        `  return { ...${JSON.stringify(CONFIG)}, provider: { name: 'aws', runtime: 'python3.12', environment: { GREETING: stages.dev.word + ' ' + process.env.WHO + ' ' + process.cwd() } } };`,
        '})();',
      ].join('\n'),
    });
    expect(await invokeBody(dir, { WHO: 'partner' })).toBe(`howdy partner ${dir} from greeter-dev-hello`);
  });

  it('sees --stage, --region and --param in process.argv, as under the Framework\'s command line', async () => {
    const dir = service({ 'serverless.js': `const argv = process.argv.slice(2).join(' ');\nmodule.exports = { ...${JSON.stringify(CONFIG)}, provider: { name: 'aws', runtime: 'python3.12', environment: { GREETING: argv } } };\n` });
    const result = await pylambda(dir, ['invoke', 'hello', '--json', '--stage', 'prod', '--region', 'eu-west-1', '--param', 'tier=gold', '--python', testPython()]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).payload.body).toBe('--stage prod --region eu-west-1 --param tier=gold from greeter-prod-hello');
  });

  it('.mjs is imported, its default export the configuration; .cjs is required', async () => {
    const mjs = service({ 'serverless.mjs': `const config = ${JSON.stringify(CONFIG)};\nexport default config;\n` });
    expect(await invokeBody(mjs)).toBe('hello dev from greeter-dev-hello');
    const cjs = service({ 'serverless.cjs': `module.exports = ${JSON.stringify(CONFIG)};\n` });
    expect(await invokeBody(cjs, { GREETING_WORD: 'yo' })).toBe('yo dev from greeter-dev-hello');
    // A .js of a "type": "module" package is imported too, a top-level await and imports of its own included.
    const esm = service({
      'package.json': '{ "type": "module" }\n',
      'word.js': "export const word = 'esm';\n",
      'serverless.js': `import { word } from './word.js';\nconst config = await Promise.resolve(${JSON.stringify(CONFIG)});\nexport default config;\n`,
    });
    expect(await invokeBody(esm, { GREETING_WORD: 'esm' })).toBe('esm dev from greeter-dev-hello');
  });

  it('that throws is said with its message and its line, without pylambda\'s stack', async () => {
    const dir = service({ 'serverless.js': "function stage() {\n  throw new Error('no settings for stage prod');\n}\nmodule.exports = { service: stage() };\n" });
    expect(await invokeError(dir)).toEqual({ code: 2, stdout: '', stderr: 'error: Cannot load serverless.js: no settings for stage prod\n    at serverless.js:2:9\n' });
  });

  it('whose Promise rejects is said as one that throws', async () => {
    const dir = service({ 'serverless.js': "module.exports = Promise.reject(new Error('the SSM lookup failed'));\n" });
    expect(await invokeError(dir)).toEqual({ code: 2, stdout: '', stderr: 'error: Cannot load serverless.js: the SSM lookup failed\n    at serverless.js:1:33\n' });
  });

  it('whose Promise never settles is said at once when nothing is left to run, else after PYLAMBDA_CONFIG_TIMEOUT', async () => {
    const idle = service({ 'serverless.js': 'module.exports = new Promise(() => {});\n' });
    expect(await invokeError(idle)).toEqual({
      code: 2, stdout: '',
      stderr: 'error: Cannot load serverless.js: its export is a Promise that never settled (Node had nothing left to run)\nResolve the Promise with the configuration object.\n',
    });
    const busy = service({ 'serverless.js': 'setInterval(() => {}, 1000);\nmodule.exports = new Promise(() => {});\n' });
    const started = Date.now();
    expect(await invokeError(busy, { PYLAMBDA_CONFIG_TIMEOUT: '1' })).toEqual({
      code: 2, stdout: '',
      stderr: 'error: Cannot load serverless.js: it gave no configuration within 1 s, so pylambda stopped it (a Promise that never settles?)\n'
        + 'Its export must be the configuration, or a Promise that resolves to it; PYLAMBDA_CONFIG_TIMEOUT sets the limit in seconds.\n',
    });
    // Well short of the default limit (30 s), with room for two Node processes to start on a loaded machine.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('that throws later, in a timer, is said with Node\'s own words', async () => {
    const dir = service({ 'serverless.js': "setTimeout(() => { throw new Error('late failure'); }, 10);\nmodule.exports = new Promise(() => {});\n" });
    const { code, stdout, stderr } = await invokeError(dir);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(/^error: Cannot load serverless\.js: Node stopped with exit code 1 before it gave the configuration:\n(.*\n)*Error: late failure\n {4}at Timeout\._onTimeout \(.*serverless\.js:1:26\)/);
  });

  it('that ends the process itself is said to have done so', async () => {
    const dir = service({ 'serverless.js': "if (!process.env.STAGE) process.exit(0);\nmodule.exports = {};\n" });
    expect(await invokeError(dir)).toEqual({ code: 2, stdout: '', stderr: 'error: Cannot load serverless.js: it ended the process (process.exit(0)) before it gave the configuration\n' });
  });

  it('that exports a function is refused: the Framework v3 calls none', async () => {
    const dir = service({ 'serverless.js': `module.exports = async () => (${JSON.stringify(CONFIG)});\n` });
    expect(await invokeError(dir)).toEqual({
      code: 2, stdout: '',
      stderr: 'error: Invalid configuration in serverless.js: it exports a function, where the Serverless Framework expects a plain object\n'
        + 'The Framework v3 does not call an exported function: export the object, or a Promise of it (module.exports = build()).\n',
    });
  });
});

/** ts-node and typescript as scripts/test-env.mjs installs them (test/peers/ts-node), or PYLAMBDA_TEST_TS_NODE's. */
const TS_NODE_MODULES = process.env.PYLAMBDA_TEST_TS_NODE ?? join(ROOT, 'test', '.peers', 'ts-node', 'node_modules');

// ts-node compiles serverless.ts in each run, the Framework starts in seconds: under a load of 15 on 2 cores a test
// here took 104 s (the default limit is 60 s).
describe('serverless.ts', { timeout: 240_000 }, () => {
  const TS = [
    "type Stage = 'dev' | 'prod';",
    "const stage: Stage = 'dev';",
    'const serverlessConfiguration: { service: string; provider: Record<string, unknown>; functions: Record<string, unknown> } = {',
    "  service: 'typed',",
    `  provider: { name: 'aws', runtime: 'python3.12', environment: { GREETING: \`typed \${stage}\` } },`,
    `  functions: ${JSON.stringify(FUNCTIONS)},`,
    '};',
    'export = serverlessConfiguration;',
    '',
  ].join('\n');
  /** What a TypeScript service has beside it: its package.json, and a tsconfig.json for Node's CommonJS. */
  const PROJECT = { 'package.json': '{ "name": "typed", "private": true }\n', 'tsconfig.json': '{ "compilerOptions": { "module": "commonjs", "target": "ES2020", "strict": true } }\n' };

  it.skipIf(!existsSync(join(TS_NODE_MODULES, 'ts-node')))('is loaded through the service\'s ts-node, as the Framework loads it', async () => {
    const dir = service({ 'serverless.ts': TS, ...PROJECT });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(TS_NODE_MODULES, 'ts-node'), join(dir, 'node_modules', 'ts-node'));
    expect(await invokeBody(dir)).toBe('typed dev from typed-dev-hello');
    // A type error is ts-node's, said with its file and line.
    writeFileSync(join(dir, 'serverless.ts'), TS.replace("const stage: Stage = 'dev';", "const stage: Stage = 'qa';"));
    const { code, stderr } = await invokeError(dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: Cannot load serverless\.ts: ⨯ Unable to compile TypeScript:\nserverless\.ts\(2,7\): error TS2322: Type '"qa"' is not assignable to type 'Stage'\./);
    // `export default` under CommonJS is module.exports.default, which the Framework does not look in.
    writeFileSync(join(dir, 'serverless.ts'), TS.replace('export = serverlessConfiguration;', 'export default serverlessConfiguration;'));
    expect(await invokeError(dir)).toEqual({
      code: 2, stdout: '',
      stderr: 'error: Invalid configuration in serverless.ts: its one export is `default`, and the Serverless Framework v3 reads module.exports, where `export default` puts the configuration under a `default` key\n'
        + 'End it with `export = config;` (or `module.exports = config;`).\n',
    });
  });

  it('without ts-node says what to install', async () => {
    const dir = service({ 'serverless.ts': TS, ...PROJECT });
    // The Framework also takes a global ts-node (`npm root -g`): none in this empty prefix.
    expect(await invokeError(dir, { npm_config_prefix: scratchDir('npm-prefix') })).toEqual({
      code: 2, stdout: '',
      stderr: 'error: Cannot load serverless.ts: the Serverless Framework reads TypeScript through ts-node, which is not installed in the service (nor globally)\n'
        + 'Install it in the service directory: npm install --save-dev ts-node typescript\n',
    });
  });
});

describe('which configuration a directory holds', () => {
  it('is the first of the Framework\'s names, and a SAM template before it, with a word on the other', async () => {
    const both = service({ 'serverless.yml': 'service: from-yml\nprovider: { name: aws, runtime: python3.12, environment: { GREETING: yml } }\nfunctions:\n  hello: { handler: app.hello }\n', 'serverless.js': "throw new Error('not read');\n" });
    expect(await invokeBody(both)).toBe('yml from from-yml-dev-hello');
    const sam = service({
      'template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  hello:\n    Type: AWS::Serverless::Function\n    Properties: { Handler: app.hello, Runtime: python3.12, CodeUri: ., Environment: { Variables: { GREETING: sam } } }\n',
      'serverless.js': `module.exports = ${JSON.stringify(CONFIG)};\n`,
    });
    const result = await pylambda(sam, ['invoke', 'hello', '--python', testPython()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('warning: this directory also holds serverless.js (a Serverless Framework configuration): pylambda reads template.yaml, the first it finds of template.yaml, serverless.yml, .chalice/config.json and cdk.json; to read the other instead, pass --template serverless.js\n');
    const chosen = await pylambda(sam, ['invoke', 'hello', '--json', '--template', 'serverless.js', '--python', testPython()]);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(JSON.parse(chosen.stdout).payload.body).toBe('hello dev from greeter-dev-hello');
  });

  it('names the new files when there is none', async () => {
    const { code, stderr } = await invokeError(scratchDir('sls-none'));
    expect(code).toBe(2);
    expect(stderr).toContain('serverless.yml (or .yaml, .json, .js, .mjs, .cjs, .ts)');
  });
});

describe('dev with serverless.js', () => {
  let stop: (() => Promise<unknown>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('serves it, and reads it again when it or a file it requires changes', async () => {
    const config = (word: string) => `const stages = require('./stages.js');\nmodule.exports = { service: 'devsvc', provider: { name: 'aws', runtime: 'python3.12', environment: { GREETING: '${word} ' + stages.word } }, functions: ${JSON.stringify(FUNCTIONS)} };\n`;
    const dir = service({ 'serverless.js': config('one'), 'stages.js': "module.exports = { word: 'a' };\n" });
    const events = dev(dir);
    const ready = await poll(() => events().find((e) => e.type === 'ready'), (e) => e !== undefined);
    const url = `${ready!.endpoints![0]!.url}/hello`;
    const get = () => fetch(url).then((r) => r.text());
    expect(await get()).toBe('one a from devsvc-dev-hello');
    writeFileSync(join(dir, 'serverless.js'), config('two'));
    expect(await poll(get, (body) => body.startsWith('two'))).toBe('two a from devsvc-dev-hello');
    writeFileSync(join(dir, 'stages.js'), "module.exports = { word: 'b' };\n");
    expect(await poll(get, (body) => body.endsWith('b from devsvc-dev-hello'))).toBe('two b from devsvc-dev-hello');
    expect(events().filter((e) => e.type === 'reload').map((e) => e.files)).toEqual([['serverless.js'], ['stages.js']]);
  });

  it('reads a serverless.mjs again when a module it imports changes, also one of a "type": "module" serverless.js', async () => {
    const config = `import { word } from './words/word.js';\nexport default { service: 'devsvc', provider: { name: 'aws', runtime: 'python3.12', environment: { GREETING: word } }, functions: ${JSON.stringify(FUNCTIONS)} };\n`;
    for (const [name, files] of [['serverless.mjs', {}], ['serverless.js', { 'package.json': '{ "type": "module" }\n' }]] as const) {
      const dir = service({ [name]: config, ...files });
      mkdirSync(join(dir, 'words'));
      writeFileSync(join(dir, 'words', 'word.js'), "export const word = 'one';\n");
      writeFileSync(join(dir, 'words', 'package.json'), '{ "type": "module" }\n');
      const events = dev(dir);
      const ready = await poll(() => events().find((e) => e.type === 'ready'), (e) => e !== undefined);
      const get = () => fetch(`${ready!.endpoints![0]!.url}/hello`).then((r) => r.text());
      expect(await get()).toBe('one from devsvc-dev-hello');
      writeFileSync(join(dir, 'words', 'word.js'), "export const word = 'two';\n");
      expect(await poll(get, (body) => body.startsWith('two'))).toBe('two from devsvc-dev-hello');
      expect(events().filter((e) => e.type === 'reload').map((e) => e.files)).toEqual([['words/word.js']]);
      await stop?.();
      stop = undefined;
    }
  });

  it('waits for a fix of a module it requires that throws, and serves once it is fixed', async () => {
    const dir = service({
      'serverless.js': `require('./stages.js');\nmodule.exports = ${JSON.stringify({ ...CONFIG, provider: { name: 'aws', runtime: 'python3.12', environment: { GREETING: 'fixed' } } })};\n`,
      'stages.js': "throw new Error('stages not written yet');\n",
    });
    const events = dev(dir);
    expect(await poll(() => events().find((e) => e.type === 'waiting-for-fix'), (e) => e !== undefined)).toBeDefined();
    expect(events()[0]).toEqual({ type: 'start-failed', error: { message: 'Cannot load serverless.js: stages not written yet\n    at stages.js:1:7' } });
    writeFileSync(join(dir, 'stages.js'), 'module.exports = {};\n');
    const ready = await poll(() => events().find((e) => e.type === 'ready'), (e) => e !== undefined);
    expect(await fetch(`${ready!.endpoints![0]!.url}/hello`).then((r) => r.text())).toBe('fixed from greeter-dev-hello');
  });

  it('stops a slow run of it when it is saved again, and serves the newer save', async () => {
    // The slow one says it runs: the next save must come while it does, not before it read the file.
    const config = (word: string, waitMs: number) => `${waitMs ? "require('fs').writeFileSync('../running', '');\n" : ''}module.exports = new Promise((resolve) => setTimeout(() => resolve({ service: 'devsvc', provider: { name: 'aws', runtime: 'python3.12', environment: { GREETING: '${word}' } }, functions: ${JSON.stringify(FUNCTIONS)} }), ${waitMs}));\n`;
    const dir = join(scratchDir('sls-slow'), 'svc');
    mkdirSync(dir);
    writeFileSync(join(dir, 'app.py'), APP);
    writeFileSync(join(dir, 'serverless.js'), config('one', 0));
    const events = dev(dir);
    const ready = await poll(() => events().find((e) => e.type === 'ready'), (e) => e !== undefined);
    const get = () => fetch(`${ready!.endpoints![0]!.url}/hello`).then((r) => r.text());
    expect(await get()).toBe('one from devsvc-dev-hello');
    writeFileSync(join(dir, 'serverless.js'), config('slow', 90_000));
    expect(await poll(() => existsSync(join(dir, '..', 'running')), (running) => running)).toBe(true);
    // Said while it runs, as a Chalice app's slow import is.
    expect(await poll(() => events().find((e) => e.type === 'reload-waiting'), (e) => e !== undefined)).toEqual({ type: 'reload-waiting', seconds: 2, file: 'serverless.js' });
    const saved = Date.now();
    writeFileSync(join(dir, 'serverless.js'), config('three', 0));
    expect(await poll(get, (body) => body.startsWith('three'))).toBe('three from devsvc-dev-hello');
    // Far sooner than the slow run would have ended: the newer save stopped it.
    expect(Date.now() - saved).toBeLessThan(30_000);
    expect(events().filter((e) => e.type === 'reload-failed')).toEqual([]);
  });

  /** `pylambda dev --json` in `dir`, watching; its events so far. */
  function dev(dir: string): () => Array<{ type: string; endpoints?: Array<{ url: string }>; files?: string[]; error?: unknown }> {
    const child = spawn(process.execPath, [BIN, 'dev', '--port', '0', '--python', testPython(), '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    stop = () => (child.kill('SIGINT'), exited);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    return () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string }).filter((e) => e.type !== 'warning');
  }
});

/** `serverless print` of the Framework v3 itself (test/.peers/serverless) against pylambda's read of the same files. */
describe.skipIf(!frameworkInstalled())('the Serverless Framework v3 on the same files', { timeout: 240_000 }, () => {
  const printed = (dir: string, env: Record<string, string> = {}) => frameworkPrint(dir, { home: scratchDir('sls-home'), stage: 'prod', env });
  /** Each function's name, handler and environment, as `serverless print` and pylambda give them. */
  const frameworkFunctions = (config: Record<string, unknown>) => {
    const provider = config.provider as { environment?: Record<string, string> };
    return Object.entries(config.functions as Record<string, { name: string; handler: string; environment?: Record<string, string> }>)
      .map(([id, fn]) => ({ id, name: fn.name, handler: fn.handler, environment: { ...provider.environment, ...fn.environment } }));
  };
  const pylambdaFunctions = async (dir: string, env: Record<string, string> = {}) => (await loadProject({ dir, stage: 'prod', env })).project.functions
    .map((f) => ({ id: f.id, name: f.name, handler: f.handler, environment: f.environment }));
  const JS = [
    "const stages = require('./stages.js');",
    'module.exports = (async () => ({',
    "  service: 'parity',",
    "  provider: { name: 'aws', runtime: 'python3.12', environment: { STAGE: '${sls:stage}', WORD: stages.word, FROM_ENV: '${env:PARITY_VALUE}' } },",
    "  functions: { hello: { handler: 'app.hello', environment: { SERVICE: '${self:service}-${opt:stage}' } } },",
    '}))();',
    '',
  ].join('\n');

  it('serverless.js: the same functions, variables resolved after the file gave its object', async () => {
    const dir = service({ 'serverless.js': JS, 'stages.js': "module.exports = { word: 'shared' };\n" });
    const env = { PARITY_VALUE: 'from the shell' };
    const framework = await printed(dir, env);
    expect(framework.error).toBeUndefined();
    const expected = [{ id: 'hello', name: 'parity-prod-hello', handler: 'app.hello', environment: { STAGE: 'prod', WORD: 'shared', FROM_ENV: 'from the shell', SERVICE: 'parity-prod' } }];
    expect(frameworkFunctions(framework.config!)).toEqual(expected);
    expect(await pylambdaFunctions(dir, env)).toEqual(expected);
  });

  it.skipIf(!existsSync(join(TS_NODE_MODULES, 'ts-node')))('serverless.ts: both load it through the service\'s ts-node', async () => {
    const ts = "interface Config { service: string; provider: Record<string, unknown>; functions: Record<string, unknown> }\n"
      + "const config: Config = { service: 'typed', provider: { name: 'aws', runtime: 'python3.12', environment: { STAGE: '${sls:stage}' } }, functions: { hello: { handler: 'app.hello' } } };\nexport = config;\n";
    const dir = service({ 'serverless.ts': ts, 'package.json': '{ "name": "typed", "private": true }\n', 'tsconfig.json': '{ "compilerOptions": { "module": "commonjs", "strict": true } }\n' });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(TS_NODE_MODULES, 'ts-node'), join(dir, 'node_modules', 'ts-node'));
    const framework = await printed(dir);
    expect(framework.error).toBeUndefined();
    const expected = [{ id: 'hello', name: 'typed-prod-hello', handler: 'app.hello', environment: { STAGE: 'prod' } }];
    expect(frameworkFunctions(framework.config!)).toEqual(expected);
    expect(await pylambdaFunctions(dir)).toEqual(expected);
  });

  it('a throwing file is refused by both', async () => {
    const dir = service({ 'serverless.js': "throw new Error('stage table missing');\n" });
    expect((await printed(dir)).error).toContain('Error: stage table missing');
    await expect(loadProject({ dir, env: {} })).rejects.toThrow(/^Cannot load serverless\.js: stage table missing\n {4}at serverless\.js:1:7$/);
  });

  it('an exported function is not a service to either: the Framework takes the directory for a Serverless Components one', async () => {
    const dir = service({ 'serverless.js': 'module.exports = async () => ({ service: "x" });\n' });
    const run = await runFramework(dir, ['print', '--format', 'json'], { home: scratchDir('sls-home') });
    expect(run.stdout).toContain('Serverless Components CLI v1 is no longer bundled with Serverless Framework CLI');
    await expect(loadProject({ dir, env: {} })).rejects.toThrow('Invalid configuration in serverless.js: it exports a function, where the Serverless Framework expects a plain object');
  });
});

/** Probes until `ok`, or `timeoutMs` (dev's start, a reload: each starts Node and Python processes, slow on a loaded machine). */
async function poll<T>(probe: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
