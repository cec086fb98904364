import { destinationTypeName, destinationTypeOfArn, type Destination } from './async-invoke.js';
import { isRecord } from './fields.js';
import type { StreamMappingSettings } from './event-sources.js';

/**
 * The names a configuration gives an event source mapping's settings: CloudFormation's (SAM's Kinesis and DynamoDB
 * events, AWS::Lambda::EventSourceMapping) and the Serverless Framework's `stream` event's (its
 * aws/package/compile/events/stream.js turns them into the former).
 */
const CFN = {
  startingPosition: 'StartingPosition', timestamp: 'StartingPositionTimestamp', batchSize: 'BatchSize', batchWindow: 'MaximumBatchingWindowInSeconds',
  retries: 'MaximumRetryAttempts', age: 'MaximumRecordAgeInSeconds', bisect: 'BisectBatchOnFunctionError', responses: 'FunctionResponseTypes', enabled: 'Enabled',
  parallelization: 'ParallelizationFactor', tumbling: 'TumblingWindowInSeconds',
} as const;
const SERVERLESS = {
  startingPosition: 'startingPosition', timestamp: 'startingPositionTimestamp', batchSize: 'batchSize', batchWindow: 'batchWindow',
  retries: 'maximumRetryAttempts', age: 'maximumRecordAgeInSeconds', bisect: 'bisectBatchOnFunctionError', responses: 'functionResponseType', enabled: 'enabled',
  parallelization: 'parallelizationFactor', tumbling: 'tumblingWindowInSeconds',
} as const;

const POSITIONS: readonly string[] = ['LATEST', 'TRIM_HORIZON', 'AT_TIMESTAMP'] satisfies NonNullable<StreamMappingSettings['startingPosition']>[];

/**
 * A stream trigger's mapping settings from its properties as written (`resolve` gives a value its intrinsics
 * resolve to locally), which are at `at` in the file. A setting of the wrong type is left to Lambda's default: the
 * readers' validation says so.
 */
export function streamMappingSettings(props: Readonly<Record<string, unknown>>, dialect: 'cfn' | 'serverless', at: string, resolve: (value: unknown) => unknown = (v) => v): StreamMappingSettings {
  const names = dialect === 'cfn' ? CFN : SERVERLESS;
  const value = (key: keyof typeof CFN) => resolve(props[names[key]]);
  const num = (key: keyof typeof CFN) => {
    const v = value(key);
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
  };
  const flag = (key: keyof typeof CFN) => {
    const v = value(key);
    return v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined;
  };
  const position = value('startingPosition');
  const responses = value('responses');
  const partial = Array.isArray(responses) ? responses.includes('ReportBatchItemFailures') : responses === 'ReportBatchItemFailures';
  const filters = dialect === 'cfn' ? cfnFilters(resolve(props.FilterCriteria), resolve) : serverlessFilters(resolve(props.filterPatterns));
  const settings: { -readonly [K in keyof StreamMappingSettings]: StreamMappingSettings[K] } = {};
  if (typeof position === 'string' && POSITIONS.includes(position)) settings.startingPosition = position as StreamMappingSettings['startingPosition'];
  const timestamp = num('timestamp');
  if (timestamp !== undefined) settings.startingPositionTimestamp = timestamp;
  const batchSize = num('batchSize');
  if (batchSize !== undefined) settings.batchSize = batchSize;
  const batchWindow = num('batchWindow');
  if (batchWindow !== undefined) settings.batchWindowSeconds = batchWindow;
  const retries = num('retries');
  if (retries !== undefined) settings.maximumRetryAttempts = retries;
  const age = num('age');
  if (age !== undefined) settings.maximumRecordAgeSeconds = age;
  if (flag('bisect') === true) settings.bisectBatchOnFunctionError = true;
  const parallelization = num('parallelization');
  if (parallelization !== undefined) settings.parallelizationFactor = parallelization;
  const tumbling = num('tumbling');
  if (tumbling !== undefined) settings.tumblingWindowSeconds = tumbling;
  if (partial) settings.reportBatchItemFailures = true;
  if (filters.length > 0) settings.filters = filters;
  const onFailure = dialect === 'cfn' ? cfnOnFailure(resolve(props.DestinationConfig), resolve, `${at}.DestinationConfig.OnFailure.Destination`) : serverlessOnFailure(resolve(props.destinations), resolve, `${at}.destinations.onFailure`);
  if (onFailure) settings.onFailure = onFailure;
  if (flag('enabled') === false) settings.enabled = false;
  return settings;
}

/**
 * `DestinationConfig: {OnFailure: {Type: SQS, Destination: <arn>}}`: SAM's Type (SQS, SNS, S3) or, for a mapping
 * resource, the ARN's service says what it is.
 */
function cfnOnFailure(config: unknown, resolve: (value: unknown) => unknown, path: string): Destination | undefined {
  const onFailure = isRecord(config) ? resolve(config.OnFailure) : undefined;
  return isRecord(onFailure) ? destination(resolve(onFailure.Destination), resolve(onFailure.Type), path) : undefined;
}

/** serverless.yml's `destinations: {onFailure: <arn> | {arn, type}}` (aws/package/compile/events/stream.js). */
function serverlessOnFailure(destinations: unknown, resolve: (value: unknown) => unknown, path: string): Destination | undefined {
  const onFailure = isRecord(destinations) ? resolve(destinations.onFailure) : undefined;
  return isRecord(onFailure) ? destination(resolve(onFailure.arn), resolve(onFailure.type), `${path}.arn`) : destination(onFailure, undefined, path);
}

function destination(arn: unknown, type: unknown, path: string): Destination | undefined {
  if (typeof arn !== 'string') return undefined;
  const kind = typeof type === 'string' ? destinationTypeName(type) : destinationTypeOfArn(arn);
  return kind ? { type: kind, arn, path } : undefined;
}

/** `FilterCriteria: {Filters: [{Pattern: '<JSON>'}]}`: each Pattern is JSON text (SAM and CDK write it so). */
function cfnFilters(criteria: unknown, resolve: (value: unknown) => unknown): unknown[] {
  const filters = isRecord(criteria) && Array.isArray(criteria.Filters) ? criteria.Filters : [];
  return filters.flatMap((f) => {
    const pattern = isRecord(f) ? resolve(f.Pattern) : undefined;
    return parsedPattern(pattern);
  });
}

/** serverless.yml's `filterPatterns`: patterns as objects (the Framework stringifies each into a Pattern). */
function serverlessFilters(patterns: unknown): unknown[] {
  return (Array.isArray(patterns) ? patterns : []).flatMap(parsedPattern);
}

function parsedPattern(pattern: unknown): unknown[] {
  if (isRecord(pattern)) return [pattern];
  if (typeof pattern !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(pattern);
    return isRecord(parsed) ? [parsed] : [];
  } catch {
    return [];
  }
}

/** The settings as a trigger's `mapping`, when any is set. */
export function mappingOf(settings: StreamMappingSettings): { mapping?: StreamMappingSettings } {
  return Object.keys(settings).length > 0 ? { mapping: settings } : {};
}
