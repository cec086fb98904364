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
  const parts = path.split('/');
  if (parts.length < 2 || parts.length > 3) return { path };
  return { path, id: parts.at(-1) === 'Resource' ? parts.at(-2)! : parts.at(-1)! };
}

function metadataOf(resource: unknown): Record<string, unknown> {
  const metadata = isRecord(resource) ? resource.Metadata : undefined;
  return isRecord(metadata) ? metadata : {};
}
