import { describe, expect, it } from 'vitest';
import type { DevEvent } from '../../src/api/dev.js';
import { devEventJson, formatDevEvent } from '../../src/ui/dev-output.js';
import { styleFor } from '../../src/ui/io.js';
import { ConfigError, UserError } from '../../src/core/errors.js';

const plain = styleFor({ isTTY: false }, {});
const show = (event: DevEvent, verbose = false) => formatDevEvent(event, plain, { verbose });

describe('the dev terminal view', () => {
  it('says what runs after a failed reload: the previous version, or the changed code (a Chalice app.py)', () => {
    expect(show({ type: 'reload-failed', message: 'bad template' })).toBe('reload failed, still serving the previous version: bad template');
    expect(show({ type: 'reload-failed', message: 'SyntaxError', codeRuns: true })).toBe('reload failed, the routes stay as they were and requests run the changed code until it is fixed: SyntaxError');
  });

  it('says a project that could not be read at start as the error that ended dev did, then that it waits; --json keeps the error object', () => {
    const error = new ConfigError('template.yaml', [{ severity: 'error', file: 'template.yaml', path: 'Resources.Fn', message: 'bad' }], { hint: 'Fix it.' });
    expect(show({ type: 'start-failed', error })).toBe('error: template.yaml has 1 problem:\n  Resources.Fn: bad\nFix it.');
    expect(show({ type: 'waiting-for-fix' })).toBe('pylambda dev: waiting for a change to fix this (Ctrl-C to stop)');
    expect(JSON.parse(devEventJson({ type: 'start-failed', error }))).toEqual({
      type: 'start-failed',
      error: { file: 'template.yaml', problems: [{ file: 'template.yaml', path: 'Resources.Fn', message: 'bad' }], message: 'template.yaml has 1 problem:\n  Resources.Fn: bad', hint: 'Fix it.' },
    });
    expect(JSON.parse(devEventJson({ type: 'start-failed', error: new UserError('no app.py') }))).toEqual({ type: 'start-failed', error: { message: 'no app.py' } });
    expect(devEventJson({ type: 'waiting-for-fix' })).toBe('{"type":"waiting-for-fix"}');
  });

  it('aligns the route table: methods, paths, functions and links in columns, then says the Lambda API', () => {
    const banner = show({
      type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: '/usr/bin/python3', version: '3.12.4' }, unserved: ['Worker'], watching: true,
      lambdaApi: 'http://127.0.0.1:3002',
      endpoints: [{
        id: 'ServerlessHttpApi', kind: 'http', stage: '$default', url: 'http://127.0.0.1:3001',
        routes: [
          { method: 'GET', path: '/items', functionId: 'ListItems' },
          { method: 'DELETE', path: '/items/{id}', functionId: 'DeleteItem' },
          { method: 'OPTIONS', path: '/health', functionId: 'Ok' },
        ],
      }],
    });
    expect(banner).toBe([
      'pylambda dev: template.yaml (sam), Python 3.12.4',
      '',
      '  HTTP API ServerlessHttpApi  http://127.0.0.1:3001',
      '    GET     /items       ListItems   http://127.0.0.1:3001/items',
      '    DELETE  /items/{id}  DeleteItem',
      '    OPTIONS /health      Ok          http://127.0.0.1:3001/health',
      '',
      '  Lambda API: http://127.0.0.1:3002 (boto3: endpoint_url=http://127.0.0.1:3002)',
      '',
      'Not behind HTTP (invoke them through the Lambda API, or with pylambda invoke): Worker',
      '',
      'Watching for changes. Ctrl-C stops.',
    ].join('\n'));
  });

  it('says each WebSocket API with its URL, @connections endpoint and routes, and a line per WebSocket event', () => {
    const banner = show({
      type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: '/usr/bin/python3', version: '3.12.4' }, unserved: [], watching: false,
      lambdaApi: 'http://127.0.0.1:3000', endpoints: [],
      webSockets: [{
        id: 'ChatApi', stage: 'prod', url: 'ws://127.0.0.1:3001/prod', connections: 'http://127.0.0.1:3001/prod', routeSelectionExpression: '$request.body.action',
        routes: [{ routeKey: '$connect', functionId: 'Chat' }, { routeKey: 'ping', functionId: 'Ping', respond: true }],
      }],
    });
    expect(banner).toBe([
      'pylambda dev: template.yaml (sam), Python 3.12.4',
      '',
      '  WebSocket API ChatApi, stage prod  ws://127.0.0.1:3001/prod  (@connections: http://127.0.0.1:3001/prod; routes by $request.body.action)',
      '    $connect  Chat',
      '    ping      Ping  (route response: its body is sent back)',
      '',
      '  Lambda API: http://127.0.0.1:3000 (boto3: endpoint_url=http://127.0.0.1:3000)',
      '',
      'Not watching for changes (--no-watch). Ctrl-C stops.',
    ].join('\n'));
    expect(show({ type: 'websocket', apiId: 'ChatApi', connectionId: 'R1kmxc2VNjMCFIA=', routeKey: '$connect', status: 401, durationMs: 3.14, functionId: 'Chat', cold: true, reason: '$connect returned statusCode 401' }))
      .toBe('WS ChatApi $connect R1kmxc2VNjMCFIA= 401 3.1 ms cold Chat ($connect returned statusCode 401)');
  });

  it('gives a catch-all (an ALB listener\'s default action, a function URL, $default) the endpoint\'s root to try', () => {
    const banner = show({
      type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: '/usr/bin/python3', version: '3.12.4' }, unserved: [], watching: true,
      endpoints: [
        { id: 'Listener', kind: 'alb', stage: '$default', url: 'http://127.0.0.1:3000', routes: [{ method: 'ANY', path: '*', functionId: 'HelloFunction' }] },
        { id: 'FnUrl', kind: 'url', stage: '$default', url: 'http://127.0.0.1:3001', routes: [{ method: 'ANY', path: '/*', functionId: 'Fn' }] },
        { id: 'ServerlessHttpApi', kind: 'http', stage: '$default', url: 'http://127.0.0.1:3002', routes: [{ method: 'ANY', path: '$default', functionId: 'Fn' }] },
      ],
    });
    expect(banner!.split('\n').slice(2, 11)).toEqual([
      '  ALB Listener  http://127.0.0.1:3000',
      '    ANY     *  HelloFunction  http://127.0.0.1:3000/',
      '',
      '  Function URL FnUrl  http://127.0.0.1:3001',
      '    ANY     /*  Fn  http://127.0.0.1:3001/',
      '',
      '  HTTP API ServerlessHttpApi  http://127.0.0.1:3002',
      '    ANY     $default  Fn  http://127.0.0.1:3002/',
      '',
    ]);
  });

  it('links an ALB rule\'s literal path pattern, not a wildcard one nor what the load balancer answers itself', () => {
    const banner = show({
      type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: '/usr/bin/python3', version: '3.12.4' }, unserved: [], watching: true,
      endpoints: [{
        id: 'Listener', kind: 'alb', stage: '$default', url: 'http://127.0.0.1:3000',
        routes: [
          { method: 'ANY', path: '/hello', functionId: 'HelloFunction' },
          { method: 'ANY', path: '/hello/*', functionId: 'HelloFunction' },
          { method: 'GET', path: '/v?/items', functionId: 'Items' },
          { method: 'ANY', path: '*', functionId: '(fixed-response 404)' },
        ],
      }],
    });
    expect(banner!.split('\n').slice(2, 7)).toEqual([
      '  ALB Listener  http://127.0.0.1:3000',
      '    ANY     /hello     HelloFunction         http://127.0.0.1:3000/hello',
      '    ANY     /hello/*   HelloFunction',
      '    GET     /v?/items  Items',
      '    ANY     *          (fixed-response 404)',
    ]);
  });

  it('says when there is nothing to serve; without a watcher, not that Ctrl-C stops it (it stops at once)', () => {
    const ready = { type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: 'python3', version: '3.12.4' }, unserved: [], endpoints: [], lambdaApi: 'http://127.0.0.1:3000' } as const;
    // No function at all (aws-cdk-examples' application-load-balancer: an ALB in front of EC2 instances).
    expect(show({ ...ready, watching: false })!.split('\n').slice(2)).toEqual([
      'No HTTP endpoints: the project defines no Lambda function.',
    ]);
    expect(show({ ...ready, watching: true })!.split('\n').slice(-1)).toEqual(['Watching for changes. Ctrl-C stops.']);
  });

  it('says which function runs under debugpy, and where it waits for a debugger (--debug-port)', () => {
    const ready = { type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: 'python3', version: '3.12.4' }, unserved: ['Fn'], endpoints: [], lambdaApi: 'http://127.0.0.1:3000', debugger: { functionId: 'Fn', address: '127.0.0.1:5678' } } as const;
    expect(show({ ...ready, watching: true })!.split('\n').slice(5, 8)).toEqual([
      '',
      '  Debugger: 127.0.0.1:5678 (debugpy) for Fn  (VS Code: "Python Debugger: Remote Attach")',
      '    each new environment of Fn waits there for a debugger before it imports the code; no timeout applies to Fn',
    ]);
    expect(JSON.parse(devEventJson({ ...ready, watching: true })).debugger).toEqual({ functionId: 'Fn', address: '127.0.0.1:5678' });
  });

  // A queue's worker, invoked with boto3: the Lambda API serves it, with or without a watcher.
  it('serves the functions without HTTP events through the Lambda API', () => {
    const ready = { type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: 'python3', version: '3.12.4' }, unserved: ['Fn'], endpoints: [], lambdaApi: 'http://127.0.0.1:3000' } as const;
    expect(show({ ...ready, watching: false })!.split('\n').slice(2)).toEqual([
      'No HTTP endpoints: the project has no API, ALB or function URL events.',
      '',
      '  Lambda API: http://127.0.0.1:3000 (boto3: endpoint_url=http://127.0.0.1:3000)',
      '',
      'Not behind HTTP (invoke them through the Lambda API, or with pylambda invoke): Fn',
      '',
      'Not watching for changes (--no-watch). Ctrl-C stops.',
    ]);
  });

  // dev --local-aws polls the queue and streams of these: they are served by the pollers, not left for the Lambda API alone.
  it('names the functions its pollers trigger, with their queues and streams, and leaves them out of "Not behind HTTP"', () => {
    const ready = {
      type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: 'python3', version: '3.12.4' }, unserved: ['Worker', 'Clicks', 'Audit', 'Admin'], endpoints: [],
      lambdaApi: 'http://127.0.0.1:3000', watching: true,
      triggered: [{ functionId: 'Worker', service: 'sqs', name: 'jobs' }, { functionId: 'Clicks', service: 'kinesis', name: 'clicks' }, { functionId: 'Audit', service: 'dynamodb', name: 'Orders' }],
    } as const;
    expect(show(ready)!.split('\n').slice(2)).toEqual([
      'No HTTP endpoints: the project has no API, ALB or function URL events.',
      '',
      '  Lambda API: http://127.0.0.1:3000 (boto3: endpoint_url=http://127.0.0.1:3000)',
      '',
      "  Triggered by dev's pollers: Worker (SQS jobs), Clicks (Kinesis clicks), Audit (DynamoDB Orders stream)",
      '',
      'Not behind HTTP (invoke them through the Lambda API, or with pylambda invoke): Admin',
      '',
      'Watching for changes. Ctrl-C stops.',
    ]);
    // --json keeps `unserved` as it was (not behind HTTP) and adds who triggers them.
    expect(JSON.parse(devEventJson(ready))).toMatchObject({ unserved: ['Worker', 'Clicks', 'Audit', 'Admin'], triggered: ready.triggered });
  });

  it.each<[string, DevEvent, string]>([
    ['a result', { type: 'invoke', name: 'Fn', functionId: 'Fn', invocationType: 'RequestResponse', status: 200, durationMs: 12.34, cold: true, requestId: 'r' }, 'Invoke Fn 200 12.3 ms cold'],
    ['a function error', { type: 'invoke', name: 'my-fn', functionId: 'Fn', invocationType: 'RequestResponse', status: 200, durationMs: 1, cold: false, reason: 'function error ValueError' }, 'Invoke my-fn 200 1.0 ms warm (function error ValueError)'],
    ['an Event', { type: 'invoke', name: 'Fn', functionId: 'Fn', invocationType: 'Event', status: 202, durationMs: 0.2 }, 'Invoke Fn (Event) 202 0.2 ms'],
    ['an unknown function', { type: 'invoke', name: 'Nope', invocationType: 'RequestResponse', status: 404, durationMs: 0.1, reason: 'no function of the project has this name' }, 'Invoke Nope 404 0.1 ms (no function of the project has this name)'],
  ])('a Lambda API request line: %s', (_what, event, line) => {
    expect(show(event)).toBe(line);
  });

  it.each<[string, DevEvent, string]>([
    ['a batch deleted', { type: 'queue', functionId: 'Worker', queue: 'jobs', messages: 3, deleted: 3, durationMs: 12.34, cold: true }, 'SQS jobs -> Worker 3 messages 12.3 ms cold (deleted)'],
    ['a function error', { type: 'queue', functionId: 'Worker', queue: 'jobs', messages: 1, deleted: 0, durationMs: 1, cold: false, reason: 'function error ValueError' }, 'SQS jobs -> Worker 1 message 1.0 ms warm (left in the queue for redelivery: function error ValueError)'],
    ['failures reported', { type: 'queue', functionId: 'Worker', queue: 'jobs', messages: 3, deleted: 2, durationMs: 2, cold: false }, 'SQS jobs -> Worker 3 messages 2.0 ms warm (2 deleted, 1 left for redelivery)'],
    ['some filtered out', { type: 'queue', functionId: 'Worker', queue: 'jobs', messages: 2, deleted: 2, filtered: 3, durationMs: 2, cold: false }, 'SQS jobs -> Worker 2 messages 2.0 ms warm (deleted; 3 filtered out and deleted)'],
    ['all filtered out', { type: 'queue', functionId: 'Worker', queue: 'jobs', messages: 0, deleted: 0, filtered: 1, durationMs: 0 }, 'SQS jobs -> Worker 1 filtered out (deleted without an invocation)'],
  ])('an SQS trigger\'s line: %s', (_what, event, line) => {
    expect(show(event)).toBe(line);
  });

  it.each<[string, DevEvent, string]>([
    ['a retry', { type: 'async', functionId: 'Fn', requestId: 'r-1', outcome: 'retry', text: 'function error ValueError: retry 1 of 2 in 60 s' }, 'Event Fn r-1: function error ValueError: retry 1 of 2 in 60 s'],
    ['a record sent', { type: 'async', functionId: 'Fn', requestId: 'r-1', outcome: 'delivered', text: 'OnFailure SQS arn:aws:sqs:us-east-1:123456789012:q: record sent to the local endpoint' }, 'Event Fn r-1: OnFailure SQS arn:aws:sqs:us-east-1:123456789012:q: record sent to the local endpoint'],
    ['control characters in an error type', { type: 'async', functionId: 'Fn', requestId: 'r-1', outcome: 'retry', text: 'function error \u001b[2J: retry 1 of 2 in 60 s' }, 'Event Fn r-1: function error \\x1b[2J: retry 1 of 2 in 60 s'],
  ])("an Event invocation's line: %s", (_what, event, line) => {
    expect(show(event)).toBe(line);
  });

  const batch = { type: 'stream', functionId: 'Worker', service: 'kinesis', stream: 'clicks', shard: 'shardId-000000000000', durationMs: 2, cold: false } as const;
  it.each<[string, DevEvent, string]>([
    ['a batch checkpointed', { ...batch, records: 3, processed: 3, skipped: 0, retrying: 0, cold: true }, 'Kinesis clicks -> Worker 3 records 2.0 ms cold (checkpointed)'],
    ['a function error', { ...batch, service: 'dynamodb', stream: 'Orders', records: 1, processed: 0, skipped: 0, retrying: 1, attempt: 1, reason: 'function error ValueError' }, 'DynamoDB Orders stream -> Worker 1 record 2.0 ms warm (retrying (retry 1): function error ValueError)'],
    ['failures reported', { ...batch, records: 3, processed: 1, skipped: 0, retrying: 2, attempt: 2 }, 'Kinesis clicks -> Worker 3 records 2.0 ms warm (1 checkpointed, 2 retrying (retry 2))'],
    ['retries run out', { ...batch, records: 2, processed: 0, skipped: 2, retrying: 0, reason: 'function error ValueError; after 2 retries' }, 'Kinesis clicks -> Worker 2 records 2.0 ms warm (skipped: function error ValueError; after 2 retries)'],
    ['a tumbling window\'s final invocation', { ...batch, records: 0, processed: 0, skipped: 0, retrying: 0, final: true }, 'Kinesis clicks -> Worker 0 records 2.0 ms warm (window\'s final invocation)'],
    ['a final invocation that failed', { ...batch, records: 0, processed: 0, skipped: 0, retrying: 0, final: true, reason: 'function error ValueError' },
      'Kinesis clicks -> Worker 0 records 2.0 ms warm (window\'s final invocation, again: function error ValueError)'],
    ['a final invocation of a window ended early (its shard closed)', { ...batch, records: 0, processed: 0, skipped: 0, retrying: 0, final: true, early: true },
      'Kinesis clicks -> Worker 0 records 2.0 ms warm (window\'s final invocation, ended early)'],
    ['records given up to an OnFailure destination', { ...batch, records: 1, processed: 0, skipped: 1, retrying: 0, reason: 'function error ValueError; after 0 retries', onFailure: 'record sent to OnFailure SQS arn:aws:sqs:us-east-1:123456789012:failed' },
      'Kinesis clicks -> Worker 1 record 2.0 ms warm (skipped: function error ValueError; after 0 retries; record sent to OnFailure SQS arn:aws:sqs:us-east-1:123456789012:failed)'],
  ])('a stream trigger\'s line: %s', (_what, event, line) => {
    expect(show(event)).toBe(line);
  });

  it("names an HTTP API's named stage, as a REST API's, and not $default", () => {
    const ready = { type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: 'python3', version: '3.12.4' }, unserved: [], watching: true } as const;
    const head = (stage: string) => show({ ...ready, endpoints: [{ id: 'HttpApi', kind: 'http', stage, url: 'http://127.0.0.1:3000', routes: [{ method: 'GET', path: '/x', functionId: 'Fn' }] }] })!.split('\n')[2];
    expect([head('v1'), head('$default')]).toEqual(['  HTTP API HttpApi, stage v1  http://127.0.0.1:3000', '  HTTP API HttpApi  http://127.0.0.1:3000']);
  });

  it('says when it does not watch', () => {
    const endpoints = [{ id: 'Http', kind: 'http', stage: '$default', url: 'http://127.0.0.1:3000', routes: [{ method: 'GET', path: '/x', functionId: 'Fn' }] }] as const;
    const banner = show({ type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: 'python3', version: '3.12.4' }, unserved: [], watching: false, endpoints: [...endpoints] });
    expect(banner!.split('\n').slice(-1)).toEqual(['Not watching for changes (--no-watch). Ctrl-C stops.']);
  });

  it('does not say the project has no API when its APIs\' routes cannot be served (a warning said why)', () => {
    const ready = { type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: 'python3', version: '3.12.4' }, unserved: ['Fn'], watching: true } as const;
    expect(show({ ...ready, endpoints: [], unservedApis: ['MyApi', 'Other'] })!.split('\n')[2]).toBe(
      'No HTTP endpoints: no route of MyApi, Other can be served locally (see the warnings above).',
    );
    const served = show({ ...ready, endpoints: [{ id: 'Http', kind: 'http', stage: '$default', url: 'http://127.0.0.1:3000', routes: [{ method: 'GET', path: '/x', functionId: 'Fn' }] }], unservedApis: ['MyApi'] });
    expect(served!.split('\n').slice(2, 7)).toEqual([
      '  HTTP API Http  http://127.0.0.1:3000',
      '    GET     /x  Fn  http://127.0.0.1:3000/x',
      '',
      'Not served (see the warnings above): MyApi',
      '',
    ]);
  });

  // A project whose only function is a container image has an Api event all the same: "the project has no
  // API" was untrue.
  it.each<[string, string[], string]>([
    ['nothing pylambda runs', [], 'No HTTP endpoints: the project has no function pylambda can run (see the warnings above).'],
    ['only functions without HTTP events', ['Worker'], 'No HTTP endpoints: the functions pylambda runs have no API, ALB or function URL events (those it skips are in the warnings above).'],
  ])('with skipped functions and %s, the line says so', (_what, unserved, line) => {
    const banner = show({ type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: 'python3', version: '3.12.4' }, unserved, skipped: ['Img'], watching: true, endpoints: [] });
    expect(banner!.split('\n')[2]).toBe(line);
  });

  it.each<[string, DevEvent, string]>([
    ['resources created', { type: 'local-aws', endpoint: 'http://127.0.0.1:5000', created: [{ kind: 'table', name: 'todos' }, { kind: 'bucket', name: 'uploads' }] },
      'Local AWS (moto) at http://127.0.0.1:5000: table todos, bucket uploads; functions use it through AWS_ENDPOINT_URL'],
    ['nothing to create', { type: 'local-aws', endpoint: 'http://127.0.0.1:5000', created: [] },
      'Local AWS (moto) at http://127.0.0.1:5000 (empty: the template declares no DynamoDB table, S3 bucket, SQS queue, SSM parameter, secret or Kinesis stream to create); functions use it through AWS_ENDPOINT_URL'],
    ['a request', { type: 'request', method: 'GET', path: '/items', status: 200, durationMs: 3.21, cold: true, functionId: 'ListItems' } as DevEvent, 'GET /items 200 3.2 ms cold ListItems'],
    ['a reload', { type: 'reload', reason: 'code', files: ['a.py', 'b.py', 'c.py', 'd.py'] }, 'code changed (a.py, b.py, c.py, ...): the next request runs it'],
    ['a configuration reload', { type: 'reload', reason: 'config', files: ['app.py'] }, 'configuration changed (app.py): reading it again'],
    ["a Chalice app's slow import", { type: 'reload-waiting', seconds: 5 }, "reading app.py's routes: its import is still running (5 s)"],
    ["a serverless.ts's slow run", { type: 'reload-waiting', seconds: 2, file: 'serverless.ts' }, 'reading serverless.ts: it is still running (2 s)'],
    ['a request AWS would refuse', { type: 'request', method: 'GET', path: '/x', status: 200, durationMs: 1, cold: false, functionId: 'Fn', warning: 'the request line and header values are 12000 bytes, over API Gateway\'s 10240: AWS refuses this request' } as DevEvent,
      "GET /x 200 1.0 ms warm Fn warning: the request line and header values are 12000 bytes, over API Gateway's 10240: AWS refuses this request"],
    ['a request with a query string', { type: 'request', method: 'GET', path: '/hello/Ada', query: 'format=xml', status: 400, durationMs: 2, cold: false, functionId: 'Hello' } as DevEvent, 'GET /hello/Ada?format=xml 400 2.0 ms warm Hello'],
    ['a refused result', { type: 'request', method: 'GET', path: '/x', status: 502, durationMs: 1, cold: false, functionId: 'Fn', reason: 'body is not a string: serialise it, e.g. with json.dumps' } as DevEvent,
      'GET /x 502 1.0 ms warm Fn (body is not a string: serialise it, e.g. with json.dumps)'],
    ['local AWS starting', { type: 'local-aws-starting' }, 'Starting local AWS (moto)...'],
  ])('%s', (_name, event, line) => expect(show(event)).toBe(line));
  it('says which APIs a key of usage plans opens, and that a made-up one is for the APIs no key of the project opens', () => {
    const banner = show({
      type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: 'python3', version: '3.12.4' }, unserved: [], watching: true, endpoints: [],
      apiKeys: [
        { name: 'Everywhere', value: 'a', origin: 'configuration' },
        { name: 'Planned', value: 'b', origin: 'configuration', apis: ['Api', 'Child/Api'] },
        { name: 'Unplanned', value: 'c', origin: 'configuration', apis: [] },
        { name: 'pylambda-dev', value: 'd', origin: 'made-up', apis: ['Other'] },
        { name: 'pylambda-dev', value: 'e', origin: 'made-up' },
      ],
    });
    expect(banner!.split('\n').filter((l) => l.includes('API key'))).toEqual([
      '  API key (x-api-key header): a  (Everywhere)',
      '  API key (x-api-key header): b  (Planned, for Api, Child/Api)',
      '  API key (x-api-key header): c  (Unplanned, in no usage plan)',
      '  API key (x-api-key header): d  (made up by pylambda dev for Other, which no key of the project opens; --api-key KEY sets one)',
      '  API key (x-api-key header): e  (made up by pylambda dev; --api-key KEY sets one)',
    ]);
  });

  it('says which APIs with ApiKeySourceType AUTHORIZER take any key their authorizer returns', () => {
    const banner = show({
      type: 'ready', style: 'sam', configFile: 'template.yaml', root: '/p', python: { executable: 'python3', version: '3.12.4' }, unserved: [], watching: true, endpoints: [],
      apiKeys: [{ name: 'pylambda-dev', value: 'e', origin: 'made-up' }], anyAuthorizerKey: ['Api'],
    });
    expect(banner!.split('\n').filter((l) => l.includes('API key'))).toEqual([
      '  API key (x-api-key header): e  (made up by pylambda dev; --api-key KEY sets one)',
      '  API key from the Lambda authorizer (usageIdentifierKey): any it returns  (Api: ApiKeySourceType AUTHORIZER, and the project has no key for it; with --api-key VALUE, only VALUE)',
    ]);
  });

  it('says a reload left the routes as they were in one line, not the whole table again', () => {
    const ready: DevEvent = {
      type: 'ready', style: 'chalice', configFile: '.chalice/config.json', root: '/p', python: { executable: '/usr/bin/python3', version: '3.12.4' }, unserved: [], watching: true,
      endpoints: [{ id: 'RestAPI', kind: 'rest', stage: 'api', url: 'http://127.0.0.1:3000', routes: [{ method: 'GET', path: '/', functionId: 'api_handler' }] }],
    };
    expect(show({ ...ready, unchanged: true })).toBe('the routes are unchanged');
    // A setting saved (an environment variable) changes no route: which functions it restarts is said.
    expect(show({ ...ready, unchanged: true, settingsChanged: ['api_handler'] })).toBe("the routes are unchanged; api_handler's settings changed: its next request starts a new environment");
    expect(show({ ...ready, unchanged: true, settingsChanged: ['A', 'B'] })).toBe('the routes are unchanged; the settings of A, B changed: their next requests start new environments');
    expect(show(ready)).toContain('GET     /');
  });

  it('hides START and END (or their JSON records), and shows REPORT only with --verbose, in either log format', () => {
    const log = (line: 'start' | 'end' | 'report' | 'message', text: string): DevEvent => ({ type: 'log', event: { kind: 'platform', line, functionId: 'Fn', functionName: 'fn', requestId: 'r1', text } });
    for (const [line, text] of [['start', 'START RequestId: r1 Version: $LATEST'], ['end', '{"time":"t","type":"platform.runtimeDone","record":{}}']] as const) {
      expect(show(log(line, text))).toBeUndefined();
      expect(show(log(line, text), true)).toBeUndefined();
    }
    const report = '{"time":"t","type":"platform.report","record":{"requestId":"r1"}}';
    expect(show(log('report', report))).toBeUndefined();
    expect(show(log('report', report), true)).toContain(report);
    expect(show(log('message', 'RequestId: r1 Error: Runtime exited with error: exit status 1'))).toContain('Runtime exited');
    // --json says which line it is, so a consumer need not parse the text of either format.
    expect(JSON.parse(devEventJson(log('report', report)))).toMatchObject({ type: 'log', kind: 'platform', line: 'report', text: report });
  });
});

describe('a bug met in work dev does not wait for', () => {
  const error = new TypeError('cannot read x of undefined');
  it('says how to see its stack, as a failed command does', () => {
    expect(show({ type: 'error', error })).toBe('internal error: cannot read x of undefined\nThis is a bug in pylambda. Run again with --debug to see the stack trace, and report it.');
  });
  it('shows its stack with --debug', () => {
    expect(formatDevEvent({ type: 'error', error }, plain, { verbose: false, debug: true })).toMatch(/^internal error: cannot read x of undefined\nTypeError: cannot read x of undefined\n\s+at /);
  });
});
