/**
 * Lambda function URLs: the payload 2.0 shape with Lambda's own front end (docs: urls-invocation). Compared
 * with HTTP APIs (live captures, hotsock/voker vokerhttp/testdata/functionurl-request.json): `routeKey` and
 * `stage` are the placeholder `$default`, `rawPath` stays percent-encoded while `http.path` is decoded, the
 * `cookie` header stays next to `cookies`, and there are no path parameters or stage variables.
 */

import { GATEWAY_ERRORS } from './gateway-errors.js';
import { remapHeaders, withoutHeaders } from './headers.js';
import { v2Event, v2Response } from './payload-v2.js';
import { percentDecode } from './query.js';
import type { HttpRequest, HttpResponse, InvokeOutput } from './request.js';

/** The account id Lambda reports for a caller of a URL with AuthType NONE. */
export const ANONYMOUS_ACCOUNT = 'anonymous';

export interface FunctionUrlContext {
  /** The `<url-id>` in `https://<url-id>.lambda-url.<region>.on.aws`. */
  readonly urlId: string;
  readonly region: string;
  /** The caller's account: `anonymous` (the default) for AuthType NONE, as Lambda sends it. */
  readonly accountId?: string;
}

export function functionUrlDomain(urlId: string, region: string): string {
  return `${urlId}.lambda-url.${region}.on.aws`;
}

export function toEvent(request: HttpRequest, ctx: FunctionUrlContext): Record<string, unknown> {
  // A function URL keeps the caller's Connection header from the function: python-requests sends `Connection:
  // keep-alive`, and the event of a URL it called had no `connection` (localstack/localstack TestLambdaURL
  // test_lambda_url_echo_http_fixture_default, recorded against AWS on 24-11-2025).
  return v2Event({ ...request, headers: withoutHeaders(request.headers, (name) => name === 'connection') }, {
    routeKey: '$default',
    stage: '$default',
    rawPath: request.rawPath,
    httpPath: percentDecode(request.rawPath),
    keepCookieHeader: true,
    accountId: ctx.accountId ?? ANONYMOUS_ACCOUNT,
    apiId: ctx.urlId,
    domainName: functionUrlDomain(ctx.urlId, ctx.region),
    pathParameters: null,
    stageVariables: null,
  });
}

/**
 * Function URLs send a function's WWW-Authenticate as `x-amzn-Remapped-WWW-Authenticate` (the name as written):
 * seen live by three projects whose 401 challenges never reached their clients (MCP servers behind URLs).
 */
const REMAPPED = new Set(['www-authenticate']);

export function toResponse(output: InvokeOutput, request: HttpRequest, _ctx: FunctionUrlContext): HttpResponse {
  // A result whose headers name no type goes out as application/json (a-h/awsapigatewayv2handler#3, live).
  const response = v2Response(output, request, GATEWAY_ERRORS.url.functionError, [['x-amzn-RequestId', request.requestId]], 'application/json', compactJson);
  return { ...response, headers: remapHeaders(response.headers, REMAPPED) };
}

/**
 * The JSON a function returned without a statusCode, as a function URL sends it: without the whitespace
 * between tokens. Python's json.dumps writes `{"hello": "world"}` (18 bytes); the URL answered a python3.12
 * handler returning that dict with `Content-Length: 17`, and `["hello", 3, True]` with `["hello",3,true]`,
 * while a string body is sent as written (localstack/localstack, tests/aws/services/lambda_/test_lambda.py
 * TestLambdaURL.test_lambda_url_invocation, its snapshot recorded against AWS on 24-11-2025). Only the
 * whitespace goes: numbers and string escapes stay as the function wrote them, which the capture cannot tell.
 */
export function compactJson(json: string): string {
  return json.replace(/("(?:[^"\\]|\\.)*")|[ \t\n\r]+/g, (_match, text: string | undefined) => text ?? '');
}
