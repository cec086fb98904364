import { isRecord, type FieldReader } from '../fields.js';
import { LOCAL_ACCOUNT_ID } from '../sam/template.js';
import { queueNames } from './variables/sources.js';
import { arnOf } from '../../partition.js';

/**
 * The workers of serverless-lift's `queue` constructs (`constructs: {jobs: {type: queue, worker: {handler: ...}}}`),
 * as Lift adds them to the service (src/constructs/aws/Queue.ts, appendFunctions): a function `<id>Worker` (or the
 * function a `worker: name` names) with an `sqs` event on the construct's queue, `<stack name>-<id>` (`.fifo` for a
 * FIFO one), `batchSize` 1 unless set, `maxBatchingWindow` and `maxConcurrency` as the event's, and ReportBatchItemFailures.
 * The queue has Lift's visibility timeout (six times the worker's timeout, 6 s unless set, plus the window) and sends a
 * message to its dead-letter queue after `maxRetries` (3) receives. A queue's `${construct:<id>.queueUrl}` (queueArn,
 * dlqUrl, dlqArn) is resolved in variables/sources.ts.
 */
export function withLiftWorkers(functions: unknown, constructs: unknown, where: { stackName: string; region: string }, r: FieldReader): LiftQueues {
  if (!isRecord(constructs)) return { functions, workers: [], resources: {} };
  const out: Record<string, unknown> = isRecord(functions) ? { ...functions } : {};
  const workers: string[] = [];
  const resources: Record<string, unknown> = {};
  for (const [id, construct] of Object.entries(constructs)) {
    if (!isRecord(construct) || construct.type !== 'queue') continue;
    const at = `constructs.${id}`;
    const names = queueNames(`${where.stackName}-${id}`, construct.fifo === true);
    const name = names.queue;
    // The queue and its dead-letter queue as resources of the service, which --local-aws creates.
    const fifo = construct.fifo === true ? { FifoQueue: true } : {};
    const key = typeof construct.worker === 'string' ? construct.worker : `${id}Worker`;
    const worker = typeof construct.worker === 'string' ? out[key] : construct.worker;
    const number = (name: string) => (construct[name] === undefined ? undefined : r.integer(construct[name], `${at}.${name}`));
    const window = number('maxBatchingWindow');
    const timeout = isRecord(worker) && typeof worker.timeout === 'number' ? worker.timeout : 6;
    const delivery = {
      VisibilityTimeout: timeout * 6 + (window ?? 0),
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [`${id}Dlq`, 'Arn'] }, maxReceiveCount: number('maxRetries') ?? 3 },
    };
    resources[`${id}Dlq`] = { Type: 'AWS::SQS::Queue', Properties: { QueueName: names.dlq, ...fifo } };
    resources[`${id}Queue`] = { Type: 'AWS::SQS::Queue', Properties: { QueueName: name, ...fifo, ...delivery } };
    const concurrency = number('maxConcurrency');
    const event = {
      sqs: {
        arn: arnOf({ service: 'sqs', region: where.region, accountId: LOCAL_ACCOUNT_ID, resource: name }), batchSize: number('batchSize') ?? 1, functionResponseType: 'ReportBatchItemFailures',
        ...(window === undefined ? {} : { maximumBatchingWindow: window }), ...(concurrency === undefined ? {} : { maximumConcurrency: concurrency }),
      },
    };
    if (!isRecord(worker)) {
      r.warn(`${at}.worker`, typeof construct.worker === 'string' ? `names ${construct.worker}, which is not a function of this service` : 'is required: the function that processes the queue\'s messages');
      continue;
    }
    out[key] = { ...worker, events: [...(Array.isArray(worker.events) ? worker.events : []), event] };
    workers.push(key);
  }
  return { functions: workers.length > 0 ? out : functions, workers, resources };
}

export interface LiftQueues {
  readonly functions: unknown;
  /** The functions that are queue workers, by key. */
  readonly workers: string[];
  /** Each queue construct's queue and dead-letter queue, as CloudFormation resources (`jobsQueue`, `jobsDlq`). */
  readonly resources: Record<string, unknown>;
}
