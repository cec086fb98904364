import { randomUUID } from 'node:crypto';
import { UserError } from '../core/errors.js';
import type { GenerateContext } from '../core/events/sources/context.js';
import { sqsEvent, snsEvent } from '../core/events/sources/queues.js';
import { eventBridgeEvent, scheduleEvent } from '../core/events/sources/schedule.js';
import { dynamodbEvent, s3Event } from '../core/events/sources/storage.js';
import { LOCAL_ACCOUNT_ID } from '../core/model/sam/template.js';

/** The options `pylambda events generate` accepts; each kind reads the ones that apply to it. */
export interface EventOptions {
  readonly method?: string;
  readonly path?: string;
  readonly body?: string;
  readonly query?: readonly string[];
  readonly header?: readonly string[];
  readonly queue?: string;
  readonly topic?: string;
  readonly subject?: string;
  readonly bucket?: string;
  readonly key?: string;
  readonly eventName?: string;
  readonly source?: string;
  readonly detailType?: string;
  readonly detail?: string;
  readonly table?: string;
  readonly keys?: string;
  readonly newImage?: string;
  readonly rule?: string;
  readonly region?: string;
}

interface Kind {
  readonly description: string;
  readonly options: readonly (keyof EventOptions)[];
  readonly generate: (ctx: GenerateContext, options: EventOptions) => unknown;
}

export const EVENT_KINDS: Readonly<Record<string, Kind>> = {
  sqs: {
    description: 'An SQS batch of one message',
    options: ['body', 'queue'],
    generate: (ctx, o) => sqsEvent(ctx, { ...(o.body !== undefined ? { body: o.body } : {}), ...(o.queue ? { queue: o.queue } : {}) }),
  },
  sns: {
    description: 'An SNS notification',
    options: ['body', 'subject', 'topic'],
    generate: (ctx, o) => snsEvent(ctx, { ...(o.body !== undefined ? { message: o.body } : {}), ...(o.subject ? { subject: o.subject } : {}), ...(o.topic ? { topic: o.topic } : {}) }),
  },
  s3: {
    description: 'An S3 object notification',
    options: ['bucket', 'key', 'eventName'],
    generate: (ctx, o) => s3Event(ctx, { ...(o.bucket ? { bucket: o.bucket } : {}), ...(o.key ? { key: o.key } : {}), ...(o.eventName ? { eventName: o.eventName } : {}) }),
  },
  eventbridge: {
    description: 'An EventBridge event',
    options: ['source', 'detailType', 'detail'],
    generate: (ctx, o) => eventBridgeEvent(ctx, {
      ...(o.source ? { source: o.source } : {}),
      ...(o.detailType ? { detailType: o.detailType } : {}),
      ...(o.detail !== undefined ? { detail: jsonOption('--detail', o.detail) } : {}),
    }),
  },
  schedule: {
    description: 'A scheduled event (an EventBridge rule)',
    options: ['rule'],
    generate: (ctx, o) => scheduleEvent(ctx, o.rule ? { rule: o.rule } : {}),
  },
  dynamodb: {
    description: 'A DynamoDB stream record',
    options: ['table', 'eventName', 'keys', 'newImage'],
    generate: (ctx, o) => {
      const eventName = o.eventName ?? 'INSERT';
      if (!['INSERT', 'MODIFY', 'REMOVE'].includes(eventName)) throw new UserError(`--event-name for dynamodb must be INSERT, MODIFY or REMOVE, not '${eventName}'`);
      return dynamodbEvent(ctx, {
        eventName: eventName as 'INSERT',
        ...(o.table ? { table: o.table } : {}),
        ...(o.keys !== undefined ? { keys: jsonObjectOption('--keys', o.keys) } : {}),
        ...(o.newImage !== undefined ? { newImage: jsonObjectOption('--new-image', o.newImage) } : {}),
      });
    },
  },
};

/** `pylambda events generate <kind>`: a valid event of that kind, shaped like the real samples. */
export function generateEvent(kind: string, options: EventOptions, env: Readonly<Record<string, string | undefined>>): unknown {
  const entry = EVENT_KINDS[kind];
  if (!entry) throw new UserError(`Unknown event kind '${kind}'`, { hint: `Kinds: ${Object.keys(EVENT_KINDS).join(', ')}`, exitCode: 2 });
  const ctx: GenerateContext = {
    nowMs: Date.now(),
    newId: randomUUID,
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    accountId: LOCAL_ACCOUNT_ID,
  };
  return entry.generate(ctx, options);
}

function jsonOption(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${flag} must be JSON: ${(error as Error).message}`);
  }
}

function jsonObjectOption(flag: string, text: string): Record<string, unknown> {
  const value = jsonOption(flag, text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${flag} must be a JSON object, like {"id": "1"}`);
  return value as Record<string, unknown>;
}
