import type { GenerateContext } from './context.js';

/**
 * A request CloudFormation sends a custom resource's function (CloudFormation user guide, "Custom resource request
 * objects"): the answer goes to ResponseURL, a pre-signed S3 URL; the sample's is the placeholder AWS's own example
 * request uses, which goes nowhere, so a cfnresponse.send() fails there instead of reaching AWS.
 */
export function customResourceEvent(ctx: GenerateContext, options: { requestType?: string; resourceType?: string; logicalId?: string; functionName?: string; properties?: Readonly<Record<string, unknown>> } = {}) {
  const token = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${options.functionName ?? 'my-function'}`;
  const requestType = options.requestType ?? 'Create';
  return {
    RequestType: requestType,
    ServiceToken: token,
    ResponseURL: 'http://pre-signed-S3-url-for-response',
    StackId: `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/MyStack/${ctx.newId()}`,
    RequestId: ctx.newId(),
    LogicalResourceId: options.logicalId ?? 'MyCustomResource',
    ResourceType: options.resourceType ?? 'Custom::MyResource',
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'my-physical-resource-id' }),
    ResourceProperties: { ServiceToken: token, ...options.properties },
    ...(requestType === 'Update' ? { OldResourceProperties: { ServiceToken: token, ...options.properties } } : {}),
  };
}
