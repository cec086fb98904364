/**
 * An SQS event source mapping's settings beyond its queue, batch size and ReportBatchItemFailures, read alike by every
 * reader: SAM's SQS event and CloudFormation's AWS::Lambda::EventSourceMapping (FilterCriteria,
 * MaximumBatchingWindowInSeconds, ScalingConfig.MaximumConcurrency, Enabled) and serverless.yml's sqs event
 * (filterPatterns, maximumBatchingWindow, maximumConcurrency, enabled). What Lambda's CreateEventSourceMapping refuses
 * is an error ("Lambda parameters for Amazon SQS event source mappings"; its message for a batch above 10 without a
 * window, serverless/serverless#8989).
 */
import type { QueueMappingSettings } from './event-sources.js';
import { isRecord, type FieldReader } from './fields.js';
import { parsePattern, patternProblem } from '../local-aws/event-filter.js';

export interface QueueSettingsFound {
  readonly patterns: readonly unknown[];
  readonly window: unknown;
  readonly concurrency: unknown;
  readonly enabled: unknown;
  /** The batch size the reader read, to check against the window. */
  readonly batchSize?: number | undefined;
  /** Where each was written, for diagnostics; none for a CDK app's mapping, read without them. */
  readonly at?: { readonly patterns: string; readonly window: string; readonly concurrency: string; readonly enabled: string; readonly batchSize: string };
}

export function queueMappingSettings(found: QueueSettingsFound, r?: FieldReader): QueueMappingSettings {
  const at = r ? found.at : undefined;
  const filters: Readonly<Record<string, unknown>>[] = [];
  for (const [i, raw] of found.patterns.entries()) {
    const pattern = parsePattern(raw);
    const path = at ? `${at.patterns}[${i}]` : undefined;
    if (!pattern) {
      if (path) r?.error(path, 'is not a JSON object of filter rules: Lambda refuses such a FilterCriteria pattern');
      continue;
    }
    filters.push(pattern);
    const problem = patternProblem(pattern);
    if (path && problem) r?.warn(path, `${problem}, which Lambda may refuse; dev takes a single value as a list of one and lets a value through a rule it does not know`);
  }
  const whole = (value: unknown, path: string | undefined) => (r && path ? r.integer(value, path) : typeof value === 'number' ? value : undefined);
  const window = whole(found.window, at?.window);
  const concurrency = whole(found.concurrency, at?.concurrency);
  if (at) {
    if (window !== undefined && (window < 0 || window > 300)) r?.error(at.window, `${window} is not 0 to 300 seconds, as Lambda requires`);
    if (concurrency !== undefined && (concurrency < 2 || concurrency > 1000)) r?.error(at.concurrency, `${concurrency} is not 2 to 1000, as Lambda requires`);
    const size = found.batchSize;
    if (size !== undefined && size > 10_000) r?.error(at.batchSize, `${size} is over 10000, the most Lambda takes for an SQS queue`);
    else if (size !== undefined && size > 10 && !window) r?.error(at.batchSize, `${size} is over 10: Lambda refuses it without a batching window ("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")`);
  }
  const disabled = found.enabled === false || found.enabled === 'false';
  return {
    ...(filters.length ? { filters } : {}), ...(window === undefined ? {} : { batchingWindow: window }),
    ...(concurrency === undefined ? {} : { maximumConcurrency: concurrency }), ...(disabled ? { disabled: true as const } : {}),
  };
}

/** ScalingConfig's MaximumConcurrency, where there is one. */
export const scalingConcurrency = (scaling: unknown): unknown => (isRecord(scaling) ? scaling.MaximumConcurrency : undefined);
