import { resourceName } from '../cfn/intrinsics.js';
import { isRecord, type FieldReader } from '../fields.js';
import type { FunctionModel } from '../project.js';
import { boolean } from '../values.js';
import { resourceProperties, type ParsedTemplate } from './template.js';

const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);
const MULTI_VALUE = 'lambda.multi_value_headers.enabled';

/** A target group with `TargetType: lambda`: the function it invokes (when pylambda runs it) and its event shape. */
export interface LambdaTargetGroup {
  readonly id: string;
  readonly functionId?: string;
  /** The function it invokes on AWS, which pylambda skips (by id). */
  readonly skipped?: string;
  readonly multiValueHeaders: boolean;
}

/**
 * A resource another property points at. `!Ref X` and `!GetAtt X.Attr` name X; after intrinsics a `!Ref` of
 * a load balancer resource is its logical id, but `!GetAtt` is unknown until deployed, so the raw form is
 * read first. A string that names no resource is an ARN from outside the template.
 */
export function reference(template: ParsedTemplate, raw: unknown, resolved: unknown): { id: string } | { arn: string } | undefined {
  if (isRecord(raw)) {
    const ref = raw.Ref ?? raw['Fn::GetAtt'];
    const name = Array.isArray(ref) ? ref[0] : typeof ref === 'string' ? ref.split('.')[0] : undefined;
    if (typeof name === 'string' && template.resources[name]) return { id: name };
  }
  if (typeof resolved !== 'string') return undefined;
  return template.resources[resolved] ? { id: resolved } : { arn: resolved };
}

export function rawProperties(template: ParsedTemplate, id: string): Record<string, unknown> {
  const props = template.resources[id]?.Properties;
  return isRecord(props) ? props : {};
}

/** Every lambda target group of the template, by logical id. */
export function readTargetGroups(template: ParsedTemplate, functions: readonly FunctionModel[], r: FieldReader, skipped: Readonly<Record<string, string>> = {}): Map<string, LambdaTargetGroup> {
  const running = new Set(functions.map((f) => f.id));
  const byName = new Map<string, string>();
  for (const [id, resource] of Object.entries(template.resources)) {
    if (FUNCTION_TYPES.has(String(resource.Type))) byName.set(resourceName(id, template.context), id);
  }
  const out = new Map<string, LambdaTargetGroup>();
  for (const [id, resource] of Object.entries(template.resources)) {
    if (resource.Type !== TARGET_GROUP) continue;
    const props = resourceProperties(template, id);
    if (props.TargetType !== 'lambda') continue;
    const at = `Resources.${id}.Properties`;
    const targets = r.list(props.Targets, `${at}.Targets`) ?? [];
    const rawTargets = Array.isArray(rawProperties(template, id).Targets) ? (rawProperties(template, id).Targets as unknown[]) : [];
    // ALB docs, "Lambda functions as targets": a target group of type lambda has one function.
    if (targets.length > 1) r.error(`${at}.Targets`, `lists ${targets.length} functions; a lambda target group invokes one`);
    let functionId: string | undefined;
    const target = targets[0];
    if (isRecord(target)) {
      const raw = rawTargets[0];
      functionId = targetFunction(template, isRecord(raw) ? raw.Id : undefined, target.Id, byName);
      if (functionId === undefined) {
        r.warn(`${at}.Targets[0].Id`, 'is not a function of this template, so requests for this target group are not served locally', 'dev');
      }
    } else if (target === undefined) {
      r.warn(`${at}.Targets`, 'lists no function, so requests for this target group are not served locally', 'dev');
    }
    out.set(id, {
      id,
      ...(functionId && running.has(functionId) ? { functionId } : functionId && skipped[functionId] !== undefined ? { skipped: functionId } : {}),
      multiValueHeaders: multiValueHeaders(props.TargetGroupAttributes, `${at}.TargetGroupAttributes`, r),
    });
  }
  return out;
}

/** `!GetAtt Fn.Arn`, `!Ref Fn`, or an ARN / name (`arn:aws:lambda:...:function:<name>[:alias]`). */
function targetFunction(template: ParsedTemplate, raw: unknown, resolved: unknown, byName: ReadonlyMap<string, string>): string | undefined {
  const ref = reference(template, raw, resolved);
  if (!ref) return undefined;
  if ('id' in ref) return FUNCTION_TYPES.has(String(template.resources[ref.id]?.Type)) ? ref.id : byName.get(ref.id);
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(ref.arn);
  return byName.get(arn ? arn[1]! : ref.arn);
}

function multiValueHeaders(value: unknown, path: string, r: FieldReader): boolean {
  const attributes = r.list(value, path) ?? [];
  let enabled = false;
  for (const [i, attribute] of attributes.entries()) {
    if (isRecord(attribute) && attribute.Key === MULTI_VALUE) enabled = boolean(attribute.Value, `${path}[${i}].Value`, r);
  }
  return enabled;
}
