/**
 * `pylambda dev`'s queue of asynchronous invocations (InvocationType=Event): each runs, is retried after a function
 * error as Lambda retries it, is dropped once too old, and its outcome goes to its destinations (the rules are in
 * core/async). A reload or dev's stop cancels the retries still waiting.
 */
import { randomUUID } from 'node:crypto';
import type { Timer } from '../adapters/clock.js';
import { asyncFailureObject, deliveries, type Delivery, type FinishedInvocation } from '../core/async/invocation-record.js';
import { afterAttempt, ASYNC_DEFAULTS, sayRetry, tooOld, type AsyncCondition } from '../core/async/retry-rules.js';
import { runsVersion } from '../core/lambda-api/invoke-qualifier.js';
import { findInvokedFunction } from '../core/lambda-api/invoke-request.js';
import { unreachableFunction } from '../core/lambda-api/invoke-scope.js';
import { parseFunctionIdentifier } from '../core/lambda-api/invoke-validation.js';
import type { FunctionModel } from '../core/model/project.js';
import { functionArn } from '../core/runtime/environment.js';
import { PoolClosed } from '../emulator/invocation.js';
import type { InvokeRequest, InvokeResult } from '../emulator/local-function.js';
import { errorEvent } from './dev-error-event.js';
import { warningEvent, type DevEvent } from './dev-types.js';
import { DESTINATION_KIND as KIND, putInBucket, sendToDestination } from './local-aws-destinations.js';

export interface AsyncInvocationOptions {
  readonly functions: () => readonly FunctionModel[];
  readonly run: (functionId: string, request: InvokeRequest) => Promise<InvokeResult>;
  readonly region: () => string;
  readonly accountId: () => string;
  /** --local-aws's endpoint, where SQS, SNS and S3 destinations are sent; absent: a line says where they would go. */
  readonly localAws: () => { readonly endpoint: string; readonly region: string } | undefined;
  readonly timer: Timer;
  readonly onEvent: (event: DevEvent) => void;
}

type AsyncEvent = Extract<DevEvent, { type: 'async' }>;
type Say = (outcome: AsyncEvent['outcome'], text: string) => void;

export class AsyncInvocations {
  /** The retries waiting for their turn. */
  private readonly waiting = new Set<AbortController>();
  /** Destinations dev does not deliver to, said once each. */
  private readonly said = new Set<string>();
  private closed = false;

  constructor(private readonly options: AsyncInvocationOptions) {}

  /**
   * Queues the event: it runs now, and again after each function error Lambda would retry. Nobody waits for it:
   * what becomes of it is said (onEvent), and a failure of pylambda's own along the way is an `error` event.
   */
  start(functionId: string, request: InvokeRequest & { readonly requestId: string }): void {
    this.process(functionId, request, this.options.timer.now()).catch(errorEvent(this.options.onEvent));
  }

  /** Cancels every retry waiting (a reload, dev's stop): the events go, as Lambda's would with the function deleted. */
  cancel(): void {
    for (const wait of this.waiting) wait.abort();
    this.waiting.clear();
  }

  /** dev's stop: the retries waiting are cancelled, and an attempt still running schedules none (its timer would keep Node up for minutes). */
  close(): void {
    this.closed = true;
    this.cancel();
  }

  private async process(functionId: string, request: InvokeRequest & { readonly requestId: string }, queuedAt: number): Promise<void> {
    const { timer } = this.options;
    const say = (outcome: AsyncEvent['outcome'], text: string) => this.options.onEvent({ type: 'async', functionId, requestId: request.requestId, outcome, text });
    for (let attempt = 1; ; attempt++) {
      let result: InvokeResult;
      try {
        result = await this.options.run(functionId, request);
      } catch (error) {
        // dev is stopping: the queued event goes with it.
        if (error instanceof PoolClosed) return;
        say('not-run', `did not run: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      const config = this.model(functionId)?.asyncInvoke;
      const step = afterAttempt(config, attempt, result.functionError !== undefined);
      let condition: AsyncCondition;
      if (step.kind === 'retry') {
        say('retry', `function error ${result.errorType ?? ''}: ${sayRetry(step)}`.replace(' :', ':'));
        const wait = new AbortController();
        if (this.closed) wait.abort();
        this.waiting.add(wait);
        const waited = await timer.sleep(step.delayMs, wait.signal);
        this.waiting.delete(wait);
        if (!waited) {
          say('cancelled', `retry ${step.retry} of ${step.retries} cancelled: dev reloaded or stopped`);
          return;
        }
        const max = this.model(functionId)?.asyncInvoke;
        if (!tooOld(max, timer.now() - queuedAt)) continue;
        condition = 'EventAgeExceeded';
        say('dropped', `dropped before retry ${step.retry}: the event is older than its MaximumEventAgeInSeconds (${max?.maximumEventAgeSeconds ?? ASYNC_DEFAULTS.maximumEventAgeSeconds} s)`);
      } else {
        condition = step.condition;
        if (condition === 'RetriesExhausted') say('failed', `failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: no retry left`);
      }
      const fn = this.model(functionId);
      const done: FinishedInvocation = {
        requestId: request.requestId, functionArn: functionArn(fn?.name ?? functionId, this.options.region(), this.options.accountId()), version: runsVersion(fn?.qualifiers, request.qualifier), condition, attempts: attempt,
        payload: request.payload.toString(), response: { payload: result.payload.toString('utf8'), functionError: result.functionError !== undefined }, now: timer.now(),
      };
      await Promise.all(deliveries(fn?.asyncInvoke, done).map((d) => this.deliver(d, done, say)));
      return;
    }
  }

  private model(functionId: string): FunctionModel | undefined {
    return this.options.functions().find((f) => f.id === functionId);
  }

  private async deliver(delivery: Delivery, done: FinishedInvocation, say: Say): Promise<void> {
    const { role, destination } = delivery;
    const where = `${role} ${KIND[destination.type]} ${destination.arn}`;
    if (destination.type === 'lambda') {
      const placed = parseFunctionIdentifier(destination.arn);
      // As the Invoke API of dev (core/lambda-api/invoke-scope): another account's or region's function is not the
      // project's whatever its name, and Lambda could invoke it only through its resource-based policy.
      const unreachable = placed && unreachableFunction(placed, { region: this.options.region(), accountId: this.options.accountId() });
      if (unreachable) {
        say('not-delivered', `${where}: ${unreachable.reason}, so the record goes nowhere locally (no function of the project is run for it)`);
        return;
      }
      const target = placed === undefined ? undefined : findInvokedFunction(this.options.functions(), placed.functionName);
      if (!target) {
        say('not-delivered', `${where}: no function of the project has this name, so the record goes nowhere`);
        return;
      }
      say('delivered', `${where}: invoked asynchronously with the record`);
      // A destination function is invoked as an Event of its own, with its own request id, retries and destinations.
      this.start(target.id, { payload: delivery.body, requestId: randomUUID() });
      return;
    }
    // An OnFailure destination: the readers refuse a bucket for OnSuccess (core/model/async-invoke.ts onSuccessDestination).
    if (destination.type === 's3') {
      await this.writeToBucket(destination.arn, done, where, say);
      return;
    }
    if (destination.type === 'eventbridge') {
      const key = `${role} ${destination.arn}`;
      if (!this.said.has(key)) {
        this.said.add(key);
        this.options.onEvent(warningEvent(`${where}: dev does not deliver to ${KIND[destination.type]} destinations, so its records go nowhere locally`));
      }
      return;
    }
    const local = this.options.localAws();
    if (!local) {
      say('not-delivered', `${where}: the ${role === 'DeadLetterQueue' ? 'event' : 'record'} would be sent there (with --local-aws, to the local endpoint)`);
      return;
    }
    try {
      await sendToDestination(local, { type: destination.type, arn: destination.arn }, delivery.body, delivery.attributes);
      say('delivered', `${where}: ${role === 'DeadLetterQueue' ? 'event' : 'record'} sent to the local endpoint`);
    } catch (error) {
      say('not-delivered', `${where}: not sent to the local endpoint (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** The record as Lambda writes it to an S3 OnFailure destination: an object of its own under Lambda's key. */
  private async writeToBucket(arn: string, done: FinishedInvocation, where: string, say: Say): Promise<void> {
    const local = this.options.localAws();
    if (!local) {
      say('not-delivered', `${where}: the record would be written there (with --local-aws, to the local endpoint)`);
      return;
    }
    const { key, body } = asyncFailureObject(done, randomUUID());
    try {
      await putInBucket(local, arn, key, body);
      say('delivered', `${where}: record written to the local endpoint as ${key}`);
    } catch (error) {
      say('not-delivered', `${where}: not written to the local endpoint (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}
