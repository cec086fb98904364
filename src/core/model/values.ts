import { Unresolved } from './cfn/intrinsics.js';
import { describe, isRecord, type FieldReader } from './fields.js';
import type { S3KeyFilter } from './event-sources.js';
import { matchingObject, matchingValue } from '../events/sources/pattern-values.js';
import { parsePattern } from '../local-aws/event-filter.js';

/** Typed reads the SAM, serverless.yml and Chalice readers share: a list of strings, a boolean, a target's Input. */

/** A list of strings; a single string counts as a list of one (as the Framework and CloudFormation allow). */
export function strings(value: unknown, path: string, r: FieldReader): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  const list = r.list(value, path) ?? [];
  const out: string[] = [];
  for (const [i, item] of list.entries()) {
    const text = r.string(item, `${path}[${i}]`);
    if (text !== undefined) out.push(text);
  }
  return out;
}

/** true or false; CloudFormation's string forms 'true' and 'false' count. */
export function boolean(value: unknown, path: string, r: FieldReader): boolean {
  if (value === undefined || value === null) return false;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  if (value instanceof Unresolved) r.string(value, path);
  else r.error(path, `must be true or false, not ${describe(value)}`);
  return false;
}

/** `Input: '{"job": "nightly"}'`: JSON text (CloudFormation's Target.Input is a string); a mapping is taken as its JSON. */
export function targetInput(value: unknown, at: string, r: FieldReader): { input?: string } {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') {
    try {
      JSON.parse(value);
    } catch {
      r.warn(at, 'is not valid JSON: EventBridge refuses it when the rule is created');
    }
    return { input: value };
  }
  return isRecord(value) || Array.isArray(value) ? { input: JSON.stringify(value) } : {};
}

/**
 * An EventBridge event pattern's first `source`, `detail-type`, `account` and `region` (`source: [my.app]`), and a
 * `detail` it matches, for a sample event the rule lets through; nothing when the pattern names none of them.
 */
export function patternSample(pattern: unknown): { pattern?: { source?: string; detailType?: string; detail?: Record<string, unknown>; account?: string; region?: string } } {
  if (!isRecord(pattern)) return {};
  const detail = isRecord(pattern.detail) ? matchingObject(pattern.detail) : undefined;
  const first = (values: unknown) => {
    const value = Array.isArray(values) ? values[0] : values;
    return typeof value === 'string' ? value : undefined;
  };
  const source = first(pattern.source);
  const detailType = first(pattern['detail-type']);
  // The sender's account and the region it sent from, when the rule takes only those (event-bus.ts eventOrigin).
  const valid = (value: string | undefined, rule: RegExp) => (value !== undefined && rule.test(value) ? value : undefined);
  const account = valid(first(pattern.account), /^\d{12}$/);
  const region = valid(first(pattern.region), /^[a-z]{2}(-[a-z]+)+-\d+$/);
  const found = { ...(source ? { source } : {}), ...(detailType ? { detailType } : {}), ...(detail ? { detail } : {}), ...(account ? { account } : {}), ...(region ? { region } : {}) };
  return Object.keys(found).length > 0 ? { pattern: found } : {};
}

/**
 * The body of an SQS message the first of an event source mapping's filters lets through (`{"body": {"region":
 * [{"prefix": "us-"}]}}`; Lambda docs, "Filtering SQS messages": a body that is JSON is filtered on its fields, a plain
 * string as a whole), for a sample the function is given at all. SAM's `FilterCriteria.Filters` (Pattern a JSON string)
 * and serverless.yml's `filterPatterns` (objects) come here; nothing without a filter on the body.
 */
export function filterSampleBody(patterns: readonly unknown[]): { sampleBody?: string } {
  const body = parsePattern(patterns[0])?.body;
  if (Array.isArray(body)) {
    // A plain-string body is filtered as one: `{"body": [{"prefix": "Result: "}]}`.
    const value = matchingValue(body);
    return value === undefined || value === null ? {} : { sampleBody: String(value) };
  }
  return isRecord(body) ? { sampleBody: JSON.stringify(matchingObject(body)) } : {};
}

/**
 * S3 filter rules (`[{Name: prefix, Value: uploads/}, {Name: suffix, Value: .csv}]`; S3 takes the names in
 * any case, PutBucketNotificationConfiguration's FilterRule) as the keys they let through. SAM's
 * `Filter.S3Key.Rules`, serverless.yml's `rules` and Chalice's prefix/suffix all come here.
 */
export function s3FilterRules(rules: unknown): S3KeyFilter {
  const out: { prefix?: string; suffix?: string } = {};
  for (const rule of Array.isArray(rules) ? rules : []) {
    if (!isRecord(rule) || typeof rule.Name !== 'string' || typeof rule.Value !== 'string' || rule.Value === '') continue;
    const name = rule.Name.toLowerCase();
    if (name === 'prefix' || name === 'suffix') out[name] = rule.Value;
  }
  return out;
}

/** A key filter for an s3 event source, when it has a rule. */
export function keyFilter(filter: { readonly prefix?: string | null; readonly suffix?: string | null }): { keyFilter?: S3KeyFilter } {
  const { prefix, suffix } = filter;
  if (!prefix && !suffix) return {};
  return { keyFilter: { ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}) } };
}
