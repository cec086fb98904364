import type { GenerateContext } from './context.js';
import { arnOf } from '../../partition.js';

type Json = Record<string, unknown>;

/**
 * The detail and resources of an event S3 sends EventBridge (S3 user guide, "EventBridge event message structure"):
 * `Object Created` and `Object Deleted` name the bucket and the object, as functions behind such a rule read
 * them (`detail.bucket.name`, `detail.object.key`); `given` (a rule pattern's values, a --detail) wins. Other
 * events from aws.s3 keep `given` as it is.
 */
export function s3EventBridgeParts(ctx: GenerateContext, detailType: string, given: Json): { detail: Json; resources: string[] } | undefined {
  const created = detailType === 'Object Created';
  if (!created && detailType !== 'Object Deleted') return undefined;
  const base: Json = {
    version: '0',
    bucket: { name: 'amzn-s3-demo-bucket' },
    object: created
      ? { key: 'example-key', size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', sequencer: '617f08299329d189' }
      : { key: 'example-key', sequencer: '617f08299329d189' },
    'request-id': ctx.newId().replaceAll('-', '').slice(0, 16).toUpperCase(),
    requester: ctx.accountId,
    'source-ip-address': '192.0.2.1',
    reason: created ? 'PutObject' : 'DeleteObject',
    ...(created ? {} : { 'deletion-type': 'Permanently Deleted' }),
  };
  const detail = merged(base, given);
  const bucket = (detail.bucket as Json | undefined)?.name;
  return { detail, resources: typeof bucket === 'string' ? [arnOf({ service: 's3', region: ctx.region, accountId: '', resource: bucket, regionless: true })] : [] };
}

/** `over` laid on `base`, objects merged key by key. */
function merged(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = out[key];
    out[key] = isObject(under) && isObject(value) ? merged(under, value) : value;
  }
  return out;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
