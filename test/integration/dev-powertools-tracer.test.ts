import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, json, scratchDir, startDev } from '../helpers.js';

/**
 * Powertools' Tracer (with aws-xray-sdk) under dev. Tracer turns itself off outside Lambda and under the local tools
 * (tracer.py `_is_tracer_disabled`: no LAMBDA_TASK_ROOT, AWS_SAM_LOCAL or AWS_CHALICE_CLI_MODE set, or
 * POWERTOOLS_TRACE_DISABLED): so under dev it is off in SAM projects and Chalice apps, as under sam local and
 * chalice local, and on in a serverless.yml project, as on Lambda, where it sends its segments to the X-Ray daemon.
 */
const TRACED = `
import os
from aws_lambda_powertools import Tracer

tracer = Tracer(service="traced")


@tracer.capture_method
def work():
    tracer.put_annotation("step", "work")
    return 1


def answer():
    return {"disabled": tracer.disabled, "trace": os.environ.get("_X_AMZN_TRACE_ID"), "work": work()}
`;

/** The daemon's UDP port, where the X-Ray SDK sends what it records (AWS_XRAY_DAEMON_ADDRESS). */
let daemon: Socket;
const received: Array<Record<string, unknown>> = [];
beforeAll(async () => {
  daemon = createSocket('udp4');
  // Each datagram is a header line, then one segment document.
  daemon.on('message', (msg) => received.push(JSON.parse(msg.toString().split('\n')[1]!) as Record<string, unknown>));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
});
afterAll(() => daemon?.close());

async function served(dir: string, endpoint: string, path: string): Promise<Record<string, unknown>> {
  const { session, url } = await startDev(dir);
  try {
    const first = await fetch(`${url(endpoint)}${path}`);
    expect(first.status).toBe(200);
    const started = Date.now();
    const warm = await json(await fetch(`${url(endpoint)}${path}`));
    // No daemon listens by default: the SDK's UDP sends are lost without a wait.
    expect(Date.now() - started).toBeLessThan(2000);
    return warm;
  } finally {
    await session.stop();
  }
}

describe('Powertools Tracer under dev', () => {
  it('records in a serverless.yml project with tracing on, as on Lambda: its subsegments reach the daemon', async () => {
    const dir = scratchDir('tracer-sls');
    const port = daemon.address().port;
    writeFileSync(join(dir, 'serverless.yml'), `service: traced
provider:
  name: aws
  runtime: python3.12
  tracing: { lambda: true }
  environment: { AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:${port}' }
functions:
  hello:
    handler: handler.hello
    events:
      - httpApi: { path: /hello, method: get }
`);
    writeFileSync(join(dir, 'handler.py'), `${TRACED}

@tracer.capture_lambda_handler
def hello(event, context):
    return answer()
`);
    const seen = await served(dir, 'HttpApi', '/hello');
    expect(seen).toMatchObject({ disabled: false, work: 1 });
    const root = /Root=([^;]+);Parent=[0-9a-f]{16};Sampled=1$/.exec(seen.trace as string)![1];
    const work = await eventually(() => received.find((s) => s.trace_id === root && s.name === '## handler.work'));
    expect(work).toMatchObject({ type: 'subsegment', annotations: { step: 'work' } });
    const handler = await eventually(() => received.find((s) => s.trace_id === root && s.name === '## hello'));
    expect(handler.annotations).toEqual({ ColdStart: false, Service: 'traced' });
  });

  it('is off in a SAM project, as under sam local (AWS_SAM_LOCAL), and the request is answered', async () => {
    const dir = scratchDir('tracer-sam');
    writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Tracing: Active
      Events:
        Get: { Type: HttpApi, Properties: { Path: /hello, Method: get } }
  On:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Environment: { Variables: { AWS_SAM_LOCAL: '' } }
      Events:
        Get: { Type: HttpApi, Properties: { Path: /on, Method: get } }
`);
    writeFileSync(join(dir, 'app.py'), `${TRACED}

@tracer.capture_lambda_handler
def handler(event, context):
    return answer()
`);
    expect(await served(dir, 'ServerlessHttpApi', '/hello')).toMatchObject({ disabled: true, work: 1 });
    // The README's way to run it: the function's own empty AWS_SAM_LOCAL.
    expect(await served(dir, 'ServerlessHttpApi', '/on')).toMatchObject({ disabled: false, work: 1 });
  });

  it('is off in a Chalice app, as under chalice local (AWS_CHALICE_CLI_MODE), and the request is answered', async () => {
    const dir = scratchDir('tracer-chalice');
    mkdirSync(join(dir, '.chalice'));
    writeFileSync(join(dir, '.chalice', 'config.json'), JSON.stringify({ version: '2.0', app_name: 'traced', stages: { dev: { api_gateway_stage: 'api' } } }));
    writeFileSync(join(dir, 'app.py'), `from chalice import Chalice
${TRACED}
app = Chalice(app_name="traced")


@app.route("/hello")
def hello():
    return answer()
`);
    expect(await served(dir, 'RestAPI', '/hello')).toMatchObject({ disabled: true, work: 1 });
  });
});
