/**
 * `dev --local-aws`: Lambda's SQS event source mappings against the local endpoint's queues, so a message sent to a
 * queue of the template reaches the function it triggers, as deployed (the rules are in core/local-aws/queue-mappings.ts).
 * moto speaks SQS's JSON protocol and checks no signature: a request is a POST of ten lines, no SDK needed.
 */
import { messagesToDelete, queueMappings, sqsBatchEvent, type QueueMapping, type ReceivedMessage } from '../core/local-aws/queue-mappings.js';
import type { Project } from '../core/model/project.js';
import { InvokeRejected, type InvokeRequest, type InvokeResult } from '../emulator/local-function.js';
import type { DevEvent } from './dev-types.js';

export interface QueuePollerOptions {
  readonly endpoint: string;
  /** What the endpoint held when it started (a reload's additions come through hold()). */
  readonly created: ReadonlyArray<{ readonly kind: string; readonly name: string }>;
  readonly region: () => string;
  readonly accountId: () => string;
  readonly run: (functionId: string, request: InvokeRequest) => Promise<InvokeResult>;
  readonly onEvent: (event: DevEvent) => void;
}

/** How long a receive waits for a message (SQS long polling): a stopped poller ends within it. */
const WAIT_SECONDS = 1;

export class QueuePollers {
  private running: Array<{ readonly key: string; readonly abort: AbortController; readonly done: Promise<void> }> = [];

  /** The queues the endpoint holds, by name. */
  private readonly queues = new Set<string>();

  constructor(private readonly options: QueuePollerOptions) {
    this.hold(options.created);
  }

  /** Resources the endpoint made since (a reload's): their queues can be polled. */
  hold(created: ReadonlyArray<{ readonly kind: string; readonly name: string }>): void {
    for (const c of created) if (c.kind === 'queue') this.queues.add(c.name);
  }

  /** Polls for the project's SQS triggers from now on: those already polled go on, the others stop. */
  set(project: Project): void {
    const mappings: readonly QueueMapping[] = queueMappings(project, this.queues);
    const keys = new Map(mappings.map((m) => [JSON.stringify(m), m]));
    for (const p of this.running) if (!keys.has(p.key)) p.abort.abort();
    this.running = this.running.filter((p) => keys.has(p.key));
    for (const [key, mapping] of keys) {
      if (this.running.some((p) => p.key === key)) continue;
      const abort = new AbortController();
      this.running.push({ key, abort, done: this.poll(mapping, abort.signal) });
    }
  }

  async stop(): Promise<void> {
    for (const p of this.running) p.abort.abort();
    await Promise.all(this.running.map((p) => p.done));
    this.running = [];
  }

  private async poll(mapping: QueueMapping, signal: AbortSignal): Promise<void> {
    let warned = false;
    while (!signal.aborted) {
      try {
        const { QueueUrl: url } = await this.call<{ QueueUrl: string }>('GetQueueUrl', { QueueName: mapping.queueName }, signal);
        for (;;) {
          const { Messages: batch = [] } = await this.call<{ Messages?: ReceivedMessage[] }>('ReceiveMessage', {
            QueueUrl: url, MaxNumberOfMessages: mapping.batchSize, WaitTimeSeconds: WAIT_SECONDS, AttributeNames: ['All'], MessageAttributeNames: ['All'],
          }, signal);
          if (batch.length > 0) await this.deliver(mapping, url, batch);
          warned = false;
        }
      } catch (error) {
        if (signal.aborted) return;
        if (!warned) {
          warned = true;
          this.options.onEvent({ type: 'warning', diagnostic: { severity: 'warning', path: '', message: `the SQS trigger ${mapping.sourceId} of ${mapping.functionId} cannot read the queue ${mapping.queueName} from the local AWS endpoint (${error instanceof Error ? error.message : String(error)}); it tries again every second` } });
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async deliver(mapping: QueueMapping, url: string, batch: readonly ReceivedMessage[]): Promise<void> {
    const started = performance.now();
    const arn = `arn:aws:sqs:${this.options.region()}:${this.options.accountId()}:${mapping.queueName}`;
    const payload = JSON.stringify(sqsBatchEvent(batch, arn, this.options.region()));
    let outcome: { functionError: boolean; payload: string; cold?: boolean; reason?: string };
    try {
      const result = await this.options.run(mapping.functionId, { payload });
      outcome = { functionError: result.functionError !== undefined, payload: result.payload.toString('utf8'), cold: result.cold, ...(result.functionError ? { reason: `function error ${result.errorType ?? ''}`.trim() } : {}) };
    } catch (error) {
      // Throttled (reserved concurrency 0) or too large: the messages stay in the queue, as Lambda leaves them.
      if (!(error instanceof InvokeRejected)) throw error;
      outcome = { functionError: true, payload: '', reason: error.message };
    }
    const remove = messagesToDelete(mapping, batch, outcome);
    if (remove.length > 0) {
      // Not cut short with the poller (a reload that changed its mapping): what the function processed must go, or
      // it comes back after its visibility timeout and runs again. dev's stop ends the function first, so no delete.
      await this.call('DeleteMessageBatch', { QueueUrl: url, Entries: remove.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) });
    }
    this.options.onEvent({
      type: 'queue', functionId: mapping.functionId, queue: mapping.queueName, messages: batch.length, deleted: remove.length,
      durationMs: performance.now() - started, ...(outcome.cold === undefined ? {} : { cold: outcome.cold }), ...(outcome.reason ? { reason: outcome.reason } : {}),
    });
  }

  private async call<T = unknown>(action: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    const response = await fetch(this.options.endpoint, {
      method: 'POST',
      ...(signal ? { signal } : {}),
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `AmazonSQS.${action}`,
        // moto takes the region from the credential scope.
        authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${this.options.region()}/sqs/aws4_request, SignedHeaders=host, Signature=local`,
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${action} answered ${response.status}: ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}
