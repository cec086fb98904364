// A function pylambda cannot run locally (another runtime, a container image) in a template with Python ones:
// invoke names why when asked for it, by its logical id or its FunctionName, and dev serves the others and says
// why each is left out.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir, startDev } from '../helpers.js';
import { cli } from './package-helpers.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  PyFn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
      Events:
        Get: { Type: HttpApi, Properties: { Path: /py, Method: get } }
  NodeFn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: node-fn
      CodeUri: src/
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Get: { Type: HttpApi, Properties: { Path: /node, Method: get } }
  ImageFn:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      Events:
        Get: { Type: HttpApi, Properties: { Path: /image, Method: get } }
    Metadata: { DockerTag: python3.12-v1, DockerContext: ./src, Dockerfile: Dockerfile }
`;

const WARNINGS = [
  'warning: Resources.NodeFn.Properties.Runtime: is nodejs20.x; pylambda runs Python functions only, so NodeFn is skipped',
  'warning: Resources.ImageFn: is a container image function (PackageType: Image), which sam local runs in Docker; pylambda runs no containers, only zip functions in local Python, so it is skipped',
];

function mixedProject(prefix: string): string {
  const dir = scratchDir(prefix);
  writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "py"}\n');
  return dir;
}

describe('invoke of a function pylambda skips', () => {
  it.each([
    ['another runtime, by its logical id', 'NodeFn', 'error: NodeFn is skipped: its Runtime is nodejs20.x; pylambda runs Python functions only'],
    ['... by its FunctionName, as sam local invoke takes it', 'node-fn', 'error: node-fn (NodeFn) is skipped: its Runtime is nodejs20.x; pylambda runs Python functions only'],
    ['a container image', 'ImageFn', 'error: ImageFn is skipped: it is a container image function (PackageType: Image), which sam local runs in Docker; pylambda runs no containers, only zip functions in local Python'],
  ])('%s: an error that says why, exit code 2', async (_what, name, error) => {
    const run = await cli(['invoke', name], mixedProject('skipped-invoke'));
    expect([run.code, run.stdout, run.stderr]).toEqual([2, '', [...WARNINGS, error, ''].join('\n')]);
  });

  it('a serverless.yml function of another runtime', async () => {
    const dir = scratchDir('skipped-sls');
    writeFileSync(join(dir, 'serverless.yml'), 'service: s\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  api: { handler: app.handler }\n  worker: { handler: index.handler, runtime: nodejs20.x }\n');
    const run = await cli(['invoke', 'worker'], dir);
    expect([run.code, run.stderr]).toEqual([2, [
      'warning: functions.worker.runtime: is nodejs20.x; pylambda runs Python functions only, so worker is skipped',
      'error: worker is skipped: its runtime is nodejs20.x; pylambda runs Python functions only',
      '',
    ].join('\n')]);
  });
});

describe('dev in a template with functions it skips', () => {
  it('serves the Python function, and names each skipped one with why', async () => {
    const dev = await startDev(mixedProject('skipped-dev'));
    try {
      const warnings = dev.events.flatMap((e) => (e.type === 'warning' && 'diagnostic' in e && e.diagnostic ? [`warning: ${e.diagnostic.path}: ${e.diagnostic.message}`] : []));
      expect(warnings.filter((w) => w.includes('skipped'))).toEqual(WARNINGS);
      expect(dev.events.find((e) => e.type === 'ready')).toMatchObject({
        endpoints: [{ id: 'ServerlessHttpApi', routes: [{ method: 'GET', path: '/py', functionId: 'PyFn' }] }],
        skipped: ['NodeFn', 'ImageFn'],
        skippedReasons: {
          NodeFn: 'its Runtime is nodejs20.x; pylambda runs Python functions only',
          ImageFn: 'it is a container image function (PackageType: Image), which sam local runs in Docker; pylambda runs no containers, only zip functions in local Python',
        },
      });
      expect(await (await fetch(`${dev.url('ServerlessHttpApi')}/py`)).text()).toBe('py');
    } finally {
      await dev.session.stop();
    }
  });
});

describe('dev in a serverless.yml service with a function it skips', () => {
  const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/2';
  const NODE = 'worker is skipped: its runtime is nodejs20.x; pylambda runs Python functions only';

  it('answers its http, httpApi and alb routes as a function that could not be invoked (502, 500, 502), not as unknown routes', async () => {
    const dir = scratchDir('skipped-sls-dev');
    writeFileSync(join(dir, 'serverless.yml'), `service: s
provider: { name: aws, runtime: python3.12 }
functions:
  api:
    handler: app.handler
    events: [{ http: GET py }, { httpApi: GET /py }, { alb: { listenerArn: ${LISTENER}, priority: 2, conditions: { path: /py } } }]
  worker:
    handler: index.handler
    runtime: nodejs20.x
    events: [{ http: GET node }, { httpApi: GET /node }, { alb: { listenerArn: ${LISTENER}, priority: 1, conditions: { path: /node } } }]
`);
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "py"}\n');
    const dev = await startDev(dir);
    try {
      const answer = async (url: string) => {
        const res = await fetch(url);
        return [res.status, await res.text()];
      };
      const alb = dev.session.endpoints.find((e) => e.kind === 'alb')!.url;
      expect(await answer(`${dev.url('ApiGatewayRestApi')}/node`)).toEqual([502, '{"message": "Internal server error"}']);
      expect(await answer(`${dev.url('HttpApi')}/node`)).toEqual([500, '{"message":"Internal Server Error"}']);
      const [status, body] = await answer(`${alb}/node`);
      expect([status, String(body).includes('502 Bad Gateway')]).toEqual([502, true]);
      expect(await answer(`${dev.url('HttpApi')}/other`)).toEqual([404, '{"message":"Not Found"}']);
      expect(await answer(`${alb}/py`)).toEqual([200, 'py']);
      expect(dev.events.find((e) => e.type === 'ready')).toMatchObject({ skipped: ['worker'], skippedReasons: { worker: 'its runtime is nodejs20.x; pylambda runs Python functions only' } });
      const reasons = dev.events.flatMap((e) => (e.type === 'request' ? [`${e.path} ${e.status} ${e.reason ?? ''}`] : []));
      expect(reasons).toEqual([
        `/node 502 GET /node is not served locally: ${NODE}`,
        `/node 500 GET /node is not served locally: ${NODE}`,
        `/node 502 ANY /node is not served locally: ${NODE}`,
        '/other 404 no route',
        '/py 200 ',
      ]);
    } finally {
      await dev.session.stop();
    }
  });
});
