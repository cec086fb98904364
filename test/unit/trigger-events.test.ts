import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cloudWatchLogsEvent } from '../../src/core/events/sources/cloudwatch-logs.js';
import { COGNITO_TRIGGERS, cognitoEvent, cognitoTrigger, type CognitoTrigger } from '../../src/core/events/sources/cognito.js';
import { kafkaEvent } from '../../src/core/events/sources/kafka.js';
import { activeMqEvent, rabbitMqEvent } from '../../src/core/events/sources/amazon-mq.js';
import { customResourceEvent } from '../../src/core/events/sources/cloudformation.js';
import { firehoseEvent } from '../../src/core/events/sources/delivery.js';
import { sesEvent } from '../../src/core/events/sources/email.js';
import type { GenerateContext } from '../../src/core/events/sources/context.js';
import { FIXTURES } from '../helpers.js';
import { keyPaths } from '../keyset.js';

let n = 0;
const ctx: GenerateContext = { nowMs: Date.UTC(2024, 0, 31, 12, 0, 0), newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, region: 'eu-west-1', accountId: '123456789012' };
const powertools = (name: string) => JSON.parse(readFileSync(`${FIXTURES}events/powertools-lambda-python/${name}`, 'utf8'));
const go = (name: string) => JSON.parse(readFileSync(`${FIXTURES}events/aws-lambda-go/${name}`, 'utf8'));
const withoutDmarcPolicy = (event: { Records: Array<{ ses: { receipt: Record<string, unknown> } }> }) => {
  delete event.Records[0]!.ses.receipt.dmarcPolicy;
  return event;
};
const logDocument = (event: { awslogs: { data: string } }) => JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));

describe('generated events have the keys of the real ones', () => {
  it.each<[string, unknown, unknown, string[]]>([
    ['kafka (MSK)', kafkaEvent(ctx), powertools('kafkaEventMsk.json'), ['records[][].headers[]']],
    ['kafka (self-managed)', kafkaEvent(ctx, { bootstrapServers: 'b-1.example.com:9092' }), powertools('kafkaEventSelfManaged.json'), ['records[][].headers[]']],
    ['activemq', activeMqEvent(ctx), go('activemq-event.json'), ['messages[].properties']],
    ['rabbitmq', rabbitMqEvent(ctx), powertools('rabbitMQEvent.json'), ['rmqMessagesByQueue[][].basicProperties.headers']],
    ['cloudformation Create', customResourceEvent(ctx), powertools('cloudformationCustomResourceCreate.json'), ['ResourceProperties']],
    ['cloudformation Update', customResourceEvent(ctx, { requestType: 'Update' }), powertools('cloudformationCustomResourceUpdate.json'), ['ResourceProperties', 'OldResourceProperties']],
    ['cloudformation Delete', customResourceEvent(ctx, { requestType: 'Delete' }), powertools('cloudformationCustomResourceDelete.json'), ['ResourceProperties']],
    ['firehose', firehoseEvent(ctx), powertools('kinesisFirehosePutEvent.json'), []],
    // A mail that passes DMARC has no dmarcPolicy (SES developer guide); Powertools' sample has one all the same.
    ['ses', sesEvent(ctx), withoutDmarcPolicy(powertools('sesEvent.json')), []],
  ])('%s', (_kind, generated, real, opaque) => {
    // Records grouped by topic-partition or queue: the groups' names are data, their records' keys are compared.
    const grouped = (event: unknown) => JSON.parse(JSON.stringify(event, (key, value) => (key === 'records' && !Array.isArray(value)) || key === 'rmqMessagesByQueue' ? Object.values(value) : value));
    expect(keyPaths(grouped(generated), opaque)).toEqual(keyPaths(grouped(real), opaque));
  });

  it('cloudwatch-logs: awslogs.data, and the document it holds', () => {
    const real = powertools('cloudWatchLogEvent.json');
    const event = cloudWatchLogsEvent(ctx);
    expect(keyPaths(event)).toEqual(keyPaths(real));
    expect(keyPaths(logDocument(event))).toEqual(keyPaths(logDocument(real)));
  });

  // Powertools' samples of each trigger; their `response` is empty where Cognito sends the keys the function may set.
  const SAMPLES: Readonly<Record<CognitoTrigger, string>> = {
    PreSignUp: 'cognitoPreSignUpEvent.json', PostConfirmation: 'cognitoPostConfirmationEvent.json', PreAuthentication: 'cognitoPreAuthenticationEvent.json',
    PostAuthentication: 'cognitoPostAuthenticationEvent.json', PreTokenGeneration: 'cognitoPreTokenGenerationEvent.json', CustomMessage: 'cognitoCustomMessageEvent.json',
    DefineAuthChallenge: 'cognitoDefineAuthChallengeEvent.json', CreateAuthChallenge: 'cognitoCreateAuthChallengeEvent.json',
    VerifyAuthChallengeResponse: 'cognitoVerifyAuthChallengeResponseEvent.json', UserMigration: 'cognitoUserMigrationEvent.json',
    CustomEmailSender: 'cognitoCustomEmailSenderEvent.json', CustomSMSSender: 'cognitoCustomSMSSenderEvent.json',
  };
  // Only there when the app passed ClientMetadata.
  const ASIDE = /^(response\.|request\.clientMetadata)/;
  it.each(Object.keys(SAMPLES) as CognitoTrigger[])('cognito %s: the trigger source, request and common keys of the real one', (trigger) => {
    const real = powertools(SAMPLES[trigger]);
    // Named by trigger, the event is the trigger's commonest call; by the sample's trigger source (CustomMessage_AdminCreateUser), that call.
    expect(cognitoEvent(ctx, { trigger }).triggerSource).toBe(COGNITO_TRIGGERS[trigger].source);
    const event = cognitoEvent(ctx, { trigger: real.triggerSource });
    // Powertools' CustomMessage and sender samples spell callerContext.awsSdk, which its own model refuses (it
    // requires awsSdkVersion, as its other samples and aws-lambda-go's have it).
    const keys = (e: unknown) => keyPaths(e, ['request.userAttributes']).filter((k) => !ASIDE.test(k)).map((k) => k.replace(/^callerContext\.awsSdk$/, 'callerContext.awsSdkVersion')).sort();
    expect(keys(event)).toEqual(keys(real));
    expect(event.triggerSource).toBe(real.triggerSource);
  });

  // aws-lambda-go's samples have the response keys, set as a function would.
  it.each<[CognitoTrigger, string]>([
    ['PreSignUp', 'cognito-event-userpools-presignup.json'],
    ['CustomMessage', 'cognito-event-userpools-custommessage.json'],
    ['DefineAuthChallenge', 'cognito-event-userpools-define-auth-challenge.json'],
    ['CreateAuthChallenge', 'cognito-event-userpools-create-auth-challenge.json'],
    ['VerifyAuthChallengeResponse', 'cognito-event-userpools-verify-auth-challenge.json'],
  ])('cognito %s: the response keys the function sets', (trigger, file) => {
    expect(Object.keys(cognitoEvent(ctx, { trigger }).response ?? {}).sort()).toEqual(Object.keys(go(file).response).sort());
  });
});

describe('cloudwatch-logs', () => {
  it('the log group, one log event per message in order, the account as owner', () => {
    const document = logDocument(cloudWatchLogsEvent(ctx, { logGroup: '/aws/lambda/orders', messages: ['one', 'two'] }));
    expect(document).toMatchObject({ messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup: '/aws/lambda/orders', subscriptionFilters: ['my-subscription-filter'] });
    expect(document.logStream).toMatch(/^2024\/01\/31\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(document.logEvents.map((e: { message: string; timestamp: number; id: string }) => [e.message, e.timestamp, e.id.length])).toEqual([['one', ctx.nowMs, 56], ['two', ctx.nowMs + 1, 56]]);
  });

  it('refuses a log group name CloudWatch refuses', () => {
    expect(() => cloudWatchLogsEvent(ctx, { logGroup: 'a b' })).toThrow("--log-group must be a log group name (1-512 of letters, digits and . - _ / #), not 'a b'");
  });
});

describe('cognito', () => {
  it.each<[string, { trigger: CognitoTrigger; source: string } | undefined]>([
    ['PreSignUp', { trigger: 'PreSignUp', source: 'PreSignUp_SignUp' }],
    ['PreSignUp_AdminCreateUser', { trigger: 'PreSignUp', source: 'PreSignUp_AdminCreateUser' }],
    ['TokenGeneration_RefreshTokens', { trigger: 'PreTokenGeneration', source: 'TokenGeneration_RefreshTokens' }],
    ['CustomMessage_ForgotPassword', { trigger: 'CustomMessage', source: 'CustomMessage_ForgotPassword' }],
    ['UserMigration', { trigger: 'UserMigration', source: 'UserMigration_Authentication' }],
    ['presignup', undefined],
    ['Nope_SignUp', undefined],
    // A name every object inherits is no trigger (it was read as one, and made an event without a triggerSource).
    ['constructor', undefined],
    ['toString', undefined],
  ])('%s', (name, expected) => {
    expect(cognitoTrigger(name)).toEqual(expected);
  });

  it('the pool\'s region, attributes given, a migrating user without attributes', () => {
    const event = cognitoEvent(ctx, { trigger: 'PreSignUp', userPool: 'ap-south-1_Abc123', userAttributes: { email: 'a@b.c' } });
    expect(event).toMatchObject({ version: '1', region: 'ap-south-1', userPoolId: 'ap-south-1_Abc123', request: { userAttributes: { email: 'a@b.c' } }, response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false } });
    expect(cognitoEvent(ctx, { trigger: 'UserMigration' }).request).toEqual({ password: 'Passw0rd!' });
    expect(Object.keys(COGNITO_TRIGGERS)).toHaveLength(12);
  });

  it.each([
    [{ trigger: 'Signup' }, "--trigger must be a Cognito user pool trigger or a trigger source, not 'Signup'"],
    [{ userPool: 'my pool' }, "--user-pool must be a user pool id like us-east-1_EXAMPLE12, not 'my pool'"],
  ])('refuses %j', (options, message) => {
    expect(() => cognitoEvent(ctx, options)).toThrow(message);
  });
});

describe('kafka', () => {
  it('MSK: the cluster\'s ARN and brokers in its region, the record\'s key and value in base64 under topic-partition', () => {
    const event = kafkaEvent(ctx, { cluster: 'arn:aws:kafka:us-west-2:111122223333:cluster/orders/abcd-1', topic: 'orders', value: '{"n":1}', key: 'k' });
    expect(event).toMatchObject({ eventSource: 'aws:kafka', eventSourceArn: 'arn:aws:kafka:us-west-2:111122223333:cluster/orders/abcd-1' });
    expect(event.bootstrapServers).toBe('b-1.orders.abc123.c2.kafka.us-west-2.amazonaws.com:9092,b-2.orders.abc123.c2.kafka.us-west-2.amazonaws.com:9092');
    expect(event.records).toEqual({ 'orders-0': [{ topic: 'orders', partition: 0, offset: 0, timestamp: ctx.nowMs, timestampType: 'CREATE_TIME', key: 'aw==', value: 'eyJuIjoxfQ==', headers: [] }] });
    expect(kafkaEvent(ctx, { cluster: 'sales' }).eventSourceArn).toMatch(/^arn:aws:kafka:eu-west-1:123456789012:cluster\/sales\/00000000-0000-4000-8000-\d{12}-1$/);
  });

  it('self-managed: SelfManagedKafka, the brokers given, no ARN', () => {
    const event = kafkaEvent(ctx, { bootstrapServers: 'k1.example.com:9092, k2.example.com:9092' });
    expect(event).toMatchObject({ eventSource: 'SelfManagedKafka', bootstrapServers: 'k1.example.com:9092,k2.example.com:9092' });
    expect(event).not.toHaveProperty('eventSourceArn');
  });

  it.each([
    [{ cluster: 'c', bootstrapServers: 'h:1' }, '--cluster and --bootstrap-servers both say where the records come from: give one'],
    [{ topic: 'a topic' }, "--topic must be a Kafka topic name (up to 249 of letters, digits, . _ -), not 'a topic'"],
    [{ bootstrapServers: 'host' }, "--bootstrap-servers must be host:port pairs separated by commas, not 'host'"],
    [{ cluster: 'arn:aws:sqs:us-east-1:123456789012:q' }, "--cluster 'arn:aws:sqs:us-east-1:123456789012:q' is not an MSK cluster name or an ARN like"],
  ])('refuses %j', (options, message) => {
    expect(() => kafkaEvent(ctx, options)).toThrow(message);
  });
});

describe('amazon mq', () => {
  it('activemq: the broker\'s ARN, the destination, the body in base64', () => {
    const event = activeMqEvent(ctx, { broker: 'arn:aws:mq:us-west-2:111122223333:broker:shop:b-1234', queue: 'orders', body: 'hi' });
    expect(event).toMatchObject({ eventSource: 'aws:mq', eventSourceArn: 'arn:aws:mq:us-west-2:111122223333:broker:shop:b-1234' });
    expect(event.messages[0]).toMatchObject({ messageType: 'jms/text-message', destination: { physicalName: 'orders' }, data: 'aGk=', redelivered: false });
    expect(event.messages[0]!.messageID).toMatch(/^ID:b-1234-1\.mq\.us-west-2\.amazonaws\.com-/);
  });

  it('rabbitmq: messages under queue::vhost, / unless given; the body\'s size', () => {
    expect(Object.keys(rabbitMqEvent(ctx, { queue: 'orders' }).rmqMessagesByQueue)).toEqual(['orders::/']);
    const event = rabbitMqEvent(ctx, { queue: 'orders::shop', body: 'hello' });
    const [message] = event.rmqMessagesByQueue['orders::shop']!;
    expect(message).toMatchObject({ data: 'aGVsbG8=', basicProperties: { bodySize: 5, timestamp: 'Jan 31, 2024, 12:00:00 PM' } });
  });

  it('refuses a broker that is not a name or a broker ARN', () => {
    expect(() => rabbitMqEvent(ctx, { broker: 'arn:aws:sqs:us-east-1:123456789012:q' })).toThrow("--broker 'arn:aws:sqs:us-east-1:123456789012:q' is not a broker name or an ARN like");
  });
});

describe('firehose', () => {
  it('the delivery stream\'s ARN and region, the data in base64', () => {
    const event = firehoseEvent(ctx, { stream: 'arn:aws:firehose:us-east-2:111122223333:deliverystream/logs', body: 'x' });
    expect(event).toMatchObject({ deliveryStreamArn: 'arn:aws:firehose:us-east-2:111122223333:deliverystream/logs', region: 'us-east-2', records: [{ data: 'eA==', approximateArrivalTimestamp: ctx.nowMs }] });
  });
});

describe('ses', () => {
  it('the sender, recipient and subject in the mail, its common headers, its headers and the receipt; the action invokes the function', () => {
    const { ses } = sesEvent(ctx, { from: 'Ann <ann@example.org>', to: 'orders@example.com', subject: 'Order 7', functionName: 'inbox' }).Records[0]!;
    expect(ses.mail).toMatchObject({ source: 'ann@example.org', destination: ['orders@example.com'], timestamp: '2024-01-31T12:00:00.000Z' });
    expect(ses.mail.commonHeaders).toMatchObject({ from: ['Ann <ann@example.org>'], to: ['orders@example.com'], returnPath: 'ann@example.org', subject: 'Order 7', date: 'Wed, 31 Jan 2024 12:00:00 +0000' });
    expect(ses.mail.headers.filter((h) => ['From', 'To', 'Subject', 'Return-Path'].includes(h.name))).toEqual([
      { name: 'Return-Path', value: '<ann@example.org>' }, { name: 'From', value: 'Ann <ann@example.org>' }, { name: 'Subject', value: 'Order 7' }, { name: 'To', value: 'orders@example.com' },
    ]);
    expect(ses.receipt.recipients).toEqual(['orders@example.com']);
    expect(ses.receipt.action).toEqual({ type: 'Lambda', invocationType: 'Event', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:inbox' });
  });

  it.each([['from', 'not an address'], ['to', 'a@b@c']])('refuses a --%s that is no address', (flag, value) => {
    expect(() => sesEvent(ctx, { [flag]: value })).toThrow(`--${flag} must be an email address, or Name <address>, not '${value}'`);
  });
});
