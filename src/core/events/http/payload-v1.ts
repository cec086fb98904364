/**
 * Payload format 1.0, shared by REST APIs and HTTP APIs that ask for it: the header and query maps (a
 * repeated name's last value, and all of them), the caller's identity, and reading the function's result.
 * The differences between the two are parameters here; each integration's module sets them.
 */

import { LAMBDA_MAX_RESULT_BYTES } from './gateway-errors.js';
import { firstHeader, groupHeaders, hasHeader } from './headers.js';
import {
  isObject, parsePayload, readBody, readFlag, readHeaders, readMultiValueHeaders, statusCodeOf, type JsonObject,
} from './payload.js';
import { decodeQuery, lastValueMap, multiValueMap } from './query.js';
import { fieldProblem, functionFailedProblem, RESULT_PROBLEMS, tooLargeProblem } from './result-problems.js';
import { clfTime, extendedRequestId, restRequestId, type HttpRequest, type HttpResponse, type InvokeOutput } from './request.js';

type Maps = Record<string, unknown>;

/** `headers` and `multiValueHeaders`, null when there are none. REST keeps the case received; HTTP APIs lower it. */
export function v1HeaderMaps(request: HttpRequest, lowerCase: boolean): { headers: Maps | null; multiValueHeaders: Maps | null } {
  const grouped = groupHeaders(request.headers, { lowerCase });
  if (grouped.size === 0) return { headers: null, multiValueHeaders: null };
  return { headers: Object.fromEntries([...grouped].map(([k, vs]) => [k, vs[vs.length - 1]!])), multiValueHeaders: Object.fromEntries(grouped) };
}

/**
 * `queryStringParameters` and `multiValueQueryStringParameters`, decoded, null when there is no query. `separator`
 * splits the pairs: REST APIs' also splits at `;` (REST_QUERY_SEPARATORS).
 */
export function v1QueryMaps(request: HttpRequest, separator?: string | RegExp): { queryStringParameters: Maps | null; multiValueQueryStringParameters: Maps | null } {
  const query = decodeQuery(request.rawQuery, separator);
  if (query.length === 0) return { queryStringParameters: null, multiValueQueryStringParameters: null };
  return { queryStringParameters: lastValueMap(query), multiValueQueryStringParameters: multiValueMap(query) };
}

/**
 * `requestContext.identity`: nulls but the caller's address and agent. REST identities also carry the API
 * key fields and `clientCert` (aws-lambda-go apigw-request.json, REST input format); HTTP APIs' have
 * neither, and have `cognitoAmr` (captured 1.0 events in spring-cloud-function's AWS adapter tests).
 */
export function v1Identity(request: HttpRequest, rest: boolean, apiKey?: V1ContextParts['apiKey']): Maps {
  return {
    accessKey: null,
    accountId: null,
    ...(rest ? { apiKey: apiKey?.value ?? null, apiKeyId: apiKey?.id ?? null } : {}),
    caller: null,
    ...(rest ? {} : { cognitoAmr: null }),
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

/** What a payload 1.0 `requestContext` says beyond the request itself. */
export interface V1ContextParts {
  readonly accountId: string;
  readonly apiId: string;
  readonly domainName: string;
  /** The path as the client called it (a REST API's with its stage). */
  readonly path: string;
  readonly resourceId: string;
  readonly resourcePath: string;
  readonly stage: string;
  /** REST API identities carry the API key fields (v1Identity). */
  readonly rest: boolean;
  /** REST: the API key the method required, and its id. */
  readonly apiKey?: { readonly value: string; readonly id: string };
  /**
   * REST: the method's operation name, present only when it has one (aws-lambda-go's APIGatewayProxyRequestContext
   * OperationName, `omitempty`; aws-lambda-java-libs#126).
   */
  readonly operationName?: string;
}

export function v1RequestContext(request: HttpRequest, parts: V1ContextParts): Maps {
  return {
    accountId: parts.accountId,
    apiId: parts.apiId,
    domainName: parts.domainName,
    domainPrefix: parts.domainName.split('.', 1)[0],
    extendedRequestId: extendedRequestId(request.requestId),
    httpMethod: request.method,
    identity: v1Identity(request, parts.rest, parts.apiKey),
    ...(parts.operationName ? { operationName: parts.operationName } : {}),
    path: parts.path,
    protocol: request.protocol,
    // REST APIs take a caller's X-Amzn-RequestId; HTTP APIs' 1.0 events do not say they do.
    requestId: parts.rest ? restRequestId(request) : request.requestId,
    requestTime: clfTime(request.timeEpochMs),
    requestTimeEpoch: request.timeEpochMs,
    resourceId: parts.resourceId,
    resourcePath: parts.resourcePath,
    stage: parts.stage,
  };
}

/** `pathParameters` and `stageVariables`: a copy, or null when there are none (never `{}`). */
export function v1Map(map: Readonly<Record<string, string>> | null | undefined): Record<string, string> | null {
  return map && Object.keys(map).length > 0 ? { ...map } : null;
}

/**
 * The result as a JSON object, or the gateway's refusal (`refuse` says why): the function failed, or its
 * result is over Lambda's 6 MB (an INTEGRATION_FAILURE, DataBiosphere/azul#8258), not JSON, or not an object.
 */
export function v1ResultObject(output: InvokeOutput, refuse: (problem: string) => HttpResponse): { result: JsonObject } | { refused: HttpResponse } {
  if (output.functionError) return { refused: refuse(functionFailedProblem(output.payload)) };
  if (output.payload.length > LAMBDA_MAX_RESULT_BYTES) return { refused: refuse(tooLargeProblem(output.payload.length, LAMBDA_MAX_RESULT_BYTES)) };
  const parsed = parsePayload(output.payload);
  if (!parsed.ok) return { refused: refuse(RESULT_PROBLEMS.notJson) };
  return isObject(parsed.value) ? { result: parsed.value } : { refused: refuse(RESULT_PROBLEMS.notObject) };
}

/** A payload 1.0 result read: the status, the headers to send, the body and whether it is base64. */
export type V1Result =
  | { readonly ok: true; readonly statusCode: number; readonly headers: Array<[string, string]>; readonly body: string; readonly base64: boolean }
  | { readonly ok: false; readonly problem: string };

/**
 * The fields of a payload 1.0 result (REST APIs, and HTTP APIs with PayloadFormatVersion 1.0): a status
 * code, `headers` and `multiValueHeaders` merged (mergeV1Headers), and Content-Type `application/json` unless
 * the result sets one. `base64Flag` is the field to read.
 */
export function readV1Result(result: JsonObject, base64Flag: unknown): V1Result {
  const statusCode = statusCodeOf(result.statusCode);
  const single = readHeaders(result.headers);
  const multi = readMultiValueHeaders(result.multiValueHeaders);
  const body = readBody(result.body);
  const base64 = readFlag(base64Flag);
  if (statusCode === undefined || single === undefined || multi === undefined || body === undefined || base64 === undefined) {
    return { ok: false, problem: fieldProblem({ statusCode, headers: single, multiValueHeaders: multi, body, isBase64Encoded: base64 })! };
  }
  const headers = mergeV1Headers(single, multi);
  if (!hasHeader(headers, 'content-type')) headers.push(['Content-Type', 'application/json']);
  return { ok: true, statusCode, headers, body, base64 };
}

/**
 * A 1.0 result's `headers` and `multiValueHeaders` as one list: "If you specify values for both headers and
 * multiValueHeaders, API Gateway merges them into a single list. If the same key-value pair is specified in both,
 * only the values from multiValueHeaders will appear in the merged list" (set-up-lambda-proxy-integrations, output
 * format). A pair, not a name: `{headers: {x: 'solo'}, multiValueHeaders: {X: ['multi']}}` reached a client of a
 * deployed REST API as `X: multi, solo`, in the multi-value spelling (localstack/localstack
 * test_aws_proxy_response_payload_format_validation, recorded against AWS on 15-11-2024). SAM CLI's
 * _merge_response_headers merges the same way, for HTTP APIs' format 1.0 too. The multi-value headers come first.
 */
export function mergeV1Headers(single: ReadonlyArray<readonly [string, string]>, multi: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const merged: Array<[string, string]> = multi.map(([n, v]) => [n, v]);
  for (const [name, value] of single) {
    const same = multi.filter(([n]) => n.toLowerCase() === name.toLowerCase());
    if (same.some(([, v]) => v === value)) continue;
    merged.push([same[0]?.[0] ?? name, value]);
  }
  return merged;
}
