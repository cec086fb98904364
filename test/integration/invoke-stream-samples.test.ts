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
