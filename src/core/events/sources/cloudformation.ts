import { UserError } from '../../errors.js';
import type { GenerateContext } from './context.js';
import { arnOf } from '../../partition.js';

/** The request types CloudFormation sends a custom resource ("Custom resource request objects": RequestType). */
const REQUEST_TYPES = ['Create', 'Update', 'Delete'];

/**
 * A request CloudFormation sends a custom resource's function (CloudFormation user guide, "Custom resource request
 * objects"): the answer goes to ResponseURL, a pre-signed S3 URL; the sample's is the placeholder AWS's own example
 * request uses, which goes nowhere, so a cfnresponse.send() fails there instead of reaching AWS.
 */
export function customResourceEvent(ctx: GenerateContext, options: { requestType?: string; resourceType?: string; logicalId?: string; functionName?: string; stack?: string; properties?: Readonly<Record<string, unknown>> } = {}) {
  const token = arnOf({ service: 'lambda', region: ctx.region, accountId: ctx.accountId, resource: `function:${options.functionName ?? 'my-function'}` });
  const requestType = options.requestType ?? 'Create';
  if (!REQUEST_TYPES.includes(requestType)) {
    throw new UserError(`--request-type ${requestType} is not one CloudFormation sends: Create, Update or Delete`, { exitCode: 2 });
  }
  const stack = options.stack ?? 'MyStack';
  // CreateStack's StackName: a letter, then up to 127 of letters, digits and - (CloudFormation API reference).
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stack)) throw new UserError(`--stack '${stack}' is not a stack name CloudFormation takes (a letter, then up to 127 of letters, digits and -)`, { exitCode: 2 });
  return {
    RequestType: requestType,
    ServiceToken: token,
    ResponseURL: 'http://pre-signed-S3-url-for-response',
    StackId: arnOf({ service: 'cloudformation', region: ctx.region, accountId: ctx.accountId, resource: `stack/${stack}/${ctx.newId()}` }),
    RequestId: ctx.newId(),
    LogicalResourceId: options.logicalId ?? 'MyCustomResource',
    ResourceType: options.resourceType ?? 'Custom::MyResource',
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'my-physical-resource-id' }),
    ResourceProperties: { ServiceToken: token, ...asSent(options.properties ?? {}) },
    ...(requestType === 'Update' ? { OldResourceProperties: { ServiceToken: token, ...asSent(options.properties ?? {}) } } : {}),
  };
}

/**
 * CloudFormation hands a custom resource its properties with every number and boolean as a string (user guide,
 * "Custom resource request objects": ResourceProperties), nested ones too: `Count: 3` arrives as "3".
 */
function asSent(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const convert = (v: unknown): unknown => (typeof v === 'number' || typeof v === 'boolean' ? String(v)
    : Array.isArray(v) ? v.map(convert)
      : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)])) : v);
  return convert(value) as Record<string, unknown>;
}
