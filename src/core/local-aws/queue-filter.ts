/**
 * Lambda's event filtering for SQS (Lambda developer guide, "Using event filtering with an Amazon SQS event source" and
 * "Control which events Lambda sends to your function", its table of message and pattern formats): a message that no
 * filter matches is deleted without invoking the function. The body is matched by its format and the pattern's: a
 * JSON body by a `body` object of rules on its fields, a plain-string body by a `body` list of rules on the whole
 * string; when they differ (a plain body under a `body` object, a JSON body under a `body` list) Lambda drops the
 * message, and a pattern without `body` filters on the record's other keys only.
 */
import { matchesPattern } from './event-filter.js';

type Pattern = Readonly<Record<string, unknown>>;

/** Whether a record (as Lambda's event holds it, `body` a string) passes: no filters, or one that matches it. */
export function passesQueueFilters(filters: readonly Pattern[], record: Readonly<Record<string, unknown>>): boolean {
  if (filters.length === 0) return true;
  const body = typeof record.body === 'string' ? jsonObject(record.body) : undefined;
  return filters.some((pattern) => {
    if (!('body' in pattern)) return matchesPattern(pattern, record);
    const wantsJson = typeof pattern.body === 'object' && pattern.body !== null && !Array.isArray(pattern.body);
    if (wantsJson !== (body !== undefined)) return false;
    return matchesPattern(pattern, wantsJson ? { ...record, body } : record);
  });
}

/** The body as an object when it is a JSON object: what "valid JSON" is taken to mean, a field being what a rule filters. */
function jsonObject(body: string): Pattern | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Pattern) : undefined;
  } catch {
    return undefined;
  }
}
