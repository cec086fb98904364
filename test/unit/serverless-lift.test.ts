import { describe, expect, it } from 'vitest';
import { localAwsResources } from '../../src/core/local-aws/resources.js';
import { problems, read } from './serverless-helpers.js';

/** serverless-lift's queue constructs: their workers are functions of the service, triggered by the construct's queue. */
const yml = (constructs: string, extra = '') => `service: shop
provider: { name: aws, runtime: python3.12, region: eu-west-1${extra} }
plugins: [serverless-lift]
functions:
  api: { handler: handler.api }
constructs:
${constructs}`;

const triggers = (text: string, options = {}) => read(text, options).project?.functions.map((f) => [f.id, f.handler, f.events]);

describe('serverless.yml: serverless-lift queue constructs', () => {
  it("adds <id>Worker with an SQS event on <stack>-<id>, batch size 1 unless set, reporting batch item failures (Lift's Queue.ts)", () => {
    expect(triggers(yml('  jobs: { type: queue, worker: { handler: handler.consumer, timeout: 30 } }\n  fast: { type: queue, fifo: true, batchSize: 5, worker: { handler: handler.fast } }'), { stage: 'prod' })).toEqual([
      ['api', 'handler.api', []],
      ['jobsWorker', 'handler.consumer', [{ kind: 'sqs', id: 'sqs-1', queue: 'arn:aws:sqs:eu-west-1:123456789012:shop-prod-jobs', batchSize: 1, reportBatchItemFailures: true }]],
      ['fastWorker', 'handler.fast', [{ kind: 'sqs', id: 'sqs-1', queue: 'arn:aws:sqs:eu-west-1:123456789012:shop-prod-fast.fifo', batchSize: 5, reportBatchItemFailures: true }]],
    ]);
  });

  it('puts each queue and its dead-letter queue among the resources, which --local-aws creates, with Lift\'s visibility timeout and redrive policy', () => {
    const { template } = read(yml('  jobs: { type: queue, worker: { handler: h.jobs } }\n  fast: { type: queue, fifo: true, maxRetries: 1, maxBatchingWindow: 4, worker: { handler: h.fast, timeout: 10 } }'));
    expect(Object.entries(template!.resources).map(([id, r]) => [id, r.Type, r.Properties])).toEqual([
      ['jobsDlq', 'AWS::SQS::Queue', { QueueName: 'shop-dev-jobs-dlq' }],
      ['jobsQueue', 'AWS::SQS::Queue', { QueueName: 'shop-dev-jobs', VisibilityTimeout: 36, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['jobsDlq', 'Arn'] }, maxReceiveCount: 3 } }],
      ['fastDlq', 'AWS::SQS::Queue', { QueueName: 'shop-dev-fast-dlq.fifo', FifoQueue: true }],
      ['fastQueue', 'AWS::SQS::Queue', { QueueName: 'shop-dev-fast.fifo', FifoQueue: true, VisibilityTimeout: 64, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['fastDlq', 'Arn'] }, maxReceiveCount: 1 } }],
    ]);
  });

  it('--local-aws creates the queue with its dead-letter queue as its redrive policy\'s target', () => {
    const { template } = read(yml('  jobs: { type: queue, maxRetries: 2, worker: { handler: h.jobs, timeout: 1 } }'));
    expect(localAwsResources(template!, 'serverless.yml').spec.queues).toEqual([
      { id: 'jobsDlq', name: 'shop-dev-jobs-dlq', attributes: {} },
      { id: 'jobsQueue', name: 'shop-dev-jobs', attributes: { VisibilityTimeout: '6', RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:123456789012:shop-dev-jobs-dlq","maxReceiveCount":2}' } },
    ]);
  });

  it('maxBatchingWindow and maxConcurrency are the event\'s', () => {
    const [, [, , [event]]] = triggers(yml('  jobs: { type: queue, batchSize: 50, maxBatchingWindow: 5, maxConcurrency: 4, worker: { handler: h.jobs } }')) as [unknown, [unknown, unknown, unknown[]]];
    expect(event).toMatchObject({ batchSize: 50, batchingWindow: 5, maximumConcurrency: 4, reportBatchItemFailures: true });
  });

  it("a worker that names a function of the service adds the event to it; provider.stackName names the queue", () => {
    expect(triggers(yml('  jobs: { type: queue, worker: api }', ', stackName: shop-stack'))).toEqual([
      ['api', 'handler.api', [{ kind: 'sqs', id: 'sqs-1', queue: 'arn:aws:sqs:eu-west-1:123456789012:shop-stack-jobs', batchSize: 1, reportBatchItemFailures: true }]],
    ]);
  });

  it('says what is run of the plugin, and what of the construct is missing', () => {
    expect(problems(yml('  jobs: { type: queue, worker: nothing }\n  site: { type: static-website, path: public }\n  mail: { type: queue, worker: { handler: h.mail } }'))).toEqual([
      'warning constructs.jobs.worker: names nothing, which is not a function of this service',
      "warning plugins: serverless-lift is not run by pylambda: the workers of its queue constructs run (mailWorker, with the queue's SQS event) and ${construct:<id>.queueUrl} names the queue, but its other constructs are not reproduced locally",
    ]);
  });

  it('in China, the worker\'s queue and ${construct:<id>.queueArn} / queueUrl are in aws-cn and amazonaws.com.cn', () => {
    const text = yml('  jobs: { type: queue, worker: { handler: h.jobs } }')
      .replace('region: eu-west-1', 'region: cn-north-1')
      .replace('  api: { handler: handler.api }', '  api:\n    handler: handler.api\n    environment: { URL: "${construct:jobs.queueUrl}", ARN: "${construct:jobs.queueArn}" }');
    const { project } = read(text);
    expect(project?.functions[0]?.environment).toEqual({ URL: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/shop-dev-jobs', ARN: 'arn:aws-cn:sqs:cn-north-1:123456789012:shop-dev-jobs' });
    expect(project?.functions[1]?.events).toEqual([{ kind: 'sqs', id: 'sqs-1', queue: 'arn:aws-cn:sqs:cn-north-1:123456789012:shop-dev-jobs', batchSize: 1, reportBatchItemFailures: true }]);
  });

  it('without the plugin listed, constructs are not read', () => {
    expect(triggers(yml('  jobs: { type: queue, worker: { handler: handler.consumer } }').replace('plugins: [serverless-lift]\n', ''))).toEqual([['api', 'handler.api', []]]);
  });

  it("resolves a queue's ${construct:<id>.queueUrl}, queueArn, dlqUrl and dlqArn; another construct's stays a plugin's", () => {
    const text = yml('  jobs: { type: queue, fifo: true, worker: { handler: h.jobs } }\n  site: { type: static-website, path: public }')
      .replace('  api: { handler: handler.api }', '  api:\n    handler: handler.api\n    environment: { URL: "${construct:jobs.queueUrl}", ARN: "${construct:jobs.queueArn}", DLQ: "${construct:jobs.dlqUrl}", SITE: "${construct:site.url}" }');
    const { project, diagnostics } = read(text, { stage: 'qa' });
    expect(project?.functions[0]?.environment).toEqual({
      URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-qa-jobs.fifo',
      ARN: 'arn:aws:sqs:eu-west-1:123456789012:shop-qa-jobs.fifo',
      DLQ: 'https://sqs.eu-west-1.amazonaws.com/123456789012/shop-qa-jobs-dlq.fifo',
      SITE: '',
    });
    expect(diagnostics.map((d) => d.path)).toContain('functions.api.environment.SITE');
    expect(problems(text.replace('${construct:jobs.queueUrl}', '${construct:jobs.nope}'))).toContain('error functions.api.environment.URL: ${construct:jobs.nope}: a queue construct has queueUrl, queueArn, dlqUrl and dlqArn');
  });
});
