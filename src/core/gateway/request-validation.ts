/**
 * A REST API's request validator (API Gateway docs, "Request validation for REST APIs"): before the integration
 * runs, the method's required parameters must be in the request and its body must fit the model of its content
 * type, else API Gateway answers 400 itself (gateway responses BAD_REQUEST_PARAMETERS and BAD_REQUEST_BODY).
 */
import { mediaType } from '../events/http/binary.js';
import { restGatewayResponse } from '../events/http/gateway-errors.js';
import { headerValues } from '../events/http/headers.js';
import { decodeQuery, REST_QUERY_SEPARATORS } from '../events/http/query.js';
import type { HttpRequest, HttpResponse } from '../events/http/request.js';
import type { MethodParameter, RequestValidation } from '../model/project.js';
import { schemaProblem } from './json-schema.js';

/** A request the validator refuses: the gateway's answer, and why (for dev's request line). */
export interface RefusedRequest {
  readonly response: HttpResponse;
  readonly reason: string;
}

// The bodies as clients of deployed APIs see them, with a space after the colon (aws-samples/serverless-patterns
// apigw-data-validation's README: `{"message": "Invalid request body"}`), and the type API Gateway names.
const BAD_BODY = restGatewayResponse(400, '{"message": "Invalid request body"}', 'BadRequestException');
const badParameters = (names: readonly string[]) => restGatewayResponse(400, `{"message": ${JSON.stringify(`Missing required request parameters: [${names.join(', ')}]`)}}`, 'BadRequestException');

/** The validator's answer to `request`, or undefined when it lets the request through. */
export function checkRequest(validation: RequestValidation, request: HttpRequest, pathParameters: Readonly<Record<string, string>> | null): RefusedRequest | undefined {
  const missing = missingParameters(validation, request, pathParameters);
  if (missing.length > 0) return { response: badParameters(missing)(request), reason: `request validation: missing required parameters ${missing.join(', ')}` };
  const problem = bodyProblem(validation, request);
  return problem === undefined ? undefined : { response: BAD_BODY(request), reason: `request validation: the body does not fit its model (${problem})` };
}

/** API Gateway checks that each required parameter is "included and not blank": `?page=` or an empty header is missing. */
function missingParameters(validation: RequestValidation, request: HttpRequest, pathParameters: Readonly<Record<string, string>> | null): string[] {
  return (validation.parameters ?? []).filter((p) => (parameterValue(p, request, pathParameters) ?? '').trim() === '').map((p) => p.name);
}

/**
 * A method request parameter's value (`method.request.header.X` and the like): a repeated header's or query
 * key's last one, as the REST event's single-value maps keep it; undefined when the request has none.
 */
export function parameterValue(p: MethodParameter, request: HttpRequest, pathParameters: Readonly<Record<string, string>> | null): string | undefined {
  if (p.in === 'header') return headerValues(request.headers, p.name).at(-1);
  if (p.in === 'querystring') return decodeQuery(request.rawQuery, REST_QUERY_SEPARATORS).filter(([name]) => name === p.name).at(-1)?.[1];
  return pathParameters?.[p.name];
}

/**
 * Why the body does not fit the model of its content type (a request without one is taken as JSON, API
 * Gateway's default), or undefined when it fits or no model applies to that type.
 */
function bodyProblem(validation: RequestValidation, request: HttpRequest): string | undefined {
  const models = validation.bodyModels;
  if (!models) return undefined;
  const type = mediaType(headerValues(request.headers, 'content-type')[0] ?? 'application/json');
  const schema = Object.entries(models).find(([t]) => mediaType(t) === type)?.[1] ?? models.$default;
  if (schema === undefined) return undefined;
  const text = request.body.toString('utf8');
  let value: unknown;
  try {
    // An empty body is checked as an empty object.
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  return schemaProblem(schema, value, (ref) => modelByRef(validation.models ?? {}, ref));
}

/** Another model of the API: `$ref` names it by its URL (`https://apigateway.amazonaws.com/restapis/{id}/models/{name}`) or name. */
function modelByRef(models: Readonly<Record<string, unknown>>, ref: string): unknown {
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  return Object.prototype.hasOwnProperty.call(models, name) ? models[name] : undefined;
}
