/**
 * Payload format 2.0, shared by HTTP APIs and function URLs (which "follow the HTTP API payload format
 * 2.0"). The differences between the two are parameters here; each integration's module sets them.
 */

import { isTextContentType } from './binary.js';
import { firstHeader, groupHeaders, hasHeader, headerValues, isSendableHeader } from './headers.js';
import {
  decodeBase64, eventBody, isObject, parsePayload, readBody, readFlag, readHeaders, statusCodeOf,
} from './payload.js';
import { LAMBDA_MAX_RESULT_BYTES } from './gateway-errors.js';
import { decodeQuery, joinedMap } from './query.js';
import { fieldProblem, functionFailedProblem, refusal, RESULT_PROBLEMS, tooLargeProblem } from './result-problems.js';
import { clfTime, type HttpRequest, type HttpResponse, type InvokeOutput } from './request.js';

export interface V2EventParts {
  readonly routeKey: string;
  readonly stage: string;
  readonly rawPath: string;
  /** `requestContext.http.path`: decoded for both integrations. */
  readonly httpPath: string;
  /** Function URLs keep the `cookie` header next to `cookies`; HTTP APIs move it out (voker live captures). */
  readonly keepCookieHeader: boolean;
  readonly accountId: string;
  readonly apiId: string;
  readonly domainName: string;
  readonly pathParameters: Readonly<Record<string, string>> | null;
  readonly stageVariables: Readonly<Record<string, string>> | null;
}

/** Empty fields are omitted, not null (docs' payload 2.0 sample; real GET captures have no `body`). */
export function v2Event(request: HttpRequest, parts: V2EventParts): Record<string, unknown> {
  const cookies = headerValues(request.headers, 'cookie').flatMap((h) => h.split(';')).map((c) => c.trim()).filter((c) => c !== '');
  const grouped = groupHeaders(request.headers, { lowerCase: true });
  if (!parts.keepCookieHeader) grouped.delete('cookie');
  // "Duplicate headers are combined with commas" (http-api-develop-integrations-lambda): `first,second`.
  const headers = Object.fromEntries([...grouped].map(([k, vs]) => [k, vs.join(',')]));
  const query = decodeQuery(request.rawQuery);
  const { body, isBase64Encoded } = eventBody(request, !isTextContentType(firstHeader(request.headers, 'content-type')));
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: parts.routeKey,
    rawPath: parts.rawPath,
    rawQueryString: request.rawQuery,
  };
  if (cookies.length > 0) event.cookies = cookies;
  event.headers = headers;
  if (query.length > 0) event.queryStringParameters = joinedMap(query);
  event.requestContext = {
    accountId: parts.accountId,
    apiId: parts.apiId,
    domainName: parts.domainName,
    domainPrefix: parts.domainName.split('.', 1)[0],
    http: {
      method: request.method,
      path: parts.httpPath,
      protocol: request.protocol,
      sourceIp: request.sourceIp,
      userAgent: firstHeader(request.headers, 'user-agent') ?? '',
    },
    requestId: request.requestId,
    routeKey: parts.routeKey,
    stage: parts.stage,
    time: clfTime(request.timeEpochMs),
    timeEpoch: request.timeEpochMs,
  };
  if (parts.pathParameters && Object.keys(parts.pathParameters).length > 0) event.pathParameters = { ...parts.pathParameters };
  if (parts.stageVariables && Object.keys(parts.stageVariables).length > 0) event.stageVariables = { ...parts.stageVariables };
  if (body !== '') event.body = body;
  event.isBase64Encoded = isBase64Encoded;
  return event;
}

/**
 * A 2.0 result as the client gets it. `fail` is the gateway's answer to a failed or malformed result;
 * `extraHeaders` are the gateway's own (its request id); `defaultContentType` is what the gateway sends for a
 * result with a `statusCode` whose headers name no Content-Type (each integration's module says which);
 * `inferredBody` turns the JSON a function returned without a statusCode into the body the gateway sends.
 */
export function v2Response(
  output: InvokeOutput,
  request: HttpRequest,
  fail: (request: HttpRequest) => HttpResponse,
  extraHeaders: ReadonlyArray<readonly [string, string]>,
  defaultContentType: string,
  inferredBody: (json: string) => string = (json) => json,
): HttpResponse {
  const refuse = refusal(fail, request);
  if (output.functionError) return refuse(functionFailedProblem(output.payload));
  if (output.payload.length > LAMBDA_MAX_RESULT_BYTES) return refuse(tooLargeProblem(output.payload.length, LAMBDA_MAX_RESULT_BYTES));
  const parsed = parsePayload(output.payload);
  if (!parsed.ok) return refuse(RESULT_PROBLEMS.notJson);
  const result = parsed.value;
  if (!isObject(result) || !('statusCode' in result)) {
    // "If your Lambda function returns valid JSON and doesn't return a statusCode": 200, application/json,
    // and the body is the function's response: a string as is, anything else as the JSON it returned.
    const text = typeof result === 'string' ? result : inferredBody(output.payload.toString('utf8'));
    return { statusCode: 200, headers: [['content-type', 'application/json'], ...extraHeaders], body: Buffer.from(text) };
  }
  const statusCode = statusCodeOf(result.statusCode);
  const headers = readHeaders(result.headers);
  const body = readBody(result.body);
  const base64 = readFlag(result.isBase64Encoded);
  const cookies = Array.isArray(result.cookies) ? result.cookies : [];
  if (statusCode === undefined || headers === undefined || body === undefined || base64 === undefined) {
    return refuse(fieldProblem({ statusCode, headers, body, isBase64Encoded: base64 })!);
  }
  for (const cookie of cookies) {
    if (typeof cookie !== 'string' || !isSendableHeader('set-cookie', cookie)) return refuse(fieldProblem({ cookies: undefined })!);
    // "In the response to the client, each cookie becomes a set-cookie header."
    headers.push(['set-cookie', cookie]);
  }
  if (!hasHeader(headers, 'content-type')) headers.push(['content-type', defaultContentType]);
  // HTTP APIs decode whenever isBase64Encoded is true: no binaryMediaTypes negotiation (SAM CLI notes).
  const bytes = base64 ? decodeBase64(body) : Buffer.from(body);
  if (bytes === undefined) return refuse(RESULT_PROBLEMS.badBase64);
  return { statusCode, headers: [...headers, ...extraHeaders], body: bytes };
}
