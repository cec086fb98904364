/**
 * Lambda's event source mappings for Kinesis and DynamoDB streams, as `dev --local-aws` runs them against the local
 * endpoint's streams (Lambda developer guide, "Using Lambda with Kinesis Data Streams", "... with DynamoDB", "Lambda
 * event source mappings"). Which records to checkpoint and what to retry after a batch is stream-checkpoints.ts.
 */
import type { Destination } from '../model/async-invoke.js';
import type { StreamMappingSettings } from '../model/event-sources.js';
import type { Project } from '../model/project.js';

export interface StreamMapping {
  readonly functionId: string;
  /** The alias the mapping invokes (EventSource's qualifier). */
  readonly qualifier?: string;
  /** The event source's id (`Stream` of a SAM function's Events, a mapping's logical id), for messages. */
  readonly sourceId: string;
  readonly service: 'kinesis' | 'dynamodb';
  /** The Kinesis stream's name, or the name of the table whose stream it is. */
  readonly name: string;
  readonly startingPosition: NonNullable<StreamMappingSettings['startingPosition']>;
  readonly startingPositionTimestamp?: number;
  readonly batchSize: number;
  readonly batchWindowMs: number;
  /** -1: no limit. */
  readonly maximumRetryAttempts: number;
  /** -1: no limit. */
  readonly maximumRecordAgeSeconds: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly reportBatchItemFailures: boolean;
  /** How many batches of a shard go to the function at once (stream-lanes.ts). */
  readonly parallelizationFactor: number;
  /** TumblingWindowInSeconds (stream-windows.ts); 0: none. */
  readonly tumblingWindowSeconds: number;
  readonly filters: readonly unknown[];
  /** Where the record of a batch given up (retries or age run out) goes. */
  readonly onFailure?: Destination;
}

/** What the local endpoint holds: its Kinesis streams and tables, by name. */
export interface HeldStreams {
  readonly streams: ReadonlySet<string>;
  readonly tables: ReadonlySet<string>;
}

/** A stream trigger whose stream the endpoint does not hold (one outside the template): said, not polled. */
export interface UnheldStream {
  readonly functionId: string;
  readonly sourceId: string;
  readonly service: 'kinesis' | 'dynamodb';
  readonly name: string;
}

// CreateEventSourceMapping's ranges for streams: BatchSize 1-10000 (default 100), MaximumBatchingWindowInSeconds
// 0-300, MaximumRetryAttempts -1-10000, MaximumRecordAgeInSeconds -1 or 60-604800 (-1, the default: no limit),
// ParallelizationFactor 1-10 (default 1), TumblingWindowInSeconds 0-900.
const clamp = (value: number, low: number, high: number) => Math.min(Math.max(Math.trunc(value), low), high);

/** The enabled stream triggers of the project's functions: those the endpoint holds, and those it does not. */
export function streamMappings(project: Project, held: HeldStreams): { mappings: StreamMapping[]; unheld: UnheldStream[] } {
  const mappings: StreamMapping[] = [];
  const unheld: UnheldStream[] = [];
  for (const fn of project.functions) {
    for (const source of fn.events) {
      if (source.kind !== 'other' || !source.stream || source.mapping?.enabled === false) continue;
      const { service } = source.stream;
      const name = service === 'kinesis' ? streamName(source.stream.stream) : source.stream.table?.name;
      if (name === undefined) continue;
      if (!(service === 'kinesis' ? held.streams : held.tables).has(name)) {
        unheld.push({ functionId: fn.id, sourceId: source.id, service, name });
        continue;
      }
      const s = source.mapping ?? {};
      const age = s.maximumRecordAgeSeconds ?? -1;
      mappings.push({
        functionId: fn.id,
        ...(source.qualifier ? { qualifier: source.qualifier } : {}),
        sourceId: source.id,
        service,
        name,
        // CloudFormation wants a StartingPosition for a stream; LATEST is what the console offers first.
        startingPosition: s.startingPosition ?? 'LATEST',
        ...(s.startingPositionTimestamp === undefined ? {} : { startingPositionTimestamp: s.startingPositionTimestamp }),
        batchSize: clamp(s.batchSize ?? 100, 1, 10000),
        batchWindowMs: clamp(s.batchWindowSeconds ?? 0, 0, 300) * 1000,
        maximumRetryAttempts: clamp(s.maximumRetryAttempts ?? -1, -1, 10000),
        maximumRecordAgeSeconds: age < 0 ? -1 : clamp(age, 60, 604800),
        bisectBatchOnFunctionError: s.bisectBatchOnFunctionError === true,
        reportBatchItemFailures: s.reportBatchItemFailures === true,
        parallelizationFactor: clamp(s.parallelizationFactor ?? 1, 1, 10),
        tumblingWindowSeconds: clamp(s.tumblingWindowSeconds ?? 0, 0, 900),
        filters: s.filters ?? [],
        ...(s.onFailure ? { onFailure: s.onFailure } : {}),
      });
    }
  }
  return { mappings, unheld };
}

/** A Kinesis stream's name from its name or ARN (`arn:aws:kinesis:<region>:<account>:stream/<name>`). */
function streamName(stream: string | undefined): string | undefined {
  if (stream === undefined || !stream.startsWith('arn:')) return stream;
  const at = stream.indexOf(':stream/');
  return at < 0 ? undefined : stream.slice(at + ':stream/'.length).split('/')[0];
}
