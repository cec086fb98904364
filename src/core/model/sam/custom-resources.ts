import { Unresolved, resolveIntrinsics } from '../cfn/intrinsics.js';
import { isRecord } from '../fields.js';
import type { EventSource } from '../event-sources.js';
import { namesFunction } from './function-refs.js';
import type { ParsedTemplate } from './template.js';

/**
 * The custom resources a function serves: an `AWS::CloudFormation::CustomResource` or `Custom::*` resource whose
 * ServiceToken names it. CloudFormation sends the function a request for each (Create, Update, Delete), which
 * `pylambda invoke` without --event then samples, with the resource's properties as far as they are known here.
 * With `deployedName`, a ServiceToken that is the function's ARN written out (or built with Fn::Sub or Fn::Join)
 * names it too.
 */
export function customResourceTriggers(template: ParsedTemplate, functionId: string, deployedName?: string): EventSource[] {
  return Object.entries(template.resources).flatMap(([id, resource]): EventSource[] => {
    const type = isRecord(resource) ? resource.Type : undefined;
    if (typeof type !== 'string' || (type !== 'AWS::CloudFormation::CustomResource' && !type.startsWith('Custom::'))) return [];
    const props = isRecord(resource.Properties) ? resource.Properties : {};
    if (!namesFunction(props.ServiceToken, functionId) && !isArnOf(resolveIntrinsics(props.ServiceToken, template.context), deployedName)) return [];
    const { ServiceToken: _token, ...rest } = props;
    const properties = known(resolveIntrinsics(rest, template.context));
    return [{ kind: 'other', id, type: 'CustomResource', customResource: { resourceType: type, properties: isRecord(properties) ? properties : {} } }];
  });
}

const isArnOf = (arn: unknown, name: string | undefined): boolean => name !== undefined && typeof arn === 'string' && /^arn:aws[\w-]*:lambda:/.test(arn) && arn.endsWith(`:function:${name}`);

/** The value without what cannot be known locally (a deploy-time attribute, a parameter without a value). */
function known(value: unknown): unknown {
  if (value instanceof Unresolved) return undefined;
  if (Array.isArray(value)) return value.map(known).filter((v) => v !== undefined);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => {
    const kept = known(v);
    return kept === undefined ? [] : [[k, kept]];
  }));
}
