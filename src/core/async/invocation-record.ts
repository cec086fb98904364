/**
 * What Lambda sends a destination and a dead-letter queue once an asynchronous invocation is done (Lambda developer
 * guide, "Capturing records of Lambda asynchronous invocations": the invocation record, whose example this follows
 * key for key; "Adding a dead-letter queue": the event itself, with the RequestID, ErrorCode and ErrorMessage
 * message attributes).
 */
import type { AsyncInvokeConfig, Destination } from '../model/async-invoke.js';
import type { AsyncCondition } from './retry-rules.js';
import { s3RecordKeyTail } from '../local-aws/s3-record-key.js';

export interface FinishedInvocation {
  readonly requestId: string;
  /** The function's ARN; the record names its version (`...:function:my-function:$LATEST`). */
  readonly functionArn: string;
  /** The version that ran (an alias's, or the number invoked); `$LATEST` when absent. */
  readonly version?: string;
  readonly condition: AsyncCondition;
  /** How many times the function ran. */
  readonly attempts: number;
  /** The event as it was sent (JSON: the Invoke API takes nothing else for an Event). */
  readonly payload: string;
  /** The last attempt's answer: its result, or the error document with the function error. */
  readonly response: { readonly payload: string; readonly functionError: boolean };
  /** When the record is made: its timestamp. */
  readonly now: number;
}

export function invocationRecord(done: FinishedInvocation): Record<string, unknown> {
  return {
    version: '1.0',
    timestamp: new Date(done.now).toISOString(),
    requestContext: { requestId: done.requestId, functionArn: `${done.functionArn}:${done.version ?? '$LATEST'}`, condition: done.condition, approximateInvokeCount: done.attempts },
    requestPayload: parsed(done.payload),
    responseContext: { statusCode: 200, executedVersion: done.version ?? '$LATEST', ...(done.response.functionError ? { functionError: 'Unhandled' } : {}) },
    responsePayload: parsed(done.response.payload),
  };
}

/**
 * The object an S3 OnFailure destination gets: the invocation record as JSON, at
 * `aws/lambda/async/<function-name>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<Random UUID>` (Lambda developer guide, "Capturing
 * records of Lambda asynchronous invocations", the destinations' table; the time is the record's, in UTC).
 */
export function asyncFailureObject(done: FinishedInvocation, objectUuid: string): { readonly key: string; readonly body: string } {
  const functionName = done.functionArn.slice(done.functionArn.lastIndexOf(':') + 1);
  const key = `aws/lambda/async/${functionName}/${s3RecordKeyTail(done.now, objectUuid)}`;
  return { key, body: JSON.stringify(invocationRecord(done)) };
}

/** "The first 1 KB of the error message" (dead-letter queue message attributes). */
const ERROR_MESSAGE_BYTES = 1024;

export type MessageAttributes = Readonly<Record<string, { readonly DataType: 'String' | 'Number'; readonly StringValue: string }>>;

/** The message attributes of an event sent to the dead-letter queue. */
export function deadLetterAttributes(requestId: string, errorPayload: string): MessageAttributes {
  const error = parsed(errorPayload);
  const message = typeof error === 'object' && error !== null && typeof (error as { errorMessage?: unknown }).errorMessage === 'string' ? (error as { errorMessage: string }).errorMessage : errorPayload;
  const bytes = Buffer.from(message);
  return {
    RequestID: { DataType: 'String', StringValue: requestId },
    // The Invoke status of a function error; Lambda says no other for one.
    ErrorCode: { DataType: 'Number', StringValue: '200' },
    ErrorMessage: { DataType: 'String', StringValue: bytes.length > ERROR_MESSAGE_BYTES ? bytes.subarray(0, ERROR_MESSAGE_BYTES).toString('utf8').replace(/\uFFFD$/, '') : message },
  };
}

export interface Delivery {
  /** What the configuration calls it, for messages. */
  readonly role: 'OnSuccess' | 'OnFailure' | 'DeadLetterQueue';
  readonly destination: Destination;
  /** The message (or, for a function, the event). */
  readonly body: string;
  readonly attributes?: MessageAttributes;
}

/**
 * Where the invocation's outcome goes: the record to OnSuccess or OnFailure, and on failure the event to the
 * dead-letter queue too (Lambda sends to both when both are set).
 */
export function deliveries(config: AsyncInvokeConfig | undefined, done: FinishedInvocation): Delivery[] {
  const out: Delivery[] = [];
  const success = done.condition === 'Success';
  const target = success ? config?.onSuccess : config?.onFailure;
  if (target) out.push({ role: success ? 'OnSuccess' : 'OnFailure', destination: target, body: JSON.stringify(invocationRecord(done)) });
  if (!success && config?.deadLetter) {
    out.push({ role: 'DeadLetterQueue', destination: config.deadLetter, body: done.payload, attributes: deadLetterAttributes(done.requestId, done.response.payload) });
  }
  return out;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
