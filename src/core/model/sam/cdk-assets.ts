import { isRecord } from '../fields.js';
import type { CdkName } from '../project.js';

/**
 * What `cdk synth` writes in a resource's Metadata about where it comes from, read as SAM CLI reads it
 * (samcli/lib/samlib/resource_metadata_normalizer.py): `aws:asset:path` is the asset's directory in cdk.out,
 * relative to the template's directory, and `aws:asset:property` the property it stands for (`Code` of an
 * AWS::Lambda::Function, `Content` of an AWS::Lambda::LayerVersion); the property itself names the S3 object
 * `cdk deploy` uploads the asset to, which does not exist locally.
 */

/** The local directory a resource's `property` comes from, when CDK's metadata says it is an asset. */
export function assetPath(resource: unknown, property: string): string | undefined {
  const metadata = metadataOf(resource);
  const path = metadata['aws:asset:path'];
  // SAM CLI ignores a Metadata with only one of the two keys ("contains only aws:asset:path or aws:asset:property").
  return metadata['aws:asset:property'] === property && typeof path === 'string' && path !== '' ? path : undefined;
}

/**
 * The construct path of a resource and its id, as SAM CLI names a function of a CDK app (`get_resource_id`):
 * the construct's id (`HelloFn` for `HelloStack/HelloFn/Resource`, the last part of another path of 2 or 3 parts),
 * so that `sam local invoke HelloFn` runs the function CloudFormation knows as `HelloFn8D7F3C2B`. A
 * `SamResourceId` the metadata sets wins; a path of another length (a construct nested deeper) gives no id, and
 * SAM CLI then knows the function by its logical id only.
 */
export function cdkName(resource: unknown): CdkName | undefined {
  const metadata = metadataOf(resource);
  const path = metadata['aws:cdk:path'];
  if (typeof path !== 'string' || path === '') return undefined;
  const own = metadata.SamResourceId;
  if (typeof own === 'string' && own !== '') return { path, id: own };
  const id = constructId(path.split('/'), isRecord(resource) && resource.Type === 'AWS::CloudFormation::Stack');
  return id === undefined ? { path } : { path, id };
}

/** CDK's NestedStack is `Parent/Child.NestedStack/Child.NestedStackResource` in its parent's template: SAM CLI names it Child. */
const NESTED_STACK = '.NestedStack';

function constructId(parts: readonly string[], stack: boolean): string | undefined {
  if (parts.length < 2 || parts.length > 3) return undefined;
  const nested = stack && parts.at(-2)!.endsWith(NESTED_STACK);
  const id = parts.at(-1) === 'Resource' || nested ? parts.at(-2)! : parts.at(-1)!;
  return nested ? id.slice(0, -NESTED_STACK.length) : id;
}

/**
 * The construct path of a CDK NestedStack (`Parent/Child`) from its resource's in the parent's template
 * (`Parent/Child.NestedStack/Child.NestedStackResource`): the paths of the constructs in its own template start with it.
 */
export function nestedStackPath(resource: unknown): string | undefined {
  const path = metadataOf(resource)['aws:cdk:path'];
  const parts = typeof path === 'string' ? path.split('/') : [];
  const holder = parts.at(-2);
  return parts.length >= 3 && holder?.endsWith(NESTED_STACK) ? [...parts.slice(0, -2), holder.slice(0, -NESTED_STACK.length)].join('/') : undefined;
}

/**
 * A construct of a nested stack by the id it has in that stack (`HelloFn` for `Parent/Child/HelloFn/Resource` in the
 * stack `Parent/Child`), as cdkName names one of a top-level stack. SAM CLI takes only paths of 2 or 3 parts, so it
 * knows such a function by its logical id (`sam local invoke Child/HelloFn8D7F3C2B`); pylambda takes both.
 */
export function nestedCdkName(name: CdkName, stackPath: string): CdkName {
  if (name.id !== undefined || !name.path.startsWith(`${stackPath}/`)) return name;
  const id = constructId(['Stack', ...name.path.slice(stackPath.length + 1).split('/')], false);
  return id === undefined ? name : { ...name, id };
}

function metadataOf(resource: unknown): Record<string, unknown> {
  const metadata = isRecord(resource) ? resource.Metadata : undefined;
  return isRecord(metadata) ? metadata : {};
}
