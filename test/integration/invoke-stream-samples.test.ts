import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir, testPython } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';

/** `pylambda invoke` without --event: the sample a stream or topic trigger's function gets, as the function saw it. */
function invoke(dir: string, fn: string) {
  // An endpoint, so that the template's table brings no "calls real AWS" warning.
  return runCaptured(['invoke', fn, '--python', testPython()], { cwd: dir, env: shellEnv({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:47250' }) });
}

const ECHO = 'import json\n\ndef handler(event, context):\n    print(json.dumps(event))\n    return event\n';

describe('pylambda invoke: the sample of a stream or topic trigger is that of the template\'s stream or topic', () => {
  it("a table's KEYS_ONLY stream: the table's name and key attributes, and no images", async () => {
    const dir = scratchDir('invoke-ddb-stream');
    writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: things
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}, {AttributeName: sk, AttributeType: N}]
      StreamSpecification: {StreamViewType: KEYS_ONLY}
  Topic: {Type: AWS::SNS::Topic, Properties: {TopicName: orders-topic}}
  DdbEcho:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Events:
        D: {Type: DynamoDB, Properties: {Stream: !GetAtt T.StreamArn, StartingPosition: LATEST}}
  SnsEcho:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Events:
        N: {Type: SNS, Properties: {Topic: !Ref Topic}}
`);
    writeFileSync(join(dir, 'app.py'), ECHO);
    const ddb = await invoke(dir, 'DdbEcho');
    expect(ddb.code).toBe(0);
    expect(ddb.stderr).toContain('no --event: sending the dynamodb sample (DynamoDB trigger D)\n');
    // What the function printed: the event it got.
    const printed = ddb.stderr.split('\n').find((l) => l.startsWith('{"Records"'))!;
    const record = JSON.parse(printed).Records[0];
    expect(record.dynamodb).toEqual({
      ApproximateCreationDateTime: expect.any(Number),
      Keys: { pk: { S: '1' }, sk: { N: '1' } },
      StreamViewType: 'KEYS_ONLY',
      SequenceNumber: expect.any(String),
      SizeBytes: expect.any(Number),
    });
    expect(record.eventSourceARN).toMatch(/^arn:aws:dynamodb:us-east-1:123456789012:table\/things\/stream\/\d{4}-/);
    const sns = await invoke(dir, 'SnsEcho');
    expect(JSON.parse(sns.stdout).Records[0].Sns.TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:orders-topic');
  });

  // What the template writes literally is what the records name; a GetAtt's ARN (above) is rebuilt, as it is known only once deployed.
  it('a stream, queue or topic the template names by ARN: the records\' ARN as written, with its region and account', async () => {
    const dir = scratchDir('invoke-literal-arns');
    const fn = (events: string) => `    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: app.handler, Events: {E: ${events}}}
`;
    const stream = 'arn:aws:dynamodb:eu-west-1:111122223333:table/things/stream/2024-05-01T10:00:00.123';
    writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  Ddb:
${fn(`{Type: DynamoDB, Properties: {Stream: '${stream}', StartingPosition: LATEST}}`)}  Mapped:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: app.handler}
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {FunctionName: !Ref Mapped, EventSourceArn: '${stream}', StartingPosition: LATEST}
  Kin:
${fn("{Type: Kinesis, Properties: {Stream: 'arn:aws:kinesis:ap-south-1:444455556666:stream/clicks', StartingPosition: LATEST}}")}  Sqs:
${fn("{Type: SQS, Properties: {Queue: 'arn:aws:sqs:eu-west-2:111122223333:orders.fifo'}}")}  Sns:
${fn("{Type: SNS, Properties: {Topic: 'arn:aws:sns:eu-west-3:111122223333:alerts'}}")}`);
    writeFileSync(join(dir, 'app.py'), ECHO);
    const record = async (name: string) => {
      const { code, stdout } = await invoke(dir, name);
      expect(code).toBe(0);
      return JSON.parse(stdout).Records[0];
    };
    for (const name of ['Ddb', 'Mapped']) {
      const got = await record(name);
      expect([got.eventSourceARN, got.awsRegion]).toEqual([stream, 'eu-west-1']);
    }
    const kinesis = await record('Kin');
    expect([kinesis.eventSourceARN, kinesis.awsRegion, kinesis.invokeIdentityArn]).toEqual(['arn:aws:kinesis:ap-south-1:444455556666:stream/clicks', 'ap-south-1', 'arn:aws:iam::444455556666:role/lambda-role']);
    const sqs = await record('Sqs');
    expect([sqs.eventSourceARN, sqs.awsRegion, sqs.attributes.MessageGroupId]).toEqual(['arn:aws:sqs:eu-west-2:111122223333:orders.fifo', 'eu-west-2', '1']);
    expect((await record('Sns')).Sns.TopicArn).toBe('arn:aws:sns:eu-west-3:111122223333:alerts');
  });

  it('a serverless.yml stream of type kinesis: Kinesis records of its stream, which a Powertools batch consumer takes', async () => {
    const dir = scratchDir('invoke-kinesis');
    writeFileSync(join(dir, 'serverless.yml'), `service: orders
provider: {name: aws, runtime: python3.12, region: eu-west-1}
functions:
  stream:
    handler: handler.kin
    events:
      - stream: {type: kinesis, arn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders', functionResponseType: ReportBatchItemFailures}
`);
    writeFileSync(join(dir, 'handler.py'), [
      'from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response',
      'seen = []',
      'def krec(record):',
      '    seen.append([record.kinesis.data_as_text(), record.event_source_arn])',
      'def kin(event, context):',
      '    result = process_partial_response(event=event, record_handler=krec, processor=BatchProcessor(event_type=EventType.KinesisDataStreams), context=context)',
      '    return {"result": result, "seen": seen}',
      '',
    ].join('\n'));
    const { code, stdout, stderr } = await invoke(dir, 'stream');
    expect(stderr).toContain('no --event: sending the kinesis sample (stream trigger stream-1)\n');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ result: { batchItemFailures: [] }, seen: [['Hello from Kinesis!', 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders']] });
  });
});
