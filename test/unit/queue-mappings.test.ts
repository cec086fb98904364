import { describe, expect, it } from 'vitest';
import { messagesToDelete, queueMappings, sqsBatchEvent, type ReceivedMessage } from '../../src/core/local-aws/queue-mappings.js';
import type { Project } from '../../src/core/model/project.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { read as readServerless } from './serverless-helpers.js';

const message = (id: string): ReceivedMessage => ({ MessageId: id, ReceiptHandle: `rh-${id}`, Body: `body ${id}`, MD5OfBody: 'md5' });
const batch = [message('a'), message('b'), message('c')];
const ids = (messages: readonly ReceivedMessage[]) => messages.map((m) => m.MessageId);

describe('which messages an SQS trigger deletes after an invocation', () => {
  const plain = { reportBatchItemFailures: false };
  const partial = { reportBatchItemFailures: true };
  it.each<[string, { reportBatchItemFailures: boolean }, boolean, string, string[]]>([
    ['a success, without ReportBatchItemFailures: all, whatever the answer', plain, false, '{"batchItemFailures": [{"itemIdentifier": "a"}]}', ['a', 'b', 'c']],
    ['a function error: none', plain, true, '{"errorType": "ValueError"}', []],
    ['a function error with ReportBatchItemFailures: none', partial, true, '{"errorType": "ValueError"}', []],
    ['failures named: all but those', partial, false, '{"batchItemFailures": [{"itemIdentifier": "b"}]}', ['a', 'c']],
    ['an empty list of failures: all', partial, false, '{"batchItemFailures": []}', ['a', 'b', 'c']],
    ['a null list of failures: all', partial, false, '{"batchItemFailures": null}', ['a', 'b', 'c']],
    ['None: all', partial, false, 'null', ['a', 'b', 'c']],
    ['an empty object: all', partial, false, '{}', ['a', 'b', 'c']],
    ['a message id not in the batch: none (the whole batch failed)', partial, false, '{"batchItemFailures": [{"itemIdentifier": "z"}]}', []],
    ['a null item identifier: none', partial, false, '{"batchItemFailures": [{"itemIdentifier": null}]}', []],
    ['a key of another name: none', partial, false, '{"batchItemFailures": [{"id": "a"}]}', []],
    ['an answer that is not JSON: none', partial, false, 'ok', []],
  ])('%s', (_what, mapping, functionError, payload, expected) => {
    expect(ids(messagesToDelete(mapping, batch, { functionError, payload }))).toEqual(expected);
  });
});

describe('the event of a batch', () => {
  it('has the keys of a real SQS event, message attributes as Lambda writes them', () => {
    const event = sqsBatchEvent([{ ...message('a'), Attributes: { ApproximateReceiveCount: '1' }, MessageAttributes: { kind: { DataType: 'String', StringValue: 'job' } } }], 'arn:aws:sqs:us-east-1:123456789012:jobs', 'us-east-1');
    expect(event).toEqual({
      Records: [{
        messageId: 'a', receiptHandle: 'rh-a', body: 'body a', attributes: { ApproximateReceiveCount: '1' },
        messageAttributes: { kind: { stringValue: 'job', stringListValues: [], binaryListValues: [], dataType: 'String' } },
        md5OfBody: 'md5', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:jobs', awsRegion: 'us-east-1',
      }],
    });
  });
});

describe('the SQS triggers dev polls', () => {
  const project = {
    functions: [
      { id: 'Worker', events: [{ kind: 'sqs', id: 'Q', queue: 'arn:aws:sqs:us-east-1:123456789012:jobs', batchSize: 25, reportBatchItemFailures: true }, { kind: 'sqs', id: 'Elsewhere', queue: 'arn:aws:sqs:us-east-1:123456789012:not-ours' }] },
      { id: 'Other', events: [{ kind: 'sqs', id: 'ByUrl', queue: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs' }, { kind: 'schedule', id: 'S' }] },
    ],
  } as unknown as Project;
  it('are those of the queues the endpoint holds, at most 10 messages a receive', () => {
    expect(queueMappings(project, new Set(['jobs']))).toEqual([
      { functionId: 'Worker', sourceId: 'Q', queueName: 'jobs', batchSize: 10, reportBatchItemFailures: true },
      { functionId: 'Other', sourceId: 'ByUrl', queueName: 'jobs', batchSize: 10, reportBatchItemFailures: false },
    ]);
  });
});

describe('ReportBatchItemFailures, as each reader finds it', () => {
  const sqsOf = (project: Project | undefined) => project?.functions.flatMap((f) => f.events).filter((e) => e.kind === 'sqs');
  it('SAM: an SQS event\'s FunctionResponseTypes', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Q: { Type: AWS::SQS::Queue }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Events:
        A: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn, FunctionResponseTypes: [ReportBatchItemFailures] } }
        B: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } }
`;
    expect(sqsOf(readSamTemplate(template, { file: 'template.yaml' }).project)?.map((e) => [e.id, 'reportBatchItemFailures' in e])).toEqual([['A', true], ['B', false]]);
  });
  it('serverless.yml: an sqs event\'s functionResponseType', () => {
    const yml = `service: s
provider: { name: aws, runtime: python3.12 }
functions:
  worker:
    handler: app.handler
    events:
      - sqs: { arn: 'arn:aws:sqs:us-east-1:123456789012:jobs', functionResponseType: ReportBatchItemFailures }
      - sqs: 'arn:aws:sqs:us-east-1:123456789012:other'
`;
    expect(sqsOf(readServerless(yml).project)?.map((e) => 'reportBatchItemFailures' in e)).toEqual([true, false]);
  });
});
