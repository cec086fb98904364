/**
 * A REST API method that needs an API key, as API Gateway checks it (API key source HEADER, the default): the key
 * in `x-api-key`, one of the keys the gateway knows, else its INVALID_API_KEY gateway response, a 403 whose error
 * type is ForbiddenException whether the key is missing or wrong (AWS re:Post, "hide x-amzn-ErrorType"; the
 * `{"message":"Forbidden"}` users of keyed APIs report). A key that passes is `$context.identity.apiKey`, and its id
 * `apiKeyId`, in the event (localstack's ApiKeyValidationHandler fills both). Pure: the keys are passed in.
 */

import { firstHeader } from '../events/http/headers.js';
import { restGatewayResponse } from '../events/http/gateway-errors.js';
import type { HttpRequest, HttpResponse } from '../events/http/request.js';
import type { ApiKeyModel, Endpoint, Project } from '../model/project.js';
import { apiKeyId } from './identity.js';

/** A key the gateway accepts: its value, and the id API Gateway would have given it; `origin` as ServedApiKey's. */
export interface GatewayApiKey {
  readonly value: string;
  readonly id: string;
  readonly origin?: 'configuration' | 'option' | 'made-up';
}

export const INVALID_API_KEY = restGatewayResponse(403, '{"message":"Forbidden"}', 'ForbiddenException');

export type ApiKeyCheck =
  | { readonly kind: 'allow'; readonly apiKey: GatewayApiKey }
  | { readonly kind: 'respond'; readonly response: HttpResponse; readonly reason: string };

export function checkApiKey(keys: readonly GatewayApiKey[], request: HttpRequest): ApiKeyCheck {
  const sent = firstHeader(request.headers, 'x-api-key');
  const key = sent === undefined ? undefined : keys.find((k) => k.value === sent);
  if (key) return { kind: 'allow', apiKey: key };
  const reason = sent === undefined || sent === '' ? 'the route needs an API key, and the request has no x-api-key header' : 'the x-api-key header is not one of the API keys';
  return { kind: 'respond', response: INVALID_API_KEY(request), reason };
}

/**
 * The same check for an API whose key source is AUTHORIZER: the key is the `usageIdentifierKey` its Lambda authorizer
 * returned (undefined: none, or the route has no Lambda authorizer), and the x-api-key header counts for nothing.
 * The authorizer returns a key of the user's own store, which can never be the one pylambda made up: when that is
 * the API's only key (the project has no key with a value for it), any key the authorizer returns is taken.
 */
export function checkAuthorizerApiKey(keys: readonly GatewayApiKey[], request: HttpRequest, given: string | undefined, authorizer: string | undefined): ApiKeyCheck {
  const key = given === undefined ? undefined : keys.find((k) => k.value === given);
  if (key) return { kind: 'allow', apiKey: key };
  if (given && takesAnyAuthorizerKey(keys)) return { kind: 'allow', apiKey: { value: given, id: apiKeyId(`usageIdentifierKey ${given}`) } };
  const reason = authorizer === undefined
    ? 'the route needs an API key from a Lambda authorizer (ApiKeySourceType AUTHORIZER), and it has none'
    : given === undefined || given === '' ? `the route needs an API key, and authorizer ${authorizer} returned no usageIdentifierKey`
      : `the usageIdentifierKey authorizer ${authorizer} returned is not one of the API keys (--api-key VALUE adds it)`;
  return { kind: 'respond', response: INVALID_API_KEY(request), reason };
}

/** An API whose only key is the made-up one (AUTHORIZER: it takes any usageIdentifierKey). */
function takesAnyAuthorizerKey(keys: readonly GatewayApiKey[]): boolean {
  return keys.length > 0 && keys.every((k) => k.origin === 'made-up');
}

/** A REST event with the key in `requestContext.identity` (`apiKey`, `apiKeyId`), as a key from the header puts it there. */
export function withEventApiKey(event: Buffer, key: GatewayApiKey): Buffer {
  const parsed = JSON.parse(event.toString()) as { requestContext?: { identity?: Record<string, unknown> } };
  const identity = parsed.requestContext?.identity;
  if (identity) Object.assign(identity, { apiKey: key.value, apiKeyId: key.id });
  return Buffer.from(JSON.stringify(parsed));
}

/** A key dev accepts, with where it came from: the configuration, `--api-key`, or made up by pylambda. */
export interface ServedApiKey extends GatewayApiKey {
  readonly name: string;
  readonly origin: 'configuration' | 'option' | 'made-up';
  /** The APIs and stages of the key's usage plans (ApiKeyModel); absent: all. */
  readonly stages?: ApiKeyModel['stages'];
}

/** What names the key pylambda makes up, and its id. */
const MADE_UP = 'pylambda-dev';

/**
 * The keys dev accepts, when a route needs one: the configuration's (those with a value) and `--api-key`'s; with
 * neither, `madeUp`, as serverless-offline makes one up ("Key with token"), so that the routes can be called at all.
 * An API that none of the configuration's keys opens (their usage plans hold other APIs, or its plan's keys get
 * their values from AWS) gets the made-up key too, for it alone.
 */
export function servedApiKeys(project: Project, given: readonly string[], madeUp: string): ServedApiKey[] {
  const keyed = project.endpoints.filter((e) => e.kind === 'rest' && (e.preflightApiKeyRequired || e.routes.some((r) => r.apiKeyRequired)));
  if (keyed.length === 0) return [];
  const keys: ServedApiKey[] = [
    ...(project.apiKeys ?? []).map((k) => ({ name: k.name, value: k.value, id: apiKeyId(k.name), origin: 'configuration' as const, ...(k.stages ? { stages: k.stages } : {}) })),
    ...given.map((value, i) => ({ name: `--api-key ${i + 1}`, value, id: apiKeyId(`--api-key ${value}`), origin: 'option' as const })),
  ];
  const made: ServedApiKey = { name: MADE_UP, value: madeUp, id: apiKeyId(MADE_UP), origin: 'made-up' };
  if (keys.length === 0) return [made];
  const unopened = keyed.filter((e) => endpointApiKeys(keys, e).length === 0);
  return unopened.length === 0 ? keys : [...keys, { ...made, stages: unopened.map((e) => ({ api: e.id, stage: e.stage })) }];
}

/** The REST APIs with ApiKeySourceType AUTHORIZER and a keyed route that take any key their authorizer returns (checkAuthorizerApiKey), by id. */
export function anyAuthorizerKeyApis(project: Project, keys: readonly ServedApiKey[]): string[] {
  return project.endpoints
    .filter((e) => e.kind === 'rest' && e.apiKeySource === 'AUTHORIZER' && e.routes.some((r) => r.apiKeyRequired) && takesAnyAuthorizerKey(endpointApiKeys(keys, e)))
    .map((e) => e.id);
}

/**
 * The keys an API's stage takes: those whose usage plans include it (API Gateway answers 403 Forbidden to any other
 * key, one in no plan included), and `--api-key`'s and the made-up one, which open every API.
 */
export function endpointApiKeys(keys: readonly ServedApiKey[], endpoint: Endpoint): ServedApiKey[] {
  return keys.filter((k) => !k.stages || k.stages.some((s) => s.api === endpoint.id && (s.stage === undefined || s.stage === endpoint.stage)));
}
