import { Unresolved, resolveIntrinsics, resourceName, type CfnContext } from '../cfn/intrinsics.js';
import { isRecord } from '../fields.js';
import { functionLabel } from '../project.js';
import { cdkName } from './cdk-assets.js';

/**
 * The function of the template an API Gateway integration (or an authorizer's `authorizerUri`) calls, found as
 * `sam local start-api` finds it (samcli/commands/local/lib/swagger/integration_uri.py), or why there is none.
 */

/** The functions of the template an integration may name. */
export interface IntegrationTargets {
  readonly ctx: CfnContext;
  /** The functions pylambda runs, by logical id. */
  readonly runs: ReadonlySet<string>;
  /** Functions of the template pylambda does not run, by logical id: why. */
  readonly skipped: Readonly<Record<string, string>>;
}

/** Why an operation is not served; `skipped`: the function of the template it calls, which pylambda skips. */
export interface NotServed {
  readonly why: string;
  readonly skipped?: string;
}

/** The function an `aws_proxy` integration calls, or why the operation is not served. */
export function proxyTarget(integration: Record<string, unknown>, targets: IntegrationTargets): { id: string; qualifier?: string } | NotServed {
  const type = typeof integration.type === 'string' ? integration.type.toLowerCase() : undefined;
  if (type !== 'aws_proxy') return { why: otherIntegration(type, integration, targets.ctx) };
  if (typeof integration.integrationSubtype === 'string') {
    // HTTP API first-class AWS service integrations (SQS-SendMessage, ...) are aws_proxy with a subtype.
    return { why: `an AWS service integration (${integration.integrationSubtype})` };
  }
  const id = referencedFunction(integration.uri, targets.ctx) ?? namedFunction(integration.uri, targets);
  if (typeof id !== 'string') return id;
  if (targets.runs.has(id)) return { id, ...uriQualifier(integration.uri, targets.ctx) };
  const condition = targets.ctx.notCreated?.[id];
  if (condition !== undefined) return { why: `${id} is not created (its Condition ${condition} is false)` };
  // A CDK app's function by its construct path too, as the list of functions names it.
  const cdk = cdkName(targets.ctx.resources[id]);
  if (targets.skipped[id] === undefined) return { why: `${id} is not a function pylambda runs` };
  return { why: `${functionLabel({ id, ...(cdk ? { cdk } : {}) })} is skipped: ${targets.skipped[id]}`, skipped: id };
}

function otherIntegration(type: string | undefined, integration: Record<string, unknown>, ctx: CfnContext): string {
  const resolved = resolveIntrinsics(integration.uri, ctx);
  const uri = typeof resolved === 'string' ? ` to ${resolved}` : '';
  switch (type) {
    case 'mock':
      return 'a mock integration';
    case 'http':
    case 'http_proxy':
      return `an ${type} integration${uri}`;
    case 'aws': {
      // arn:aws:apigateway:{region}:{service}:path|action/...; a Lambda one is the custom (non-proxy) integration.
      const service = typeof resolved === 'string' ? /^arn:[^:]+:apigateway:[^:]*:([^:]+):/.exec(resolved)?.[1] : undefined;
      return service === 'lambda' ? 'a Lambda custom integration (type aws, with mapping templates), which pylambda does not emulate' : `an AWS service integration${service ? ` (${service})` : ''}`;
    }
    case undefined:
      return 'an integration without a type';
    default:
      return `a ${type} integration`;
  }
}

const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);
const SUB_REFERENCE = /\$\{([A-Za-z0-9]+)\.(Arn|Alias)\}/g;

/**
 * A function the uri names by reference, as SAM CLI finds it: `${Fn.Arn}` or `${Fn.Alias}` (SAM's alias of
 * AutoPublishAlias) in a `Fn::Sub`, or `Fn::GetAtt: [Fn, Arn]`, also inside a `Fn::Join` or a Sub's variables.
 */
function referencedFunction(uri: unknown, ctx: CfnContext): string | undefined {
  const ids: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    if (!isRecord(value)) return;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      const arg = value['Fn::Sub'];
      const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
      if (typeof text === 'string') for (const m of text.matchAll(SUB_REFERENCE)) ids.push(m[1]!);
      walk(vars);
      return;
    }
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
      const arg = value['Fn::GetAtt'];
      const [id, attr] = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split('.') : [];
      if (typeof id === 'string' && (attr === 'Arn' || attr === 'Alias')) ids.push(id);
      return;
    }
    Object.values(value).forEach(walk);
  };
  walk(uri);
  return ids.find((id) => FUNCTION_TYPES.has(String(ctx.resources[id]?.Type)) || ctx.notCreated?.[id] !== undefined);
}

/**
 * Otherwise the uri, evaluated, names the function in its ARN (`.../functions/arn:aws:lambda:...:function:NAME/invocations`),
 * which is a function of the template when NAME is its FunctionName (or, without one, its logical id).
 */
function namedFunction(uri: unknown, targets: IntegrationTargets): string | { why: string } {
  const value = resolveIntrinsics(uri, targets.ctx);
  if (value instanceof Unresolved) return { why: `its uri cannot be evaluated locally (${value.reason})` };
  if (typeof value !== 'string') return { why: 'aws_proxy without a uri' };
  const arn = /arn:aws[a-z-]*:lambda:[^:/]+:[^:/]+:function:[^/]+/.exec(value)?.[0] ?? /\/functions\/([^/]+)\/invocations/.exec(value)?.[1];
  const name = arn === undefined ? undefined : /:function:([^:]*)/.exec(arn)?.[1];
  if (arn === undefined || name === undefined) return { why: `its uri is not a Lambda function's (${value})` };
  if (name.includes('${stageVariables.')) return { why: `its function is named by a stage variable (${arn}), which pylambda does not resolve` };
  const id = Object.keys(targets.ctx.resources).find((key) => FUNCTION_TYPES.has(String(targets.ctx.resources[key]?.Type)) && (key === name || resourceName(key, targets.ctx) === name));
  return id ?? { why: `its function ${arn} is not in this template` };
}

/**
 * The alias or version after the function's name in the uri, as Lambda reads a qualified ARN
 * (`arn:aws:lambda:us-east-1:123456789012:function:Fn:live`): `${stageVariables.alias}` stays as written, for the
 * stage served to fill in.
 */
function uriQualifier(uri: unknown, ctx: CfnContext): { qualifier?: string } {
  const value = resolveIntrinsics(uri, ctx);
  const qualifier = typeof value === 'string' ? /:function:[^:/]+:([^/]+)\/invocations$/.exec(value)?.[1] : undefined;
  return qualifier === undefined || qualifier === '$LATEST' ? {} : { qualifier };
}
