import { Unresolved } from '../../cfn/intrinsics.js';
import { LOCAL_ACCOUNT_ID } from '../../sam/template.js';
import { isRecord } from '../../fields.js';
import { arnOf, urlSuffixOf } from '../../../partition.js';

/**
 * What a variable source gives for an address: a value, nothing (the next fallback is tried), a value that
 * cannot be known locally, or a configuration error.
 */
export type SourceResult =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'missing'; readonly why: string }
  | { readonly kind: 'unresolved'; readonly value: Unresolved }
  | { readonly kind: 'error'; readonly message: string }
  /** The value depends on another whose error has been reported already. */
  | { readonly kind: 'failed' };

/** What the built-in sources read; `self` lookups go back into the configuration being resolved. */
export interface SourceContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly options: Readonly<Record<string, string>>;
  readonly self: (keys: readonly string[]) => SourceResult;
  readonly stage: () => SourceResult;
  readonly region: () => SourceResult;
  /** `params.<stage>.<name>`, else `params.default.<name>` (the Framework's stage parameters). */
  readonly param: (name: string) => SourceResult;
  /** `${file(path):address}`: a file of the service, and a property in it. */
  readonly file: (params: readonly string[], address: string | undefined, raw: string) => SourceResult;
  /** serverless.yml lists plugins: a source the Framework does not have may be one of theirs. */
  readonly plugins: boolean;
  /** serverless.yml sets `org`: the Dashboard's sources (`${output:...}`) are there too. */
  readonly dashboard: boolean;
  /** `${sls:instanceId}`, when the caller gives one. */
  readonly instanceId?: string;
}

/** The Framework's sources that read AWS, and what they read, for the message. */
const REMOTE: Readonly<Record<string, string>> = {
  ssm: 'AWS Systems Manager Parameter Store',
  cf: 'the outputs of a deployed CloudFormation stack',
  s3: 'an object in Amazon S3',
  secretsmanager: 'AWS Secrets Manager',
};

const value = (v: unknown): SourceResult => (v === undefined || v === null ? { kind: 'missing', why: 'it has no value' } : { kind: 'value', value: v });
const error = (message: string): SourceResult => ({ kind: 'error', message });

export function resolveSource(type: string, params: readonly string[], address: string | undefined, raw: string, ctx: SourceContext): SourceResult {
  switch (type) {
    case 'file':
      return ctx.file(params, address, raw);
    case 'strToBool': {
      // lib/configuration/variables/sources/str-to-bool.js: "true" and "1", "false" and "0", any case, trimmed.
      const text = params[0]?.trim().toLowerCase();
      if (text === 'true' || text === '1') return value(true);
      if (text === 'false' || text === '0') return value(false);
      return error(`${raw}: strToBool takes "true", "false", "0" or "1"`);
    }
    case 'self':
      return address ? ctx.self(address.split('.')) : error(`${raw} needs an address, as in \${self:provider.stage}`);
    case 'opt':
      if (address === undefined) return value(ctx.options);
      if (ctx.options[address] !== undefined) return value(ctx.options[address]);
      // pylambda's commands take --stage and --region; other options of `serverless deploy` have no counterpart here.
      return { kind: 'missing', why: address === 'stage' || address === 'region' ? `the option --${address} was not given` : `pylambda takes no --${address} option (only --stage and --region)` };
    case 'env':
      if (!address) return error(`${raw} needs a variable name, as in \${env:HOME}`);
      // An empty variable is set, as in the Framework since v3.26.0 (sources/env.js: `process.env[address] == null
      // ? null : process.env[address]`, "Support empty string environment variables", #11629).
      return ctx.env[address] !== undefined ? value(ctx.env[address]) : { kind: 'missing', why: `${address} is not set in the environment` };
    case 'param':
      return address ? ctx.param(address) : error(`${raw} needs a parameter name, as in \${param:domain}`);
    case 'sls':
      if (address === 'stage') return ctx.stage();
      if (address === 'instanceId') return ctx.instanceId === undefined ? unresolved(`${raw} is an id the Framework makes per run`) : value(ctx.instanceId);
      return error(`${raw}: the sls source has stage and instanceId, not ${address ?? 'nothing'}`);
    case 'aws':
      if (address === 'region') return ctx.region();
      // The account a local run pretends to be in, as the SAM reader does.
      if (address === 'accountId') return value(LOCAL_ACCOUNT_ID);
      return error(`${raw}: the aws source has region and accountId, not ${address ?? 'nothing'}`);
    case 'construct': {
      const lift = ctx.plugins ? liftQueueVariable(address, ctx) : undefined;
      if (lift) return lift;
      return unresolvedOrUnknown(type, raw, ctx);
    }
    default: {
      const what = REMOTE[type];
      if (what) return unresolved(`${raw} reads ${what} through the "${type}" variable source, which pylambda cannot do locally`);
      if (type === 'output' && ctx.dashboard) return unresolved(`${raw} reads another service's outputs through the Serverless Dashboard, which pylambda cannot do locally`);
      return unresolvedOrUnknown(type, raw, ctx);
    }
  }
}

/**
 * The Framework registers its plugins' sources before it refuses the others ("Unrecognized configuration variable
 * sources", scripts/serverless.js): with plugins listed, one of them may provide it.
 */
function unresolvedOrUnknown(type: string, raw: string, ctx: SourceContext): SourceResult {
  if (ctx.plugins) return unresolved(`${raw} uses the "${type}" variable source, which pylambda does not have (a plugin's, perhaps; plugins are not loaded)`);
  return error(`${raw} uses the "${type}" variable source, which the Framework does not have and no plugin is listed to provide`);
}

/**
 * serverless-lift's `${construct:<id>.queueUrl}` (queueArn, dlqUrl, dlqArn) of a `queue` construct, when the plugin is
 * listed: the queue Lift names `<stack name>-<id>` (lift-queues.ts), in the region and account a local run uses.
 */
function liftQueueVariable(address: string | undefined, ctx: SourceContext): SourceResult | undefined {
  const [id, property, ...rest] = (address ?? '').split('.');
  const plugins = ctx.self(['plugins']);
  const listed = plugins.kind === 'value' && Array.isArray(plugins.value) && plugins.value.includes('serverless-lift');
  const type = id ? ctx.self(['constructs', id, 'type']) : undefined;
  if (!listed || !id || rest.length > 0 || type?.kind !== 'value' || type.value !== 'queue') return undefined;
  const service = ctx.self(['service']);
  const stage = ctx.stage();
  const region = ctx.region();
  if (service.kind !== 'value') return service;
  if (stage.kind !== 'value') return stage;
  if (region.kind !== 'value') return region;
  const stack = ctx.self(['provider', 'stackName']);
  const name = isRecord(service.value) ? service.value.name : service.value;
  const base = stack.kind === 'value' ? String(stack.value) : `${String(name)}-${String(stage.value)}`;
  const fifo = ctx.self(['constructs', id, 'fifo']);
  const names = queueNames(`${base}-${id}`, fifo.kind === 'value' && fifo.value === true);
  const arn = (queue: string) => arnOf({ service: 'sqs', region: String(region.value), accountId: LOCAL_ACCOUNT_ID, resource: queue });
  const url = (queue: string) => `https://sqs.${String(region.value)}.${urlSuffixOf(String(region.value))}/${LOCAL_ACCOUNT_ID}/${queue}`;
  const values: Record<string, string> = { queueArn: arn(names.queue), queueUrl: url(names.queue), dlqArn: arn(names.dlq), dlqUrl: url(names.dlq) };
  return property !== undefined && values[property] !== undefined ? value(values[property]) : error(`\${construct:${address ?? ''}}: a queue construct has queueUrl, queueArn, dlqUrl and dlqArn`);
}

/** Lift's queue and dead-letter queue names (Queue.ts): `.fifo` last for a FIFO queue. */
export function queueNames(base: string, fifo: boolean): { queue: string; dlq: string } {
  return fifo ? { queue: `${base}.fifo`, dlq: `${base}-dlq.fifo` } : { queue: base, dlq: `${base}-dlq` };
}

function unresolved(reason: string): SourceResult {
  return { kind: 'unresolved', value: new Unresolved(reason) };
}
