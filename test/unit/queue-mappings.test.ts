import { describe, expect, it } from 'vitest';
import { messagesToDelete, nextReceive, queueMappings, sqsBatchEvent, type ReceivedMessage } from '../../src/core/local-aws/queue-mappings.js';
import type { Project } from '../../src/core/model/project.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { read as readServerless } from './serverless-helpers.js';

const message = (id: string): ReceivedMessage => ({ MessageId: id, ReceiptHandle: `rh-${id}`, Body: `body ${id}`, MD5OfBody: 'md5' });
const batch = [message('a'), message('b'), message('c')];
const ids = (messages: readonly ReceivedMessage[]) => messages.map((m) => m.MessageId);

/** A SAM function with `events` (its Events, indented) beside a queue Q; a serverless.yml function with `events`. */
const samWorker = (events: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Q: { Type: AWS::SQS::Queue }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Events:
${events}`;
const serverlessWorker = (events: string) => `service: s
provider: { name: aws, runtime: python3.12 }
functions:
  worker:
    handler: app.handler
    events:
${events}`;

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
  it('are those of the queues the endpoint holds, at most 10 messages a batch without a batching window, with five pollers', () => {
    expect(queueMappings(project, new Set(['jobs']))).toEqual([
      { functionId: 'Worker', sourceId: 'Q', queueName: 'jobs', batchSize: 10, batchingWindowMs: 0, pollers: 5, reportBatchItemFailures: true, filters: [] },
      { functionId: 'Other', sourceId: 'ByUrl', queueName: 'jobs', batchSize: 10, batchingWindowMs: 0, pollers: 5, reportBatchItemFailures: false, filters: [] },
    ]);
  });

  const mappingOf = (source: Record<string, unknown>, fn: Record<string, unknown> = {}, queue = 'jobs') => {
    const one = { functions: [{ id: 'W', ...fn, events: [{ kind: 'sqs', id: 'Q', queue: `arn:aws:sqs:us-east-1:123456789012:${queue}`, ...source }] }] } as unknown as Project;
    const [mapping] = queueMappings(one, new Set([queue]));
    return { batchSize: mapping?.batchSize, windowMs: mapping?.batchingWindowMs, pollers: mapping?.pollers };
  };
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string, { batchSize: number; windowMs: number; pollers: number }]>([
    ['a batching window: up to 10,000 a batch', { batchSize: 25_000, batchingWindow: 2 }, {}, 'jobs', { batchSize: 10_000, windowMs: 2000, pollers: 5 }],
    ['a window of more than 300 s: 300 s', { batchSize: 100, batchingWindow: 900 }, {}, 'jobs', { batchSize: 100, windowMs: 300_000, pollers: 5 }],
    ['a FIFO queue: no window, 10 at most', { batchSize: 100, batchingWindow: 5 }, {}, 'jobs.fifo', { batchSize: 10, windowMs: 0, pollers: 5 }],
    ['MaximumConcurrency below five: as many pollers', { maximumConcurrency: 2 }, {}, 'jobs', { batchSize: 10, windowMs: 0, pollers: 2 }],
    ['MaximumConcurrency above five: five', { maximumConcurrency: 50 }, {}, 'jobs', { batchSize: 10, windowMs: 0, pollers: 5 }],
    ['reserved concurrency below it: that many', { maximumConcurrency: 4 }, { reservedConcurrency: 3 }, 'jobs', { batchSize: 10, windowMs: 0, pollers: 3 }],
    ['reserved concurrency 0: one poller, whose invocations are throttled', {}, { reservedConcurrency: 0 }, 'jobs', { batchSize: 10, windowMs: 0, pollers: 1 }],
  ])('%s', (_what, source, fn, queue, expected) => {
    expect(mappingOf(source, fn, queue)).toEqual(expected);
  });
});

describe('gathering a batch', () => {
  const MB = 1024 * 1024;
  it.each<[string, { batchSize: number; batchingWindowMs: number }, { count: number; bytes: number; elapsedMs: number }, { maxMessages: number; waitSeconds: number } | undefined]>([
    ['nothing yet: a long poll of up to 10', { batchSize: 100, batchingWindowMs: 5000 }, { count: 0, bytes: 0, elapsedMs: 0 }, { maxMessages: 10, waitSeconds: 1 }],
    ['nothing yet, a batch size of 3: 3', { batchSize: 3, batchingWindowMs: 0 }, { count: 0, bytes: 0, elapsedMs: 0 }, { maxMessages: 3, waitSeconds: 1 }],
    ['no window: one receive', { batchSize: 10, batchingWindowMs: 0 }, { count: 2, bytes: 100, elapsedMs: 0 }, undefined],
    ['within the window: what the batch still takes', { batchSize: 25, batchingWindowMs: 5000 }, { count: 20, bytes: 100, elapsedMs: 1000 }, { maxMessages: 5, waitSeconds: 1 }],
    ['the window\'s last second: no waiting', { batchSize: 25, batchingWindowMs: 5000 }, { count: 20, bytes: 100, elapsedMs: 4500 }, { maxMessages: 5, waitSeconds: 0 }],
    ['the window over: done', { batchSize: 25, batchingWindowMs: 5000 }, { count: 20, bytes: 100, elapsedMs: 5000 }, undefined],
    ['the batch full: done', { batchSize: 25, batchingWindowMs: 5000 }, { count: 25, bytes: 100, elapsedMs: 10 }, undefined],
    ['near 6 MB: as many full-size messages as still fit', { batchSize: 100, batchingWindowMs: 5000 }, { count: 20, bytes: 5.5 * MB, elapsedMs: 10 }, { maxMessages: 2, waitSeconds: 1 }],
    ['no room for one more full-size message: done', { batchSize: 100, batchingWindowMs: 5000 }, { count: 30, bytes: 6 * MB - 1000, elapsedMs: 10 }, undefined],
  ])('%s', (_what, mapping, gathered, expected) => {
    expect(nextReceive(mapping, gathered)).toEqual(expected);
  });
});

describe('ReportBatchItemFailures, as each reader finds it', () => {
  const sqsOf = (project: Project | undefined) => project?.functions.flatMap((f) => f.events).filter((e) => e.kind === 'sqs');
  it('SAM: an SQS event\'s FunctionResponseTypes', () => {
    const template = samWorker(`        A: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn, FunctionResponseTypes: [ReportBatchItemFailures] } }
        B: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } }
`);
    expect(sqsOf(readSamTemplate(template, { file: 'template.yaml' }).project)?.map((e) => [e.id, 'reportBatchItemFailures' in e])).toEqual([['A', true], ['B', false]]);
  });
  it('serverless.yml: an sqs event\'s functionResponseType', () => {
    const yml = serverlessWorker(`      - sqs: { arn: 'arn:aws:sqs:us-east-1:123456789012:jobs', functionResponseType: ReportBatchItemFailures }
      - sqs: 'arn:aws:sqs:us-east-1:123456789012:other'
`);
    expect(sqsOf(readServerless(yml).project)?.map((e) => 'reportBatchItemFailures' in e)).toEqual([true, false]);
  });
});

describe('an SQS mapping\'s filters, batching window and maximum concurrency, as each reader finds them', () => {
  const settingsOf = (project: Project | undefined) => project?.functions.flatMap((f) => f.events).flatMap((e) => (e.kind === 'sqs' ? [{ filters: e.filters, window: e.batchingWindow, concurrency: e.maximumConcurrency }] : []));
  const expected = [{ filters: [{ body: { kind: ['job'] } }], window: 2, concurrency: 3 }];
  it('SAM: FilterCriteria, MaximumBatchingWindowInSeconds, ScalingConfig', () => {
    const template = samWorker(`        A:
          Type: SQS
          Properties:
            Queue: !GetAtt Q.Arn
            BatchSize: 50
            MaximumBatchingWindowInSeconds: 2
            ScalingConfig: { MaximumConcurrency: 3 }
            FilterCriteria: { Filters: [{ Pattern: '{"body": {"kind": ["job"]}}' }] }
`);
    expect(settingsOf(readSamTemplate(template, { file: 'template.yaml' }).project)).toEqual(expected);
  });
  it('SAM: a pattern that is not JSON is an error, as Lambda refuses it', () => {
    const template = samWorker(`        A: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn, FilterCriteria: { Filters: [{ Pattern: '{body' }] } } }
`);
    const errors = readSamTemplate(template, { file: 'template.yaml' }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.path}: ${d.message}`)).toEqual(['Resources.Fn.Properties.Events.A.Properties.FilterCriteria.Filters[0]: is not a JSON object of filter rules: Lambda refuses such a FilterCriteria pattern']);
  });
  it('CloudFormation: an AWS::Lambda::EventSourceMapping of the queue', () => {
    const template = `Resources:
  Q: { Type: AWS::SQS::Queue }
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12, Handler: app.handler, Code: ., Role: arn:aws:iam::123456789012:role/r }
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Q.Arn
      MaximumBatchingWindowInSeconds: 2
      ScalingConfig: { MaximumConcurrency: 3 }
      FilterCriteria: { Filters: [{ Pattern: '{"body": {"kind": ["job"]}}' }] }
`;
    expect(settingsOf(readSamTemplate(template, { file: 'template.yaml' }).project)).toEqual(expected);
  });
  it('serverless.yml: filterPatterns, maximumBatchingWindow, maximumConcurrency', () => {
    const yml = serverlessWorker(`      - sqs: { arn: 'arn:aws:sqs:us-east-1:123456789012:jobs', maximumBatchingWindow: 2, maximumConcurrency: 3, filterPatterns: [{ body: { kind: [job] } }] }
`);
    expect(settingsOf(readServerless(yml).project)).toEqual(expected);
  });
});

describe('SQS mapping settings Lambda refuses, and Enabled', () => {
  const errorsOf = (diagnostics: ReadonlyArray<{ severity: string; path: string; message: string }>) => diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
  const at = 'Resources.Fn.Properties.Events.A.Properties';
  it.each<[string, string, string[]]>([
    ['BatchSize above 10 without a window', 'BatchSize: 50', [`${at}.BatchSize: 50 is over 10: Lambda refuses it without a batching window ("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")`]],
    ['BatchSize above 10 with a window of 0', 'BatchSize: 50, MaximumBatchingWindowInSeconds: 0', [`${at}.BatchSize: 50 is over 10: Lambda refuses it without a batching window ("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")`]],
    ['BatchSize above 10,000', 'BatchSize: 20000, MaximumBatchingWindowInSeconds: 1', [`${at}.BatchSize: 20000 is over 10000, the most Lambda takes for an SQS queue`]],
    ['a window over 300 s', 'MaximumBatchingWindowInSeconds: 301', [`${at}.MaximumBatchingWindowInSeconds: 301 is not 0 to 300 seconds, as Lambda requires`]],
    ['a filter pattern that is not JSON', `FilterCriteria: { Filters: [{ Pattern: '{body' }] }`, [`${at}.FilterCriteria.Filters[0]: is not a JSON object of filter rules: Lambda refuses such a FilterCriteria pattern`]],
    ['a maximum concurrency of 1', 'ScalingConfig: { MaximumConcurrency: 1 }', [`${at}.ScalingConfig.MaximumConcurrency: 1 is not 2 to 1000, as Lambda requires`]],
    ['BatchSize 10,000 with a window: none', 'BatchSize: 10000, MaximumBatchingWindowInSeconds: 300, ScalingConfig: { MaximumConcurrency: 1000 }', []],
  ])('SAM: %s', (_what, props, expected) => {
    const template = samWorker(`        A: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn, ${props} } }\n`);
    expect(errorsOf(readSamTemplate(template, { file: 'template.yaml' }).diagnostics)).toEqual(expected);
  });
  it('a filter value that is no list, or a rule Lambda\'s table does not list: a warning', () => {
    const template = samWorker(`        A: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn, FilterCriteria: { Filters: [{ Pattern: '{"body": {"kind": "job"}}' }] } } }\n`);
    expect(readSamTemplate(template, { file: 'template.yaml' }).diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      `warning ${at}.FilterCriteria.Filters[0]: body.kind is "job", not a list of rules, which Lambda may refuse; dev takes a single value as a list of one and lets a value through a rule it does not know`,
    ]);
  });
  it('serverless.yml: batchSize above 10 without maximumBatchingWindow', () => {
    const yml = serverlessWorker(`      - sqs: { arn: 'arn:aws:sqs:us-east-1:123456789012:jobs', batchSize: 100 }\n`);
    expect(errorsOf(readServerless(yml).diagnostics)).toEqual(['functions.worker.events[0].sqs.batchSize: 100 is over 10: Lambda refuses it without a batching window ("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")']);
  });
  it('a disabled mapping (SAM Enabled, serverless.yml enabled) is not polled', () => {
    const sam = readSamTemplate(samWorker(`        A: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn, Enabled: false } }\n        B: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn, Enabled: true } }\n`), { file: 'template.yaml' }).project!;
    expect(queueMappings(sam, new Set(['Q'])).map((m) => m.sourceId)).toEqual(['B']);
    const sls = readServerless(serverlessWorker(`      - sqs: { arn: 'arn:aws:sqs:us-east-1:123456789012:jobs', enabled: false }\n`)).project!;
    expect(queueMappings(sls, new Set(['jobs']))).toEqual([]);
  });
});
