import { describe, expect, it } from 'vitest';
import { patternsBelow } from '../../src/core/model/serverless/functions.js';
import { problems, read } from './serverless-helpers.js';

/**
 * serverless.yml forms the Framework v3 accepts that a user's existing project may hold; each case cites where
 * the Framework (v3.40.0) or serverless-python-requirements does it.
 */

const HEAD = 'service: s\nprovider: { name: aws, runtime: python3.12 }\n';

describe('functions and resources given as lists (Service.mergeArrays)', () => {
  const files: Record<string, string> = {
    'fns/a.yml': 'a:\n  handler: a.handler\n  events:\n    - httpApi: GET /a\n',
    'fns/b.yml': 'b:\n  handler: b.handler\n',
    'res/q.yml': 'Resources:\n  Queue: { Type: AWS::SQS::Queue }\n',
  };
  const readFile = (path: string) => files[path];

  it('merges the list items into one mapping, as the docs show (functions: [${file(./foo-functions.yml)}, ...])', () => {
    const text = `${HEAD}functions:\n  - \${file(./fns/a.yml)}\n  - \${file(./fns/b.yml)}\n  - c: { handler: c.handler }\nresources:\n  - \${file(./res/q.yml)}\n  - Resources:\n      Table: { Type: AWS::DynamoDB::Table }\n`;
    const { project, template, diagnostics } = read(text, { readFile });
    expect(diagnostics).toEqual([]);
    expect(project?.functions.map((f) => `${f.id} ${f.handler}`)).toEqual(['a a.handler', 'b b.handler', 'c c.handler']);
    expect(project?.endpoints.map((e) => e.routes.map((r) => `${r.method} ${r.path} ${r.functionId}`))).toEqual([['GET /a a']]);
    expect(Object.keys(template?.resources ?? {})).toEqual(['Queue', 'Table']);
  });

  it('refuses an item that is not a mapping, as the Framework does', () => {
    expect(problems(`${HEAD}functions:\n  - a: { handler: a.handler }\n  - nope\n`)).toEqual([
      'error functions[1]: is string "nope": every item of a functions list must be a mapping (the Framework merges them into one)',
    ]);
  });

  it('merges a function given in two items key by key, and its lists index by index (lodash _.merge)', () => {
    const text = `${HEAD}functions:\n  - a:\n      handler: a.handler\n      events:\n        - httpApi: GET /one\n        - httpApi: GET /two\n  - a:\n      timeout: 9\n      events:\n        - httpApi: GET /uno\n`;
    const { project, diagnostics } = read(text);
    expect(diagnostics).toEqual([]);
    expect(project?.functions.map((f) => [f.handler, f.timeout])).toEqual([['a.handler', 9]]);
    expect(project?.endpoints.flatMap((e) => e.routes.map((r) => `${r.method} ${r.path}`))).toEqual(['GET /uno', 'GET /two']);
  });

  it('drops a function whose value is null, as Service.setFunctionNames does', () => {
    const { project, diagnostics } = read(`${HEAD}functions:\n  a: { handler: a.handler }\n  off:\n`);
    expect(diagnostics).toEqual([]);
    expect(project?.functions.map((f) => f.id)).toEqual(['a']);
  });
});

describe('variables as the Framework v3 resolves them', () => {
  it('a null fallback gives null: the property is left unset (resolve.test.js "should support `null` fallback")', () => {
    const text = `${HEAD}functions:\n  a:\n    handler: a.handler\n    reservedConcurrency: \${self:custom.nope, null}\n    environment:\n      KEEP: k\n      DROP: \${env:NOPE, null}\n`;
    const { project, diagnostics } = read(text);
    expect(diagnostics).toEqual([]);
    expect(project?.functions[0]?.reservedConcurrency).toBeUndefined();
    expect(project?.functions[0]?.environment).toEqual({ KEEP: 'k' });
  });

  it('a null inside a string is an error (NON_STRING_VARIABLE_RESULT)', () => {
    expect(problems(`${HEAD}functions:\n  a:\n    handler: a.handler\n    name: x-\${env:NOPE, null}\n`)).toEqual([
      'error functions.a.name: ${env:NOPE, null} resolves to null, which cannot be joined into a string',
    ]);
  });

  it('an environment variable set to the empty string is set (sources/env.js, since v3.26.0)', () => {
    const text = `${HEAD}functions:\n  a:\n    handler: a.handler\n    environment:\n      PREFIX: \${env:PREFIX, 'fallback'}\n`;
    expect(read(text, { env: { PREFIX: '' } }).project?.functions[0]?.environment).toEqual({ PREFIX: '' });
  });
});

describe('httpApi payload and alb header conditions', () => {
  it("a function's httpApi.payload wins over provider.httpApi.payload (docs: HTTP API, Event / payload format)", () => {
    const text = `service: s
provider: { name: aws, runtime: python3.12, httpApi: { payload: '2.0' } }
functions:
  old:
    handler: a.old
    httpApi: { payload: '1.0' }
    events: [{ httpApi: GET /old }]
  new:
    handler: a.new
    events: [{ httpApi: GET /new }]
`;
    const { project, diagnostics } = read(text);
    expect(diagnostics).toEqual([]);
    expect(project?.endpoints[0]?.routes.map((r) => `${r.path} ${r.payloadFormatVersion ?? ''}`)).toEqual(['/old 1.0', '/new 2.0']);
  });

  it('reads a list of header conditions, each its own http-header condition (alb/lib/validate.js)', () => {
    const text = `${HEAD}functions:
  a:
    handler: a.handler
    events:
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2
          priority: 1
          conditions:
            path: /a
            header:
              - { name: X-Tenant, values: [blue] }
              - { name: X-Version, values: ['2', '3'] }
`;
    const { project, diagnostics } = read(text);
    expect(diagnostics).toEqual([]);
    expect(project?.endpoints[0]?.routes[0]?.albConditions).toEqual({
      headers: [{ name: 'X-Tenant', values: ['blue'] }, { name: 'X-Version', values: ['2', '3'] }],
    });
  });
});

describe("serverless-python-requirements' module", () => {
  const service = (plugins: string, individually: boolean) => `service: s
provider: { name: aws, runtime: python3.12 }
plugins: [${plugins}]
package: { individually: ${String(individually)} }
functions:
  one: { handler: index.handler, module: function1 }
  two: { handler: index.handler }
`;

  it('is the code directory of a function packaged individually: the plugin moves it to the root of its zip', () => {
    const { project, diagnostics } = read(service('serverless-python-requirements', true));
    expect(diagnostics).toEqual([]);
    expect(project?.functions.map((f) => `${f.id} ${f.codeUri} ${f.handler}`)).toEqual(['one function1 index.handler', 'two . index.handler']);
  });

  it.each([
    ['without package.individually', 'serverless-python-requirements', false],
    ['without the plugin', 'serverless-offline', true],
  ])('is not applied %s, as the plugin does not apply it', (_what, plugins, individually) => {
    expect(read(service(plugins, individually)).project?.functions[0]?.codeUri).toBe('.');
  });

  // The Framework applies the service's patterns from its directory, before the plugin moves the module up.
  it("takes the service's package patterns as they apply below the module", () => {
    const text = service('serverless-python-requirements', true).replace('package: { individually: true }', "package: { individually: true, patterns: ['!function1/tests/**', '!**/*.pyc', '!*.md', './function1/data/**'] }");
    const [one, two] = read(text).project!.functions;
    expect(one!.packagePatterns).toEqual(['!tests/**', '!**/*.pyc', 'data/**']);
    expect(two!.packagePatterns).toEqual(['!function1/tests/**', '!**/*.pyc', '!*.md', './function1/data/**']);
  });

  it.each<[string[], string, string[]]>([
    [['!src/**', 'src/app.py'], 'src', ['!**', 'app.py']],
    [['**/*.txt', '!other/**'], 'src', ['**/*.txt']],
    [['!srcs/x'], 'src', []],
  ])('patternsBelow(%j, %s) is %j', (patterns, dir, expected) => {
    expect(patternsBelow(patterns, dir)).toEqual(expected);
  });
});

describe('logs: the function LoggingConfig (compile/functions.js: functionObject.logs || provider.logs.lambda)', () => {
  const logging = (text: string) => read(text).project?.functions.map((f) => [f.id, f.logFormat, f.logLevel]);

  it.each<[string, string, unknown]>([
    ['provider.logs.lambda for every function', 'provider: { name: aws, runtime: python3.12, logs: { lambda: { logFormat: JSON, applicationLogLevel: DEBUG } } }\nfunctions:\n  a: { handler: a.h }\n', [['a', 'JSON', 'DEBUG']]],
    ["a function's own logs, instead of the provider's (not merged)", 'provider: { name: aws, runtime: python3.12, logs: { lambda: { logFormat: JSON, applicationLogLevel: DEBUG } } }\nfunctions:\n  a: { handler: a.h, logs: { logFormat: Text } }\n  b: { handler: b.h }\n', [['a', 'Text', undefined], ['b', 'JSON', 'DEBUG']]],
    ['provider.logs without lambda (restApi access logs): nothing', 'provider: { name: aws, runtime: python3.12, logs: { restApi: true } }\nfunctions:\n  a: { handler: a.h }\n', [['a', undefined, undefined]]],
  ])('%s', (_what, text, expected) => {
    expect(logging(`service: s\n${text}`)).toEqual(expected);
  });

  it('refuses what Lambda refuses, at the serverless.yml path', () => {
    expect(problems(`${HEAD}functions:\n  a: { handler: a.h, logs: { applicationLogLevel: DEBUG } }\n  b: { handler: b.h, logs: { logFormat: XML } }\n`)).toEqual([
      'error functions.a.logs.applicationLogLevel: needs logFormat: JSON: Lambda refuses a log level with the default Text format ("LogLevel is not supported when LogFormat is set to "Text"")',
      "error functions.b.logs.logFormat: 'XML' is not Text or JSON",
    ]);
  });
});
