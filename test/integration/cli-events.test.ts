// pylambda events generate: each kind against the real samples, SAM CLI's names and flags, the options of the sources
// (queues, topics, streams, mail) and the refusals. An HTTP request's flags and its route, in a project too: cli-events-http.test.ts.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT } from '../helpers.js';
import { runCaptured } from '../cli-run.js';
import { SAM_EVENTS } from '../../src/core/events/sam-kinds.js';

function cli(argv: string[], cwd = FIXTURES) {
  return runCaptured(argv, { cwd, env: { AWS_REGION: 'eu-west-1' } });
}

const sample = (file: string) => JSON.parse(readFileSync(`${FIXTURES}${file}`, 'utf8'));

describe('pylambda events generate', () => {
  // Top-level keys against the real samples, less the ones a request without them omits (payload 2.0 omits
  // empty fields); the codecs' and generators' own tests compare every level.
  it.each<[string, string, string[]]>([
    ['apigw-rest', 'events/powertools-lambda-python/apiGatewayProxyEvent.json', ['version']],
    ['http-api', 'events/powertools-lambda-python/apiGatewayProxyV2Event.json', ['cookies', 'pathParameters', 'stageVariables', 'body', 'queryStringParameters']],
    ['alb', 'events/powertools-lambda-python/albEvent.json', []],
    ['function-url', 'events/powertools-lambda-python/lambdaFunctionUrlEvent.json', ['cookies', 'queryStringParameters', 'body']],
    ['sqs', 'events/powertools-lambda-python/sqsEvent.json', []],
    ['sns', 'events/powertools-lambda-python/snsEvent.json', []],
    ['s3', 'events/powertools-lambda-python/s3Event.json', []],
    ['eventbridge', 'events/powertools-lambda-python/eventBridgeEvent.json', ['replay-name']],
    ['dynamodb', 'events/powertools-lambda-python/dynamoStreamEvent.json', []],
  ])('%s has the keys of %s', async (kind, file, absentHere) => {
    const { code, stdout } = await cli(['events', 'generate', kind]);
    expect(code).toBe(0);
    const real = Object.keys(sample(file)).filter((k) => !absentHere.includes(k)).sort();
    expect(Object.keys(JSON.parse(stdout)).sort()).toEqual(real);
  });

  it('SAM CLI\'s s3 put, with its --bucket and --key: an ObjectCreated:Put record with the keys of the real event', async () => {
    const stdout = execFileSync(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'events', 'generate', 's3', 'put', '--bucket', 'b', '--key', 'k', '--partition', 'aws'], {
      cwd: FIXTURES, env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1' }, encoding: 'utf8', timeout: 20_000,
    });
    const event = JSON.parse(stdout);
    expect(Object.keys(event)).toEqual(Object.keys(sample('events/powertools-lambda-python/s3Event.json')));
    expect(Object.keys(event.Records[0]).sort()).toEqual(Object.keys(sample('events/powertools-lambda-python/s3Event.json').Records[0]).sort());
    // SAM CLI's region, us-east-1, whatever $AWS_REGION says.
    expect(event.Records[0]).toMatchObject({ eventName: 'ObjectCreated:Put', awsRegion: 'us-east-1', s3: { bucket: { name: 'b', arn: 'arn:aws:s3:::b' }, object: { key: 'k', size: 1024 } } });
  });

  // SAM CLI's names generate the event of the kind they are here, with the keys of the real samples.
  it.each<[string[], string, string[]]>([
    [['apigateway', 'aws-proxy', '--path', 'path/to/resource', '--method', 'POST', '--body', '{"test":"body"}', '--querystringparameters', '{"foo": "bar"}'], 'events/powertools-lambda-python/apiGatewayProxyEvent.json', ['version']],
    [['apigateway', 'http-api-proxy', '--path', 'path/to/resource', '--method', 'POST', '--body', '{"test":"body"}'], 'events/powertools-lambda-python/apiGatewayProxyV2Event.json', ['cookies', 'pathParameters', 'stageVariables', 'queryStringParameters']],
    [['alb', 'request', '--path', 'path/to/resource', '--method', 'POST', '--body', '{"test":"body"}'], 'events/powertools-lambda-python/albEvent.json', []],
    [['sqs', 'receive-message', '--queue-name', 'MyQueue', '--body', 'Hello from SQS!'], 'events/powertools-lambda-python/sqsEvent.json', []],
    [['sns', 'notification', '--topic', 'ExampleTopic', '--message', 'example message'], 'events/powertools-lambda-python/snsEvent.json', []],
    [['s3', 'delete', '--bucket', 'b', '--key', 'k'], 'events/powertools-lambda-python/s3Event.json', []],
    [['dynamodb', 'update', '--table', 'ExampleTableWithStream'], 'events/powertools-lambda-python/dynamoStreamEvent.json', []],
    [['cloudwatch', 'scheduled-event', '--rule', 'ExampleRule'], 'events/powertools-lambda-python/eventBridgeEvent.json', ['replay-name']],
  ])('%j has the keys of %s', async (words, file, absentHere) => {
    const { code, stdout, stderr } = await cli(['events', 'generate', ...words]);
    expect([code, stderr]).toEqual([0, '']);
    const real = Object.keys(sample(file)).filter((k) => !absentHere.includes(k)).sort();
    expect(Object.keys(JSON.parse(stdout)).sort()).toEqual(real);
  });

  // As sam local generate-event writes them without flags (event-mapping.json's tags), in us-east-1 whatever
  // $AWS_REGION says; the kinds' own names keep theirs.
  it("SAM CLI's names without flags: SAM CLI's defaults", async () => {
    const generated = async (...words: string[]) => JSON.parse((await cli(['events', 'generate', ...words])).stdout);
    const s3 = (await generated('s3', 'put')).Records[0].s3;
    expect([s3.bucket.name, s3.object.key]).toEqual(['example-bucket', 'test/key']);
    const sqs = (await generated('sqs', 'receive-message')).Records[0];
    expect([sqs.body, sqs.eventSourceARN]).toEqual(['Hello from SQS!', 'arn:aws:sqs:us-east-1:123456789012:MyQueue']);
    const sns = (await generated('sns', 'notification')).Records[0].Sns;
    expect([sns.TopicArn, sns.Subject, sns.Message]).toEqual(['arn:aws:sns:us-east-1:123456789012:ExampleTopic', 'example subject', 'example message']);
    const update = (await generated('dynamodb', 'update')).Records;
    expect(update.map((r: { eventName: string }) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(update[0].eventSourceARN).toMatch(/^arn:aws:dynamodb:us-east-1:123456789012:table\/ExampleTableWithStream\/stream\//);
    expect((await generated('cloudwatch', 'scheduled-event')).resources).toEqual(['arn:aws:events:us-east-1:123456789012:rule/ExampleRule']);
    const kinesis = (await generated('kinesis', 'get-records')).Records[0].kinesis;
    expect([kinesis.data, kinesis.partitionKey, kinesis.sequenceNumber]).toEqual(['SGVsbG8sIHRoaXMgaXMgYSB0ZXN0IDEyMy4=', 'partitionKey-03', '49545115243490985018280067714973144582180062593244200961']);
    expect((await generated('cloudformation', 'create-request')).StackId).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/MyStack\//);
    // SAM CLI's AwsProxy.json: a POST of {"test":"body"} to path/to/resource?foo=bar through /{proxy+} on the stage prod.
    const rest = await generated('apigateway', 'aws-proxy');
    expect([rest.httpMethod, rest.path, rest.resource, rest.pathParameters, rest.queryStringParameters, rest.body, rest.requestContext.stage, rest.headers.Host])
      .toEqual(['POST', '/path/to/resource', '/{proxy+}', { proxy: 'path/to/resource' }, { foo: 'bar' }, '{"test":"body"}', 'prod', 'abcdef1234.execute-api.us-east-1.amazonaws.com']);
    const logs = JSON.parse(gunzipSync(Buffer.from((await generated('cloudwatch', 'logs')).awslogs.data, 'base64')).toString('utf8'));
    expect([logs.logGroup, logs.logEvents.map((e: { message: string }) => e.message)]).toEqual(['testLogGroup', ['[ERROR] First test message', '[ERROR] Second test message']]);
    const resolver = await generated('appsync', 'resolver');
    expect([resolver.info.parentTypeName, resolver.info.fieldName, resolver.arguments]).toEqual(['Mutation', 'createSomething', { id: 'my identifier' }]);
    const httpApi = await generated('apigateway', 'http-api-proxy');
    expect([httpApi.requestContext.http.method, httpApi.rawPath, httpApi.body, httpApi.requestContext.stage]).toEqual(['POST', '/path/to/resource', '{"test":"body"}', '$default']);
    const alb = await generated('alb', 'request');
    expect([alb.httpMethod, alb.path, alb.body, alb.requestContext.elb.targetGroupArn.split(':')[3]]).toEqual(['POST', '/path/to/resource', '{"test":"body"}', 'us-east-2']);
    expect((await generated('s3')).Records[0].s3.bucket.name).not.toBe('example-bucket');
  });

  // Every flag sam local generate-event takes for the event, with the value it has there by default (SAM CLI's
  // event-mapping.json, test/fixtures/events/README.md), is taken here too: none is refused, none is required.
  const SAM_CLI_EVENTS = sample('events/aws-sam-cli/event-mapping.json') as Record<string, Record<string, { tags: Record<string, { default: string }> }>>;
  it.each(Object.keys(SAM_EVENTS))('%s takes each of SAM CLI\'s flags with its default value', async (name) => {
    const [service, event] = name.split(' ') as [string, string];
    const flags = Object.entries(SAM_CLI_EVENTS[service]![event]!.tags).flatMap(([flag, tag]) => [`--${flag}`, tag.default]);
    const { code, stderr } = await cli(['events', 'generate', service, event, ...flags]);
    expect([code, stderr]).toEqual([0, '']);
  });

  it('SAM CLI\'s flags mean what they mean there', async () => {
    const rest = JSON.parse((await cli(['events', 'generate', 'apigateway', 'aws-proxy', '--path', 'items', '--method', 'PUT', '--querystringparameters', '{"a": "b"}', '--stage', 'dev', '--dns-suffix', 'eu-west-2.amazonaws.com'])).stdout);
    expect([rest.path, rest.httpMethod, rest.queryStringParameters, rest.requestContext.stage, rest.requestContext.path, rest.headers.Host])
      .toEqual(['/items', 'PUT', { a: 'b' }, 'dev', '/dev/items', 'abcdef1234.execute-api.eu-west-2.amazonaws.com']);
    const other = JSON.parse((await cli(['events', 'generate', 'sqs', 'receive-message', '--account-id', '111122223333'])).stdout).Records[0];
    expect(other.eventSourceARN).toBe('arn:aws:sqs:us-east-1:111122223333:MyQueue');
    const otherRest = JSON.parse((await cli(['events', 'generate', 'apigw-rest', '--account-id', '111122223333'])).stdout);
    expect(otherRest.requestContext.accountId).toBe('111122223333');
    const named = JSON.parse((await cli(['events', 'generate', 'apigateway', 'http-api-proxy', '--path', 'items', '--stage', 'dev'])).stdout);
    expect([named.rawPath, named.requestContext.stage]).toEqual(['/dev/items', 'dev']);
    const removed = JSON.parse((await cli(['events', 'generate', 's3', 'delete', '--key', 'a b'])).stdout).Records[0];
    expect([removed.eventName, removed.s3.object]).toEqual(['ObjectRemoved:Delete', { key: 'a+b', sequencer: removed.s3.object.sequencer }]);
    const sns = JSON.parse((await cli(['events', 'generate', 'sns', 'notification', '--message', 'example message', '--subject', 's'])).stdout).Records[0].Sns;
    expect([sns.Message, sns.Subject]).toEqual(['example message', 's']);
    const kinesis = JSON.parse((await cli(['events', 'generate', 'kinesis', 'get-records', '--data', 'Hello, this is a test 123.', '--partition-key', 'partitionKey-03'])).stdout).Records[0].kinesis;
    expect([kinesis.data, kinesis.partitionKey]).toEqual(['SGVsbG8sIHRoaXMgaXMgYSB0ZXN0IDEyMy4=', 'partitionKey-03']);
    const firehose = JSON.parse((await cli(['events', 'generate', 'kinesis', 'kinesis-firehose', '--data', 'SGVsbG8sIHRoaXMgaXMgYSB0ZXN0IDEyMy4='])).stdout);
    expect(firehose.records[0].data).toBe('SGVsbG8sIHRoaXMgaXMgYSB0ZXN0IDEyMy4=');
    const modify = JSON.parse((await cli(['events', 'generate', 'dynamodb', 'update', '--event-name', 'MODIFY'])).stdout).Records;
    expect(modify.map((r: { eventName: string }) => r.eventName)).toEqual(['MODIFY']);
    const create = JSON.parse((await cli(['events', 'generate', 'cloudformation', 'create-request', '--stack', 'Shop'])).stdout);
    expect([create.RequestType, create.StackId.split('/')[1]]).toEqual(['Create', 'Shop']);
    const sequenced = JSON.parse((await cli(['events', 'generate', 'kinesis', 'get-records', '--sequence', '7'])).stdout).Records[0];
    expect([sequenced.kinesis.sequenceNumber, sequenced.eventID]).toEqual(['7', 'shardId-000000000000:7']);
  });

  it('schedule', async () => {
    const { stdout } = await cli(['events', 'generate', 'schedule', '--rule', 'nightly']);
    expect(JSON.parse(stdout)).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', region: 'eu-west-1', resources: ['arn:aws:events:eu-west-1:123456789012:rule/nightly'] });
  });

  it('scheduler: what an EventBridge Scheduler schedule sends, its detail the string "{}"', async () => {
    const { stdout } = await cli(['events', 'generate', 'scheduler', '--schedule', 'jobs/nightly']);
    const event = JSON.parse(stdout);
    expect(Object.keys(event)).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    expect(event).toMatchObject({ source: 'aws.scheduler', 'detail-type': 'Scheduled Event', region: 'eu-west-1', resources: ['arn:aws:scheduler:eu-west-1:123456789012:schedule/jobs/nightly'], detail: '{}' });
  });

  it('cloudformation: a custom resource request, and a request type CloudFormation never sends refused', async () => {
    const { stdout } = await cli(['events', 'generate', 'cloudformation', '--request-type', 'Delete', '--resource-type', 'Custom::Thing', '--logical-id', 'Thing', '--function-name', 'maker', '--properties', '{"Size":3}']);
    expect(JSON.parse(stdout)).toMatchObject({ RequestType: 'Delete', ResourceType: 'Custom::Thing', LogicalResourceId: 'Thing', PhysicalResourceId: 'my-physical-resource-id', ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:maker', Size: '3' } });
    const bad = await cli(['events', 'generate', 'cloudformation', '--request-type', 'Remove']);
    expect([bad.code, bad.stderr]).toEqual([2, 'error: --request-type Remove is not one CloudFormation sends: Create, Update or Delete\n']);
  });

  it('appsync: the context object AppSync sends a direct Lambda resolver', async () => {
    const { stdout } = await cli(['events', 'generate', 'appsync', '--type-name', 'Mutation', '--field-name', 'createTodo', '--arguments', '{"title":"x"}']);
    const event = JSON.parse(stdout);
    expect(Object.keys(event)).toEqual(['arguments', 'identity', 'source', 'request', 'prev', 'info', 'stash']);
    expect(event).toMatchObject({ arguments: { title: 'x' }, identity: null, info: { parentTypeName: 'Mutation', fieldName: 'createTodo' } });
    expect(event.request.headers.host).toMatch(/^[a-z0-9]{26}\.appsync-api\.eu-west-1\.amazonaws\.com$/);
  });

  it('an S3 event type as the template lists it (s3:ObjectRemoved:Delete) is the record\'s eventName', async () => {
    const { stdout } = await cli(['events', 'generate', 's3', '--event-name', 's3:ObjectRemoved:Delete', '--bucket', 'b']);
    expect(JSON.parse(stdout).Records[0]).toMatchObject({ eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'b' } } });
  });

  it('an SQS message body and queue', async () => {
    const { stdout } = await cli(['events', 'generate', 'sqs', '--body', 'hello', '--queue', 'jobs']);
    expect(JSON.parse(stdout).Records[0]).toMatchObject({ body: 'hello', eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:jobs' });
  });

  it("an SQS message's group (a fair queue's tenant), and the option refused for another kind", async () => {
    const { stdout } = await cli(['events', 'generate', 'sqs', '--message-group-id', 'blue', '--queue', 'jobs']);
    expect(JSON.parse(stdout).Records[0].attributes.MessageGroupId).toBe('blue');
    const sns = await cli(['events', 'generate', 'sns', '--message-group-id', 'blue']);
    expect([sns.code, sns.stderr]).toEqual([2, expect.stringContaining('--message-group-id')]);
  });

  it('a queue, topic or rule given by ARN: the event comes from its region and account', async () => {
    const sqs = JSON.parse((await cli(['events', 'generate', 'sqs', '--queue', 'arn:aws:sqs:ap-south-1:111122223333:q.fifo'])).stdout).Records[0];
    expect(sqs).toMatchObject({ eventSourceARN: 'arn:aws:sqs:ap-south-1:111122223333:q.fifo', awsRegion: 'ap-south-1', attributes: { MessageGroupId: '1' } });
    expect(Object.keys(sqs.attributes)).toEqual(expect.arrayContaining(['MessageGroupId', 'MessageDeduplicationId', 'SequenceNumber']));
    const sns = JSON.parse((await cli(['events', 'generate', 'sns', '--topic', 'arn:aws:sns:ap-south-1:111122223333:t', '--region', 'us-west-2'])).stdout).Records[0];
    expect(sns.Sns.SigningCertUrl).toMatch(/^https:\/\/sns\.ap-south-1\.amazonaws\.com\//);
    expect(sns.Sns.UnsubscribeUrl).toBe(`https://sns.ap-south-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${sns.EventSubscriptionArn}`);
    const schedule = JSON.parse((await cli(['events', 'generate', 'schedule', '--rule', 'arn:aws:events:ap-south-1:111122223333:rule/r'])).stdout);
    expect(schedule).toMatchObject({ region: 'ap-south-1', account: '111122223333', resources: ['arn:aws:events:ap-south-1:111122223333:rule/r'] });
  });

  it('a Kinesis record of a stream, its data base64, and a KEYS_ONLY DynamoDB record of a table\'s key schema', async () => {
    const kinesis = JSON.parse((await cli(['events', 'generate', 'kinesis', '--stream', 'orders', '--body', 'hi', '--partition-key', 'user-7'])).stdout).Records[0];
    expect(kinesis).toMatchObject({ eventSource: 'aws:kinesis', eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders', kinesis: { data: 'aGk=', partitionKey: 'user-7' } });
    const ddb = JSON.parse((await cli(['events', 'generate', 'dynamodb', '--table', 'things', '--key-schema', 'pk:S,sk:N', '--view-type', 'KEYS_ONLY'])).stdout).Records[0];
    expect(Object.keys(ddb.dynamodb)).toEqual(['ApproximateCreationDateTime', 'Keys', 'StreamViewType', 'SequenceNumber', 'SizeBytes']);
    expect(ddb.dynamodb).toMatchObject({ Keys: { pk: { S: '1' }, sk: { N: '1' } }, StreamViewType: 'KEYS_ONLY' });
  });

  it('an email a receipt rule hands its Lambda action: --from, --to and --subject in its headers and receipt', async () => {
    const { code, stdout } = await cli(['events', 'generate', 'ses', '--from', 'Ann <ann@example.org>', '--to', 'orders@example.com', '--subject', 'Order 7']);
    const { ses } = JSON.parse(stdout).Records[0];
    expect([code, ses.mail.source, ses.mail.commonHeaders.from, ses.mail.commonHeaders.subject, ses.receipt.recipients, ses.receipt.action.type]).toEqual([0, 'ann@example.org', ['Ann <ann@example.org>'], 'Order 7', ['orders@example.com'], 'Lambda']);
  });

  it('an S3 object deletion has no size or eTag', async () => {
    const { stdout } = await cli(['events', 'generate', 's3', '--event-name', 'ObjectRemoved:Delete']);
    expect(Object.keys(JSON.parse(stdout).Records[0].s3.object).sort()).toEqual(['key', 'sequencer']);
  });

  it.each<[string[], number, RegExp]>([
    [['events', 'generate', 'websocket'], 2, /^error: Unknown event kind 'websocket': did you mean apigw-websocket\?\nKinds: apigw-rest, http-api, alb, function-url, apigw-websocket, sqs, sns, s3, eventbridge, schedule, scheduler, cloudformation, appsync, dynamodb, kinesis, cloudwatch-logs, cognito, kafka, activemq, rabbitmq, iot, firehose, ses\n$/],
    [['events', 'generate', 'alexa-skill'], 2, /^error: Unknown event kind 'alexa-skill'\nKinds: apigw-rest, http-api, alb, function-url, apigw-websocket, sqs, sns, s3, eventbridge, schedule, scheduler, cloudformation, appsync, dynamodb, kinesis, cloudwatch-logs, cognito, kafka, activemq, rabbitmq, iot, firehose, ses\n$/],
    // SAM CLI's events with no kind here say so, with the kinds there are.
    [['events', 'generate', 'alexa-skills-kit', 'start-session'], 2, /^error: 'alexa-skills-kit start-session' is SAM CLI's name for an event pylambda has no kind for\nKinds: apigw-rest, http-api, alb, function-url, apigw-websocket, sqs, sns, s3, eventbridge, schedule, scheduler, cloudformation, appsync, dynamodb, kinesis, cloudwatch-logs, cognito, kafka, activemq, rabbitmq, iot, firehose, ses\n$/],
    [['events', 'generate', 's3', 'batch-invocation'], 2, /^error: 's3 batch-invocation' is SAM CLI's name for an event pylambda has no kind for\nOf SAM CLI's s3 events, pylambda generates s3 put, s3 delete\nKinds: apigw-rest, http-api, /],
    [['events', 'generate', 'cognito', 'sync-trigger'], 2, /^error: 'cognito sync-trigger' is SAM CLI's name for an event pylambda has no kind for \(Cognito Sync's trigger, not a user pool's \(the cognito kind\)\)\nKinds: apigw-rest, http-api, alb, function-url, apigw-websocket, sqs, sns, s3, eventbridge, schedule, scheduler, cloudformation, appsync, dynamodb, kinesis, cloudwatch-logs, cognito, kafka, activemq, rabbitmq, iot, firehose, ses\n$/],
    [['events', 'generate'], 2, /^error: Missing the event kind\n/],
    [['events', 'generate', 'ses', '--to', 'nobody'], 2, /^error: --to must be an email address, or Name <address>, not 'nobody'\n$/],
    [['events', 'generate', 'kinesis', '--queue', 'q'], 2, /^error: --queue does not apply to kinesis events\nkinesis takes --stream, --body, --data, --partition-key, --sequence, --region\n$/],
    [['events', 'generate', 'dynamodb', '--view-type', 'ALL'], 2, /^error: --view-type must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, not 'ALL'\n$/],
    [['events', 'generate', 'dynamodb', '--view-type', 'KEYS_ONLY', '--new-image', '{"pk":"a"}'], 2, /^error: --new-image does not apply to a KEYS_ONLY stream: its records carry no NewImage\n--view-type NEW_IMAGE or NEW_AND_OLD_IMAGES writes one\n$/],
    [['events', 'generate', 'dynamodb', '--key-schema', 'pk'], 2, /^error: --key-schema must be one or two NAME:TYPE pairs, like pk:S,sk:N \(TYPE S, N or B\), not 'pk'\n$/],
    // SAM CLI's flags: what they take here, and where they do not apply.
    [['events', 'generate', 'apigateway', 'aws-proxy', '--stage', 'prod/x'], 2, /^error: --stage 'prod\/x' is not a stage name API Gateway takes \(up to 128 of letters, digits, - and _\)\n$/],
    [['events', 'generate', 'apigateway', 'http-api-proxy', '--stage', ''], 2, /^error: --stage was given an empty value \(an unset shell variable\?\): give it NAME, or leave it out\n/],
    [['events', 'generate', 's3', 'put', '--dns-suffix', 'us-east-1.amazonaws.com'], 2, /^error: --dns-suffix does not apply to s3 put\ns3 put takes --region, --partition, --bucket, --key \(SAM CLI's\), and the flags of s3\n$/],
    [['events', 'generate', 's3', 'put', '--stage', 'prod'], 2, /^error: --stage does not apply to s3 events\ns3 takes --bucket, --key, --event-name, --region\n$/],
    [['events', 'generate', 's3', 'put', '--event-name', 'ObjectRemoved:Delete'], 2, /^error: 's3 put' is s3 --event-name ObjectCreated:Put, not ObjectRemoved:Delete\nFor that: pylambda events generate s3 --event-name ObjectRemoved:Delete\n$/],
    [['events', 'generate', 's3', 'put', '--table', 'T'], 2, /^error: --table does not apply to s3 events\ns3 takes --bucket, --key, --event-name, --region\n$/],
    [['events', 'generate', 's3', '--partition', 'aws'], 2, /^error: --partition is SAM CLI's flag, taken with its event names \(pylambda events generate s3 put \.\.\.\)\nKinds: apigw-rest, /],
    [['events', 'generate', 'sqs', '--account-id', '1234'], 2, /^error: --account-id must be an AWS account id, 12 digits, not '1234'\n$/],
    [['events', 'generate', 'kinesis', 'get-records', '--sequence', '01'], 2, /^error: --sequence must be a record's sequence number, up to 129 decimal digits, not '01'\n$/],
    [['events', 'generate', 'cloudformation', 'create-request', '--stack', 'my_stack'], 2, /^error: --stack 'my_stack' is not a stack name CloudFormation takes \(a letter, then up to 127 of letters, digits and -\)\n$/],
    [['events', 'generate', 'dynamodb', 'update', '--event-name', 'INSERT,INSERT'], 2, /^error: an INSERT cannot follow INSERT: the item is there, and its change is a MODIFY\n$/],
    [['events', 'generate', 'dynamodb', '--stream', 'orders'], 2, /^error: --stream for dynamodb is a table's stream ARN, like arn:aws:dynamodb:us-east-1:123456789012:table\/my-table\/stream\/2024-01-01T00:00:00.000, not 'orders'\n--table names the table\n$/],
    [['events', 'generate', 'apigateway'], 2, /^error: 'apigateway' is SAM CLI's service, whose events are authorizer, aws-proxy, http-api-proxy, request-authorizer: pylambda generates apigateway aws-proxy, apigateway http-api-proxy\npylambda events generate apigateway aws-proxy\nKinds: apigw-rest, /],
    [['events', 'generate', 'lex'], 2, /^error: 'lex' is SAM CLI's service, whose events are book-car, book-hotel, make-appointment, order-flowers: pylambda generates none of them\nKinds: apigw-rest, /],
    [['events', 'generate', 'SQS'], 2, /^error: Unknown event kind 'SQS': did you mean sqs\?\nKinds: /],
    [['events', 'generate', 'sqs', 'extra'], 2, /^error: Unexpected argument 'extra': SAM CLI's sqs events here are sqs receive-message\n/],
    [['events', 'generate', 's3', 'get'], 2, /^error: Unexpected argument 'get': SAM CLI's s3 events here are s3 put, s3 delete\nUsage: pylambda events generate <kind> \[options\]\n$/],
    [['events', 'generate', 'eventbridge', 'x'], 2, /^error: Unexpected argument 'x'\nUsage: /],
    [['events', 'generate', 'apigw-rest', '--resource', 'POST /items/{id}', '--path', '/items/42', '--method', 'GET'], 2, /^error: --method GET does not match the method of --resource 'POST \/items\/\{id\}'\n/],
    [['events', 'generate', 'http-api', '--resource', 'POST /items/{id}', '--method', 'GET'], 2, /^error: --method GET does not match the method of --resource 'POST \/items\/\{id\}'\nGive --method POST, or leave it out\.\n$/],
    [['events', 'list'], 2, /^error: Unknown events subcommand 'list'\n/],
    [['events', 'generat', 'sqs'], 2, /^error: Unknown events subcommand 'generat': did you mean generate\?\n/],
    [['INVOKE'], 2, /^error: Unknown command 'INVOKE': did you mean invoke\?\n/],
    // Names every object inherits are no command or kind (they were: an internal error, a SAM spelling of `function Object()`).
    [['constructor'], 2, /^error: Unknown command 'constructor'\n/],
    [['events', 'generate', 'constructor'], 2, /^error: Unknown event kind 'constructor'\nKinds: /],
    [['events', 'generate', 'toString'], 2, /^error: Unknown event kind 'toString'\nKinds: /],
    [['events', 'generate', 'http-api', '--query', 'novalue'], 2, /^error: --query 'novalue' is not key=value \(a name, '=', then the value, which may be empty: flag=\)\n$/],
    [['events', 'generate', 'sqs', '--queue', 'my queue'], 2, /^error: --queue 'my queue' is not a name the service takes \(up to 80 of letters, digits, - and _ \(a FIFO queue's ends in \.fifo\)\), nor an ARN like arn:aws:sqs:us-east-1:123456789012:my-queue\n$/],
    [['events', 'generate', 'kinesis', '--stream', 'clicks/v2'], 2, /^error: --stream 'clicks\/v2' is not a name the service takes \(up to 128 of letters, digits, \. - and _\), nor an ARN like /],
    [['events', 'generate', 'http-api', '--method', 'FOO'], 2, /^error: --method 'FOO' is not one an API Gateway HTTP API takes: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS\n$/],
    [['events', 'generate', 'apigw-rest', '--method', 'any'], 2, /^error: --method 'ANY' is not one an API Gateway REST API takes: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS \(ANY is a route's method, matching each of them: a request has one\)\n$/],
    [['events', 'generate', 'function-url', '--method', 'TRACE'], 2, /^error: --method 'TRACE' is not one a function URL takes: GET, /],
    [['events', 'generate', 'alb', '--method', 'X'.repeat(41)], 2, /^error: --method 'X{41}' is not a method an Application Load Balancer takes: up to 40 of A-Z, - and _ \(GET, POST \.\.\.\)\n$/],
    [['events', 'generate', 'http-api', '--path', '/a b'], 2, /^error: --path '\/a b' holds a space or a control character: write it %-escaped, as a client sends it \(a space is %20\)\n$/],
    [['events', 'generate', 'apigw-rest', '--path', '/page#top'], 2, /^error: --path '\/page#top' holds a '#': a fragment is the client's and is never sent \(write %23 for a '#' in the path\)\n$/],
    [['events', 'generate', 'alb', '--path', '/100%'], 2, /^error: --path '\/100%' has a '%' that starts no escape \(%XX, two hex digits\): write %25 for a '%'\n$/],
    [['events', 'generate', 'http-api', '--query', '=v'], 2, /^error: --query '=v' is not key=value /],
    [['events', 'generate', 'http-api', '--body', 'abc', '--header', 'Content-Length: 9'], 2, /^error: --header 'Content-Length: 9' does not count --body, which has 3 bytes: leave the header out \(it is written for the body\), or give 3\n$/],
    [['events', 'generate', 'alb', '--path', 'relative'], 2, /^error: --path must start with '\/' \(got 'relative'\)\n$/],
    // Which option, what it was given and JSON it takes, quoted for the shell (which eats an unquoted value's quotes).
    [['events', 'generate', 'eventbridge', '--detail', '{id:1}'], 2, /^error: --detail must be JSON, like --detail '\{"id": "1"\}', not '\{id:1\}' \(Expected property name or '\}' in JSON at position 1\)\n$/],
    [['events', 'generate', 'appsync', '--arguments', 'nope'], 2, /^error: --arguments must be JSON, like --arguments '\{"id": "1"\}', not 'nope' \(Unexpected token 'o'\)\n$/],
    [['events', 'generate', 'iot', '--body', 'nope'], 2, /^error: --body must be JSON, like --body '\{"temperature": 21\}', not 'nope' \(Unexpected token 'o'\)\n$/],
    [['events', 'generate', 'cognito', '--user-attributes', 'email=a'], 2, /^error: --user-attributes must be JSON, like --user-attributes '\{"email": "ada@example.com"\}', not 'email=a' \(Unexpected token 'e'\)\n$/],
    [['events', 'generate', 'cloudformation', '--properties', `{"Size": "${'3'.repeat(70)}`], 2, /^error: --properties must be JSON, like --properties '\{"Size": "3"\}', not '\{"Size": "3{50}\.\.\.' \(Unterminated string in JSON at position 80\)\n$/],
    [['events', 'generate', 'dynamodb', '--keys', 'pk=a'], 2, /^error: --keys must be JSON, like --keys '\{"pk": "a"\}', not 'pk=a' \(Unexpected token 'p'\)\n$/],
    [['events', 'generate', 'dynamodb', '--new-image', '['], 2, /^error: --new-image must be JSON, like --new-image '\{"pk": "a", "count": 1\}', not '\[' \(Unexpected end of JSON input\)\n$/],
    [['events', 'generate', 'dynamodb', '--event-name', 'UPSERT'], 2, /^error: --event-name for dynamodb must be INSERT, MODIFY or REMOVE, or several of them in turn \(INSERT,MODIFY,REMOVE\), not 'UPSERT'\n$/],
    [['events', 'generate', 'dynamodb', '--event-name', 'INSERT,MODFY'], 2, /^error: --event-name for dynamodb must be INSERT, MODIFY or REMOVE, or several of them in turn \(INSERT,MODIFY,REMOVE\), not 'MODFY' \(in INSERT,MODFY\)\n$/],
    [['events', 'generate', 's3', '--event-name', 'Frobnicate'], 2, /^error: --event-name for s3 must be an S3 event type, like ObjectCreated:Put, not 'Frobnicate'\nS3 event types: ObjectCreated:Put, ObjectCreated:Post, .*, ObjectAcl:Put\n$/],
    [['events', 'generate', 's3', '--event-name', 's3:ObjectCreated:*'], 2, /^error: --event-name for s3 must be an S3 event type, like ObjectCreated:Put, not 's3:ObjectCreated:\*' \(a record names one event, never a wildcard\)\nS3 event types: ObjectCreated:Put, ObjectCreated:Post, ObjectCreated:Copy, ObjectCreated:CompleteMultipartUpload\n$/],
    [['events', 'generate', 'sqs', '--bucket', 'x', '--event-name', 'INSERT'], 2, /^error: --bucket, --event-name do not apply to sqs events\nsqs takes --body, --queue, --message-group-id, --region\n$/],
    [['events', 'generate', 'schedule', '--body', 'x'], 2, /^error: --body does not apply to schedule events\nschedule takes --rule, --region\n$/],
    [['events', 'generate', 'sqs', '--method', 'GET'], 2, /^error: --method does not apply to sqs events\nsqs takes --body, --queue, --message-group-id, --region\n$/],
    [['events', 'generate', 'http-api', '--header', 'nocolon'], 2, /^error: --header 'nocolon' is not Name:value\n$/],
    [['events', 'generate', 'http-api', '--header', 'a b: v'], 2, /^error: --header 'a b: v': 'a b' is not a header name \(/],
    [['events', 'generate', 'apigw-rest', '--method', 'FOO BAR'], 2, /^error: --method 'FOO BAR' is not an HTTP method\n$/],
    [['events', 'generate', 'function-url', '--path', 'noslash'], 2, /^error: --path must start with '\/' \(got 'noslash'\)\n$/],
    [['events', 'generate', 'eventbridge', '--detail', '[1]'], 2, /^error: --detail must be a JSON object, like \{"id": "1"\}, not an array \(EventBridge's detail is always one\)\n$/],
    [['events', 'generate', 'eventbridge', '--detail', '"x"'], 2, /^error: --detail must be a JSON object, like \{"id": "1"\}, not a string /],
    [['events', 'generate', 'dynamodb', '--event-name', 'REMOVE', '--new-image', '{"pk":"a"}'], 2, /^error: --new-image does not apply to REMOVE records: a REMOVE stream record has no NewImage, only OldImage \(the item as it was\)\n--keys sets/],
    [['events', 'generate', 'schedule', '--rule', 'arn:aws:sqs:eu-west-1:111122223333:q'], 2, /^error: --rule 'arn:aws:sqs:eu-west-1:111122223333:q' is not a name or an ARN like arn:aws:events:us-east-1:123456789012:rule\/my-schedule\n$/],
    [['events', 'generate', 'appsync', '--arguments', '[1]'], 2, /^error: --arguments must be a JSON object, like \{"id": "1"\}, not an array \(AppSync's arguments are one\)\n$/],
    [['events', 'generate', 'scheduler', '--schedule', 'arn:aws:events:eu-west-1:111122223333:rule/r'], 2, /^error: --schedule 'arn:aws:events:eu-west-1:111122223333:rule\/r' is not a name or an ARN like arn:aws:scheduler:us-east-1:123456789012:schedule\/default\/my-schedule\n$/],
    [['events', 'generate', 'sqs', '--queue', 'arn:aws:sqs:eu-west-1:q'], 2, /^error: --queue 'arn:aws:sqs:eu-west-1:q' is not a name or an ARN like /],
    [['events', 'generate', 'sns', '--topic', 'arn:aws:sqs:eu-west-1:111122223333:t'], 2, /^error: --topic 'arn:aws:sqs:eu-west-1:111122223333:t' is not a name or an ARN like /],
  ])('%j fails clearly', async (argv, exitCode, message) => {
    const { code, stderr } = await cli(argv);
    expect(code).toBe(exitCode);
    expect(stderr).toMatch(message);
  });
});
