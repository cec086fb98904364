/**
 * The buckets the Framework creates for `s3` events (v3, lib/plugins/aws/package/compile/events/s3/index.js,
 * newS3Buckets): one `AWS::S3::Bucket` per bucket named by an event without `existing: true`, with a
 * LambdaConfiguration per event, as CloudFormation resources, so that `--local-aws` creates them as it
 * creates `resources`. The template's own resources are merged over them, as the Framework merges them.
 */
import { isRecord } from '../fields.js';

/** `S3Bucket` and the name's letters and digits, the first one upper case (naming.js getBucketLogicalId). */
export function bucketLogicalId(ref: string): string {
  const alnum = ref.replace(/[^0-9A-Za-z]/g, '');
  return `S3Bucket${alnum.charAt(0).toUpperCase()}${alnum.slice(1)}`;
}

/** The function's logical id (naming.js getLambdaLogicalId): `my-fn_x` is MyDashfnUnderscorexLambdaFunction. */
export function functionLogicalId(name: string): string {
  const normalized = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

/** `rules: [{prefix: a}, {suffix: .b}]` as S3's filter rules. */
export function s3KeyRules(rules: unknown): { Name: string; Value: unknown }[] {
  return (Array.isArray(rules) ? rules : []).filter(isRecord).flatMap((rule) => Object.entries(rule).slice(0, 1).map(([Name, Value]) => ({ Name, Value })));
}

/**
 * `resources.Resources` with the event buckets the Framework adds; a resource of the same logical id in
 * `resources` is merged over its bucket (its properties win), as the Framework merges custom resources.
 */
export function withEventBuckets(resources: Readonly<Record<string, unknown>>, functions: unknown, provider: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const providerS3 = isRecord(provider.s3) ? provider.s3 : {};
  const buckets = new Map<string, { id: string; properties: Record<string, unknown>; configurations: Record<string, unknown>[] }>();
  for (const [name, fn] of Object.entries(isRecord(functions) ? functions : {})) {
    if (!isRecord(fn) || !Array.isArray(fn.events)) continue;
    for (const event of fn.events) {
      const spec = isRecord(event) ? event.s3 : undefined;
      if (spec === undefined || (isRecord(spec) && spec.existing === true)) continue;
      const ref = isRecord(spec) ? spec.bucket : spec;
      // An intrinsic needs `existing: true` in the Framework (S3_INVALID_NEW_BUCKET_FORMAT): nothing to create.
      if (typeof ref !== 'string' || ref === '') continue;
      const configured = isRecord(providerS3[ref]) ? providerS3[ref] : undefined;
      const bucketName = configured && typeof configured.name === 'string' ? configured.name : ref;
      const rules = isRecord(spec) ? s3KeyRules(spec.rules) : [];
      const configuration = {
        Event: isRecord(spec) && typeof spec.event === 'string' ? spec.event : 's3:ObjectCreated:*',
        Function: { 'Fn::GetAtt': [functionLogicalId(name), 'Arn'] },
        ...(rules.length > 0 ? { Filter: { S3Key: { Rules: rules } } } : {}),
      };
      const known = buckets.get(bucketName);
      if (known) {
        known.configurations.push(configuration);
        continue;
      }
      // provider.s3.<ref>'s other settings are the bucket's properties, each key's first letter upper-cased.
      const properties = Object.fromEntries(Object.entries(configured ?? {}).filter(([k]) => k !== 'name').map(([k, v]) => [`${k.charAt(0).toUpperCase()}${k.slice(1)}`, v]));
      buckets.set(bucketName, { id: bucketLogicalId(ref), properties, configurations: [configuration] });
    }
  }
  if (buckets.size === 0) return { ...resources };
  const out: Record<string, unknown> = {};
  for (const [bucketName, bucket] of buckets) {
    const provided = isRecord(bucket.properties.NotificationConfiguration) ? bucket.properties.NotificationConfiguration : {};
    out[bucket.id] = {
      Type: 'AWS::S3::Bucket',
      Properties: { ...bucket.properties, BucketName: bucketName, NotificationConfiguration: { LambdaConfigurations: bucket.configurations, ...provided } },
    };
  }
  for (const [id, resource] of Object.entries(resources)) {
    const compiled = out[id];
    out[id] = isRecord(compiled) && isRecord(resource)
      ? { ...compiled, ...resource, Properties: { ...(compiled.Properties as Record<string, unknown>), ...(isRecord(resource.Properties) ? resource.Properties : {}) } }
      : resource;
  }
  return out;
}
