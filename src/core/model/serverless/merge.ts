import { describe, isRecord, type FieldReader } from '../fields.js';

/**
 * `functions` and `resources` written as lists of mappings (`functions: [${file(./a.yml)}, ${file(./b.yml)}]`,
 * as the Framework's docs show to split them over files) are merged into one mapping, after the variables
 * are resolved, as the Framework v3 does (lib/classes/service.js `mergeArrays`, lodash `_.merge`): empty
 * items are skipped, a later item's keys merged into the earlier ones', anything but a mapping refused.
 */
export function mergeListed(config: Record<string, unknown>, r: FieldReader): Record<string, unknown> {
  const out = { ...config };
  for (const key of ['functions', 'resources']) {
    const list = config[key];
    if (!Array.isArray(list)) continue;
    let merged: Record<string, unknown> = {};
    list.forEach((item, i) => {
      if (item === undefined || item === null || item === '' || item === false || item === 0) return;
      if (isRecord(item)) merged = deepMerge(merged, item);
      else r.error(`${key}[${i}]`, `is ${describe(item)}: every item of a ${key} list must be a mapping (the Framework merges them into one)`);
    });
    out[key] = merged;
  }
  return out;
}

/**
 * lodash `_.merge` for parsed YAML: mappings merge key by key and lists index by index (`[a, b]` merged with
 * `[c]` is `[c, b]`), other values replace; an undefined one does not.
 */
function deepMerge(into: Record<string, unknown>, from: Record<string, unknown>): Record<string, unknown> {
  const out = { ...into };
  for (const [key, value] of Object.entries(from)) out[key] = mergeValue(out[key], value);
  return out;
}

function mergeValue(seen: unknown, value: unknown): unknown {
  if (value === undefined) return seen;
  if (isRecord(seen) && isRecord(value)) return deepMerge(seen, value);
  if (Array.isArray(seen) && Array.isArray(value)) {
    const out: unknown[] = [...seen];
    value.forEach((item, i) => (out[i] = mergeValue(out[i], item)));
    return out;
  }
  return value;
}

/** A function whose value is null is left out without a word, as Service.setFunctionNames deletes it. */
export function withoutEmptyFunctions(functions: unknown): unknown {
  if (!isRecord(functions)) return functions;
  return Object.fromEntries(Object.entries(functions).filter(([, fn]) => fn !== null && fn !== undefined));
}
