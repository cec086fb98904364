import type { Diagnostic } from '../../errors.js';
import { describe, type FieldReader } from '../fields.js';
import { streamSource } from '../cfn/stream-sources.js';
import type { EventSource, StreamMappingSettings } from '../event-sources.js';
import type { Architecture, FunctionModel } from '../project.js';
import { validateFunction, type FieldPaths } from '../validate.js';
import type { ChaliceAppInfo, ChaliceFunctionInfo } from './app-info.js';
import { CHALICE_DEFAULTS, pythonTruthy, type ChaliceConfig, type Found } from './config.js';
import { keyFilter, patternSample } from '../values.js';
import { mappingOf } from '../stream-mapping-settings.js';

/** Where a function comes from: its Chalice name, handler string and triggers. */
export interface ChaliceFunctionSpec {
  readonly name: string;
  readonly handler: string;
  readonly events: readonly EventSource[];
  /** Where the function is defined, for messages. */
  readonly definedAt: string;
}

export interface FunctionContext {
  readonly config: ChaliceConfig;
  readonly appName: string;
  readonly stage: string;
  readonly runtime: string;
  /** What the runtime was chosen from, for a message when pylambda does not know it. */
  readonly runtimeFrom: string;
  readonly appFile: string;
}

const ARCHITECTURES = ['x86_64', 'arm64'];

/**
 * The Lambda functions `chalice deploy` creates (chalice/deploy/appgraph.py, ApplicationGraphBuilder.build):
 * `api_handler` (handler `app.app`) when the app has routes, then each `@app.lambda_function`, event handler,
 * built-in authorizer and WebSocket handler under its own name.
 */
export function chaliceFunctionSpecs(app: ChaliceAppInfo, attribute: string, apiEvents: readonly EventSource[], deployed: DeployedNames): ChaliceFunctionSpec[] {
  const specs: ChaliceFunctionSpec[] = [];
  if (app.routes.length > 0) {
    specs.push({ name: CHALICE_DEFAULTS.apiHandler, handler: `app.${attribute}`, events: apiEvents, definedAt: `@${attribute}.route` });
  }
  for (const fn of app.functions) {
    specs.push({ name: fn.name, handler: fn.handler, events: eventsOf(fn, deployed), definedAt: fn.handler });
  }
  return specs;
}

/** What `chalice deploy` names the deployed resources after: config.json's app_name and the stage. */
export interface DeployedNames {
  readonly appName: string;
  readonly stage: string;
}

/** One function's model: config.json's lookup order per setting, Chalice's defaults, then Lambda's limits. */
export function chaliceFunction(spec: ChaliceFunctionSpec, ctx: FunctionContext, r: FieldReader): { model: FunctionModel; diagnostics: Diagnostic[] } {
  const { config, stage } = ctx;
  const memory = wholeNumber(config.perFunction('lambda_memory_size', spec.name), r);
  const timeout = wholeNumber(config.perFunction('lambda_timeout', spec.name), r);
  const reserved = wholeNumber(config.perFunction('reserved_concurrency', spec.name), r);
  const architecture = config.perStage('lambda_architecture');
  const arch = architecture === undefined ? CHALICE_DEFAULTS.architecture : r.string(architecture.value, architecture.path);
  if (architecture && arch !== undefined && !ARCHITECTURES.includes(arch)) {
    r.error(architecture.path, `'${arch}' is not a Lambda architecture (x86_64 or arm64)`);
  }
  checkVpc(config, spec.name, r);
  const { values: environment, merged: env } = config.stringEnvironment(spec.name, r);
  const layers = config.perFunction('layers', spec.name);
  const externalLayers = layerArns(layers, r);
  const model: FunctionModel = {
    id: spec.name,
    // The API handler is <app_name>-<stage> "for backwards compatibility"; the others <app_name>-<stage>-<name>.
    name: spec.name === CHALICE_DEFAULTS.apiHandler ? `${ctx.appName}-${stage}` : `${ctx.appName}-${stage}-${spec.name}`,
    handler: spec.handler,
    // The package holds app.py, chalicelib/ and vendor/ at its root (packaging/chalice.ts).
    codeUri: '.',
    runtime: ctx.runtime,
    architecture: (ARCHITECTURES.includes(arch ?? '') ? arch : CHALICE_DEFAULTS.architecture) as Architecture,
    memorySize: memory?.value ?? CHALICE_DEFAULTS.memorySize,
    timeout: timeout?.value ?? CHALICE_DEFAULTS.timeout,
    environment,
    ...(reserved === undefined ? {} : { reservedConcurrency: reserved.value }),
    ...(externalLayers.length > 0 ? { externalLayers } : {}),
    events: spec.events,
    source: { file: ctx.appFile, path: spec.definedAt },
  };
  const ENV = '\u0000env';
  const paths: FieldPaths = {
    handler: spec.definedAt,
    runtime: `runtime (${ctx.runtimeFrom})`,
    memorySize: memory?.path ?? 'lambda_memory_size',
    timeout: timeout?.path ?? 'lambda_timeout',
    reservedConcurrency: reserved?.path ?? 'reserved_concurrency',
    architecture: architecture?.path ?? 'lambda_architecture',
    layers: layers?.path ?? 'layers',
    environment: ENV,
  };
  // validateFunction names one environment path; each key came from its own level, so point at that one.
  const diagnostics = validateFunction(model, paths, r.file).map((d) => {
    if (d.path === ENV) return { ...d, path: env.path };
    if (d.path.startsWith(`${ENV}.`)) return { ...d, path: env.sources[d.path.slice(ENV.length + 1)] ?? env.path };
    return d;
  });
  return { model, diagnostics };
}

/**
 * `layers` (config.py: per stage and per function), the ARNs `chalice deploy` attaches to the function beside its
 * automatic layer: they exist in AWS only, so their modules are missing locally, as a SAM function's layer ARNs are.
 */
function layerArns(found: Found | undefined, r: FieldReader): string[] {
  if (!found) return [];
  const list = r.list(found.value, found.path) ?? [];
  return list.flatMap((entry, i) => {
    const arn = r.string(entry, `${found.path}[${i}]`);
    if (arn === undefined) return [];
    r.warn(`${found.path}[${i}]`, `'${arn}' is a layer in AWS: its modules are not available locally`);
    return [arn];
  });
}

/**
 * deploy/appgraph.py `_get_vpc_params`: a function in a VPC needs its subnets and its security groups both, or
 * chalice deploy stops with ChaliceBuildError. Locally no function runs in a VPC, so this is a warning.
 */
function checkVpc(config: ChaliceConfig, fn: string, r: FieldReader): void {
  const subnets = config.perFunction('subnet_ids', fn);
  const groups = config.perFunction('security_group_ids', fn);
  if (pythonTruthy(subnets?.value) === pythonTruthy(groups?.value)) return;
  const [given, missing] = pythonTruthy(subnets?.value) ? [subnets!, 'security_group_ids'] : [groups!, 'subnet_ids'];
  r.warn(given.path, `is set without ${missing}: chalice deploy refuses it ("Invalid VPC params ... you must provide the subnet_ids as well as the security_group_ids")`);
}

/** Chalice hands these values to Lambda as they are, so a string "512" fails at deploy: it must be a JSON number. */
function wholeNumber(found: Found | undefined, r: FieldReader): { value: number; path: string } | undefined {
  if (!found) return undefined;
  if (typeof found.value === 'number' && Number.isInteger(found.value)) return { value: found.value, path: found.path };
  r.error(found.path, `must be a whole number, not ${describe(found.value)}`);
  return undefined;
}

/**
 * The triggers of an event handler, with the resource names Chalice gives them (appgraph.py:
 * `<name>-sqs-event-source`, `<name>-s3event`, `<name>-event`, ...) and what each names, so that a sample event has
 * the ARNs the deployed trigger sends and dev --local-aws reads the stream: a rule `<app_name>-<stage>-<name>-event`
 * (`_create_scheduled_model`), the topic, the Kinesis stream, the table of a DynamoDB stream ARN. Types the model
 * has no kind for keep SAM's event type names.
 */
function eventsOf(fn: ChaliceFunctionInfo, deployed: DeployedNames): EventSource[] {
  switch (fn.kind) {
    case 'sqs': {
      const queue = fn.queue ?? fn.queue_arn ?? '';
      // Chalice writes a window of 0 unless one is given: the mapping's default, left out as the other readers do.
      const window = fn.maximum_batching_window_in_seconds ? { batchingWindow: fn.maximum_batching_window_in_seconds } : {};
      const concurrency = fn.maximum_concurrency == null ? {} : { maximumConcurrency: fn.maximum_concurrency };
      return [{ kind: 'sqs', id: `${fn.name}-sqs-event-source`, queue, ...(fn.batch_size == null ? {} : { batchSize: fn.batch_size }), ...window, ...concurrency }];
    }
    case 's3':
      return [{ kind: 's3', id: `${fn.name}-s3event`, bucket: fn.bucket ?? '', events: fn.events ?? ['s3:ObjectCreated:*'], ...keyFilter({ prefix: fn.prefix, suffix: fn.suffix }) }];
    case 'schedule':
      return [{ kind: 'schedule', id: `${fn.name}-event`, schedule: fn.expression ?? '', rule: `${deployed.appName}-${deployed.stage}-${fn.name}-event` }];
    case 'sns':
      return [{ kind: 'other', id: `${fn.name}-sns-subscription`, type: 'SNS', ...(fn.topic ? { topic: fn.topic } : {}) }];
    case 'cloudwatch_event':
      // The sample has the source and detail-type the rule matches, as a SAM EventBridgeRule's does.
      return [{ kind: 'other', id: `${fn.name}-event`, type: 'CloudWatchEvent', ...patternSample(fn.event_pattern) }];
    case 'kinesis':
      return [{ kind: 'other', id: `${fn.name}-kinesis-event-source`, type: 'Kinesis', stream: { service: 'kinesis', ...(fn.stream ? { stream: fn.stream } : {}) }, ...streamMapping(fn) }];
    case 'dynamodb': {
      const stream = streamSource(fn.stream_arn ?? undefined, 'dynamodb', { resources: {}, resolve: (v) => v }) ?? { service: 'dynamodb' };
      return [{ kind: 'other', id: `${fn.name}-dynamodb-event-source`, type: 'DynamoDB', stream, ...streamMapping(fn) }];
    }
    case 'websocket':
      return [{ kind: 'other', id: fn.route_key ?? fn.name, type: 'WebSocket', ...(fn.route_key ? { details: { webSocket: { routeKey: fn.route_key } } } : {}) }];
    case 'authorizer':
      // Called by API Gateway for the routes it guards (a TOKEN authorizer): not a trigger, but its event.
      return [{ kind: 'other', id: fn.name, type: 'Authorizer' }];
    default:
      // @app.lambda_function has no trigger of its own.
      return [];
  }
}

const POSITIONS: ReadonlySet<string> = new Set(['LATEST', 'TRIM_HORIZON', 'AT_TIMESTAMP']);

/**
 * The event source mapping `chalice deploy` creates for a stream (appgraph.py `_create_kinesis_subscription`,
 * `_create_ddb_subscription`): its batch_size (100), starting_position (LATEST) and batching window (0, left out).
 */
function streamMapping(fn: ChaliceFunctionInfo): { mapping?: StreamMappingSettings } {
  const position = fn.starting_position ?? undefined;
  return mappingOf({
    ...(position !== undefined && POSITIONS.has(position) ? { startingPosition: position as StreamMappingSettings['startingPosition'] } : {}),
    ...(fn.batch_size == null ? {} : { batchSize: fn.batch_size }),
    ...(fn.maximum_batching_window_in_seconds ? { batchWindowSeconds: fn.maximum_batching_window_in_seconds } : {}),
  });
}
