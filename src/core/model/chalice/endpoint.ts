import { defaultTtl, report, SIGNATURE_NOTE, ttlRule, type AuthorizerWords } from '../authorizer-rules.js';
import { userPoolIssuers } from '../deployed-identity.js';
import type { FieldReader } from '../fields.js';
import type { EventSource } from '../event-sources.js';
import type { CorsConfig, Endpoint, RestEndpointType, Route, RouteAuthorizer, RouteView } from '../project.js';
import type { ChaliceCorsInfo, ChaliceFunctionInfo, ChaliceRouteInfo } from './app-info.js';
import { CHALICE_DEFAULTS } from './config.js';

/** The logical id `chalice package` gives the REST API (chalice/package.py), and so the endpoint's id. */
export const CHALICE_REST_API_ID = 'RestAPI';

export interface EndpointContext {
  /** The REST API stage (api_gateway_stage). */
  readonly stage: string;
  readonly binaryTypes: readonly string[];
  readonly appFile: string;
  /** The app's functions: its built-in authorizers among them. */
  readonly functions: readonly ChaliceFunctionInfo[];
  /** `minimum_compression_size`, the API's minimumCompressionSize (package.py `MinimumCompressionSize`). */
  readonly minimumCompressionSize?: number;
  /** `api_gateway_endpoint_type`, the REST API's EndpointConfiguration (package.py); unset is Chalice's EDGE. */
  readonly endpointType?: RestEndpointType;
}

/**
 * The REST API `chalice deploy` creates: one resource per route path, exactly as the app wrote it
 * (`/users/{name}`, and a greedy `/files/{proxy+}`, which API Gateway accepts; Chalice passes its value in
 * `current_request.uri_params` rather than as a view argument, since `_PARAMS = r'{\w+}'`), every method
 * calling `api_handler` through a proxy integration. Chalice routes on `requestContext.resourcePath`, which
 * the REST codec fills with the matched template.
 */
export function chaliceEndpoint(routes: readonly ChaliceRouteInfo[], ctx: EndpointContext, r: FieldReader): Endpoint | undefined {
  if (routes.length === 0) return undefined;
  const byPath = new Map<string, ChaliceRouteInfo[]>();
  for (const route of routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);
  const out: Route[] = [];
  for (const [path, entries] of byPath) {
    if (!checkPath(path, entries, r)) continue;
    const cors = pathCors(path, entries, r);
    for (const entry of entries) {
      checkEntry(entry, ctx.binaryTypes, r);
      const authorizer = builtinAuthorizer(entry, ctx.functions) ?? cognitoAuthorizer(entry, r);
      out.push({
        method: entry.method.toUpperCase(),
        path,
        functionId: CHALICE_DEFAULTS.apiHandler,
        ...(cors && entry.cors ? { cors } : {}),
        ...(authorizer ? { authorizer } : {}),
        ...(entry.api_key_required ? { apiKeyRequired: true } : {}),
        view: routeView(entry),
        source: { file: ctx.appFile, path: routeWhere(entry) },
      });
    }
  }
  checkAuthorizers(routes, ctx.functions, r);
  const unrun = routes.filter((e) => e.authorizer !== null && e.authorizer.type !== COGNITO && !builtinAuthorizer(e, ctx.functions));
  if (unrun.length > 0) {
    const list = unrun.map((e) => `${e.method} ${e.path} (${AUTHORIZER_KINDS[e.authorizer!.type] ?? `${e.authorizer!.type} authorizer`} ${e.authorizer!.name})`).join(', ');
    r.warn('app.routes', `pylambda dev runs built-in (@app.authorizer) and Cognito user pool authorizers only: ${list} answer without theirs locally, as under chalice local, and requestContext.authorizer is empty`, 'dev');
  }
  return {
    id: CHALICE_REST_API_ID,
    kind: 'rest',
    stage: ctx.stage,
    preflight: 'chalice',
    // Chalice sends app.api.binary_types as x-amazon-apigateway-binary-media-types (deploy/swagger.py).
    binaryMediaTypes: [...ctx.binaryTypes],
    ...(ctx.minimumCompressionSize === undefined ? {} : { minimumCompressionSize: ctx.minimumCompressionSize }),
    ...(ctx.endpointType ? { endpointType: ctx.endpointType } : {}),
    routes: out,
    source: { file: ctx.appFile, path: 'app.routes' },
  };
}

/** `@app.authorizer()`'s arguments, which `chalice deploy` hands API Gateway (authorizerResultTtlInSeconds, the header). */
const WORDS: AuthorizerWords = {
  payloadVersion: 'payload_version',
  simpleResponses: 'simple_responses',
  ttl: 'ttl_seconds',
  identitySource: 'header',
  validationExpression: 'validation_expression',
  refuser: 'API Gateway',
};

/** The built-in authorizers the routes use, checked once each by the rules every reader applies. */
function checkAuthorizers(routes: readonly ChaliceRouteInfo[], functions: readonly ChaliceFunctionInfo[], r: FieldReader): void {
  const used = new Set(routes.flatMap((e) => (e.authorizer?.type === 'builtin' ? [authorizerFunction(e.authorizer)] : [])));
  for (const fn of functions.filter((f) => f.kind === 'authorizer' && used.has(f.name))) {
    report(ttlRule(fn.ttl_seconds ?? undefined), `app.authorizers.${fn.name}`, WORDS, r);
  }
  const prefixed = new Map(routes.flatMap((e) => (e.authorizer?.type === 'builtin' && authorizerFunction(e.authorizer) !== e.authorizer.name ? [[e.authorizer.name, authorizerFunction(e.authorizer)] as const] : [])));
  for (const [name, fn] of prefixed) {
    // deploy/swagger.py refers to the function by the authorizer's own name (`${Gate.Arn}` in chalice package's
    // template, `gate_lambda_arn` in chalice deploy's plan), while the blueprint's name_prefix named it otherwise.
    r.warn(`app.authorizers.${fn}`, `runs here as chalice local runs it, but chalice deploy and chalice package look its function up as '${name}', without the blueprint's name_prefix, and fail to find it: register the blueprint without name_prefix, or define the authorizer on the app`);
  }
}

/** A built-in authorizer's Lambda function: the name it was registered under, a blueprint's name_prefix included. */
function authorizerFunction(auth: NonNullable<ChaliceRouteInfo['authorizer']>): string {
  return auth.function ?? auth.name;
}

const AUTHORIZER_KINDS: Readonly<Record<string, string>> = { aws_iam: 'IAM authorizer', custom: 'custom authorizer' };

const COGNITO = 'cognito_user_pools';

/**
 * A route's `@app.authorizer()` as API Gateway runs it: `chalice deploy` makes it a TOKEN authorizer whose
 * identity is the configured header (default Authorization) and whose answers are kept ttl_seconds (default
 * 300), calling the authorizer's own Lambda function (deploy/swagger.py `_generate_security_from_auth_obj`).
 */
function builtinAuthorizer(entry: ChaliceRouteInfo, functions: readonly ChaliceFunctionInfo[]): RouteAuthorizer | undefined {
  if (entry.authorizer?.type !== 'builtin') return undefined;
  const name = entry.authorizer.name;
  const fn = functions.find((f) => f.kind === 'authorizer' && f.name === authorizerFunction(entry.authorizer!));
  if (!fn) return undefined;
  return { name, functionId: fn.name, type: 'TOKEN', identitySources: [{ in: 'header', name: fn.header ?? 'Authorization' }], ttlSeconds: fn.ttl_seconds ?? defaultTtl('rest') };
}

/**
 * A route's CognitoUserPoolAuthorizer as API Gateway runs it: `chalice deploy` writes its header and providerARNs into
 * the API's securityDefinitions (to_swagger) and the route's scopes into its security, so the token is checked
 * against the pools' issuers and the view finds its claims in `requestContext.authorizer.claims`.
 */
function cognitoAuthorizer(entry: ChaliceRouteInfo, r: FieldReader): RouteAuthorizer | undefined {
  const auth = entry.authorizer;
  if (auth?.type !== COGNITO) return undefined;
  const at = `app.authorizers.${auth.name}`;
  r.warn(at, SIGNATURE_NOTE, 'dev');
  const issuers = userPoolIssuers(auth.provider_arns ?? [], `${at}.provider_arns`, r);
  return { name: auth.name, type: 'COGNITO_USER_POOLS', header: auth.header ?? 'Authorization', issuers, ...(auth.scopes.length > 0 ? { scopes: [...auth.scopes] } : {}) };
}

/** The `api` events of the API handler, one per route. */
export function apiEvents(endpoint: Endpoint | undefined): EventSource[] {
  if (!endpoint) return [];
  return endpoint.routes.map((route) => ({ kind: 'api', id: `${route.method} ${route.path}`, path: route.path, method: route.method, apiId: endpoint.id }));
}

/**
 * Chalice's CORSConfig as the model's CORS: the preflight Chalice adds to a path (a MOCK OPTIONS method,
 * swagger.py `_add_preflight_request`) answers with the headers of `get_access_control_headers()` and
 * `Access-Control-Allow-Methods` listing the path's CORS-enabled methods, then OPTIONS, in the app's order.
 * Chalice itself adds the same headers to the view's responses, so the gateway adds nothing to them.
 */
export function chaliceCors(cors: ChaliceCorsInfo, methods: readonly string[]): CorsConfig {
  return {
    allowOrigins: [cors.allow_origin],
    allowMethods: [...methods, 'OPTIONS'],
    allowHeaders: [...cors.allow_headers],
    exposeHeaders: [...cors.expose_headers],
    allowCredentials: cors.allow_credentials === true,
    ...(cors.max_age === null ? {} : { maxAge: cors.max_age }),
  };
}

function routeWhere(entry: ChaliceRouteInfo): string {
  const { name, python } = routeView(entry);
  return `route ${entry.method} ${entry.path} (view ${name}${python ? `, def ${python}` : ''})`;
}

/** The view a route runs, as pylambda_chalice_app.py reports it: view_name, and the `def` name when it differs. */
function routeView(entry: ChaliceRouteInfo): RouteView {
  return { name: entry.view_name, ...(entry.python_name && entry.python_name !== entry.view_name ? { python: entry.python_name } : {}) };
}

/** chalice/deploy/validate.py `validate_routes`: no empty path, no trailing slash. */
function checkPath(path: string, entries: readonly ChaliceRouteInfo[], r: FieldReader): boolean {
  const where = routeWhere(entries[0]!);
  if (path === '') {
    r.error(where, 'Route cannot be the empty string (Chalice refuses to deploy it)');
    return false;
  }
  if (path !== '/' && path.endsWith('/')) {
    r.error(where, `Route cannot end with a trailing slash (Chalice refuses to deploy it): use '${path.replace(/\/+$/, '')}'`);
    return false;
  }
  if (!path.startsWith('/')) {
    r.error(where, `route path '${path}' must start with /`);
    return false;
  }
  return true;
}

/** The path's CORS, checked as `_validate_cors_for_route` does: one configuration per path, no own OPTIONS. */
function pathCors(path: string, entries: readonly ChaliceRouteInfo[], r: FieldReader): CorsConfig | undefined {
  const withCors = entries.filter((e) => e.cors !== null);
  if (withCors.length === 0) return undefined;
  const options = entries.find((e) => e.method.toUpperCase() === 'OPTIONS');
  if (options) {
    r.error(routeWhere(options), `${path} has cors enabled, so Chalice adds its OPTIONS method itself: remove 'OPTIONS' from methods (Chalice refuses to deploy both)`);
  }
  const first = JSON.stringify(withCors[0]!.cors);
  const differing = withCors.find((e) => JSON.stringify(e.cors) !== first);
  if (differing) {
    r.error(routeWhere(differing), `Route may not have multiple differing CORS configurations: every view of ${path} with cors must use the same one (Chalice refuses to deploy it)`);
  }
  return chaliceCors(withCors[0]!.cors!, withCors.map((e) => e.method));
}

/** Per route: binary and text content types may not mix; what pylambda dev does not enforce locally. */
function checkEntry(entry: ChaliceRouteInfo, binaryTypes: readonly string[], r: FieldReader): void {
  const where = routeWhere(entry);
  const binary = entry.content_types.filter((t) => binaryTypes.includes(t));
  const text = entry.content_types.filter((t) => !binaryTypes.includes(t));
  if (binary.length > 0 && text.length > 0) {
    r.error(where, `content_types ${JSON.stringify(binary)} are binary types and ${JSON.stringify(text)} are not; all content_types of a view must agree (Chalice refuses to deploy it)`);
  }
  if (entry.method !== entry.method.toUpperCase()) {
    // RestAPIEventHandler looks requestContext.httpMethod (upper case) up in app.routes as written.
    r.warn(where, `method '${entry.method}' is not upper case: API Gateway sends ${entry.method.toUpperCase()}, which Chalice does not find among the view's methods, so it answers 405; write '${entry.method.toUpperCase()}'`);
  }
}
