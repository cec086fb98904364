import { isRecord, type FieldReader } from '../fields.js';
import { skippedRoute, type CorsConfig, type Endpoint, type Route, type UnservedRoute } from '../project.js';
import { boolean, strings } from '../values.js';
import { minimumCompressionSize } from '../sam/compression-size.js';
import { serverlessEndpointType } from '../endpoint-type.js';
import { DEFAULT_CORS_HEADERS, type PathCors, type RouteClaim } from './events.js';

/** The logical ids the Framework gives its APIs (lib/plugins/aws/lib/naming.js). */
export const REST_API_ID = 'ApiGatewayRestApi';
export const HTTP_API_ID = 'HttpApi';
/** What ANY stands for in CORS methods (api-gateway/lib/cors.js and http-api.js). */
const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];

/**
 * The endpoints the functions' events build: one REST API (`http` events, on the provider's stage), one HTTP
 * API (`httpApi`, stage `$default`), and one ALB endpoint per listener (`alb`).
 */
export function buildServerlessEndpoints(
  claims: readonly RouteClaim[],
  provider: Readonly<Record<string, unknown>>,
  stage: string,
  r: FieldReader,
  listenerDefault: (listener: string) => Route | undefined = () => undefined,
): Endpoint[] {
  const out: Endpoint[] = [];
  const rest = claims.flatMap((c) => (c.api === 'rest' ? [c] : []));
  if (rest.length) out.push(restApi(rest, provider, stage, r));
  const http = claims.flatMap((c) => (c.api === 'http' ? [c.route] : []));
  if (http.length) out.push(httpApi(http, provider, r));
  const listeners = new Map<string, Route[]>();
  for (const claim of claims) {
    if (claim.api === 'alb') listeners.set(claim.listener, [...(listeners.get(claim.listener) ?? []), ...claim.routes]);
  }
  for (const claim of claims) {
    if (claim.api !== 'url') continue;
    // The Framework's resource name for a function URL: <Function>LambdaFunctionUrl.
    const id = `${claim.route.functionId.charAt(0).toUpperCase()}${claim.route.functionId.slice(1)}LambdaFunctionUrl`;
    out.push({ id, kind: 'url', stage: '$default', binaryMediaTypes: [], ...(claim.cors ? { cors: claim.cors } : {}), routes: [claim.route], source: claim.route.source });
  }
  for (const [listener, ruleRoutes] of listeners) {
    // The listener's default action answers what none of its rules match, after every rule, as in a SAM template.
    const fallback = listenerDefault(listener);
    const routes = fallback ? [...ruleRoutes, fallback] : ruleRoutes;
    const shapes = new Set(ruleRoutes.map((route) => route.multiValueHeaders));
    const [only] = shapes;
    out.push({
      id: listener,
      kind: 'alb',
      stage: '$default',
      binaryMediaTypes: [],
      ...(shapes.size === 1 && only !== undefined ? { multiValueHeaders: only } : {}),
      routes,
      source: ruleRoutes[0]!.source,
    });
  }
  return out;
}

/**
 * The endpoints with the routes of the functions pylambda skips (`skipped`: by key, why) among their unserved
 * routes, as the SAM reader keeps them (sam/apis.ts): dev answers a request to one as a function that could not be
 * invoked, not as an unknown route. An API or listener only skipped functions are behind is not served at all, as
 * in a SAM project; neither is a skipped function's URL.
 */
export function withSkippedRoutes(endpoints: readonly Endpoint[], claims: readonly RouteClaim[], skipped: Readonly<Record<string, string>>): Endpoint[] {
  const byEndpoint = new Map<string, UnservedRoute[]>();
  for (const claim of claims) {
    const key = claim.api === 'rest' ? `rest ${REST_API_ID}` : claim.api === 'http' ? `http ${HTTP_API_ID}` : claim.api === 'alb' ? `alb ${claim.listener}` : undefined;
    if (key === undefined) continue;
    for (const route of claim.api === 'alb' ? claim.routes : [claim.route]) {
      byEndpoint.set(key, [...byEndpoint.get(key) ?? [], skippedRoute(route, `${route.functionId} is skipped: ${skipped[route.functionId] ?? ''}`)]);
    }
  }
  return endpoints.map((e) => {
    const unserved = byEndpoint.get(`${e.kind} ${e.id}`);
    return unserved ? { ...e, unservedRoutes: [...e.unservedRoutes ?? [], ...unserved] } : e;
  });
}

/** CORS is set per path: every event's `cors` on a path is merged (validate.js, corsPreflight). */
function restApi(claims: readonly { route: Route; cors?: PathCors }[], provider: Readonly<Record<string, unknown>>, stage: string, r: FieldReader): Endpoint {
  const byPath = new Map<string, PathCors>();
  for (const { route, cors } of claims) {
    if (!cors) continue;
    const seen = byPath.get(route.path);
    byPath.set(route.path, seen ? mergeCors(seen, cors) : cors);
  }
  const gateway = isRecord(provider.apiGateway) ? provider.apiGateway : {};
  const routes = claims.map(({ route }) => {
    const cors = byPath.get(route.path);
    return cors ? { ...route, cors: toCorsConfig(cors) } : route;
  });
  return {
    id: REST_API_ID,
    kind: 'rest',
    stage,
    preflight: 'serverless',
    binaryMediaTypes: strings(gateway.binaryMediaTypes, 'provider.apiGateway.binaryMediaTypes', r),
    // The Framework gives it to the RestApi as its MinimumCompressionSize (api-gateway/lib/rest-api.js).
    ...minimumCompressionSize(gateway.minimumCompressionSize, 'provider.apiGateway.minimumCompressionSize', r),
    ...serverlessEndpointType(provider.endpointType, 'provider.endpointType', r),
    routes,
    source: routes[0]!.source,
  };
}

/**
 * validate.js merges the events of a path in order: each list is the union of the new event's and the merged ones
 * (new first), `origin` is the last event's, credentials are allowed by any, maxAge and cacheControl the last set.
 */
function mergeCors(a: PathCors, b: PathCors): PathCors {
  const union = (x: readonly string[], y: readonly string[]) => [...new Set([...x, ...y])];
  const maxAge = b.maxAge ?? a.maxAge;
  const cacheControl = b.cacheControl ?? a.cacheControl;
  return {
    ...(b.origin === undefined ? {} : { origin: b.origin }),
    origins: union(b.origins, a.origins),
    headers: union(b.headers, a.headers),
    methods: union(b.methods, a.methods),
    allowCredentials: a.allowCredentials || b.allowCredentials,
    ...(maxAge === undefined ? {} : { maxAge }),
    ...(cacheControl === undefined ? {} : { cacheControl }),
  };
}

/**
 * cors.js `compileCors`: an `origin` with commas stands for `origins`; with origins the static Allow-Origin is the
 * first, and the response template answers an Origin matching one of them with itself. An `origin` alone is sent
 * as written, `*` included (no template).
 */
function toCorsConfig(cors: PathCors): CorsConfig {
  const methods = cors.methods.flatMap((m) => (m === 'ANY' ? ALL_METHODS : [m]));
  const origins = cors.origin?.includes(',') ? cors.origin.split(',').map((o) => o.trim()) : cors.origins;
  // `origins: []` leaves the Framework no origin at all: it writes the header as the text 'undefined'.
  const origin = origins[0] ?? cors.origin ?? 'undefined';
  return {
    allowOrigins: [origin],
    ...(origins.length > 0 ? { originPatterns: origins.map(regexifyWildcard) } : {}),
    allowMethods: [...new Set(methods)],
    allowHeaders: cors.headers,
    exposeHeaders: [],
    allowCredentials: cors.allowCredentials,
    ...(cors.maxAge === undefined ? {} : { maxAge: cors.maxAge }),
    ...(cors.cacheControl === undefined ? {} : { cacheControl: cors.cacheControl }),
  };
}

/**
 * cors.js `regexifyWildcards`: every `.` becomes `[.]` and the first `*` (String.replace with a string replaces
 * one) `.+`; the rest is taken as a Java regular expression, so a second `*` repeats what stands before it.
 */
function regexifyWildcard(origin: string): string {
  return origin.replace(/\./g, '[.]').replace('*', '.+');
}

/** `provider.httpApi`: `cors` (true or settings; methods default to the routes' own) and `payload`. */
function httpApi(routes: readonly Route[], provider: Readonly<Record<string, unknown>>, r: FieldReader): Endpoint {
  const settings = isRecord(provider.httpApi) ? provider.httpApi : {};
  const payload = serverlessPayload(settings.payload, 'provider.httpApi.payload', r);
  const version: Pick<Route, 'payloadFormatVersion'> = payload ? { payloadFormatVersion: payload } : {};
  const cors = httpCors(settings.cors, routes, r);
  return {
    id: HTTP_API_ID,
    kind: 'http',
    stage: '$default',
    binaryMediaTypes: [],
    ...(cors ? { cors } : {}),
    // A function's own httpApi.payload (already on its routes) wins over the provider's.
    routes: routes.map((route) => ({ ...version, ...route })),
    source: routes[0]!.source,
  };
}

function httpCors(value: unknown, routes: readonly Route[], r: FieldReader): CorsConfig | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  const at = 'provider.httpApi.cors';
  const props = value === true ? {} : r.record(value, at);
  if (!props) return undefined;
  const list = (key: string) => strings(props[key], `${at}.${key}`, r);
  const filled = ['OPTIONS', ...routes.flatMap((route) => (route.method === 'ANY' ? ALL_METHODS : [route.method]))];
  const maxAge = r.integer(props.maxAge, `${at}.maxAge`);
  return {
    allowOrigins: props.allowedOrigins === undefined ? ['*'] : list('allowedOrigins'),
    allowMethods: props.allowedMethods === undefined ? [...new Set(filled)] : list('allowedMethods'),
    allowHeaders: props.allowedHeaders === undefined ? DEFAULT_CORS_HEADERS : list('allowedHeaders'),
    exposeHeaders: list('exposedResponseHeaders'),
    allowCredentials: boolean(props.allowCredentials, `${at}.allowCredentials`, r),
    ...(maxAge === undefined ? {} : { maxAge }),
  };
}

/**
 * An `httpApi.payload`. Unquoted, `1.0` is YAML's number 1, which the Framework's schema turns into the text '1' and
 * gives API Gateway as the integration's PayloadFormatVersion (http-api.js), not the 1.0 meant: said, and read as 1.0.
 */
export function serverlessPayload(value: unknown, at: string, r: FieldReader): '1.0' | '2.0' | undefined {
  if (typeof value === 'number') r.warn(at, `is the number ${value} (YAML reads ${value.toFixed(1)} unquoted as one), which the Framework gives API Gateway as '${value}', not '${value.toFixed(1)}': write '${value.toFixed(1)}' in quotes`);
  return r.payloadFormatVersion(value, at);
}
