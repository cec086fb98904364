import { describe, expect, it } from 'vitest';
import type { ChaliceFunctionInfo } from '../../src/core/model/chalice/app-info.js';
import { chaliceRuntime } from '../../src/core/model/chalice/runtime.js';
import { app, BASE, line, problems, read, WORKER } from './chalice-reader-support.js';

describe('functions', () => {
  const functions: ChaliceFunctionInfo[] = [
    WORKER,
    { name: 'bp_nightly', kind: 'lambda_function', handler: 'chalicelib.blueprint.nightly' },
    { name: 'on_job', kind: 'sqs', handler: 'app.on_job', queue: 'jobs', queue_arn: null, batch_size: 5 },
    { name: 'on_arn', kind: 'sqs', handler: 'app.on_arn', queue: null, queue_arn: 'arn:aws:sqs:us-east-1:1:q', batch_size: 1, maximum_batching_window_in_seconds: 0, maximum_concurrency: null },
    { name: 'on_bulk', kind: 'sqs', handler: 'app.on_bulk', queue: 'bulk', batch_size: 100, maximum_batching_window_in_seconds: 5, maximum_concurrency: 2 },
    { name: 'on_upload', kind: 's3', handler: 'app.on_upload', bucket: 'uploads', events: ['s3:ObjectCreated:*'] },
    { name: 'every_five', kind: 'schedule', handler: 'app.every_five', expression: 'rate(5 minutes)' },
    { name: 'on_alert', kind: 'sns', handler: 'app.on_alert', topic: 'alerts' },
    { name: 'on_ec2', kind: 'cloudwatch_event', handler: 'app.on_ec2', event_pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] } },
    { name: 'on_stream', kind: 'kinesis', handler: 'app.on_stream', stream: 'clicks', batch_size: 100, starting_position: 'LATEST', maximum_batching_window_in_seconds: 0 },
    { name: 'on_table', kind: 'dynamodb', handler: 'app.on_table', stream_arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000', batch_size: 10, starting_position: 'TRIM_HORIZON', maximum_batching_window_in_seconds: 2 },
    { name: 'auth', kind: 'authorizer', handler: 'app.auth' },
    { name: 'websocket_connect', kind: 'websocket', handler: 'app.connect', route_key: '$connect' },
  ];

  it('each is <app_name>-<stage>-<name> with its handler string and triggers', () => {
    const result = read(BASE, app({ functions }));
    expect(result.project!.functions.map((f) => [f.id, f.name, f.handler, f.events])).toEqual([
      ['api_handler', 'demo-dev', 'app.app', [{ kind: 'api', id: 'GET /', path: '/', method: 'GET', apiId: 'RestAPI' }]],
      ['worker', 'demo-dev-worker', 'app.do_work', []],
      ['bp_nightly', 'demo-dev-bp_nightly', 'chalicelib.blueprint.nightly', []],
      ['on_job', 'demo-dev-on_job', 'app.on_job', [{ kind: 'sqs', id: 'on_job-sqs-event-source', queue: 'jobs', batchSize: 5 }]],
      ['on_arn', 'demo-dev-on_arn', 'app.on_arn', [{ kind: 'sqs', id: 'on_arn-sqs-event-source', queue: 'arn:aws:sqs:us-east-1:1:q', batchSize: 1 }]],
      ['on_bulk', 'demo-dev-on_bulk', 'app.on_bulk', [{ kind: 'sqs', id: 'on_bulk-sqs-event-source', queue: 'bulk', batchSize: 100, batchingWindow: 5, maximumConcurrency: 2 }]],
      ['on_upload', 'demo-dev-on_upload', 'app.on_upload', [{ kind: 's3', id: 'on_upload-s3event', bucket: 'uploads', events: ['s3:ObjectCreated:*'] }]],
      // appgraph.py _create_scheduled_model: the rule is <app_name>-<stage>-<name>-event.
      ['every_five', 'demo-dev-every_five', 'app.every_five', [{ kind: 'schedule', id: 'every_five-event', schedule: 'rate(5 minutes)', rule: 'demo-dev-every_five-event' }]],
      ['on_alert', 'demo-dev-on_alert', 'app.on_alert', [{ kind: 'other', id: 'on_alert-sns-subscription', type: 'SNS', topic: 'alerts' }]],
      ['on_ec2', 'demo-dev-on_ec2', 'app.on_ec2', [{ kind: 'other', id: 'on_ec2-event', type: 'CloudWatchEvent', pattern: { source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' } }]],
      ['on_stream', 'demo-dev-on_stream', 'app.on_stream', [{
        kind: 'other', id: 'on_stream-kinesis-event-source', type: 'Kinesis', stream: { service: 'kinesis', stream: 'clicks' }, mapping: { startingPosition: 'LATEST', batchSize: 100 },
      }]],
      ['on_table', 'demo-dev-on_table', 'app.on_table', [{
        kind: 'other', id: 'on_table-dynamodb-event-source', type: 'DynamoDB', stream: { service: 'dynamodb', arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000', table: { name: 'Orders' } }, mapping: { startingPosition: 'TRIM_HORIZON', batchSize: 10, batchWindowSeconds: 2 },
      }]],
      ['auth', 'demo-dev-auth', 'app.auth', [{ kind: 'other', id: 'auth', type: 'Authorizer' }]],
      ['websocket_connect', 'demo-dev-websocket_connect', 'app.connect', [{ kind: 'other', id: '$connect', type: 'WebSocket', details: { webSocket: { routeKey: '$connect' } } }]],
    ]);
    expect(result.diagnostics.map(line)).toEqual([]);
  });

  it('layers: the ARNs of the stage or the function, which exist in AWS only, each said once', () => {
    const A = 'arn:aws:lambda:us-east-1:123456789012:layer:shared:3';
    const B = 'arn:aws:lambda:us-east-1:123456789012:layer:pandas:1';
    const result = read({ ...BASE, stages: { dev: { layers: [A], lambda_functions: { worker: { layers: [A, B] } } } } });
    expect(result.project!.functions.map((f) => [f.id, f.externalLayers])).toEqual([['api_handler', [A]], ['worker', [A, B]]]);
    expect(result.diagnostics.map(line)).toEqual([
      `warning .chalice/config.json stages.dev.layers[0]: '${A}' is a layer in AWS: its modules are not available locally`,
      `warning .chalice/config.json stages.dev.lambda_functions.worker.layers[0]: '${A}' is a layer in AWS: its modules are not available locally`,
      `warning .chalice/config.json stages.dev.lambda_functions.worker.layers[1]: '${B}' is a layer in AWS: its modules are not available locally`,
    ]);
    expect(problems({ ...BASE, layers: A })).toEqual([`error .chalice/config.json layers: must be a list, not string "${A}"`]);
    // Lambda takes five layers at most.
    expect(problems({ ...BASE, lambda_functions: { worker: { layers: [1, 2, 3, 4, 5, 6].map((n) => `${A.slice(0, -1)}${n}`) } } }).filter((p) => p.startsWith('error'))).toEqual([
      "error .chalice/config.json lambda_functions.worker.layers: lists 6 layers, above Lambda's maximum of 5 a function",
    ]);
  });

  it("config.json's app_name names the functions, not the app's", () => {
    expect(read({ ...BASE, app_name: 'shop' }, app({ app_name: 'other' })).project!.functions.map((f) => f.name)).toEqual(['shop-dev', 'shop-dev-worker']);
  });

  it('runtime: what the installed Chalice reports, else Chalice\'s mapping of the Python version', () => {
    expect(read(BASE, app({ lambda_python_version: 'python3.13' })).project!.functions[0]!.runtime).toBe('python3.13');
    expect(read(BASE, app({ lambda_python_version: null }), { pythonVersion: '3.11.7' }).project!.functions[0]!.runtime).toBe('python3.11');
    expect(read(BASE, app({ lambda_python_version: null, python_version: '3.9.18' })).project!.functions[0]!.runtime).toBe('python3.10');
  });

  it('a runtime pylambda does not know is an error that says where it came from', () => {
    expect(problems(BASE, app({ lambda_python_version: 'python3.15', python_version: '3.15.0' }))).toEqual([
      "error .chalice/config.json runtime (chosen by Chalice for Python 3.15.0): 'python3.15' is not a supported Python runtime (supported: python3.8, python3.9, python3.10, python3.11, python3.12, python3.13, python3.14)",
    ]);
  });

  it.each([
    ['3.8.18', 'python3.10'], ['3.9.0', 'python3.10'], ['3.10.14', 'python3.10'], ['3.12.4', 'python3.12'], ['3.14.0', 'python3.14'], ['3.15.1', 'python3.15'],
  ])('chaliceRuntime(%s) is %s (chalice/config.py lambda_python_version)', (version, runtime) => {
    expect(chaliceRuntime(version)).toBe(runtime);
  });
});
