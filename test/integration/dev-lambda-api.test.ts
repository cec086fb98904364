import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { FUNCTION_NAME_PATTERN } from '../../src/core/lambda-api/invoke-validation.js';
import { eventually, FIXTURES, fnTemplate, scratchDir, startDev } from '../helpers.js';
import { boto3, serveProject } from '../lambda-api-boto3.js';

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

const functionLines = (events: readonly DevEvent[]) => events.flatMap((e) => (e.type === 'log' && e.event.kind === 'function' ? [{ fn: e.event.functionId, requestId: e.event.requestId, text: e.event.text }] : []));
const invokeLines = (events: readonly DevEvent[]) => events.flatMap((e) => (e.type === 'invoke' ? [e] : []));

const APP = [
  'import json, os',
  'def handler(event, context):',
  '    print("event", json.dumps(event, sort_keys=True))',
  '    if isinstance(event, dict) and event.get("fail"):',
  '        raise ValueError("asked to fail")',
  '    return {"got": event, "id": context.aws_request_id, "name": context.function_name, "arn": context.invoked_function_arn}',
  '',
].join('\n');

describe('the Lambda Invoke API of pylambda dev', () => {
  it('serves a SAM project with no HTTP events to boto3: RequestResponse, Event, DryRun, errors and Tail logs', async () => {
    const dir = scratchDir('lambda-api-sam');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      properties: ['FunctionName: my-worker'],
      resources: ['Throttled:', '  Type: AWS::Serverless::Function', '  Properties: { Runtime: python3.12, Handler: app.handler, ReservedConcurrentExecutions: 0 }'],
    }));
    writeFileSync(join(dir, 'app.py'), APP);
    const dev = await startDev(dir);
    session = dev.session;
    const ready = dev.events.find((e): e is Extract<DevEvent, { type: 'ready' }> => e.type === 'ready')!;
    expect(ready.endpoints).toEqual([]);
    expect(ready.lambdaApi).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const results = await boto3(ready.lambdaApi!, [
      'print(json.dumps([',
      '  invoke(FunctionName="Fn", Payload=json.dumps({"n": 1})),',
      '  invoke(FunctionName="my-worker", Payload=b"[1, 2]"),',
      '  invoke(FunctionName="arn:aws:lambda:us-east-1:123456789012:function:Fn:$LATEST"),',
      '  invoke(FunctionName="Fn", Qualifier="$LATEST", Payload=b"{}"),',
      '  invoke(FunctionName="Fn", Payload=json.dumps({"fail": True}), LogType="Tail"),',
      '  invoke(FunctionName="Fn", InvocationType="DryRun", Payload=json.dumps({"dry": 1})),',
      '  invoke(FunctionName="Fn", InvocationType="Event", Payload=json.dumps({"queued": 1})),',
      '  invoke(FunctionName="Nope"),',
      '  invoke(FunctionName="fn"),',
      '  invoke(FunctionName="Fn", Payload=b"{not json"),',
      '  invoke(FunctionName="Fn", Payload=b" " * (6 * 1024 * 1024 + 1)),',
      '  invoke(FunctionName="Throttled"),',
      '  invoke(FunctionName="Fn", InvocationType="Event", Payload=b\'"\' + b"a" * (1024 * 1024 - 1) + b\'"\'),',
      '  invoke(FunctionName="my fn"),',
      '  invoke(FunctionName="Fn", Qualifier="v.1"),',
      '  invoke(FunctionName="Throttled", InvocationType="Event"),',
      ']))',
    ].join('\n')) as Array<Record<string, unknown>>;
    const [byId, byName, byArn, byQualifier, failed, dry, queued, unknown, otherCase, notJson, tooLarge, throttled, eventTooLarge, badName, badQualifier, throttledEvent] = results;
    const ids = invokeLines(dev.events).filter((e) => e.status === 200).map((e) => e.requestId);
    const ok = (got: unknown, requestId: string | undefined, qualifier = '') => ({ status: 200, ExecutedVersion: '$LATEST', payload: { got, id: requestId, name: 'my-worker', arn: `arn:aws:lambda:us-east-1:123456789012:function:my-worker${qualifier}` } });
    const parsed = (result: Record<string, unknown> | undefined) => ({ ...result, payload: JSON.parse(result!.payload as string) });
    expect(parsed(byId)).toEqual(ok({ n: 1 }, ids[0]));
    expect(parsed(byName)).toEqual(ok([1, 2], ids[1]));
    // No payload: the function gets {}, as from Lambda.
    // The invoked ARN is the one the caller named, with its qualifier (the context's invoked_function_arn).
    expect(parsed(byArn)).toEqual(ok({}, ids[2], ':$LATEST'));
    expect(parsed(byQualifier)).toEqual(ok({}, ids[3], ':$LATEST'));
    const error = JSON.parse(failed!.payload as string);
    expect(failed).toMatchObject({ status: 200, FunctionError: 'Unhandled', ExecutedVersion: '$LATEST' });
    expect([error.errorType, error.errorMessage, error.requestId]).toEqual(['ValueError', 'asked to fail', ids[4]]);
    const log = (failed!.log as string).split('\n');
    expect(log[0]).toBe(`START RequestId: ${ids[4]} Version: $LATEST`);
    expect(log[1]).toBe('event {"fail": true}');
    expect(log[2]).toMatch(/^\[ERROR\] ValueError: asked to fail\r/);
    expect(log.at(-3)).toBe(`END RequestId: ${ids[4]}`);
    expect(log.at(-2)).toMatch(new RegExp(`^REPORT RequestId: ${ids[4]}\tDuration: `));
    expect(log.at(-1)).toBe('');
    expect(dry).toEqual({ status: 204, payload: '' });
    expect(queued).toEqual({ status: 202, payload: '' });
    expect(unknown).toEqual({ error: 'ResourceNotFoundException', status: 404, message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:Nope:$LATEST' });
    // Lambda's names are case-sensitive.
    expect(otherCase).toMatchObject({ error: 'ResourceNotFoundException', status: 404 });
    expect(notJson).toMatchObject({ error: 'InvalidRequestContentException', status: 400 });
    expect(notJson!.message).toMatch(/^Could not parse request body into json: /);
    expect(tooLarge).toEqual({ error: 'RequestEntityTooLargeException', status: 413, message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' });
    expect(throttled).toMatchObject({ error: 'TooManyRequestsException', status: 429, message: 'Rate Exceeded.' });
    // An Event is queued first: its throttle is Lambda's own, retried until the event is too old.
    expect(throttledEvent).toEqual({ status: 202, payload: '' });
    // (boto3 retries a 429: the RequestResponse has a line for each try.)
    expect(new Set(invokeLines(dev.events).filter((e) => e.functionId === 'Throttled').map((e) => `${e.invocationType} ${e.status} ${e.reason}`))).toEqual(new Set([
      'RequestResponse 429 ReservedConcurrentExecutions 0: Lambda throttles every invocation',
      'Event 202 ReservedConcurrentExecutions 0: Lambda keeps the event queued, it does not run',
    ]));
    expect(badName).toMatchObject({ error: 'ValidationException', status: 400 });
    expect(badName!.message).toMatch(/^1 validation error detected: Value 'my fn' at 'functionName' failed to satisfy constraint: /);
    expect(badQualifier).toMatchObject({ error: 'ValidationException', status: 400 });
    expect(eventTooLarge).toEqual({ error: 'RequestEntityTooLargeException', status: 413, message: '1048577 byte payload is too large for the Event invocation type (limit 1048576 bytes)' });
    // The Event ran in the background, its line shown as dev shows any; the DryRun did not run.
    const queuedId = invokeLines(dev.events).find((e) => e.invocationType === 'Event')!.requestId;
    expect(await eventually(() => functionLines(dev.events).find((l) => l.requestId === queuedId))).toEqual({ fn: 'Fn', requestId: queuedId, text: 'event {"queued": 1}' });
    expect(functionLines(dev.events).map((l) => l.text)).not.toContain('event {"dry": 1}');
    expect(functionLines(dev.events).filter((l) => l.fn === 'Throttled')).toEqual([]);
    // One pool: the first invocation started the environment, the next ones reused it.
    expect(invokeLines(dev.events).filter((e) => e.status === 200).map((e) => e.cold)).toEqual([true, false, false, false, false]);
    expect(session.pids()).toHaveLength(1);
  });

  it('shares the HTTP routes\' environments, and runs the code a reload brought', async () => {
    const dir = scratchDir('lambda-api-pool');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Get: { Type: HttpApi, Properties: { Path: /x, Method: GET } }'] }));
    const version = (n: number) => `import os\ndef handler(event, context):\n    return {"statusCode": 200, "body": "v${n} %d" % os.getpid()}\n`;
    writeFileSync(join(dir, 'app.py'), version(1));
    const dev = await startDev(dir);
    session = dev.session;
    const ready = dev.events.find((e): e is Extract<DevEvent, { type: 'ready' }> => e.type === 'ready')!;
    const body = async () => {
      const res = await fetch(`${ready.lambdaApi}/2015-03-31/functions/Fn/invocations`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(200);
      return JSON.parse(await res.text()).body as string;
    };
    const http = await (await fetch(`${dev.url('ServerlessHttpApi')}/x`)).text();
    expect(http).toMatch(/^v1 \d+$/);
    // The environment the HTTP request started answers the invocation, warm.
    expect(await body()).toBe(http);
    expect(invokeLines(dev.events).map((e) => e.cold)).toEqual([false]);
    // A request that is not an Invoke: its line says what was asked.
    const wrong = await fetch(`${ready.lambdaApi}/2015-03-31/functions/Fn/invocations`);
    expect([wrong.status, wrong.headers.get('x-amzn-errortype')]).toEqual([404, 'UnknownOperationException']);
    expect(invokeLines(dev.events).at(-1)).toMatchObject({ name: 'GET /2015-03-31/functions/Fn/invocations', status: 404, reason: 'UnknownOperationException' });
    writeFileSync(join(dir, 'app.py'), version(2));
    await dev.session.reload([join(dir, 'app.py')]);
    expect(await body()).toMatch(/^v2 \d+$/);
  });

  it('invokes a serverless.yml function by its key and by its deployed name', async () => {
    const dev = await startDev(`${FIXTURES}projects/serverless`, { stage: 'qa' });
    session = dev.session;
    const ready = dev.events.find((e): e is Extract<DevEvent, { type: 'ready' }> => e.type === 'ready')!;
    const event = (name: string) => `{"pathParameters": {"name": "${name}"}, "requestContext": {"stage": "qa"}}`;
    const results = await boto3(ready.lambdaApi!, [
      `a = invoke(FunctionName="hello", Payload=${JSON.stringify(event('key'))})`,
      `b = invoke(FunctionName="greeter-qa-hello", Payload=${JSON.stringify(event('name'))})`,
      'c = invoke(FunctionName="greeter-dev-hello")',
      'print(json.dumps([a["status"], json.loads(json.loads(a["payload"])["body"]), b["status"], json.loads(json.loads(b["payload"])["body"])["message"], c]))',
    ].join('\n'));
    expect(results).toEqual([
      200, { message: 'Hello, key!', stage: 'qa', function: 'greeter-qa-hello', region: 'eu-central-1' },
      200, 'Hello, name!',
      { error: 'ResourceNotFoundException', status: 404, message: 'Function not found: arn:aws:lambda:eu-central-1:123456789012:function:greeter-dev-hello:$LATEST' },
    ]);
  });

  it('invokes a Chalice app\'s function by its Chalice name and by its deployed name', async () => {
    const dev = await startDev(`${FIXTURES}chalice/demo`);
    session = dev.session;
    const ready = dev.events.find((e): e is Extract<DevEvent, { type: 'ready' }> => e.type === 'ready')!;
    const results = await boto3(ready.lambdaApi!, [
      'print(json.dumps([invoke(FunctionName=n, Payload=json.dumps({"n": n}))["payload"] for n in ("worker", "demo-dev-worker")]))',
    ].join('\n'));
    expect(results).toEqual(['{"done": {"n": "worker"}}', '{"done": {"n": "demo-dev-worker"}}']);
  });

  it('with --local-aws, a function invokes another of the project through boto3, with no endpoint_url', async () => {
    const dir = scratchDir('lambda-api-chain');
    writeFileSync(join(dir, 'template.yaml'), [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Caller:',
      '    Type: AWS::Serverless::Function',
      '    Properties: { Runtime: python3.12, Handler: app.caller, Timeout: 20 }',
      '  Callee:',
      '    Type: AWS::Serverless::Function',
      '    Properties: { Runtime: python3.12, Handler: app.callee }',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'app.py'), [
      'import json, os, boto3',
      'def caller(event, context):',
      '    r = boto3.client("lambda").invoke(FunctionName="Callee", Payload=json.dumps({"from": context.function_name}))',
      '    return {"endpoint": os.environ["AWS_ENDPOINT_URL_LAMBDA"], "status": r["StatusCode"], "answer": json.loads(r["Payload"].read())}',
      'def callee(event, context):',
      '    return {"callee": context.function_name, "event": event}',
      '',
    ].join('\n'));
    // One left in the shell (another emulator's) is replaced, and not said to point at moto.
    const dev = await startDev(dir, { localAws: true, hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:9' } });
    session = dev.session;
    const ready = dev.events.find((e): e is Extract<DevEvent, { type: 'ready' }> => e.type === 'ready')!;
    const result = await boto3(ready.lambdaApi!, 'print(json.dumps(invoke(FunctionName="Caller")))') as { payload: string };
    expect(JSON.parse(result.payload)).toEqual({ endpoint: ready.lambdaApi, status: 200, answer: { callee: 'Callee', event: { from: 'Caller' } } });
    expect(invokeLines(dev.events).map((e) => [e.functionId, e.status])).toEqual([['Callee', 200], ['Caller', 200]]);
    expect(dev.events.some((e) => e.type === 'warning' && e.diagnostic.message.includes('AWS_ENDPOINT_URL_LAMBDA'))).toBe(false);
  });

  it('runs a function with tenant isolation for the TenantId boto3 sends, and refuses as Lambda does without one', async () => {
    const dir = scratchDir('lambda-api-tenant');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      properties: ['TenancyConfig: { TenantIsolationMode: PER_TENANT }'],
      resources: ['Shared:', '  Type: AWS::Serverless::Function', '  Properties: { Runtime: python3.12, Handler: app.handler }'],
    }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return getattr(context, "tenant_id", None)\n');
    const dev = await startDev(dir);
    session = dev.session;
    const ready = dev.events.find((e): e is Extract<DevEvent, { type: 'ready' }> => e.type === 'ready')!;
    const refused = { error: 'InvalidParameterValueException', message: 'Tenant ID configuration not specified or passed to a function when tenant isolation is not enabled.', status: 400 };
    expect(await boto3(ready.lambdaApi!, [
      'print(json.dumps([invoke(FunctionName="Fn", TenantId="acme"), invoke(FunctionName="Fn"), invoke(FunctionName="Shared", TenantId="acme"), invoke(FunctionName="Shared")]))',
    ].join('\n'))).toEqual([
      { status: 200, ExecutedVersion: '$LATEST', payload: '"acme"' },
      refused,
      refused,
      { status: 200, ExecutedVersion: '$LATEST', payload: 'null' },
    ]);
  });

  it('gives the function the alias or version it is invoked by as its invoked ARN, synchronously and as an Event', async () => {
    const dir = scratchDir('lambda-api-qualifier');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['AutoPublishAlias: live'] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    print("invoked", context.invoked_function_arn)\n    return context.invoked_function_arn\n');
    const dev = await startDev(dir);
    session = dev.session;
    const ready = dev.events.find((e): e is Extract<DevEvent, { type: 'ready' }> => e.type === 'ready')!;
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:Fn';
    expect(await boto3(ready.lambdaApi!, [
      'print(json.dumps([invoke(FunctionName="Fn:live"), invoke(FunctionName="Fn", Qualifier="7"), invoke(FunctionName="Fn"), invoke(FunctionName="Fn:live", InvocationType="Event")]))',
    ].join('\n'))).toEqual([
      { status: 200, ExecutedVersion: '$LATEST', payload: JSON.stringify(`${arn}:live`) },
      // AutoPublishAlias publishes versions: the version asked for is the one Lambda says it ran.
      { status: 200, ExecutedVersion: '7', payload: JSON.stringify(`${arn}:7`) },
      { status: 200, ExecutedVersion: '$LATEST', payload: JSON.stringify(arn) },
      { status: 202, payload: '' },
    ]);
    const printed = () => functionLines(dev.events).filter((l) => l.text.startsWith('invoked ')).map((l) => l.text);
    expect(await eventually(() => printed()[3])).toBe(`invoked ${arn}:live`);
  });

  it('runs the aliases and versions the template publishes, says the version each ran, and refuses what AWS refuses', async () => {
    const { events, lambdaApi } = await serveProject('lambda-api-qualifiers', fnTemplate({
      properties: ['AutoPublishAlias: live'],
      resources: [
        'Stable: { Type: AWS::Lambda::Alias, Properties: { FunctionName: !Ref Fn, Name: stable, FunctionVersion: "3" } }',
        'Plain: { Type: AWS::Serverless::Function, Properties: { Runtime: python3.12, Handler: app.handler } }',
      ],
    }), 'def handler(event, context):\n    return context.invoked_function_arn\n');
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function';
    const denied = (resource: string) => `User: arn:aws:iam::123456789012:root is not authorized to perform: lambda:InvokeFunction on resource: ${resource} because no resource-based policy allows the lambda:InvokeFunction action`;
    const context = (bytes: number) => `base64.b64encode(json.dumps({"custom": {"k": "x" * ${bytes - 19}}}, separators=(",", ":")).encode()).decode()`;
    const results = await boto3(lambdaApi, [
      'print(json.dumps([',
      '  invoke(FunctionName="Fn", Qualifier="stable"),',
      '  invoke(FunctionName="Fn:live"),',
      '  invoke(FunctionName="123456789012:function:Fn:5"),',
      `  invoke(FunctionName="Fn", ClientContext=${context(2685)}),`,
      '  refused(FunctionName="Fn", Qualifier="nope"),',
      '  refused(FunctionName="Plain:live"),',
      '  refused(FunctionName="Plain", Qualifier="1"),',
      '  refused(FunctionName="Nope"),',
      '  refused(FunctionName="Fn:live", Qualifier="stable"),',
      '  refused(FunctionName="arn:aws:lambda:eu-west-1:123456789012:function:Fn"),',
      '  refused(FunctionName="a" * 257),',
      '  refused(FunctionName="Fn", Qualifier="q" * 129),',
      '  refused(FunctionName="Fn:$LATES"),',
      `  refused(FunctionName="Fn", ClientContext=${context(2686)}),`,
      '  refused(FunctionName="arn:aws:lambda:us-east-1:111122223333:function:Fn"),',
      '  refused(FunctionName="111122223333:function:Fn:live"),',
      '  refused(FunctionName="arn:aws:lambda:eu-west-1:111122223333:function:Nope", InvocationType="Event"),',
      ']))',
    ].join('\n')) as unknown[];
    expect(results.slice(0, 4)).toEqual([
      // The template points `stable` at version 3; AutoPublishAlias's version is the deployment's, locally $LATEST.
      { status: 200, ExecutedVersion: '3', payload: JSON.stringify(`${arn}:Fn:stable`) },
      { status: 200, ExecutedVersion: '$LATEST', payload: JSON.stringify(`${arn}:Fn:live`) },
      { status: 200, ExecutedVersion: '5', payload: JSON.stringify(`${arn}:Fn:5`) },
      { status: 200, ExecutedVersion: '$LATEST', payload: JSON.stringify(`${arn}:Fn`) },
    ]);
    expect(results.slice(4)).toEqual([
      ['ResourceNotFoundException', 'ResourceNotFoundException', 404, `Function not found: ${arn}:Fn:nope`],
      ['ResourceNotFoundException', 'ResourceNotFoundException', 404, `Function not found: ${arn}:Plain:live`],
      ['ResourceNotFoundException', 'ResourceNotFoundException', 404, `Function not found: ${arn}:Plain:1`],
      ['ResourceNotFoundException', 'ResourceNotFoundException', 404, `Function not found: ${arn}:Nope:$LATEST`],
      ['InvalidParameterValueException', 'InvalidParameterValueException', 400, 'The derived qualifier from the function name does not match the specified qualifier.'],
      ['ResourceNotFoundException', 'ResourceNotFoundException', 404, "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')"],
      // Lambda's model has no ValidationException: botocore raises a plain ClientError.
      ['ClientError', 'ValidationException', 400, `1 validation error detected: Value '${'a'.repeat(257)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 256`],
      ['ClientError', 'ValidationException', 400, `1 validation error detected: Value '${'q'.repeat(129)}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128`],
      ['ClientError', 'ValidationException', 400, `1 validation error detected: Value 'Fn:$LATES' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`],
      ['InvalidRequestContentException', 'InvalidRequestContentException', 400, 'Client context must be at most 3583 bytes of base64-encoded data; this one is 3584 bytes'],
      // Another account's function, whatever its name or region: IAM's refusal, which Lambda's model does not list.
      ['ClientError', 'AccessDeniedException', 403, denied('arn:aws:lambda:us-east-1:111122223333:function:Fn')],
      ['ClientError', 'AccessDeniedException', 403, denied('arn:aws:lambda:us-east-1:111122223333:function:Fn:live')],
      ['ClientError', 'AccessDeniedException', 403, denied('arn:aws:lambda:eu-west-1:111122223333:function:Nope')],
    ]);
    expect(invokeLines(events).filter((e) => e.status === 403).map((e) => e.reason)).toEqual(Array(3).fill('an ARN of account 111122223333: dev serves 123456789012'));
    // dev says why a qualifier is not found.
    expect(invokeLines(events).find((e) => e.status === 404 && e.functionId === 'Plain')?.reason).toBe('Plain has no alias or version live (the project publishes no version or alias of it)');
  });

  it('does not run an invocation whose caller left while it waited for a concurrency slot', async () => {
    // The first invocation holds the slot until the test releases it: a fixed sleep could end before the second one left.
    const release = join(scratchDir('lambda-api-withdrawn-release'), 'release');
    const { events, lambdaApi } = await serveProject('lambda-api-withdrawn', fnTemplate({ properties: ['ReservedConcurrentExecutions: 1'] }),
      `import os, time\ndef handler(event, context):\n    print("start", event["n"])\n    while event["hold"] and not os.path.exists(${JSON.stringify(release)}):\n        time.sleep(0.02)\n    return event["n"]\n`);
    const invoke = (payload: object, signal?: AbortSignal) => fetch(`${lambdaApi}/2015-03-31/functions/Fn/invocations`, { method: 'POST', body: JSON.stringify(payload), ...(signal ? { signal } : {}) });
    const holder = invoke({ n: 1, hold: true });
    await eventually(() => functionLines(events).find((l) => l.text === 'start 1'), 20_000);
    const leaving = new AbortController();
    const waiting = invoke({ n: 2, hold: false }, leaving.signal).catch((error: Error) => error.name);
    // Time for the request to reach dev and queue for the slot (nothing says it has).
    await new Promise((r) => setTimeout(r, 1000));
    leaving.abort();
    expect(await waiting).toBe('AbortError');
    writeFileSync(release, '');
    expect(await (await holder).text()).toBe('1');
    const withdrawn = await eventually(() => invokeLines(events).find((e) => e.status === 499));
    expect([withdrawn.functionId, withdrawn.reason]).toEqual(['Fn', 'the caller left while the invocation waited for a concurrency slot']);
    // The slot it would have taken is free: the next one runs.
    expect(await (await invoke({ n: 3, hold: false })).text()).toBe('3');
    expect(functionLines(events).map((l) => l.text).filter((t) => t.startsWith('start'))).toEqual(['start 1', 'start 3']);
  });

  it('without --lambda-port, passes over a port in use to the next free one', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as AddressInfo).port;
    try {
      const dir = scratchDir('lambda-api-port-search');
      writeFileSync(join(dir, 'template.yaml'), fnTemplate());
      writeFileSync(join(dir, 'app.py'), APP);
      // No HTTP endpoint: the Lambda API begins at --port itself.
      const dev = await startDev(dir, { port: taken });
      session = dev.session;
      const ready = dev.events.find((e): e is Extract<DevEvent, { type: 'ready' }> => e.type === 'ready')!;
      const port = Number(new URL(ready.lambdaApi!).port);
      expect(port).toBeGreaterThan(taken);
      expect(port).toBeLessThanOrEqual(taken + 20);
      expect(await boto3(ready.lambdaApi!, 'print(json.dumps(invoke(FunctionName="Fn")["status"]))')).toBe(200);
    } finally {
      holder.close();
    }
  });

  it('without --local-aws, leaves AWS_ENDPOINT_URL_LAMBDA unset (a function may call real functions)', async () => {
    const dir = scratchDir('lambda-api-env');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate());
    writeFileSync(join(dir, 'app.py'), 'import os\ndef handler(event, context):\n    return os.environ.get("AWS_ENDPOINT_URL_LAMBDA")\n');
    const dev = await startDev(dir);
    session = dev.session;
    const ready = dev.events.find((e): e is Extract<DevEvent, { type: 'ready' }> => e.type === 'ready')!;
    expect(await boto3(ready.lambdaApi!, 'print(json.dumps(invoke(FunctionName="Fn")))')).toEqual({ status: 200, ExecutedVersion: '$LATEST', payload: 'null' });
  });
});
