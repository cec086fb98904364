import { Unresolved, resolveIntrinsics, resourceName, type CfnContext } from '../cfn/intrinsics.js';
import { isRecord, type FieldReader } from '../fields.js';
import type { Route } from '../project.js';
import { anyMethod, withoutTrailingSlash } from './api-paths.js';
import { integrationTimeout } from './integration-timeout.js';

/**
 * The routes of an API's OpenAPI (or Swagger 2) definition, read as `sam local start-api` reads them
 * (samcli/commands/local/lib/swagger/parser.py `get_routes`): every operation whose
 * `x-amazon-apigateway-integration` is `aws_proxy` to a function of the template is a route; the others
 * (mock, http, AWS service integrations, a function elsewhere) are not served, each with why.
 */

/** The functions of the template an integration may name. */
export interface IntegrationTargets {
  readonly ctx: CfnContext;
  /** The functions pylambda runs, by logical id. */
  readonly runs: ReadonlySet<string>;
  /** Functions of the template pylambda does not run, by logical id: why. */
  readonly skipped: Readonly<Record<string, string>>;
}

/** An operation of the definition: `GET /items/{id}` (`ANY $default` for an HTTP API's default route). */
export interface Operation {
  readonly method: string;
  readonly path: string;
}

export interface UnservedOperation extends Operation {
  readonly why: string;
}

export interface OpenApiRoutes {
  readonly routes: Route[];
  readonly unserved: UnservedOperation[];
  /** REST: `x-amazon-apigateway-binary-media-types`, which API Gateway adds to the API's. */
  readonly binaryMediaTypes: string[];
  /** Where the definition asks for an authorizer (`security`, other than an API key) on an operation it serves. */
  readonly security?: string;
}

/** `where` turns a place in the document (`paths./items.get`) into a diagnostic path. */
export function openApiRoutes(document: Record<string, unknown>, kind: 'rest' | 'http', targets: IntegrationTargets, where: (inDocument: string) => string, r: FieldReader): OpenApiRoutes {
  const routes: Route[] = [];
  const unserved: UnservedOperation[] = [];
  const keySchemes = apiKeySchemes(document);
  let security = hasSecurity(document.security, keySchemes) ? where('security') : undefined;
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const [rawPath, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const [key, operation] of Object.entries(item)) {
      const method = operationMethod(key);
      if (!method) continue;
      const path = routePath(rawPath, kind, method, operation);
      const at = where(`paths.${rawPath}.${key}`);
      const integration = isRecord(operation) ? operation['x-amazon-apigateway-integration'] : undefined;
      if (!isRecord(integration)) {
        unserved.push({ method, path, why: 'no x-amazon-apigateway-integration' });
        continue;
      }
      const target = proxyTarget(integration, targets);
      if ('why' in target) {
        unserved.push({ method, path, why: target.why });
        continue;
      }
      const integrationAt = `${at}.x-amazon-apigateway-integration`;
      const version = kind === 'http' ? r.payloadFormatVersion(integration.payloadFormatVersion, `${integrationAt}.payloadFormatVersion`) : undefined;
      routes.push({
        method,
        path,
        functionId: target.id,
        // Absent, SAM CLI sends an HTTP API route the 2.0 event (local_apigw_service.py), as the model's default is.
        ...(version ? { payloadFormatVersion: version } : {}),
        ...integrationTimeout(integration.timeoutInMillis, kind, `${integrationAt}.timeoutInMillis`, r),
        ...(kind === 'rest' && namesApiKey(isRecord(operation) && operation.security !== undefined ? operation.security : document.security, keySchemes) ? { apiKeyRequired: true } : {}),
        source: { file: r.file, path: at },
      });
      if (isRecord(operation) && hasSecurity(operation.security, keySchemes)) security ??= `${at}.security`;
    }
  }
  const binary = kind === 'rest' ? document['x-amazon-apigateway-binary-media-types'] : undefined;
  return {
    routes,
    unserved,
    binaryMediaTypes: Array.isArray(binary) ? binary.filter((t): t is string => typeof t === 'string') : [],
    ...(security && routes.length > 0 ? { security } : {}),
  };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'any', 'x-amazon-apigateway-any-method']);

/** A path item's key that is an operation (not `parameters`, `summary`, `servers`, ...), as a route method. */
function operationMethod(key: string): string | undefined {
  return METHODS.has(key.toLowerCase()) ? anyMethod(key) : undefined;
}

/**
 * An HTTP API's default route is `$default` in SAM's own definitions (open_api.py `_DEFAULT_PATH`) and `/$default`
 * with `isDefaultRoute: true` in API Gateway's exports; both are the catch-all route.
 */
function routePath(path: string, kind: 'rest' | 'http', method: string, operation: unknown): string {
  if (kind === 'http' && method === 'ANY' && (path === '$default' || path === '/$default' || (isRecord(operation) && operation.isDefaultRoute === true))) return '$default';
  return withoutTrailingSlash(path);
}

/** A `security` that asks for something other than an API key: `[]` (or `[{}]`) turns the API's default off. */
function hasSecurity(value: unknown, keySchemes: ReadonlySet<string>): boolean {
  return Array.isArray(value) && value.some((s) => isRecord(s) && Object.keys(s).some((name) => !keySchemes.has(name)));
}

/** A `security` (an operation's, else the document's) that names an API key scheme. */
function namesApiKey(value: unknown, keySchemes: ReadonlySet<string>): boolean {
  return Array.isArray(value) && value.some((s) => isRecord(s) && Object.keys(s).some((name) => keySchemes.has(name)));
}

/**
 * The security schemes that are API Gateway's API key: `type: apiKey` in the `x-api-key` header, as SAM writes its
 * `api_key` scheme (swagger.py `add_apikey_security_definition`), and not a Lambda authorizer (which is an apiKey
 * scheme too, with `x-amazon-apigateway-authorizer`). Swagger 2's `securityDefinitions`, OpenAPI 3's `securitySchemes`.
 */
function apiKeySchemes(document: Record<string, unknown>): Set<string> {
  const components = isRecord(document.components) ? document.components.securitySchemes : undefined;
  const schemes = { ...(isRecord(document.securityDefinitions) ? document.securityDefinitions : {}), ...(isRecord(components) ? components : {}) };
  return new Set(Object.entries(schemes).filter(([, s]) => isRecord(s) && s.type === 'apiKey' && s.in === 'header'
    && typeof s.name === 'string' && s.name.toLowerCase() === 'x-api-key' && s['x-amazon-apigateway-authorizer'] === undefined).map(([name]) => name));
}

/** The function an `aws_proxy` integration calls, or why the operation is not served. */
export function proxyTarget(integration: Record<string, unknown>, targets: IntegrationTargets): { id: string } | { why: string } {
  const type = typeof integration.type === 'string' ? integration.type.toLowerCase() : undefined;
  if (type !== 'aws_proxy') return { why: otherIntegration(type, integration, targets.ctx) };
  if (typeof integration.integrationSubtype === 'string') {
    // HTTP API first-class AWS service integrations (SQS-SendMessage, ...) are aws_proxy with a subtype.
    return { why: `an AWS service integration (${integration.integrationSubtype})` };
  }
  const id = referencedFunction(integration.uri, targets.ctx) ?? namedFunction(integration.uri, targets);
  if (typeof id !== 'string') return id;
  if (targets.runs.has(id)) return { id };
  const condition = targets.ctx.notCreated?.[id];
  if (condition !== undefined) return { why: `${id} is not created (its Condition ${condition} is false)` };
  return { why: targets.skipped[id] !== undefined ? `${id} is skipped: ${targets.skipped[id]}` : `${id} is not a function pylambda runs` };
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
