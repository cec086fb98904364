/** `dev --local-aws`: every trigger dev polls on the local endpoint, SQS queues' and streams', as one. */
import type { Project } from '../core/model/project.js';
import { QueuePollers } from './dev-queue-pollers.js';
import { StreamPollers } from './dev-stream-pollers.js';
import { sleep } from '../adapters/clock.js';
import type { TriggerPollerOptions } from './dev-poller-loops.js';
import type { PolledTrigger } from './dev-types.js';

/** How long dev's start (or a reload) waits at most for new pollers to read their streams. */
const START_WAIT_MS = 5000;

export class TriggerPollers {
  private readonly queues: QueuePollers;
  private readonly streams: StreamPollers;

  constructor(options: TriggerPollerOptions) {
    this.queues = new QueuePollers(options);
    this.streams = new StreamPollers(options);
  }

  /** Resources the endpoint made since (a reload's): their queues and streams can be polled. */
  hold(created: TriggerPollerOptions['created']): void {
    this.queues.hold(created);
    this.streams.hold(created);
  }

  /**
   * Polls for the project's triggers from now on: those already polled go on, the others stop. Resolves once the
   * new ones read (a LATEST stream trigger catches what is put after), or after a few seconds at most.
   */
  async set(project: Project): Promise<void> {
    const waited = new AbortController();
    await Promise.race([Promise.all([this.queues.set(project), this.streams.set(project)]), sleep(START_WAIT_MS, waited.signal)]);
    waited.abort();
  }

  /** The ready event's `triggered`: absent when dev polls for no function. */
  info(): { triggered?: PolledTrigger[] } {
    const triggered = [...this.queues.polled, ...this.streams.polled];
    return triggered.length > 0 ? { triggered } : {};
  }

  async stop(): Promise<void> {
    await Promise.all([this.queues.stop(), this.streams.stop()]);
  }
}
