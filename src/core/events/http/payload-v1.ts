/**
 * Payload format 1.0, request side, shared by REST APIs and HTTP APIs that ask for it: the header and query
 * maps (a repeated name's last value, and all of them) and the caller's identity. The differences between
 * the two are parameters here; each integration's module sets them.
 */

import { firstHeader, groupHeaders } from './headers.js';
import { decodeQuery, lastValueMap, multiValueMap } from './query.js';
import type { HttpRequest } from './request.js';

type Maps = Record<string, unknown>;

/** `headers` and `multiValueHeaders`, null when there are none. REST keeps the case received; HTTP APIs lower it. */
export function v1HeaderMaps(request: HttpRequest, lowerCase: boolean): { headers: Maps | null; multiValueHeaders: Maps | null } {
  const grouped = groupHeaders(request.headers, { lowerCase });
  if (grouped.size === 0) return { headers: null, multiValueHeaders: null };
  return { headers: Object.fromEntries([...grouped].map(([k, vs]) => [k, vs[vs.length - 1]!])), multiValueHeaders: Object.fromEntries(grouped) };
}

/** `queryStringParameters` and `multiValueQueryStringParameters`, decoded, null when there is no query. */
export function v1QueryMaps(request: HttpRequest): { queryStringParameters: Maps | null; multiValueQueryStringParameters: Maps | null } {
  const query = decodeQuery(request.rawQuery);
  if (query.length === 0) return { queryStringParameters: null, multiValueQueryStringParameters: null };
  return { queryStringParameters: lastValueMap(query), multiValueQueryStringParameters: multiValueMap(query) };
}

/**
 * `requestContext.identity`: nulls but the caller's address and agent. REST identities also carry the API
 * key fields and `clientCert` (aws-lambda-go apigw-request.json, REST input format); HTTP APIs' have neither.
 */
export function v1Identity(request: HttpRequest, rest: boolean): Maps {
  return {
    accessKey: null,
    accountId: null,
    ...(rest ? { apiKey: null, apiKeyId: null } : {}),
    caller: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: request.sourceIp,
    user: null,
    userAgent: firstHeader(request.headers, 'user-agent') ?? null,
    userArn: null,
    ...(rest ? { clientCert: null } : {}),
  };
}
