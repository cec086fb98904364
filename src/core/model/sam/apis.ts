import { resolveIntrinsics, type LocalNote } from '../cfn/intrinsics.js';
import { FieldReader, isRecord } from '../fields.js';
import type { CorsConfig, Endpoint, FunctionModel, Route, UnservedRoute } from '../project.js';
import { readDefinitionRoutes, type DefinitionOptions } from './api-definition-routes.js';
import { anyMethod, withoutTrailingSlash } from './api-paths.js';
import { apiKeyAuth, apiKeySource, eventApiKeyRequired, withApiKeyDefault } from './api-keys.js';
import { readApiAuth, routeAuthorizer, type ApiAuth, type AuthContext } from './auth.js';
import { httpCors, restCors } from './cors.js';
import { samEndpointType } from '../endpoint-type.js';
import { apiCompressionSize } from './compression-size.js';
import { integrationTimeout } from './integration-timeout.js';
import { aliasQualifier } from './alias-qualifier.js';
import { samEventValidation } from './request-validators.js';
import { warnStageSettings } from './stage-settings.js';
import { unservedRoutes } from './openapi-routes.js';
import { strings } from '../values.js';
import { notAStageName, STAGE_NAME } from '../stage-name.js';
import { mergeGlobals, propertyPath, resourceProperties, type ParsedTemplate } from './template.js';

/** SAM's implicit APIs: what `Api` and `HttpApi` events without RestApiId / ApiId join. */
export const IMPLICIT_REST_API = 'ServerlessRestApi';
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';
/** SAM fixes the implicit REST API's stage; Globals cannot change it (implicit_rest_api_plugin.py). */
export const IMPLICIT_REST_STAGE = 'Prod';

type ApiKind = 'rest' | 'http';

const API_TYPES: Readonly<Record<ApiKind, { type: string; globals: string; ref: string; implicit: string }>> = {
  rest: { type: 'AWS::Serverless::Api', globals: 'Api', ref: 'RestApiId', implicit: IMPLICIT_REST_API },
  http: { type: 'AWS::Serverless::HttpApi', globals: 'HttpApi', ref: 'ApiId', implicit: IMPLICIT_HTTP_API },
};

interface ApiRoutes {
  readonly kind: ApiKind;
  readonly id: string;
  readonly firstEvent: string;
  readonly routes: Route[];
  /** REST: the definition's `x-amazon-apigateway-binary-media-types`. */
  readonly binaryMediaTypes?: readonly string[];
  /** REST: the definition's `x-amazon-apigateway-api-key-source`. */
  readonly apiKeySource?: 'AUTHORIZER';
  /** REST: the definition's `x-amazon-apigateway-minimum-compression-size`. */
  readonly minimumCompressionSize?: number;
}

/**
 * The REST and HTTP APIs the functions' `Api` and `HttpApi` events and the explicit APIs' OpenAPI definitions
 * put routes on, with their settings; and the APIs with a definition none of whose routes is served.
 */
export function readApiEndpoints(template: ParsedTemplate, functions: readonly FunctionModel[], r: FieldReader, options: DefinitionOptions = {}): { endpoints: Endpoint[]; unserved: string[] } {
  const apis = new Map<string, ApiRoutes>();
  // Each event's route and its `Auth`, read once the API's own Auth is known.
  const eventAuth = new Map<Route, { readonly auth: unknown; readonly at: string }>();
  for (const fn of functions) {
    const events = resourceProperties(template, fn.id, 'Function').Events;
    if (!isRecord(events)) continue;
    const qualifier = aliasQualifier(template, fn.id);
    for (const [eventId, event] of Object.entries(events)) {
      const kind = !isRecord(event) ? undefined : event.Type === 'Api' ? 'rest' : event.Type === 'HttpApi' ? 'http' : undefined;
      if (!kind || !isRecord(event)) continue;
      const at = `Resources.${fn.id}.Properties.Events.${eventId}`;
      const props = isRecord(event.Properties) ? event.Properties : {};
      const read = kind === 'rest' ? restRoute(props, fn.id, at, r) : httpRoute(props, fn.id, at, r);
      const apiId = apiReference(template, kind, props[API_TYPES[kind].ref], `${at}.Properties.${API_TYPES[kind].ref}`, r);
      if (!read || !apiId) continue;
      const route: Route = kind === 'rest' ? { ...read, ...qualifier, ...samEventValidation(template, apiId, props, at, r) } : { ...read, ...qualifier };
      const key = `${kind} ${apiId}`;
      const api = apis.get(key) ?? { kind, id: apiId, firstEvent: at, routes: [] };
      api.routes.push(route);
      eventAuth.set(route, { auth: props.Auth, at: `${at}.Properties.Auth` });
      apis.set(key, api);
    }
  }
  // Each API's Auth, read once: SAM writes it into the API's DefinitionBody too.
  const auths = new Map<string, ApiAuth | undefined>();
  const authOf = (kind: ApiKind, id: string): ApiAuth | undefined => {
    const key = `${kind} ${id}`;
    if (!auths.has(key)) auths.set(key, readAuth(template, kind, id, { kind, functions, skipped: options.skipped ?? {} }, r));
    return auths.get(key);
  };
  const definitions = readDefinitionRoutes(template, functions, (kind, id) => apis.get(`${kind} ${id}`)?.routes ?? [], r, options, authOf);
  const unserved = skippedEventRoutes(template, options.skipped ?? {});
  for (const { kind, id, routes, binaryMediaTypes, apiKeySource, minimumCompressionSize, unserved: notServed } of definitions.apis) {
    const key = `${kind} ${id}`;
    unserved.set(key, [...notServed, ...unserved.get(key) ?? []]);
    if (routes.length === 0) apis.delete(key);
    else apis.set(key, { kind, id, firstEvent: apis.get(key)?.firstEvent ?? `Resources.${id}`, routes, binaryMediaTypes, ...(apiKeySource ? { apiKeySource } : {}), ...(minimumCompressionSize === undefined ? {} : { minimumCompressionSize }) });
  }
  const endpoints = [...apis.values()].map((api) => ({
    ...withAuth(api, settings(template, api, r), eventAuth, authOf(api.kind, api.id), r), ...unservedRoutes(unserved.get(`${api.kind} ${api.id}`) ?? []),
  }));
  return { endpoints, unserved: definitions.unserved };
}

/**
 * The routes the `Api` and `HttpApi` events of the functions pylambda skips would put on their APIs, by API
 * (`rest ServerlessRestApi`): on AWS they exist, so a request to one is not an unknown route. Their problems
 * are not said: the function is skipped, which a warning said already.
 */
function skippedEventRoutes(template: ParsedTemplate, skipped: Readonly<Record<string, string>>): Map<string, UnservedRoute[]> {
  const out = new Map<string, UnservedRoute[]>();
  const quiet = new FieldReader('');
  for (const [fnId, reason] of Object.entries(skipped)) {
    if (template.resources[fnId]?.Type !== 'AWS::Serverless::Function') continue;
    const events = resourceProperties(template, fnId, 'Function').Events;
    for (const event of isRecord(events) ? Object.values(events) : []) {
      const kind = !isRecord(event) ? undefined : event.Type === 'Api' ? 'rest' : event.Type === 'HttpApi' ? 'http' : undefined;
      if (!kind || !isRecord(event)) continue;
      const props = isRecord(event.Properties) ? event.Properties : {};
      const route = kind === 'rest' ? restRoute(props, fnId, '', quiet) : httpRoute(props, fnId, '', quiet);
      const apiId = apiReference(template, kind, props[API_TYPES[kind].ref], '', quiet);
      if (!route || !apiId) continue;
      const key = `${kind} ${apiId}`;
      out.set(key, [...out.get(key) ?? [], { method: route.method, path: route.path, why: `${fnId} is skipped: ${reason}`, skipped: fnId }]);
    }
  }
  return out;
}

/** Events validated Path and Method already (events.ts); a wrong one is skipped here without a second message. */
function restRoute(props: Record<string, unknown>, functionId: string, at: string, r: FieldReader): Route | undefined {
  if (typeof props.Path !== 'string' || typeof props.Method !== 'string') return undefined;
  return {
    method: anyMethod(props.Method), path: withoutTrailingSlash(props.Path), functionId, ...eventTimeout(props, 'rest', at, r),
    ...eventApiKeyRequired(props, 'rest', at, r), source: { file: r.file, path: at },
  };
}

/** `TimeoutInMillis`: SAM sets it on the route's integration. */
function eventTimeout(props: Record<string, unknown>, kind: ApiKind, at: string, r: FieldReader): { integrationTimeoutMs?: number } {
  return integrationTimeout(props.TimeoutInMillis, kind, `${at}.Properties.TimeoutInMillis`, r);
}

/**
 * No Path and no Method: the `$default` route with ANY (SAM's implicit_http_api_plugin.py), whose integration takes
 * the event's PayloadFormatVersion as any route's does (samtranslator writes `payloadFormatVersion: "1.0"` under
 * `$default`; Mangum behind such an API reads a 1.0 event).
 */
function httpRoute(props: Record<string, unknown>, functionId: string, at: string, r: FieldReader): Route | undefined {
  const { Path: path, Method: method } = props;
  const readVersion = () => r.payloadFormatVersion(props.PayloadFormatVersion, `${at}.Properties.PayloadFormatVersion`);
  if (path === undefined && method === undefined) {
    const version = readVersion();
    return { method: 'ANY', path: '$default', functionId, ...(version ? { payloadFormatVersion: version } : {}), ...eventTimeout(props, 'http', at, r), source: { file: r.file, path: at } };
  }
  if (path === undefined || method === undefined) {
    const [missing, given] = path === undefined ? ['Path', 'Method'] : ['Method', 'Path'];
    r.error(`${at}.Properties.${missing}`, `is required when ${given} is set (leave out both for the $default route)`);
    return undefined;
  }
  if (typeof path !== 'string' || typeof method !== 'string') return undefined;
  const version = readVersion();
  return {
    method: anyMethod(method),
    path: path === '$default' ? path : withoutTrailingSlash(path),
    functionId,
    ...(version ? { payloadFormatVersion: version } : {}),
    ...eventTimeout(props, 'http', at, r),
    ...eventApiKeyRequired(props, 'http', at, r),
    source: { file: r.file, path: at },
  };
}

/** The API an event names: after intrinsics, `!Ref MyApi` is the API's logical id. */
function apiReference(template: ParsedTemplate, kind: ApiKind, value: unknown, path: string, r: FieldReader): string | undefined {
  const { type, implicit } = API_TYPES[kind];
  if (value === undefined || value === null) return implicit;
  const id = r.string(value, path);
  if (id === undefined) return undefined;
  const resource = template.resources[id];
  if (!resource) {
    r.error(path, `'${id}' is not a resource of this template; name an ${type} (for example !Ref MyApi)`);
    return undefined;
  }
  if (resource.Type !== type) {
    // SAM takes any resource of the template (eventsources/push.py resources_to_link_for_rest_api) but writes the
    // event's route only into an AWS::Serverless::Api's definition: to another, the event adds only the permission
    // to invoke the function (the apigw-lambda-tenant-isolation pattern routes its methods so).
    const plain = resource.Type === (kind === 'rest' ? 'AWS::ApiGateway::RestApi' : 'AWS::ApiGatewayV2::Api');
    r.warn(path, plain
      ? `points at ${String(resource.Type)} ${id}, to which SAM adds no route (only the permission for it to invoke the function): the API's own ${kind === 'rest' ? 'methods' : 'routes'} are its routes, and this event adds none`
      : `points at ${String(resource.Type)} ${id}, which is not an ${type}, so this route is skipped`, 'dev');
    return undefined;
  }
  return id;
}

function settings(template: ParsedTemplate, api: ApiRoutes, r: FieldReader): Endpoint {
  const { type, globals } = API_TYPES[api.kind];
  const explicit = template.resources[api.id]?.Type === type;
  const props = explicit ? resourceProperties(template, api.id, globals) : implicitProperties(template, globals);
  const at = (key: string) => (explicit ? propertyPath(template, api.id, globals, key) : `Globals.${globals}.${key}`);
  const keys = apiKeyAuth(props.Auth, api.kind, at('Auth'), r);
  const rest = api.kind === 'rest';
  const stage = rest && !explicit ? IMPLICIT_REST_STAGE : stageName(props.StageName, at('StageName'), rest, r);
  const cors: CorsConfig | undefined = rest ? restCors(props.Cors, at('Cors'), r) : httpCors(props.CorsConfiguration, at('CorsConfiguration'), r, true);
  // The API's ApiKeySourceType, which SAM sets on the RestApi, wins over its definition's (SAM's api_generator).
  const keySource = rest && props.ApiKeySourceType !== undefined ? apiKeySource(props.ApiKeySourceType, at('ApiKeySourceType'), r) : rest && api.apiKeySource ? { apiKeySource: api.apiKeySource } : {};
  const variablesKey = rest ? 'Variables' : 'StageVariables';
  const stageVariables = variables(props[variablesKey], at(variablesKey), r);
  warnStageSettings(props, api.kind, at, r);
  return {
    id: api.id,
    kind: api.kind,
    stage,
    // SAM writes `/` as `~1` in BinaryMediaTypes (swagger.py add_binary_media_types).
    binaryMediaTypes: rest ? [...new Set([...strings(props.BinaryMediaTypes, at('BinaryMediaTypes'), r).map((t) => t.replaceAll('~1', '/')), ...(api.binaryMediaTypes ?? [])])] : [],
    ...(cors ? { cors } : {}),
    ...(stageVariables ? { stageVariables } : {}),
    ...(keys.preflight ? { preflightApiKeyRequired: true } : {}),
    ...keySource,
    ...(rest ? apiCompressionSize(props.MinimumCompressionSize, at('MinimumCompressionSize'), api.minimumCompressionSize, r) : {}),
    ...(rest ? samEndpointType(props.EndpointConfiguration, at('EndpointConfiguration'), r) : {}),
    routes: withApiKeyDefault(api.routes, keys.required),
    source: { file: r.file, path: explicit ? `Resources.${api.id}` : api.firstEvent },
  };
}

/** An API's `Auth`, with the references in it whose local value is made up. */
function readAuth(template: ParsedTemplate, kind: ApiKind, id: string, ctx: AuthContext, r: FieldReader): ApiAuth | undefined {
  const { type, globals } = API_TYPES[kind];
  const explicit = template.resources[id]?.Type === type;
  const notes: LocalNote[] = [];
  const props = explicit ? resourceProperties(template, id, globals, notes) : implicitProperties(template, globals, notes);
  const at = explicit ? propertyPath(template, id, globals, 'Auth') : `Globals.${globals}.Auth`;
  const authNotes = notes.filter((n) => n.path.startsWith('Auth.')).map((n) => ({ ...n, path: n.path.slice('Auth.'.length) }));
  return props.Auth === undefined ? undefined : readApiAuth(props.Auth, at, { ...ctx, notes: authNotes }, r);
}

/**
 * The API's `Auth` on its routes: each event's route gets its own `Auth.Authorizer` or the API's
 * DefaultAuthorizer; a REST API's CORS preflight gets the default too unless AddDefaultAuthorizerToCorsPreflight
 * is false. Routes of an OpenAPI definition have theirs already, with SAM's rules (openapi-authorizers.ts).
 */
function withAuth(api: ApiRoutes, endpoint: Endpoint, eventAuth: ReadonlyMap<Route, { auth: unknown; at: string }>, auth: ApiAuth | undefined, r: FieldReader): Endpoint {
  // The endpoint's routes are the API's, in order, with what settings() added (the API-key default).
  const routes = endpoint.routes.map((route, i) => {
    const event = eventAuth.get(api.routes[i]!);
    if (!event) return route;
    const authorizer = routeAuthorizer(api.kind, auth, event.auth, event.at, r);
    return authorizer ? { ...route, authorizer } : route;
  });
  const preflightAuthorizer = auth?.preflight && auth.defaultAuthorizer !== undefined ? auth.authorizers.get(auth.defaultAuthorizer) : undefined;
  return { ...endpoint, ...(preflightAuthorizer ? { preflightAuthorizer } : {}), routes };
}

/** Globals apply to the implicit APIs too: SAM adds them before merging Globals (translator.py plugin order). */
function implicitProperties(template: ParsedTemplate, section: string, notes?: LocalNote[]): Record<string, unknown> {
  const global = isRecord(template.globals[section]) ? template.globals[section] : {};
  const resolved = resolveIntrinsics(mergeGlobals(global, {}), template.context, notes);
  return isRecord(resolved) ? resolved : {};
}

function stageName(value: unknown, path: string, rest: boolean, r: FieldReader): string {
  const name = r.string(value, path);
  if (name === undefined) {
    if (rest && value === undefined) r.error(path, 'is required for an AWS::Serverless::Api (for example StageName: Prod)');
    return rest ? IMPLICIT_REST_STAGE : '$default';
  }
  if (!rest && name === '$default') return name;
  if (!STAGE_NAME.test(name)) r.error(path, notAStageName(name));
  return name;
}

function variables(value: unknown, path: string, r: FieldReader): Record<string, string> | undefined {
  const vars = r.record(value, path);
  if (!vars) return undefined;
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(vars)) {
    const text = r.string(raw, `${path}.${key}`);
    if (text !== undefined) out[key] = text;
  }
  return out;
}
