import { isRecord, type FieldReader } from '../fields.js';
import type { Route } from '../project.js';
import { anyMethod, withoutTrailingSlash } from './api-paths.js';
import { apiKeySource } from './api-keys.js';
import { minimumCompressionSize } from './compression-size.js';
import { openApiValidation } from './openapi-validators.js';
import { proxyTarget, type IntegrationTargets, type NotServed } from './integration-targets.js';
import { warnStreaming } from './integration-streaming.js';
import { openApiTenantIdFrom } from './integration-tenant.js';
import { integrationTimeout } from './integration-timeout.js';
import { DefinitionAuthorizers, type SamDefinitionAuth } from './openapi-authorizers.js';

/**
 * The routes of an API's OpenAPI (or Swagger 2) definition, read as `sam local start-api` reads them
 * (samcli/commands/local/lib/swagger/parser.py `get_routes`): every operation whose
 * `x-amazon-apigateway-integration` is `aws_proxy` to a function of the template is a route; the others
 * (mock, http, AWS service integrations, a function elsewhere) are not served, each with why. Each route gets the
 * authorizer its `security` names (openapi-authorizers.ts) and, on a REST API, whether it needs an API key.
 */

/** An operation of the definition: `GET /items/{id}` (`ANY $default` for an HTTP API's default route). */
export interface Operation {
  readonly method: string;
  readonly path: string;
}

export interface UnservedOperation extends Operation, NotServed {}

/** The operations not served, on their endpoint: dev says why a request to one is not answered by a function. */
export function unservedRoutes(unserved: readonly UnservedOperation[]): { unservedRoutes?: UnservedOperation[] } {
  return unserved.length > 0 ? { unservedRoutes: unserved.map(({ method, path, why, skipped }) => ({ method, path, why, ...(skipped ? { skipped } : {}) })) } : {};
}

export interface OpenApiRoutes {
  readonly routes: Route[];
  readonly unserved: UnservedOperation[];
  /** REST: `x-amazon-apigateway-binary-media-types`, which API Gateway adds to the API's. */
  readonly binaryMediaTypes: string[];
  /** REST: `x-amazon-apigateway-api-key-source: AUTHORIZER`. */
  readonly apiKeySource?: 'AUTHORIZER';
  /** REST: `x-amazon-apigateway-minimum-compression-size`. */
  readonly minimumCompressionSize?: number;
  /** The routes (`GET /items`) whose integration names `credentials`: API Gateway invokes their function with that role. */
  readonly withRole: ReadonlySet<string>;
}

/** `where` turns a place in the document (`paths./items.get`) into a diagnostic path; `sam`: the SAM API's own Auth. */
export function openApiRoutes(document: Record<string, unknown>, kind: 'rest' | 'http', targets: IntegrationTargets, where: (inDocument: string) => string, r: FieldReader, sam?: SamDefinitionAuth): OpenApiRoutes {
  const routes: Route[] = [];
  const unserved: UnservedOperation[] = [];
  const withRole = new Set<string>();
  const authorizers = new DefinitionAuthorizers(document, kind, targets, where, r, sam);
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
        unserved.push({ method, path, ...target });
        continue;
      }
      const integrationAt = `${at}.x-amazon-apigateway-integration`;
      warnStreaming(integration.responseTransferMode, `${integrationAt}.responseTransferMode`, r);
      const version = kind === 'http' ? r.payloadFormatVersion(integration.payloadFormatVersion, `${integrationAt}.payloadFormatVersion`) : undefined;
      const op = isRecord(operation) ? operation : {};
      const authorizer = authorizers.of(op, method, at);
      if (integration.credentials !== undefined) withRole.add(`${method} ${path}`);
      routes.push({
        method,
        path,
        functionId: target.id,
        ...(target.qualifier ? { qualifier: target.qualifier } : {}),
        // Absent, SAM CLI sends an HTTP API route the 2.0 event (local_apigw_service.py), as the model's default is.
        ...(version ? { payloadFormatVersion: version } : {}),
        ...integrationTimeout(integration.timeoutInMillis, kind, `${integrationAt}.timeoutInMillis`, r),
        ...(authorizer ? { authorizer } : {}),
        ...(kind === 'rest' && authorizers.namesApiKey(op) ? { apiKeyRequired: true } : {}),
        // HTTP APIs do not validate requests, nor invoke a function for a tenant.
        ...(kind === 'rest' ? openApiValidation(document, item, op, at, r) : {}),
        ...(kind === 'rest' ? openApiTenantIdFrom(integration) : {}),
        // HTTP APIs send no operation name (SAM CLI's start-api tests pin that an operationId reaches only REST events).
        ...(kind === 'rest' && typeof op.operationId === 'string' && op.operationId !== '' ? { operationName: op.operationId } : {}),
        source: { file: r.file, path: at },
      });
    }
  }
  const binary = kind === 'rest' ? document['x-amazon-apigateway-binary-media-types'] : undefined;
  return {
    routes,
    unserved,
    withRole,
    binaryMediaTypes: Array.isArray(binary) ? binary.filter((t): t is string => typeof t === 'string') : [],
    ...(kind === 'rest' ? apiKeySource(document['x-amazon-apigateway-api-key-source'], where('x-amazon-apigateway-api-key-source'), r) : {}),
    ...(kind === 'rest' ? minimumCompressionSize(document[COMPRESSION_KEY], where(COMPRESSION_KEY), r) : {}),
  };
}

const COMPRESSION_KEY = 'x-amazon-apigateway-minimum-compression-size';

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
