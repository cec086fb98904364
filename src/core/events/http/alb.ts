/**
 * Application Load Balancer with a Lambda target group: shared/LAMBDA-FACTS.md section 6, from the ELB
 * guide's "Lambda functions as targets" (awsdocs/elb-application-load-balancers-user-guide).
 */

import { isTextContentType } from './binary.js';
import { ALB_MAX_RESPONSE_BYTES, GATEWAY_ERRORS } from './gateway-errors.js';
import { CONTROL_CHARACTERS, firstHeader, groupHeaders, hasHeader } from './headers.js';
import {
  decodeBase64, eventBody, isObject, parsePayload, readBody, readFlag, readHeaders, readMultiValueHeaders, statusCodeOf,
} from './payload.js';
import { lastValueMap, multiValueMap, splitQuery } from './query.js';
import { fieldProblem, functionFailedProblem, refusal, RESULT_PROBLEMS, tooLargeProblem } from './result-problems.js';
import type { HttpRequest, HttpResponse, InvokeOutput } from './request.js';
import { urlSuffixOf } from '../../partition.js';

export interface AlbContext {
  readonly targetGroupArn: string;
  /** The target group attribute `lambda.multi_value_headers.enabled`. */
  readonly multiValueHeaders: boolean;
}

export function toEvent(request: HttpRequest, ctx: AlbContext): Record<string, unknown> {
  // "If the query parameters are URL-encoded, the load balancer does not decode them."
  const query = splitQuery(request.rawQuery);
  const grouped = groupHeaders(request.headers, { lowerCase: true });
  // Base64 "if the content-encoding header is present", or unless the type is text/*, json, javascript, xml.
  const binary = firstHeader(request.headers, 'content-encoding') !== undefined || !isTextContentType(firstHeader(request.headers, 'content-type'));
  const { body, isBase64Encoded } = eventBody(request, binary);
  const event: Record<string, unknown> = {
    requestContext: { elb: { targetGroupArn: ctx.targetGroupArn } },
    httpMethod: request.method,
    // The path as received, still percent-encoded (voker live capture: "/capture/space%20value").
    path: request.rawPath,
  };
  if (ctx.multiValueHeaders) {
    event.multiValueQueryStringParameters = multiValueMap(query);
    event.multiValueHeaders = Object.fromEntries(grouped);
  } else {
    // Without multi-value headers "the load balancer uses the last value that it receives".
    event.queryStringParameters = lastValueMap(query);
    event.headers = Object.fromEntries([...grouped].map(([k, vs]) => [k, vs[vs.length - 1]!]));
  }
  event.body = body;
  event.isBase64Encoded = isBase64Encoded;
  return event;
}

export function toResponse(output: InvokeOutput, request: HttpRequest, ctx: AlbContext): HttpResponse {
  const refuse = refusal(GATEWAY_ERRORS.alb.functionError, request);
  if (output.functionError) return refuse(functionFailedProblem(output.payload));
  // "The maximum size of the response JSON that the Lambda function can send is 1 MB" -> 502.
  if (output.payload.length > ALB_MAX_RESPONSE_BYTES) return refuse(tooLargeProblem(output.payload.length, ALB_MAX_RESPONSE_BYTES));
  const parsed = parsePayload(output.payload);
  if (!parsed.ok) return refuse(RESULT_PROBLEMS.notJson);
  if (!isObject(parsed.value)) return refuse(RESULT_PROBLEMS.notObject);
  const result = parsed.value;
  // A load balancer takes only a number: `"statusCode": "200"` was a 502 (adamchainz/apig-wsgi#52, fixed by sending
  // an int), where API Gateway reads the digits.
  const statusCode = typeof result.statusCode === 'number' ? statusCodeOf(result.statusCode) : undefined;
  // Only the field the target group is set for is read; the other is ignored (a function answering with
  // `headers` to a multi-value target group loses them: aws/serverless-java-container#347). A null one is
  // a 502 (aws/aws-lambda-go#207: a nil headers map broke the response). So is a value that is not a string: a
  // number Content-Length (pwrdrvr/lambda-dispatch#52; CodeGenieApp/serverless-express#563 and #699, in either
  // field) or a boolean `Access-Control-Allow-Credentials: true` (jeremydaly/lambda-api#117), each a 502 until sent as text.
  const field = ctx.multiValueHeaders ? result.multiValueHeaders : result.headers;
  const headers = field === null ? undefined : ctx.multiValueHeaders ? readMultiValueHeaders(field, 'strings') : readHeaders(field, 'strings');
  const body = readBody(result.body);
  const base64 = readFlag(result.isBase64Encoded);
  const description = result.statusDescription;
  const descriptionOk = description === undefined || description === null || typeof description === 'string';
  if (typeof result.statusCode === 'string' && statusCodeOf(result.statusCode) !== undefined) return refuse(RESULT_PROBLEMS.statusCodeText);
  if (statusCode === undefined || headers === undefined || body === undefined || base64 === undefined || !descriptionOk) {
    const headerField = ctx.multiValueHeaders ? 'multiValueHeaders' : 'headers';
    return refuse(fieldProblem({ statusCode, [headerField]: headers, body, isBase64Encoded: base64, statusDescription: descriptionOk ? '' : undefined })!);
  }
  // ALB sends application/octet-stream when the function names no type (fujiwara/ridge#9).
  if (!hasHeader(headers, 'content-type')) headers.push(['Content-Type', 'application/octet-stream']);
  const bytes = base64 ? decodeBase64(body) : Buffer.from(body);
  if (bytes === undefined) return refuse(RESULT_PROBLEMS.badBase64);
  const statusMessage = reasonPhrase(typeof description === 'string' ? description : '', statusCode);
  return { statusCode, ...(statusMessage ? { statusMessage } : {}), headers, body: bytes };
}

/** `statusDescription` is "200 OK": the status line's reason phrase is what follows the code. */
function reasonPhrase(description: string, statusCode: number): string | undefined {
  const text = description.trim();
  const reason = text.startsWith(String(statusCode)) ? text.slice(3).trim() : text;
  return reason === '' || CONTROL_CHARACTERS.test(reason) ? undefined : reason;
}

/** A load balancer's DNS name, as AWS forms it: `<name>-<id>.<region>.elb.amazonaws.com` (names: 32 characters). */
export function albDomain(name: string, region: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 32)}-1234567890.${region}.elb.${urlSuffixOf(region)}`;
}
