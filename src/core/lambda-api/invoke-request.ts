/**
 * The Lambda Invoke API's request side (AWS Lambda API reference, "Invoke"): which function a path names, what its
 * headers ask for, and what the service refuses before any function runs. Clients (boto3, the AWS CLI, Step
 * Functions Local) send `POST /2015-03-31/functions/{FunctionName}/invocations[?Qualifier=...]`.
 */
import { missingTenantError } from '../runtime/errors.js';
import { invokeApiError, type InvokeApiResponse } from './invoke-response.js';

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

const INVOCATION_TYPES: readonly InvocationType[] = ['Event', 'RequestResponse', 'DryRun'];
const LOG_TYPES = ['None', 'Tail'] as const;

/** "Invocation payload (request and response): 6 MB each for synchronous invocations, 1 MB for asynchronous" (Lambda quotas). */
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
  readonly invocationType: InvocationType;
  readonly tail: boolean;
  /** The payload, `{}` when the request had none (as Lambda hands the function). */
  readonly payload: Buffer;
  /** X-Amz-Client-Context decoded: the JSON the runtime gets in Lambda-Runtime-Client-Context. */
  readonly clientContext?: string;
  readonly tenantId?: string;
}

/** Lambda's function name pattern, and `/` for a nested stack's function as sam local names it (`Child/Fn`). */
const FUNCTION_NAME = /^[a-zA-Z0-9_.\/-]+$/;
/** A qualifier in the name (the Invoke API's FunctionName pattern), and in `?Qualifier=` (its Qualifier pattern). */
const NAMED_QUALIFIER = /^(\$LATEST|[a-zA-Z0-9_-]+)$/;
const QUALIFIER = /^[a-zA-Z0-9$_-]{1,128}$/;

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

/**
 * A function identifier as Lambda takes it: a name (`my-fn`), a full ARN
 * (`arn:aws:lambda:us-east-1:123456789012:function:my-fn`), a partial one (`123456789012:function:my-fn`), each
 * with an optional `:qualifier`. Undefined when it is none of them.
 */
export function parseFunctionIdentifier(identifier: string): { functionName: string; qualifier?: string } | undefined {
  const parts = identifier.split(':');
  let rest: string[];
  if (parts[0] === 'arn') {
    if (parts.length < 7 || parts[2] !== 'lambda' || parts[5] !== 'function') return undefined;
    rest = parts.slice(6);
  } else if (parts.length >= 3 && parts[1] === 'function') {
    rest = parts.slice(2);
  } else {
    rest = parts;
  }
  if (rest.length > 2 || !rest[0] || !FUNCTION_NAME.test(rest[0])) return undefined;
  if (rest[1] !== undefined && !NAMED_QUALIFIER.test(rest[1])) return undefined;
  return { functionName: rest[0], ...(rest[1] === undefined ? {} : { qualifier: rest[1] }) };
}

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
  const parsed = parseFunctionIdentifier(identifier);
  if (!parsed) return error(invokeApiError(400, 'ValidationException', validationMessage(identifier, 'functionName', 'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?')));
  const qualifier = new URLSearchParams(query).get('Qualifier') ?? undefined;
  if (qualifier !== undefined && !QUALIFIER.test(qualifier)) {
    return error(invokeApiError(400, 'ValidationException', validationMessage(qualifier, 'qualifier', 'Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)')));
  }
  if (qualifier !== undefined && parsed.qualifier !== undefined && qualifier !== parsed.qualifier) {
    return error(invokeApiError(400, 'InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.'));
  }
  const header = (name: string) => request.headers[name] ?? request.headers[name.toLowerCase()];
  const invocationType = header('X-Amz-Invocation-Type') ?? 'RequestResponse';
  if (!INVOCATION_TYPES.includes(invocationType as InvocationType)) {
    return error(invokeApiError(400, 'ValidationException', validationMessage(invocationType, 'invocationType', `Member must satisfy enum value set: [${INVOCATION_TYPES.join(', ')}]`)));
  }
  const logType = header('X-Amz-Log-Type') ?? 'None';
  if (!(LOG_TYPES as readonly string[]).includes(logType)) {
    return error(invokeApiError(400, 'ValidationException', validationMessage(logType, 'logType', `Member must satisfy enum value set: [${LOG_TYPES.join(', ')}]`)));
  }
  const tooLarge = payloadTooLarge(request.body, invocationType as InvocationType);
  if (tooLarge) return error(tooLarge);
  const payload = request.body!.length === 0 ? Buffer.from('{}') : request.body!;
  const problem = jsonProblem(payload);
  if (problem !== undefined) {
    return error(invokeApiError(400, 'InvalidRequestContentException', `Could not parse request body into json: ${problem}`));
  }
  const context = header('X-Amz-Client-Context');
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

/** AWS's wording of a parameter that fails its model's constraint. */
function validationMessage(value: string, member: string, constraint: string): string {
  return `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`;
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
