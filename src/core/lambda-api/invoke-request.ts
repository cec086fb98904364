/**
 * The Lambda Invoke API's request side (AWS Lambda API reference, "Invoke"): which function a path names, what its
 * headers ask for, and what the service refuses before any function runs. Clients (boto3, the AWS CLI, Step
 * Functions Local) send `POST /2015-03-31/functions/{FunctionName}/invocations[?Qualifier=...]`.
 */
import { missingTenantError } from '../runtime/errors.js';
import { invokeApiError, type InvokeApiResponse } from './invoke-response.js';
import { clientContextTooLarge, enumFailures, functionNameFailures, parseFunctionIdentifier, qualifierFailures, validationMessage } from './invoke-validation.js';

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

const INVOCATION_TYPES: readonly InvocationType[] = ['Event', 'RequestResponse', 'DryRun'];
const LOG_TYPES = ['None', 'Tail'] as const;

/**
 * "Invocation payload (request and response): 6 MB each for synchronous invocations, 1 MB for asynchronous" (Lambda
 * quotas; the Invoke model's Payload: "6 MB for synchronous invocations and 1 MB for asynchronous invocations", the
 * asynchronous one raised from 256 KB, the limit users' errors still name in 2024: ASFHyP3/hyp3#2241).
 */
export const INVOKE_LIMITS = { syncRequestBytes: 6 * 1024 * 1024, asyncRequestBytes: 1024 * 1024 } as const;

/** What a request to the Invoke API reads as. */
export interface InvokeApiRequest {
  readonly method: string;
  /** The request target as sent: path and query. */
  readonly target: string;
  /** Header names in any case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Undefined when it was over the largest limit (6 MB): the server does not keep what it cannot take. */
  readonly body: Buffer | undefined;
}

export interface Invocation {
  /** The function's name as the request gives it, without ARN and qualifier: `my-fn`, `Child/Fn`. */
  readonly functionName: string;
  /** `$LATEST`, a version or an alias, from the name (`my-fn:live`) or `?Qualifier=`. */
  readonly qualifier?: string;
  /** The region of a full ARN. */
  readonly region?: string;
  /** The account of a full or partial ARN. */
  readonly account?: string;
  readonly invocationType: InvocationType;
  readonly tail: boolean;
  /** The payload, `{}` when the request had none (as Lambda hands the function). */
  readonly payload: Buffer;
  /** X-Amz-Client-Context decoded: the JSON the runtime gets in Lambda-Runtime-Client-Context. */
  readonly clientContext?: string;
  readonly tenantId?: string;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

/** The invocation a request asks for, or the error the Invoke API answers it with. */
export function parseInvokeRequest(request: InvokeApiRequest): { kind: 'invoke'; invocation: Invocation } | { kind: 'error'; response: InvokeApiResponse } {
  const error = (response: InvokeApiResponse) => ({ kind: 'error' as const, response });
  const [path = '', query = ''] = splitTarget(request.target);
  const match = INVOKE_PATH.exec(path);
  if (!match || request.method !== 'POST') {
    return error(invokeApiError(404, 'UnknownOperationException', `Unknown operation: ${request.method} ${path} (this endpoint serves Invoke only)`));
  }
  let identifier: string;
  try {
    // botocore escapes the name as a path segment: a nested stack's `Child/Fn` arrives as Child%2FFn.
    identifier = decodeURIComponent(match[1]!);
  } catch {
    identifier = match[1]!;
  }
  const qualifier = new URLSearchParams(query).get('Qualifier') ?? undefined;
  const header = (name: string) => request.headers[name] ?? request.headers[name.toLowerCase()];
  const invocationType = header('X-Amz-Invocation-Type') ?? 'RequestResponse';
  const logType = header('X-Amz-Log-Type') ?? 'None';
  // AWS says every parameter's failures in one ValidationException (the order of several is not on record).
  const failures = [
    ...functionNameFailures(identifier),
    ...(qualifier === undefined ? [] : qualifierFailures(qualifier)),
    ...enumFailures(invocationType, 'invocationType', INVOCATION_TYPES),
    ...enumFailures(logType, 'logType', LOG_TYPES),
  ];
  if (failures.length > 0) return error(invokeApiError(400, 'ValidationException', validationMessage(failures)));
  const parsed = parseFunctionIdentifier(identifier)!;
  if (qualifier !== undefined && parsed.qualifier !== undefined && qualifier !== parsed.qualifier) {
    return error(invokeApiError(400, 'InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.'));
  }
  const tooLarge = payloadTooLarge(request.body, invocationType as InvocationType);
  if (tooLarge) return error(tooLarge);
  const payload = request.body!.length === 0 ? Buffer.from('{}') : request.body!;
  const problem = jsonProblem(payload);
  if (problem !== undefined) {
    return error(invokeApiError(400, 'InvalidRequestContentException', `Could not parse request body into json: ${problem}`));
  }
  const context = header('X-Amz-Client-Context');
  const contextTooLarge = context === undefined ? undefined : clientContextTooLarge(context);
  if (contextTooLarge) return error(invokeApiError(400, 'InvalidRequestContentException', contextTooLarge));
  const clientContext = context === undefined ? undefined : decodeClientContext(context);
  if (clientContext === null) {
    return error(invokeApiError(400, 'InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object.'));
  }
  const tenantId = header('X-Amz-Tenant-Id');
  const q = qualifier ?? parsed.qualifier;
  return {
    kind: 'invoke',
    invocation: {
      functionName: parsed.functionName,
      ...(q === undefined ? {} : { qualifier: q }),
      ...(parsed.region === undefined ? {} : { region: parsed.region }),
      ...(parsed.account === undefined ? {} : { account: parsed.account }),
      invocationType: invocationType as InvocationType,
      // Lambda returns logs to synchronous invocations only.
      tail: logType === 'Tail' && invocationType === 'RequestResponse',
      payload,
      ...(clientContext === undefined ? {} : { clientContext }),
      ...(tenantId ? { tenantId } : {}),
    },
  };
}

/**
 * Lambda answers an oversized payload with the code RequestEntityTooLargeException, in two wordings: the request's
 * limit, and an Event's smaller one with the payload's size. The API reference's model names the error
 * RequestTooLargeException, but the service sends the other code, which is what boto3's ClientError carries (as
 * users' tracebacks show: ASFHyP3/hyp3#2241 for an Event, awslabs/aws-athena-query-federation#793 for 6 MB).
 */
function payloadTooLarge(body: Buffer | undefined, invocationType: InvocationType): InvokeApiResponse | undefined {
  const tooLarge = (message: string) => invokeApiError(413, 'RequestEntityTooLargeException', message);
  if (body === undefined || body.length > INVOKE_LIMITS.syncRequestBytes) {
    return tooLarge(`Request must be smaller than ${INVOKE_LIMITS.syncRequestBytes} bytes for the InvokeFunction operation`);
  }
  if (invocationType === 'Event' && body.length > INVOKE_LIMITS.asyncRequestBytes) {
    return tooLarge(`${body.length} byte payload is too large for the Event invocation type (limit ${INVOKE_LIMITS.asyncRequestBytes} bytes)`);
  }
  return undefined;
}

function splitTarget(target: string): [string, string] {
  const at = target.indexOf('?');
  return at < 0 ? [target, ''] : [target.slice(0, at), target.slice(at + 1)];
}

/** Why the payload is not JSON, or undefined when it is. */
function jsonProblem(payload: Buffer): string | undefined {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The client context's JSON, on one line of ASCII (it goes to the runtime in a header), or null when the header
 * is not base64 of a JSON object.
 */
function decodeClientContext(value: string): string | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    return JSON.stringify(parsed).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  } catch {
    return null;
  }
}

/**
 * The function a request names, by the names a project gives it: its id (a logical id, a serverless.yml key, a
 * Chalice name; `Child/Fn` in a nested stack, as sam local start-lambda takes it) or its deployed name
 * (FunctionName, `service-stage-fn`, `app-dev-fn`). As Lambda, case matters.
 */
export function findInvokedFunction<F extends { readonly id: string; readonly name: string }>(functions: readonly F[], functionName: string): F | undefined {
  return functions.find((f) => f.id === functionName) ?? functions.find((f) => f.name === functionName);
}

/**
 * Lambda refuses a tenant id for a function without tenant isolation, and an invocation without one for a function
 * with it, in the same words (Lambda developer guide, "Troubleshooting tenant isolation": InvalidParameterValueException).
 */
export function tenantMismatch(tenantIsolation: boolean, tenantId: string | undefined): 'missing' | 'unexpected' | undefined {
  if (tenantIsolation === (tenantId !== undefined)) return undefined;
  return tenantIsolation ? 'missing' : 'unexpected';
}

/** The Invoke API's answer to a tenant mismatch (tenantMismatch). */
export function tenantProblem(tenantIsolation: boolean, tenantId: string | undefined): InvokeApiResponse | undefined {
  if (tenantMismatch(tenantIsolation, tenantId) === undefined) return undefined;
  const { errorType, errorMessage } = missingTenantError();
  return invokeApiError(400, errorType, errorMessage);
}
