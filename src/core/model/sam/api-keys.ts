import { isRecord, type FieldReader } from '../fields.js';
import type { Route } from '../project.js';
import { boolean } from '../values.js';

/** What an API's `Auth` says of API keys: its routes' default, and whether its CORS preflight needs one too. */
export interface ApiKeyAuth {
  readonly required: boolean;
  readonly preflight: boolean;
}

/**
 * `Auth.ApiKeyRequired` of an `AWS::Serverless::Api`: every method of the API needs a key, the OPTIONS methods SAM
 * makes for CORS too unless `AddApiKeyRequiredToCorsPreflight: false` (SAM's api_generator `_set_default_apikey_required`;
 * serverless-application-model issue 1786). HTTP APIs have no API keys.
 */
export function apiKeyAuth(auth: unknown, kind: 'rest' | 'http', at: string, r: FieldReader): ApiKeyAuth {
  if (!isRecord(auth) || auth.ApiKeyRequired === undefined) return { required: false, preflight: false };
  if (kind === 'http') {
    r.warn(`${at}.ApiKeyRequired`, 'does nothing: HTTP APIs have no API keys (a REST API, AWS::Serverless::Api, checks them)', 'dev');
    return { required: false, preflight: false };
  }
  const required = boolean(auth.ApiKeyRequired, `${at}.ApiKeyRequired`, r);
  const preflight = auth.AddApiKeyRequiredToCorsPreflight === undefined || boolean(auth.AddApiKeyRequiredToCorsPreflight, `${at}.AddApiKeyRequiredToCorsPreflight`, r);
  return { required, preflight: required && preflight };
}

/** An `Api` event's own `Auth.ApiKeyRequired`, which wins over its API's (true or false); `HttpApi` events have none. */
export function eventApiKeyRequired(props: Record<string, unknown>, kind: 'rest' | 'http', at: string, r: FieldReader): { apiKeyRequired?: boolean } {
  const auth = props.Auth;
  if (!isRecord(auth) || auth.ApiKeyRequired === undefined) return {};
  if (kind === 'http') {
    r.warn(`${at}.Properties.Auth.ApiKeyRequired`, 'does nothing: HTTP APIs have no API keys (an Api event, on a REST API, checks them)', 'dev');
    return {};
  }
  return { apiKeyRequired: boolean(auth.ApiKeyRequired, `${at}.Properties.Auth.ApiKeyRequired`, r) };
}

/**
 * A REST API's ApiKeySourceType (or its definition's `x-amazon-apigateway-api-key-source`): AUTHORIZER, or undefined
 * for HEADER, the default.
 */
export function apiKeySource(value: unknown, at: string, r: FieldReader): { apiKeySource?: 'AUTHORIZER' } {
  const source = r.string(value, at);
  if (source === undefined || source.toUpperCase() === 'HEADER') return {};
  if (source.toUpperCase() === 'AUTHORIZER') return { apiKeySource: 'AUTHORIZER' };
  r.error(at, `'${source}' is not HEADER or AUTHORIZER`);
  return {};
}

/** The API's default on the routes that do not say. */
export function withApiKeyDefault(routes: readonly Route[], required: boolean): Route[] {
  return routes.map((route) => (required && route.apiKeyRequired === undefined ? { ...route, apiKeyRequired: true } : route));
}
