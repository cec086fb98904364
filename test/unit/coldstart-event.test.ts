import { describe, expect, it } from 'vitest';
import { defaultEvent, samplePath } from '../../src/api/sample-event.js';
import type { EventSource } from '../../src/core/model/event-sources.js';
import type { Project } from '../../src/core/model/project.js';
import { functionModel } from '../helpers.js';

const project = (endpoints: Project['endpoints'] = []): Project => ({ style: 'sam', configFile: 'template.yaml', functions: [], endpoints });
const env = { AWS_REGION: 'eu-west-1' };
const first = (events: EventSource[], endpoints?: Project['endpoints']) => {
  const event = defaultEvent(functionModel({ handler: 'app.handler', events }), project(endpoints), env);
  return { label: event.label, body: JSON.parse(event.payload.toString('utf8')) as Record<string, unknown> & { Records?: Record<string, unknown>[] } };
};

describe('the default event of pylambda coldstart: a sample for the function\'s first trigger', () => {
  it('Api -> an API Gateway REST event for the route, its templates filled in', () => {
    const { label, body } = first([{ kind: 'api', id: 'Hello', path: '/hello/{name}', method: 'GET' }, { kind: 'sqs', id: 'Q', queue: 'q' }]);
    expect(label).toBe('apigw-rest sample (Api trigger Hello)');
    expect(body).toMatchObject({ httpMethod: 'GET', path: '/hello/name', requestContext: { stage: 'Prod' } });
  });

  it('HttpApi with ANY -> an HTTP API (2.0) GET', () => {
    const { label, body } = first([{ kind: 'httpApi', id: 'Http', path: '/{proxy+}', method: 'ANY' }]);
    expect(label).toBe('http-api sample (HttpApi trigger Http)');
    expect(body).toMatchObject({ version: '2.0', rawPath: '/proxy', requestContext: { http: { method: 'GET' } } });
  });

  it.each<[string, EventSource, string, (body: ReturnType<typeof first>['body']) => unknown, unknown]>([
    ['SQS', { kind: 'sqs', id: 'Jobs', queue: 'arn:aws:sqs:eu-west-1:1:jobs' }, 'sqs sample (SQS trigger Jobs)', (b) => b.Records![0]!.eventSource, 'aws:sqs'],
    ['S3', { kind: 's3', id: 'Up', bucket: 'uploads', events: [] }, 's3 sample (S3 trigger Up)', (b) => (b.Records![0]!.s3 as { bucket: { name: string } }).bucket.name, 'uploads'],
    ['S3 on deletes', { kind: 's3', id: 'Del', bucket: 'b', events: ['s3:ObjectRemoved:*'] }, 's3 sample (S3 trigger Del)', (b) => b.Records![0]!.eventName, 'ObjectRemoved:Delete'],
    ['S3 on a copy', { kind: 's3', id: 'Cp', bucket: 'b', events: ['s3:ObjectCreated:Copy'] }, 's3 sample (S3 trigger Cp)', (b) => b.Records![0]!.eventName, 'ObjectCreated:Copy'],
    ['Schedule', { kind: 'schedule', id: 'Tick', schedule: 'rate(1 hour)' }, 'schedule sample (Schedule trigger Tick)', (b) => b['detail-type'], 'Scheduled Event'],
    ['SNS', { kind: 'other', id: 'Topic', type: 'SNS' }, 'sns sample (SNS trigger Topic)', (b) => b.Records![0]!.EventSource, 'aws:sns'],
    ['DynamoDB', { kind: 'other', id: 'Stream', type: 'DynamoDB' }, 'dynamodb sample (DynamoDB trigger Stream)', (b) => b.Records![0]!.eventSource, 'aws:dynamodb'],
    ['EventBridgeRule', { kind: 'other', id: 'Rule', type: 'EventBridgeRule' }, 'eventbridge sample (EventBridgeRule trigger Rule)', (b) => typeof b['detail-type'], 'string'],
    // The trigger's own settings: the queue, the rule's name, the pattern's source and detail-type.
    ['SQS, its queue', { kind: 'sqs', id: 'Jobs', queue: 'arn:aws:sqs:eu-west-1:111122223333:jobs-q' }, 'sqs sample (SQS trigger Jobs)', (b) => b.Records![0]!.eventSourceARN, 'arn:aws:sqs:eu-west-1:111122223333:jobs-q'],
    ['Schedule, its rule', { kind: 'schedule', id: 'Tick', schedule: 'rate(1 hour)', rule: 'nightly' }, 'schedule sample (Schedule trigger Tick)', (b) => (b.resources as string[])[0], 'arn:aws:events:eu-west-1:123456789012:rule/nightly'],
    // EventBridge Scheduler's default notification: from aws.scheduler, naming the schedule, its detail the string "{}".
    ['ScheduleV2', { kind: 'schedule', id: 'Tick', schedule: 'rate(1 hour)', scheduler: {} }, 'scheduler sample (ScheduleV2 trigger Tick)',
      (b) => JSON.stringify([b.source, b['detail-type'], b.resources, b.detail]), JSON.stringify(['aws.scheduler', 'Scheduled Event', ['arn:aws:scheduler:eu-west-1:123456789012:schedule/default/my-schedule'], '{}'])],
    ['ScheduleV2, its name and group', { kind: 'schedule', id: 'Tick', schedule: 'rate(1 hour)', rule: 'nightly', scheduler: { group: 'jobs' } }, 'scheduler sample (ScheduleV2 trigger Tick)', (b) => (b.resources as string[])[0], 'arn:aws:scheduler:eu-west-1:123456789012:schedule/jobs/nightly'],
    ['EventBridgeRule, its pattern', { kind: 'other', id: 'Rule', type: 'EventBridgeRule', pattern: { source: 'my.app', detailType: 'OrderPlaced' } }, 'eventbridge sample (EventBridgeRule trigger Rule)', (b) => `${String(b.source)} ${String(b['detail-type'])}`, 'my.app OrderPlaced'],
    // An AppSync direct Lambda resolver: the context object for its type and field.
    ['AppSync', { kind: 'other', id: 'GetTodo', type: 'AppSync', resolver: { typeName: 'Query', fieldName: 'getTodo' } }, 'appsync sample (AppSync trigger GetTodo)',
      (b) => JSON.stringify([b.arguments, b.identity, b.info]), JSON.stringify([{}, null, { selectionSetList: [], selectionSetGraphQL: '', parentTypeName: 'Query', fieldName: 'getTodo', variables: {} }])],
    // A stream trigger gets its stream's records: Kinesis ones for a Kinesis stream, whatever the trigger is called.
    ['Kinesis', { kind: 'other', id: 'K', type: 'Kinesis' }, 'kinesis sample (Kinesis trigger K)', (b) => b.Records![0]!.eventSource, 'aws:kinesis'],
    ['Kinesis, its stream', { kind: 'other', id: 'K', type: 'Kinesis', stream: { service: 'kinesis', stream: 'clicks' } }, 'kinesis sample (Kinesis trigger K)', (b) => b.Records![0]!.eventSourceARN, 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks'],
    ['serverless.yml stream of type kinesis', { kind: 'other', id: 'stream-1', type: 'stream', stream: { service: 'kinesis', stream: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders' } }, 'kinesis sample (stream trigger stream-1)', (b) => b.Records![0]!.eventSourceARN, 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders'],
    ['serverless.yml stream of type dynamodb', { kind: 'other', id: 'stream-1', type: 'stream', stream: { service: 'dynamodb' } }, 'dynamodb sample (stream trigger stream-1)', (b) => b.Records![0]!.eventSource, 'aws:dynamodb'],
    ['DynamoDB, its table\'s KEYS_ONLY stream', { kind: 'other', id: 'D', type: 'DynamoDB', stream: { service: 'dynamodb', table: { name: 'things', keys: [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' }], viewType: 'KEYS_ONLY' } } },
      'dynamodb sample (DynamoDB trigger D)', (b) => {
        const { dynamodb, eventSourceARN } = b.Records![0]! as { dynamodb: Record<string, unknown>; eventSourceARN: string };
        return JSON.stringify([Object.keys(dynamodb), dynamodb.Keys, dynamodb.StreamViewType, eventSourceARN.split('/stream/')[0]]);
      },
      JSON.stringify([['ApproximateCreationDateTime', 'Keys', 'StreamViewType', 'SequenceNumber', 'SizeBytes'], { pk: { S: '1' }, sk: { N: '1' } }, 'KEYS_ONLY', 'arn:aws:dynamodb:eu-west-1:123456789012:table/things'])],
    ['DynamoDB, a NEW_IMAGE stream', { kind: 'other', id: 'D', type: 'DynamoDB', stream: { service: 'dynamodb', table: { name: 'things', viewType: 'NEW_IMAGE' } } }, 'dynamodb sample (DynamoDB trigger D)', (b) => Object.keys(b.Records![0]!.dynamodb as object).filter((k) => k.endsWith('Image')).join(), 'NewImage'],
    // A stream ARN the sample refuses (DynamoDB table names are 3 to 255 characters) is left out, said so, and the table's keys and view type stay
    // (the readers make no such trigger, core/model/dynamodb-stream-arn.ts being the rule of both: a model made otherwise).
    ['DynamoDB, a stream ARN of a table name too short', { kind: 'other', id: 'D', type: 'DynamoDB', stream: { service: 'dynamodb', arn: 'arn:aws:dynamodb:eu-west-2:111122223333:table/ab/stream/2024-01-01T00:00:00.000', table: { name: 'ab', keys: [{ name: 'pk', type: 'S' }], viewType: 'KEYS_ONLY' } } },
      'dynamodb sample (DynamoDB trigger D; left out: --stream for dynamodb is a table\'s stream ARN, like arn:aws:dynamodb:us-east-1:123456789012:table/my-table/stream/2024-01-01T00:00:00.000, not \'arn:aws:dynamodb:eu-west-2:111122223333:table/ab/stream/2024-01-01T00:00:00.000\')',
      (b) => {
        const { dynamodb, awsRegion } = b.Records![0]! as { dynamodb: Record<string, unknown>; awsRegion: string };
        return JSON.stringify([dynamodb.Keys, dynamodb.StreamViewType, Object.keys(dynamodb).some((k) => k.endsWith('Image')), awsRegion]);
      },
      JSON.stringify([{ pk: { S: '1' } }, 'KEYS_ONLY', false, 'eu-west-1'])],
    // EventBridge's `region` is where the event originated and `account` its sender's: the pattern's when it names them, else the bus's.
    ['EventBridgeRule on a bus given by ARN: its region and account', { kind: 'other', id: 'Rule', type: 'EventBridgeRule', pattern: { source: 'my.app' }, bus: { region: 'ap-south-1', accountId: '111122223333' } },
      'eventbridge sample (EventBridgeRule trigger Rule)', (b) => `${String(b.source)} ${String(b.region)} ${String(b.account)}`, 'my.app ap-south-1 111122223333'],
    ['EventBridgeRule whose pattern names the sender\'s account and region', { kind: 'other', id: 'Rule', type: 'EventBridgeRule', pattern: { account: '444455556666', region: 'us-west-2' }, bus: { region: 'ap-south-1', accountId: '111122223333' } },
      'eventbridge sample (EventBridgeRule trigger Rule)', (b) => `${String(b.region)} ${String(b.account)}`, 'us-west-2 444455556666'],
    ['EventBridgeRule on the local bus: the local region and account', { kind: 'other', id: 'Rule', type: 'EventBridgeRule', pattern: { source: 'my.app' } },
      'eventbridge sample (EventBridgeRule trigger Rule)', (b) => `${String(b.region)} ${String(b.account)}`, 'eu-west-1 123456789012'],
    ['SNS, its topic', { kind: 'other', id: 'N', type: 'SNS', topic: 'arn:aws:sns:eu-west-1:123456789012:orders-topic' }, 'sns sample (SNS trigger N)', (b) => (b.Records![0]!.Sns as { TopicArn: string }).TopicArn, 'arn:aws:sns:eu-west-1:123456789012:orders-topic'],
    ['SNS, its topic by name', { kind: 'other', id: 'sns-1', type: 'sns', topic: 'orders-topic' }, 'sns sample (sns trigger sns-1)', (b) => (b.Records![0]!.Sns as { TopicArn: string }).TopicArn, 'arn:aws:sns:eu-west-1:123456789012:orders-topic'],
    // EventBridge API_Target Input: "nothing from the event itself is passed to the target".
    ['Schedule with an Input', { kind: 'schedule', id: 'Tick', schedule: 'rate(1 hour)', input: '{"job": "nightly"}' }, 'Input of the Schedule trigger Tick (what EventBridge sends in place of the event)', (b) => b.job, 'nightly'],
    ['ScheduleV2 with an Input', { kind: 'schedule', id: 'V2', schedule: 'rate(1 hour)', scheduler: {}, input: '{"job": "v2"}' }, 'Input of the ScheduleV2 trigger V2 (what EventBridge sends in place of the event)', (b) => b.job, 'v2'],
    ['EventBridgeRule with an Input', { kind: 'other', id: 'Rule', type: 'EventBridgeRule', input: '{"fixed": 1}' }, 'Input of the EventBridgeRule trigger Rule (what EventBridge sends in place of the event)', (b) => b.fixed, 1],
  ])('%s', (_name, source, label, pick, expected) => {
    const event = first([source]);
    expect(event.label).toBe(label);
    expect(pick(event.body)).toBe(expected);
  });

  it('a function URL in front of a function without events', () => {
    const endpoints: Project['endpoints'] = [{
      id: 'FnUrl', kind: 'url', stage: '$default', binaryMediaTypes: [], source: { file: 't', path: 'p' },
      routes: [{ method: 'ANY', path: '/*', functionId: 'Fn', source: { file: 't', path: 'p' } }],
    }];
    const { label, body } = first([], endpoints);
    expect(label).toBe('function-url sample (FnUrl)');
    expect(body).toMatchObject({ version: '2.0', rawPath: '/' });
  });

  it("an API trigger with the project's route: the event its gateway sends (stage, stage variables, payload 1.0)", () => {
    const src = { file: 't', path: 'p' };
    const endpoints: Project['endpoints'] = [
      { id: 'Api', kind: 'rest', stage: 'v1', stageVariables: { color: 'blue' }, binaryMediaTypes: [], source: src, routes: [{ method: 'GET', path: '/items/{id}', functionId: 'Fn', source: src }] },
      { id: 'Http', kind: 'http', stage: '$default', binaryMediaTypes: [], source: src, routes: [{ method: 'GET', path: '/old', functionId: 'Fn', payloadFormatVersion: '1.0', source: src }] },
    ];
    const rest = first([{ kind: 'api', id: 'Items', path: '/items/{id}', method: 'GET' }], endpoints);
    expect(rest.label).toBe('apigw-rest sample (Api trigger Items, Api v1)');
    expect(rest.body).toMatchObject({ path: '/items/id', pathParameters: { id: 'id' }, stageVariables: { color: 'blue' }, requestContext: { stage: 'v1', path: '/v1/items/id' } });
    const http = first([{ kind: 'httpApi', id: 'Old', path: '/old', method: 'GET' }], endpoints);
    expect(http.label).toBe('http-api (payload 1.0) sample (HttpApi trigger Old, Http $default)');
    expect(http.body).toMatchObject({ version: '1.0', resource: '/old', httpMethod: 'GET' });
  });

  // `/{name}` takes /proxy, the first sample for `/{proxy+}`: /proxy/sample reaches it.
  it('a greedy route beside a one-segment one: a sample path that reaches the function', () => {
    const src = { file: 't', path: 'p' };
    const endpoints: Project['endpoints'] = [{
      id: 'Http', kind: 'http', stage: 'live', stageVariables: { v: '1' }, binaryMediaTypes: [], source: src,
      routes: [{ method: 'ANY', path: '/{name}', functionId: 'One', source: src }, { method: 'ANY', path: '/{proxy+}', functionId: 'Fn', source: src }],
    }];
    const { label, body } = first([{ kind: 'httpApi', id: 'P', path: '/{proxy+}', method: 'ANY' }], endpoints);
    expect(label).toBe('http-api sample (HttpApi trigger P, Http live)');
    expect(body).toMatchObject({ routeKey: 'ANY /{proxy+}', pathParameters: { proxy: 'proxy/sample' }, stageVariables: { v: '1' } });
  });

  // A create answers an empty body with 400: a todo API's first route, POST /todos, made every default run fail.
  it('among API triggers, a read without path parameters, then any read, before the first', () => {
    const src = { file: 't', path: 'p' };
    const route = (method: string, path: string) => ({ method, path, functionId: 'Fn', source: src });
    const endpoints: Project['endpoints'] = [{
      id: 'Http', kind: 'http', stage: '$default', binaryMediaTypes: [], source: src,
      routes: [route('POST', '/todos'), route('GET', '/todos/{id}'), route('GET', '/todos')],
    }];
    const create = { kind: 'httpApi', id: 'Create', path: '/todos', method: 'POST' } as const;
    const get = { kind: 'httpApi', id: 'Get', path: '/todos/{id}', method: 'GET' } as const;
    const list = { kind: 'httpApi', id: 'List', path: '/todos', method: 'GET' } as const;
    const picked = first([create, get, list], endpoints);
    expect(picked.label).toBe('http-api sample (HttpApi trigger List, Http $default)');
    expect(picked.body).toMatchObject({ rawPath: '/todos', requestContext: { http: { method: 'GET' } } });
    expect(first([create, get], endpoints).label).toBe('http-api sample (HttpApi trigger Get, Http $default)');
    expect(first([create], endpoints).label).toBe('http-api sample (HttpApi trigger Create, Http $default)');
  });

  it('says so when no sample request reaches the function through its API', () => {
    const src = { file: 't', path: 'p' };
    const endpoints: Project['endpoints'] = [{
      id: 'Http', kind: 'http', stage: '$default', binaryMediaTypes: [], source: src,
      routes: [{ method: 'GET', path: '/x', functionId: 'Other', source: src }, { method: 'GET', path: '/x', functionId: 'Fn', source: src }],
    }];
    expect(first([{ kind: 'httpApi', id: 'P', path: '/x', method: 'GET' }], endpoints).label).toBe("http-api sample (HttpApi trigger P; generic: no sample request reaches it through the project's API)");
  });

  it.each<[string, EventSource[], string]>([
    ['no trigger', [], '{} (no trigger)'],
    ['a trigger without a sample', [{ kind: 'other', id: 'A', type: 'AlexaSkill' }], '{} (no sample for the AlexaSkill trigger)'],
  ])('%s -> {}', (_name, events, label) => {
    expect(first(events)).toEqual({ label, body: {} });
  });

  it.each([
    ['/hello/{name}', '/hello/name'],
    ['/{proxy+}', '/proxy'],
    ['items/{id}/parts', '/items/id/parts'],
    ['$default', '/'],
    [undefined, '/'],
  ])('samplePath(%s) = %s', (template, path) => {
    expect(samplePath(template)).toBe(path);
  });
});

describe('a trigger named in its configuration\'s words (triggerType)', () => {
  const label = (style: Project['style'], source: EventSource) => defaultEvent(functionModel({ handler: 'app.handler', events: [source] }), { ...project(), style }, env).label;
  const V2: EventSource = { kind: 'schedule', id: 'schedule-1', schedule: 'rate(1 hour)', scheduler: {} };

  it.each<[string, Project['style'], EventSource, string]>([
    ['SAM: ScheduleV2', 'sam', { ...V2, id: 'Tick' }, 'scheduler sample (ScheduleV2 trigger Tick)'],
    ['serverless.yml: schedule with method: scheduler, not SAM\'s ScheduleV2', 'serverless', V2, 'scheduler sample (schedule (method: scheduler) trigger schedule-1)'],
    ['... and its input', 'serverless', { ...V2, input: '{"job": 1}' }, 'Input of the schedule (method: scheduler) trigger schedule-1 (what EventBridge sends in place of the event)'],
    ['serverless.yml: a schedule rule', 'serverless', { kind: 'schedule', id: 'schedule-1', schedule: 'rate(1 hour)' }, 'schedule sample (schedule trigger schedule-1)'],
    ['serverless.yml: sqs', 'serverless', { kind: 'sqs', id: 'sqs-1', queue: 'arn:aws:sqs:eu-west-1:1:jobs' }, 'sqs sample (sqs trigger sqs-1)'],
    ['serverless.yml: s3', 'serverless', { kind: 's3', id: 's3-1', bucket: 'b', events: [] }, 's3 sample (s3 trigger s3-1)'],
    ['Chalice: SAM\'s words', 'chalice', { kind: 'sqs', id: 'jobs', queue: 'arn:aws:sqs:eu-west-1:1:jobs' }, 'sqs sample (SQS trigger jobs)'],
  ])('%s', (_what, style, source, expected) => {
    expect(label(style, source)).toBe(expected);
  });
});
