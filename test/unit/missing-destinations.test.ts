import { describe, expect, it } from 'vitest';
import { destinationName, failureDestinations, missingDestinations, templateTopics, type HeldNames } from '../../src/core/local-aws/missing-destinations.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { fnTemplate } from '../helpers.js';
import { line, read as readServerless } from './serverless-helpers.js';

/** dev --local-aws's start: the destinations of failures that name a queue, topic or bucket nobody has. */

const TEMPLATE = fnTemplate({
  resources: [
    'Dlq: { Type: AWS::SQS::Queue, Properties: { QueueName: my-dlq } }',
    'Alarms: { Type: AWS::SNS::Topic }',
    'Named: { Type: AWS::SNS::Topic, Properties: { TopicName: named-topic } }',
    'Clicks: { Type: AWS::Kinesis::Stream, Properties: { ShardCount: 1 } }',
  ],
  properties: [
    'EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: SQS, Destination: arn:aws:sqs:us-east-1:123456789012:faield } } }',
    'DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Dlq.Arn }',
  ],
  events: [
    'Stream: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: LATEST, DestinationConfig: { OnFailure: { Type: S3, Destination: arn:aws:s3:::lost-records } } } }',
    'Other: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: LATEST, DestinationConfig: { OnFailure: { Type: SNS, Destination: !Ref Alarms } } } }',
  ],
});

const read = () => {
  const { project, template } = readSamTemplate(TEMPLATE, { file: 'template.yaml' });
  return { project: project!, template: template! };
};

const held = (names: Partial<Record<keyof HeldNames, string[]>>): HeldNames => ({ sqs: new Set(names.sqs), sns: new Set(names.sns), s3: new Set(names.s3) });

const warning = (path: string, role: string, kind: string, name: string) => ({
  severity: 'warning', file: 'template.yaml', path,
  message: `the ${role}, the ${kind} '${name}', is neither declared in template.yaml nor held by the local AWS endpoint: what a failure sends there cannot be delivered (declare it, or correct the name)`,
});

describe('the destinations of failures', () => {
  it("are a function's asynchronous OnFailure destination and dead-letter queue, and its stream triggers' OnFailure destinations", () => {
    expect(failureDestinations(read().project).map((d) => [d.role, d.destination.type, destinationName(d.destination.arn), d.destination.path])).toEqual([
      ["OnFailure destination of Fn's asynchronous invocations", 'sqs', 'faield', 'Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnFailure.Destination'],
      ['dead-letter queue of Fn', 'sqs', 'my-dlq', 'Resources.Fn.Properties.DeadLetterQueue.TargetArn'],
      ["OnFailure destination of Fn's trigger Stream", 's3', 'lost-records', 'Resources.Fn.Properties.Events.Stream.Properties.DestinationConfig.OnFailure.Destination'],
      ["OnFailure destination of Fn's trigger Other", 'sns', 'Alarms', 'Resources.Fn.Properties.Events.Other.Properties.DestinationConfig.OnFailure.Destination'],
    ]);
  });

  it('leave out functions and EventBridge destinations, which are no resource of the endpoint', () => {
    const { project } = readSamTemplate(fnTemplate({
      properties: ['EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: EventBridge, Destination: arn:aws:events:us-east-1:123456789012:event-bus/default } } }'],
    }), { file: 'template.yaml' });
    expect(failureDestinations(project!)).toEqual([]);
  });

  it("are read from serverless.yml's destinations, onError and stream events too", () => {
    const { project } = readServerless(['service: s', 'provider: { name: aws, runtime: python3.12 }', 'functions:', '  fn:', '    handler: app.handler',
      '    destinations: { onFailure: "arn:aws:sns:us-east-1:123456789012:alerts" }', '    onError: arn:aws:sqs:us-east-1:123456789012:dlq',
      '    events:', "      - stream: { arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/Clicks', destinations: { onFailure: 'arn:aws:sqs:us-east-1:123456789012:gone' } }", ''].join('\n'));
    expect(failureDestinations(project!).map((d) => [d.role, destinationName(d.destination.arn), d.destination.path])).toEqual([
      ["OnFailure destination of fn's asynchronous invocations", 'alerts', 'functions.fn.destinations.onFailure'],
      ['dead-letter queue of fn', 'dlq', 'functions.fn.onError'],
      ["OnFailure destination of fn's trigger stream-1", 'gone', 'functions.fn.events[0].stream.destinations.onFailure'],
    ]);
  });
});

describe('missingDestinations: what neither the template nor the endpoint has', () => {
  it.each<[string, Partial<Record<keyof HeldNames, string[]>>, string[]]>([
    ['all held', { sqs: ['faield', 'my-dlq'], s3: ['lost-records'], sns: ['Alarms'] }, []],
    ['a misspelt queue and a bucket nobody made', { sqs: ['failed', 'my-dlq'], sns: ['Alarms'] }, ['faield', 'lost-records']],
    // A queue of that name is a bucket's no more than a topic's.
    ['a name held by another kind of resource', { sqs: ['lost-records', 'my-dlq', 'faield', 'Alarms'] }, ['lost-records', 'Alarms']],
  ])('%s', (_what, names, missing) => {
    const said = missingDestinations(failureDestinations(read().project), held(names), 'template.yaml');
    const all = [
      warning('Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnFailure.Destination', "OnFailure destination of Fn's asynchronous invocations", 'SQS queue', 'faield'),
      warning('Resources.Fn.Properties.Events.Stream.Properties.DestinationConfig.OnFailure.Destination', "OnFailure destination of Fn's trigger Stream", 'S3 bucket', 'lost-records'),
      warning('Resources.Fn.Properties.Events.Other.Properties.DestinationConfig.OnFailure.Destination', "OnFailure destination of Fn's trigger Other", 'SNS topic', 'Alarms'),
    ];
    expect(said).toEqual(all.filter((w) => missing.some((name) => w.message.includes(`'${name}'`))));
  });

  it('says a destination once for each place it is written', () => {
    const { project } = read();
    const twice = [...failureDestinations(project), ...failureDestinations(project)];
    expect(missingDestinations(twice, held({ sqs: ['my-dlq'], sns: ['Alarms'], s3: ['lost-records'] }), 'template.yaml').map(line)).toEqual([
      `warning Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnFailure.Destination: ${warning('', "OnFailure destination of Fn's asynchronous invocations", 'SQS queue', 'faield').message}`,
    ]);
  });

  it("takes the template's topics by the names their Ref gives locally (the endpoint makes one only when it gets a message)", () => {
    expect(templateTopics(read().template)).toEqual(['Alarms', 'named-topic']);
    expect(templateTopics(undefined)).toEqual([]);
  });
});
