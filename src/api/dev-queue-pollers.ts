/**
 * `dev --local-aws`: Lambda's SQS event source mappings against the local endpoint's queues, so a message sent to a
 * queue of the template reaches the function it triggers, as deployed (the rules are in core/local-aws/queue-mappings.ts).
 */
import { sqsCall } from '../adapters/local-aws-client.js';
import { messagesToDelete, nextReceive, queueMappings, sqsRecord, type QueueMapping, type ReceivedMessage } from '../core/local-aws/queue-mappings.js';
import { passesQueueFilters } from '../core/local-aws/queue-filter.js';
import type { Project } from '../core/model/project.js';
import { invokeWithBatch, PollerLoops, pollUntilAborted, type TriggerPollerOptions } from './dev-poller-loops.js';
import { warningEvent, type PolledTrigger } from './dev-types.js';
import { arnOf } from '../core/partition.js';

/** The same options as every trigger poller's (dev-poller-loops.ts). */
export type QueuePollerOptions = TriggerPollerOptions;

/** A batch gathered: the messages for the function, and those its filters let through none of (deleted unseen). */
interface Gathered {
  readonly passed: ReceivedMessage[];
  readonly filtered: ReceivedMessage[];
}

/**
 * A mapping's pollers gather their batches in turn, each then invoking while the next gathers: a batch fills up to
 * BatchSize within its window, not shared among pollers that each took a few. It also keeps a FIFO queue's order:
 * moto's long poll keeps the groups in flight it saw when it began, so a receive running beside another's could be
 * handed a message whose group's earlier one that other just took, which SQS never does.
 */
class Turns {
  private last: Promise<unknown> = Promise.resolve();

  /** Whether a poller said the queue cannot be read, since one last could: one warning for them all. */
  warned = false;

  take<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.last.then(work);
    this.last = turn.catch(() => undefined);
    return turn;
  }
}

export class QueuePollers {
  private readonly loops: PollerLoops<QueueMapping>;

  /** The queues the endpoint holds, by name. */
  private readonly queues = new Set<string>();

  /** The triggers polled since the last set(), for the ready banner. */
  polled: PolledTrigger[] = [];

  constructor(private readonly options: QueuePollerOptions) {
    this.loops = new PollerLoops((mapping, signal, started) => this.pollMapping(mapping, signal, started), options.onEvent);
    this.hold(options.created);
  }

  /** Resources the endpoint made since (a reload's): their queues can be polled. */
  hold(created: ReadonlyArray<{ readonly kind: string; readonly name: string }>): void {
    for (const c of created) if (c.kind === 'queue') this.queues.add(c.name);
  }

  /** Polls for the project's SQS triggers from now on: those already polled go on, the others stop. */
  set(project: Project): Promise<void> {
    const mappings = queueMappings(project, this.queues);
    this.polled = mappings.map((m) => ({ functionId: m.functionId, service: 'sqs', name: m.queueName }));
    return this.loops.set(mappings);
  }

  stop(): Promise<void> {
    return this.loops.stop();
  }

  /** A mapping's pollers, side by side. A queue has no position to fix before dev is ready: started at once. */
  private async pollMapping(mapping: QueueMapping, signal: AbortSignal, started: () => void): Promise<void> {
    started();
    const turns = new Turns();
    await Promise.all(Array.from({ length: mapping.pollers }, () => this.poll(mapping, turns, signal)));
  }

  private poll(mapping: QueueMapping, turns: Turns, signal: AbortSignal): Promise<void> {
    const warn = (reason: string) => {
      if (turns.warned) return;
      turns.warned = true;
      this.options.onEvent(warningEvent(`the SQS trigger ${mapping.sourceId} of ${mapping.functionId} cannot read the queue ${mapping.queueName} from the local AWS endpoint (${reason}); it tries again every second`));
    };
    return pollUntilAborted(signal, async (ok) => {
      const { QueueUrl: url } = await this.call<{ QueueUrl: string }>('GetQueueUrl', { QueueName: mapping.queueName }, signal);
      for (;;) {
        await this.deliver(mapping, url, await turns.take(() => this.gather(mapping, url, signal)));
        ok();
        turns.warned = false;
      }
    }, warn);
  }

  private queueArn(mapping: QueueMapping): string {
    return arnOf({ service: 'sqs', region: this.options.region(), accountId: this.options.accountId(), resource: mapping.queueName });
  }

  /**
   * Receives until the batch is done (nextReceive): BatchSize, its window over, or near 6 MB. Messages no filter
   * matches are set aside; a receive of nothing but those ends an empty batch, so that they are deleted at once.
   */
  private async gather(mapping: QueueMapping, url: string, signal: AbortSignal): Promise<Gathered> {
    const gathered: Gathered = { passed: [], filtered: [] };
    let bytes = 0;
    let first: number | undefined;
    for (;;) {
      const elapsedMs = first === undefined ? 0 : performance.now() - first;
      const next = nextReceive(mapping, { count: gathered.passed.length, bytes, elapsedMs });
      if (!next) return gathered;
      const { Messages: received = [] } = await this.call<{ Messages?: ReceivedMessage[] }>('ReceiveMessage', {
        QueueUrl: url, MaxNumberOfMessages: next.maxMessages, WaitTimeSeconds: next.waitSeconds, AttributeNames: ['All'], MessageAttributeNames: ['All'],
      }, signal);
      for (const message of received) {
        const record = sqsRecord(message, this.queueArn(mapping), this.options.region());
        if (!passesQueueFilters(mapping.filters, record)) gathered.filtered.push(message);
        else {
          gathered.passed.push(message);
          bytes += Buffer.byteLength(JSON.stringify(record));
        }
      }
      if (gathered.passed.length > 0) first ??= performance.now();
      else if (gathered.filtered.length > 0) return gathered;
      // Within the window's last second a receive does not wait: a short pause instead of a busy loop.
      if (received.length === 0 && next.waitSeconds === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async deliver(mapping: QueueMapping, url: string, { passed: batch, filtered }: Gathered): Promise<void> {
    if (batch.length === 0) {
      await this.remove(url, filtered);
      this.options.onEvent({ type: 'queue', functionId: mapping.functionId, queue: mapping.queueName, messages: 0, deleted: 0, filtered: filtered.length, durationMs: 0 });
      return;
    }
    const started = performance.now();
    const arn = this.queueArn(mapping);
    const payload = JSON.stringify({ Records: batch.map((m) => sqsRecord(m, arn, this.options.region())) });
    // Throttled (reserved concurrency 0) or too large is a failure: the messages stay in the queue, as Lambda leaves them.
    const outcome = await invokeWithBatch(this.options.run, mapping, payload);
    const remove = messagesToDelete(mapping, batch, outcome);
    // Not cut short with the poller (a reload that changed its mapping): what the function processed must go, or
    // it comes back after its visibility timeout and runs again. dev's stop ends the function first, so no delete.
    await this.remove(url, [...remove, ...filtered]);
    this.options.onEvent({
      type: 'queue', functionId: mapping.functionId, queue: mapping.queueName, messages: batch.length, deleted: remove.length,
      ...(filtered.length > 0 ? { filtered: filtered.length } : {}),
      durationMs: performance.now() - started, ...(outcome.cold === undefined ? {} : { cold: outcome.cold }), ...(outcome.reason ? { reason: outcome.reason } : {}),
    });
  }

  /** Deletes messages, ten a request (DeleteMessageBatch's limit). */
  private async remove(url: string, messages: readonly ReceivedMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const entries = messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle }));
      await this.call('DeleteMessageBatch', { QueueUrl: url, Entries: entries });
    }
  }

  private call<T = unknown>(action: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    return sqsCall<T>(this.options.endpoint, this.options.region(), action, body, signal);
  }
}
