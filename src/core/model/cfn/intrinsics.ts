/**
 * Local evaluation of CloudFormation intrinsic functions: what a deployed stack would see, as far as
 * it can be known without deploying. Resources are named after their explicit name property, else
 * their logical id (CloudFormation would add the stack name and a random suffix). What `!Ref` gives
 * for each type is in ref-values.ts.
 */
import { NAME_PROPERTY, REF_RULES, generatedParameterName, secretSuffix } from './ref-values.js';
import { arnOf, partitionOf, urlSuffixOf } from '../../partition.js';


export interface CfnResource {
  readonly Type?: unknown;
  readonly Properties?: unknown;
}

export interface CfnContext {
  readonly parameters: Readonly<Record<string, string | readonly string[]>>;
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly mappings: Readonly<Record<string, unknown>>;
  readonly resources: Readonly<Record<string, CfnResource>>;
  /** Resources CloudFormation would not create (their Condition is false), by id: the condition's name. */
  readonly notCreated?: Readonly<Record<string, string>>;
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
}

/** A value that cannot be known locally (an import, an attribute of a deployed resource, ...). */
export class Unresolved {
  constructor(readonly reason: string) {}
}

/** A reference to a parameter or resource the template does not have: a typo, which CloudFormation refuses. */
export class MissingReference extends Unresolved {}

/** Marks a property to drop (`!Ref AWS::NoValue`). */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * A reference whose local value is not the one a deployed stack would see (a generated id or name, a type
 * whose Ref pylambda does not know): `path` is where it is in the value resolved (`Environment.Variables.APP`).
 */
export interface LocalNote {
  readonly path: string;
  readonly message: string;
}

/** Where resolution is, and where its notes go (none: they are not wanted). */
interface Trace {
  readonly at: string;
  readonly notes?: LocalNote[];
  /** Inside an intrinsic's arguments: everything in them is noted where the intrinsic's value goes. */
  readonly pinned?: boolean;
}

const QUIET: Trace = { at: '' };

/** The value as a deployed stack would see it; `notes`, when given, gets a note for each approximate reference. */
export function resolveIntrinsics(value: unknown, ctx: CfnContext, notes?: LocalNote[]): unknown {
  const out = resolve(value, ctx, notes ? { at: '', notes } : QUIET);
  return out === NO_VALUE ? undefined : out;
}

function resolve(value: unknown, ctx: CfnContext, trace: Trace = QUIET): unknown {
  const inner = (key: string): Trace => (!trace.notes || trace.pinned ? trace : { at: trace.at ? `${trace.at}${key.startsWith('[') ? '' : '.'}${key}` : key, notes: trace.notes });
  if (Array.isArray(value)) return value.map((v, i) => resolve(v, ctx, inner(`[${i}]`))).filter((v) => v !== NO_VALUE);
  if (value === null || typeof value !== 'object' || value instanceof Unresolved) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    if (key === 'Ref' || key.startsWith('Fn::') || key === 'Condition') return intrinsic(key, arg, ctx, trace);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const r = resolve(v, ctx, inner(k));
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

function intrinsic(name: string, rawArg: unknown, ctx: CfnContext, trace: Trace): unknown {
  if (name === 'Fn::If') return fnIf(rawArg, ctx, trace);
  const arg = resolve(rawArg, ctx, trace.notes ? { ...trace, pinned: true } : QUIET);
  const firstUnresolved = findUnresolved(arg);
  if (firstUnresolved && name !== 'Fn::Sub') return firstUnresolved;
  switch (name) {
    case 'Ref':
      return ref(String(arg), ctx, trace);
    case 'Condition':
      return condition(String(arg), ctx);
    case 'Fn::GetAtt': {
      const [id, attr] = Array.isArray(arg) ? arg.map(String) : String(arg).split(/\.(.*)/s);
      return getAtt(id ?? '', attr ?? '', ctx);
    }
    case 'Fn::Sub':
      return sub(arg, ctx, trace);
    case 'Fn::Join': {
      const [sep, list] = asPair(arg);
      return Array.isArray(list) ? list.map(String).join(String(sep)) : new Unresolved('Fn::Join needs a list');
    }
    case 'Fn::Select': {
      const [index, list] = asPair(arg);
      return Array.isArray(list) ? (list[Number(index)] ?? new Unresolved('Fn::Select index out of range')) : new Unresolved('Fn::Select needs a list');
    }
    case 'Fn::Split': {
      const [sep, text] = asPair(arg);
      return String(text).split(String(sep));
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = Array.isArray(arg) ? arg.slice(0, 3).map(String) : [];
      const found = (ctx.mappings[map ?? ''] as Record<string, Record<string, unknown>> | undefined)?.[top ?? '']?.[second ?? ''];
      // AWS::LanguageExtensions adds a fourth argument, {DefaultValue: ...}, given where the mapping has no such key.
      const fallback = Array.isArray(arg) && arg[3] !== null && typeof arg[3] === 'object' ? (arg[3] as Record<string, unknown>).DefaultValue : undefined;
      return found ?? fallback ?? new Unresolved(`Fn::FindInMap: no ${map}.${top}.${second}`);
    }
    case 'Fn::Length':
      // AWS::LanguageExtensions: the number of items of a list (a CommaDelimitedList parameter's, too).
      return Array.isArray(arg) ? arg.length : new Unresolved('Fn::Length needs a list');
    case 'Fn::Base64':
      return Buffer.from(String(arg)).toString('base64');
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((z) => `${ctx.region}${z}`);
    case 'Fn::Equals': {
      const [a, b] = asPair(arg);
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::And':
      return Array.isArray(arg) && arg.every((v) => v === true);
    case 'Fn::Or':
      return Array.isArray(arg) && arg.some((v) => v === true);
    case 'Fn::Not':
      return Array.isArray(arg) && arg[0] !== true;
    case 'Fn::ToJsonString':
      return JSON.stringify(arg);
    default:
      return new Unresolved(`${name} cannot be evaluated locally`);
  }
}

function asPair(arg: unknown): unknown[] {
  return Array.isArray(arg) ? arg : [];
}

function findUnresolved(value: unknown): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const u = findUnresolved(v);
      if (u) return u;
    }
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      const u = findUnresolved(v);
      if (u) return u;
    }
  }
  return undefined;
}

function fnIf(rawArg: unknown, ctx: CfnContext, trace: Trace): unknown {
  if (!Array.isArray(rawArg) || rawArg.length !== 3) return new Unresolved('Fn::If needs [condition, then, else]');
  const test = condition(String(rawArg[0]), ctx);
  if (test instanceof Unresolved) return test;
  return resolve(test ? rawArg[1] : rawArg[2], ctx, trace);
}

function condition(name: string, ctx: CfnContext, seen: readonly string[] = []): unknown {
  if (!Object.hasOwn(ctx.conditions, name)) return new Unresolved(`no condition named ${name}`);
  if (seen.includes(name)) return new Unresolved(`condition ${name} refers to itself`);
  const result = resolve(ctx.conditions[name], ctx);
  return result instanceof Unresolved || typeof result === 'boolean' ? result : new Unresolved(`condition ${name} is not a boolean`);
}

const PSEUDO: Readonly<Record<string, (ctx: CfnContext) => unknown>> = {
  'AWS::Region': (c) => c.region,
  'AWS::AccountId': (c) => c.accountId,
  'AWS::StackName': (c) => c.stackName,
  'AWS::StackId': (c) => arnOf({ service: 'cloudformation', region: c.region, accountId: c.accountId, resource: `stack/${c.stackName}/00000000-0000-0000-0000-000000000000` }),
  'AWS::Partition': (c) => partitionOf(c.region),
  'AWS::URLSuffix': (c) => urlSuffixOf(c.region),
  'AWS::NotificationARNs': () => [],
  'AWS::NoValue': () => NO_VALUE,
};

/** A template's (or a table's) entry by name: a name every object inherits (constructor, toString) is none. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function ref(name: string, ctx: CfnContext, trace: Trace): unknown {
  const pseudo = own(PSEUDO, name);
  if (pseudo) return pseudo(ctx);
  if (Object.hasOwn(ctx.parameters, name)) return ctx.parameters[name];
  const skipped = notCreated(name, `!Ref ${name}`, ctx);
  if (skipped) return skipped;
  const resource = own(ctx.resources, name);
  if (!resource) return generatedReference(name, ctx) ?? new MissingReference(`!Ref ${name}: no parameter or resource has that name`);
  const type = String(resource.Type);
  const note = (message: string) => trace.notes?.push({ path: trace.at, message: `!Ref ${name}: ${message}` });
  const rule = own(REF_RULES, type);
  switch (rule?.ref) {
    case 'url':
      return queueUrl(resourceName(name, ctx), ctx);
    case 'arn':
      return arn(name, ctx);
    case 'name': {
      const local = resourceName(name, ctx);
      if (type === 'AWS::SSM::Parameter' && !hasName(name, ctx)) {
        note(`the parameter has no Name, so CloudFormation generates one when deployed (CFN-${name}-<random>); locally it is ${local}`);
      }
      return local;
    }
    case 'id': {
      const local = rule.example(`${ctx.stackName}/${name}`, ctx.region);
      note(`${rule.what} when deployed; locally it is ${local}, made up (nothing local serves a ${type})`);
      return local;
    }
    case 'logical-id':
      note(`${rule.what} when deployed; locally it is the logical id ${name}`);
      return name;
    default:
      note(`pylambda does not know what Ref gives for a ${type} (its name, id or ARN when deployed); locally it is the logical id ${name}`);
      return name;
  }
}

/**
 * The name a resource would have: its explicit name property, else its logical id. A bucket's in lower case:
 * S3 refuses capitals (CloudFormation names one `<stack>-<logical id, lower-cased>-<random>`), and an
 * `Uploads` that moto takes would break virtual-hosted addressing and name checks on AWS. An SSM parameter's
 * is the name CloudFormation would generate, as its Ref says (a note goes with it).
 */
export function resourceName(id: string, ctx: CfnContext): string {
  const resource = own(ctx.resources, id);
  const explicit = explicitName(id, ctx);
  if (explicit !== undefined) return explicit;
  if (resource?.Type === 'AWS::SSM::Parameter') return generatedParameterName(id, ctx.stackName);
  return resource?.Type === 'AWS::S3::Bucket' ? id.toLowerCase() : id;
}

function explicitName(id: string, ctx: CfnContext): string | undefined {
  const resource = own(ctx.resources, id);
  const property = NAME_PROPERTY[String(resource?.Type)];
  const props = resource?.Properties as Record<string, unknown> | undefined;
  const explicit = property ? resolve(props?.[property], ctx) : undefined;
  return typeof explicit === 'string' ? explicit : undefined;
}

function hasName(id: string, ctx: CfnContext): boolean {
  return explicitName(id, ctx) !== undefined;
}

function queueUrl(name: string, ctx: CfnContext): string {
  return `https://sqs.${ctx.region}.${urlSuffixOf(ctx.region)}/${ctx.accountId}/${name}`;
}

function arn(id: string, ctx: CfnContext): string | Unresolved {
  const type = String(own(ctx.resources, id)?.Type);
  const name = resourceName(id, ctx);
  const { region: r, accountId: a } = ctx;
  switch (type) {
    case 'AWS::DynamoDB::Table':
    case 'AWS::Serverless::SimpleTable':
      return arnOf({ service: 'dynamodb', region: r, accountId: a, resource: `table/${name}` });
    case 'AWS::S3::Bucket':
      return arnOf({ service: 's3', region: r, accountId: '', resource: name, regionless: true });
    case 'AWS::SQS::Queue':
      return arnOf({ service: 'sqs', region: r, accountId: a, resource: name });
    case 'AWS::SNS::Topic':
      return arnOf({ service: 'sns', region: r, accountId: a, resource: name });
    case 'AWS::Lambda::Function':
    case 'AWS::Serverless::Function':
      return arnOf({ service: 'lambda', region: r, accountId: a, resource: `function:${name}` });
    case 'AWS::Events::EventBus':
      return arnOf({ service: 'events', region: r, accountId: a, resource: `event-bus/${name}` });
    case 'AWS::Events::Rule':
      return arnOf({ service: 'events', region: r, accountId: a, resource: `rule/${name}` });
    case 'AWS::SecretsManager::Secret':
      return arnOf({ service: 'secretsmanager', region: r, accountId: a, resource: `secret:${name}-${secretSuffix(name)}` });
    case 'AWS::StepFunctions::StateMachine':
    case 'AWS::Serverless::StateMachine':
      return arnOf({ service: 'states', region: r, accountId: a, resource: `stateMachine:${name}` });
    case 'AWS::Kinesis::Stream':
      return arnOf({ service: 'kinesis', region: r, accountId: a, resource: `stream/${name}` });
    case 'AWS::KinesisFirehose::DeliveryStream':
      return arnOf({ service: 'firehose', region: r, accountId: a, resource: `deliverystream/${name}` });
    default:
      return new Unresolved(`!GetAtt ${id}.Arn: the ARN of a ${type} is known only once deployed`);
  }
}

/**
 * `MyFunction.Alias` and `MyFunction.Version`: the AWS::Lambda::Alias and AWS::Lambda::Version SAM generates for a
 * function with AutoPublishAlias ("Referencing generated CloudFormation resources", sam-specification-generated-resources-function).
 * Ref gives each one's ARN. Locally the code that runs is the function's unpublished code, so the version is $LATEST.
 * Undefined when the name is not of that form.
 */
function generatedReference(name: string, ctx: CfnContext): unknown {
  const aliasId = generatedAliasId(name, ctx);
  if (aliasId) return generatedReference(`${aliasId}.Alias`, ctx);
  const match = /^(.+)\.(Alias|Version)$/.exec(name);
  const id = match?.[1] ?? '';
  const resource = own(ctx.resources, id);
  if (!match || resource?.Type !== 'AWS::Serverless::Function') return undefined;
  const skipped = notCreated(id, `!Ref ${name}`, ctx);
  if (skipped) return skipped;
  const props = resource.Properties as Record<string, unknown> | undefined;
  const alias = resolve(props?.AutoPublishAlias, ctx);
  if (alias instanceof Unresolved) return alias;
  if (typeof alias !== 'string' || alias === '') {
    return new Unresolved(`!Ref ${name}: SAM generates ${id}'s ${match[2]!.toLowerCase()} only when the function sets AutoPublishAlias, which ${id} does not`);
  }
  const qualifier = match[2] === 'Alias' ? alias : '$LATEST';
  return arnOf({ service: 'lambda', region: ctx.region, accountId: ctx.accountId, resource: `function:${resourceName(id, ctx)}:${qualifier}` });
}

/**
 * The function whose alias SAM names `name`: it gives the AWS::Lambda::Alias it generates for AutoPublishAlias the
 * logical id `{FunctionId}Alias{alias, alphanumerics only}` (`MyFnAliaslive`), which templates !Ref.
 */
function generatedAliasId(name: string, ctx: CfnContext): string | undefined {
  for (const [id, resource] of Object.entries(ctx.resources)) {
    if (resource?.Type !== 'AWS::Serverless::Function' || !name.startsWith(`${id}Alias`)) continue;
    const alias = resolve((resource.Properties as Record<string, unknown> | undefined)?.AutoPublishAlias, ctx);
    if (typeof alias === 'string' && name === `${id}Alias${alias.replace(/[^A-Za-z0-9]/g, '')}`) return id;
  }
  return undefined;
}

/** A reference to a resource left out by its condition: CloudFormation fails the stack, so no value. */
function notCreated(id: string, what: string, ctx: CfnContext): Unresolved | undefined {
  const condition = ctx.notCreated?.[id];
  return condition === undefined ? undefined : new Unresolved(`${what}: ${id} is not created (its Condition ${condition} is false)`);
}

function getAtt(id: string, attr: string, ctx: CfnContext): unknown {
  const skipped = notCreated(id, `!GetAtt ${id}.${attr}`, ctx);
  if (skipped) return skipped;
  if (!own(ctx.resources, id)) return new MissingReference(`!GetAtt ${id}.${attr}: no resource has that name`);
  if (attr === 'Arn') return arn(id, ctx);
  const name = resourceName(id, ctx);
  if (attr === 'QueueName' || attr === 'TopicName') return name;
  if (attr === 'QueueUrl') return queueUrl(name, ctx);
  if (attr === 'StreamArn' && own(ctx.resources, id)?.Type === 'AWS::DynamoDB::Table') {
    // It holds the stream's creation time: not even --local-aws, whose endpoint makes the stream, fills it in.
    return new Unresolved(`!GetAtt ${id}.StreamArn: a table's stream ARN is known only once deployed (--local-aws creates the stream but does not fill in its ARN)`);
  }
  return new Unresolved(`!GetAtt ${id}.${attr} is known only once deployed`);
}

function sub(arg: unknown, ctx: CfnContext, trace: Trace): unknown {
  const [template, vars] = Array.isArray(arg) ? [arg[0], (arg[1] ?? {}) as Record<string, unknown>] : [arg, {}];
  if (typeof template !== 'string') return new Unresolved('Fn::Sub needs a string');
  let problem: Unresolved | undefined;
  const text = template.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, name: string) => {
    if (bang) return `\${${name}}`;
    // `${MyFunction.Alias}` is SAM's generated alias, as `!Ref MyFunction.Alias` is; other dotted names are attributes.
    let value: unknown = Object.hasOwn(vars, name) ? vars[name] : name.includes('.') ? generatedReference(name, ctx) ?? getAtt(...(splitAtt(name)), ctx) : ref(name, ctx, trace);
    if (value instanceof Unresolved) {
      problem ??= value;
      return whole;
    }
    if (Array.isArray(value)) value = value.join(',');
    return String(value);
  });
  return problem ?? text;
}

function splitAtt(name: string): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}
