/**
 * What a custom resource's function answers CloudFormation, checked as CloudFormation takes it (user guide, "Custom
 * resource response objects"): the provider PUTs a JSON document to the request's ResponseURL (a pre-signed S3 URL),
 * and a function that returns without doing so leaves the stack waiting until the resource's ServiceTimeout (an
 * hour by default) runs out.
 */

/** The fields of CloudFormation's request that its answer must copy, and what the answer is checked against. */
export interface CustomResourceRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  /** Update and Delete requests name the resource the Create answered with. */
  readonly PhysicalResourceId?: string;
}

/** "The total size of the response body can't exceed 4096 bytes." */
export const MAX_RESPONSE_BYTES = 4096;
/** PhysicalResourceId "can be up to 1 KB in size". */
const MAX_PHYSICAL_ID_BYTES = 1024;
const REQUEST_TYPES: readonly string[] = ['Create', 'Update', 'Delete'];

/** The event is a custom resource request when it has the fields CloudFormation always sends; else undefined. */
export function customResourceRequest(event: unknown): CustomResourceRequest | undefined {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
  const e = event as Record<string, unknown>;
  if (typeof e.RequestType !== 'string' || !REQUEST_TYPES.includes(e.RequestType)) return undefined;
  for (const key of ['ResponseURL', 'StackId', 'RequestId', 'LogicalResourceId'] as const) if (typeof e[key] !== 'string') return undefined;
  if (e.PhysicalResourceId !== undefined && typeof e.PhysicalResourceId !== 'string') return undefined;
  return e as unknown as CustomResourceRequest;
}

/** An answer as CloudFormation would read it; `problems` are what would make it refuse the answer or misread it. */
export interface CustomResourceAnswer {
  readonly status?: string;
  readonly reason?: string;
  readonly physicalResourceId?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly noEcho?: boolean;
  readonly problems: readonly string[];
  /** What CloudFormation does next because of it (an Update that changed the physical id replaces the resource). */
  readonly notes: readonly string[];
}

export function readCustomResourceAnswer(body: Buffer, request: CustomResourceRequest): CustomResourceAnswer {
  const problems: string[] = [];
  const notes: string[] = [];
  if (body.length > MAX_RESPONSE_BYTES) problems.push(tooLarge(body.length));
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { problems: [...problems, 'it is not JSON'], notes };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problems: [...problems, 'it is not a JSON object'], notes };
  const a = parsed as Record<string, unknown>;
  const status = typeof a.Status === 'string' ? a.Status : undefined;
  if (status !== 'SUCCESS' && status !== 'FAILED') problems.push(`Status is ${describe(a.Status)}: it must be SUCCESS or FAILED`);
  const reason = typeof a.Reason === 'string' ? a.Reason : undefined;
  if (status === 'FAILED' && !reason) problems.push('Reason is missing: a FAILED answer must say why');
  const physicalResourceId = typeof a.PhysicalResourceId === 'string' ? a.PhysicalResourceId : undefined;
  if (!physicalResourceId) problems.push(`PhysicalResourceId is ${describe(a.PhysicalResourceId)}: it must be a non-empty string`);
  else if (Buffer.byteLength(physicalResourceId) > MAX_PHYSICAL_ID_BYTES) problems.push(`PhysicalResourceId is ${Buffer.byteLength(physicalResourceId)} bytes: at most ${MAX_PHYSICAL_ID_BYTES}`);
  for (const key of ['StackId', 'RequestId', 'LogicalResourceId'] as const) {
    if (a[key] !== request[key]) problems.push(`${key} is ${describe(a[key])}: it must be the request's, ${JSON.stringify(request[key])}`);
  }
  const data = a.Data;
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) problems.push(`Data is ${describe(data)}: it must be a JSON object of names and values`);
  if (a.NoEcho !== undefined && typeof a.NoEcho !== 'boolean') problems.push(`NoEcho is ${describe(a.NoEcho)}: it must be true or false`);
  if (physicalResourceId && request.PhysicalResourceId && physicalResourceId !== request.PhysicalResourceId && status === 'SUCCESS') {
    if (request.RequestType === 'Update') notes.push(`the PhysicalResourceId changed (${request.PhysicalResourceId} -> ${physicalResourceId}): CloudFormation replaces the resource, and sends a Delete request for ${request.PhysicalResourceId} once the stack's update completes`);
    else if (request.RequestType === 'Delete') problems.push(`PhysicalResourceId is ${JSON.stringify(physicalResourceId)}: a Delete's answer must keep the request's, ${JSON.stringify(request.PhysicalResourceId)}`);
  }
  return {
    ...(status ? { status } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(physicalResourceId ? { physicalResourceId } : {}),
    ...(typeof data === 'object' && data !== null && !Array.isArray(data) ? { data: data as Record<string, unknown> } : {}),
    ...(typeof a.NoEcho === 'boolean' ? { noEcho: a.NoEcho } : {}),
    problems,
    notes,
  };
}

export function tooLarge(size: number): string {
  return `it is ${size} bytes: CloudFormation takes at most ${MAX_RESPONSE_BYTES} (Data is most of it, usually)`;
}

function describe(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}
