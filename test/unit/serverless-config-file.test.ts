import { describe, expect, it } from 'vitest';
import {
  SERVERLESS_CONFIG_NAMES, configFromRun, isCodeConfig, parseServerlessJson, serverlessConfigFormat, userStackLine, type ConfigRun,
} from '../../src/core/model/serverless/config-file.js';

describe('the Serverless Framework configuration files', () => {
  it('are looked for in the order of lib/cli/resolve-configuration-path.js', () => {
    expect(SERVERLESS_CONFIG_NAMES).toEqual(['serverless.yml', 'serverless.yaml', 'serverless.json', 'serverless.js', 'serverless.mjs', 'serverless.cjs', 'serverless.ts']);
  });

  it.each([
    ['serverless.yml', 'yaml', false],
    ['serverless.YAML', 'yaml', false],
    ['serverless.json', 'json', false],
    ['serverless.js', 'commonjs', true],
    ['serverless.cjs', 'commonjs', true],
    ['serverless.mjs', 'esm', true],
    ['serverless.ts', 'typescript', true],
    ['infra/sls.ts', 'typescript', true],
    ['serverless.toml', undefined, false],
    ['serverless', undefined, false],
    ['.ts', undefined, false],
  ] as const)('%s is read as %s', (name, format, code) => {
    expect(serverlessConfigFormat(name)).toBe(format);
    expect(isCodeConfig(serverlessConfigFormat(name))).toBe(code);
  });

  it('serverless.json is JSON.parse\'s, with its message when it is not JSON', () => {
    expect(parseServerlessJson('{"service": "a", "n": 1}', 'serverless.json')).toEqual({ value: { service: 'a', n: 1 } });
    const bad = parseServerlessJson('{"service": "a",}', 'serverless.json');
    expect(bad).toEqual({ diagnostics: [{ severity: 'error', file: 'serverless.json', path: '', message: expect.stringMatching(/^is not valid JSON: .*position 16/) }] });
  });
});

describe('a configuration in code, as its loader answers', () => {
  const path = '/svc/serverless.js';
  const run = (over: Partial<ConfigRun>): ConfigRun => ({ code: 0, stdout: '', stderr: '', timedOut: false, timeoutMs: 30_000, ...over });
  const problem = (over: Partial<ConfigRun>) => {
    const result = configFromRun(run(over), 'serverless.js', path);
    return 'problem' in result ? result.problem : result;
  };

  it('gives the object of its last line', () => {
    expect(configFromRun(run({ stdout: '{"config":{"service":"a","n":[1]}}\n' }), 'serverless.js', path)).toEqual({ value: { service: 'a', n: [1] } });
  });

  it.each([
    [{ stdout: '{"error":"thrown","message":"no stage","stack":"Error: no stage\\n    at build (/svc/serverless.js:2:9)\\n    at Object.<anonymous> (/svc/serverless.js:4:18)"}\n' },
      { message: 'Cannot load serverless.js: no stage\n    at serverless.js:2:9' }],
    [{ stdout: '{"error":"thrown","message":"oops"}\n' }, { message: 'Cannot load serverless.js: oops' }],
    [{ stdout: '{"error":"ts-node","message":"\\"ts-node\\" not found"}\n' }, {
      message: 'Cannot load serverless.js: the Serverless Framework reads TypeScript through ts-node, which is not installed in the service (nor globally)',
      hint: 'Install it in the service directory: npm install --save-dev ts-node typescript',
    }],
    [{ stdout: '{"error":"not-object","type":"a function"}\n' }, {
      message: 'Invalid configuration in serverless.js: it exports a function, where the Serverless Framework expects a plain object',
      hint: 'The Framework v3 does not call an exported function: export the object, or a Promise of it (module.exports = build()).',
    }],
    [{ stdout: '{"error":"not-object","type":"an array"}\n' }, {
      message: 'Invalid configuration in serverless.js: it exports an array, where the Serverless Framework expects a plain object',
      hint: 'Export the configuration object (module.exports = {...}), or a Promise that resolves to it.',
    }],
    [{ stdout: '{"error":"not-json","message":"Converting circular structure to JSON"}\n' },
      { message: 'Invalid configuration in serverless.js: it is not plain JSON data (Converting circular structure to JSON)' }],
    [{ timedOut: true, code: null, timeoutMs: 2000 }, {
      message: 'Cannot load serverless.js: it gave no configuration within 2 s, so pylambda stopped it (a Promise that never settles?)',
      hint: 'Its export must be the configuration, or a Promise that resolves to it; PYLAMBDA_CONFIG_TIMEOUT sets the limit in seconds.',
    }],
    [{ stdout: '{"config":{"default":{"service":"a"}}}\n' }, {
      message: 'Invalid configuration in serverless.js: its one export is `default`, and the Serverless Framework v3 reads module.exports, where `export default` puts the configuration under a `default` key',
      hint: 'End it with `module.exports = config;`.',
    }],
    [{ stdout: '{"error":"unsettled","files":[]}\n' }, { message: 'Cannot load serverless.js: its export is a Promise that never settled (Node had nothing left to run)', hint: 'Resolve the Promise with the configuration object.' }],
    [{ stdout: '{"error":"exited","code":0}\n' }, { message: 'Cannot load serverless.js: it ended the process (process.exit(0)) before it gave the configuration' }],
    [{ code: 0 }, { message: 'Cannot load serverless.js: Node stopped with exit code 0 before it gave the configuration' }],
    [{ code: 9, stdout: 'printed\n', stderr: 'node: bad option: --frobnicate\n' },
      { message: 'Cannot load serverless.js: Node stopped with exit code 9 before it gave the configuration:\nnode: bad option: --frobnicate' }],
  ] as const)('%j is said as %j', (over, said) => {
    expect(problem(over)).toEqual(said);
  });
});

describe('the stack line a configuration error is shown with', () => {
  it.each([
    ['Error: x\n    at build (/svc/serverless.js:2:9)', 'serverless.js:2:9'],
    ['Error: x\n    at /svc/lib/stages.js:7:3\n    at /svc/serverless.js:1:1', 'lib/stages.js:7:3'],
    ['Error: x\n    at Object.<anonymous> (file:///svc/serverless.mjs:3:7)', 'serverless.mjs:3:7'],
    ['Error: x\n    at f (/svc/node_modules/dep/index.js:1:1)\n    at g (node:internal/modules/cjs/loader:1:1)\n    at h (/svc/serverless.ts:12:5)', 'serverless.ts:12:5'],
    ['Error: x\n    at f (/other/place.js:1:1)', undefined],
    ['Error: at /svc/serverless.js:1:1 in the message', undefined],
    [undefined, undefined],
  ])('%j: %s', (stack, line) => {
    expect(userStackLine(stack, '/svc/serverless.js')).toBe(line);
  });
});
