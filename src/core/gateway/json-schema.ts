/**
 * Whether a value fits a JSON Schema draft 4 document, the version API Gateway's models are written in (API
 * Gateway docs, "Data models for REST APIs": "API Gateway uses JSON schema draft 4"). Only the keywords that
 * constrain values are checked; `format` is not (API Gateway does not check it either), nor `$schema`, `title`,
 * `description`.
 */

/** Resolves a `$ref` that is not inside the schema itself: another model of the API, by its URL or name. */
export type ModelLookup = (ref: string) => unknown;

/** The first reason `value` does not fit `schema` (a JSON pointer to where, and why), or undefined when it fits. */
export function schemaProblem(schema: unknown, value: unknown, lookup: ModelLookup = () => undefined): string | undefined {
  return check(schema, value, '', { root: schema, lookup, depth: 0 });
}

interface Scope {
  /** The document a `#/...` reference points into. */
  readonly root: unknown;
  readonly lookup: ModelLookup;
  /** References followed so far: a schema that refers to itself without end stops here. */
  readonly depth: number;
}

type Json = Record<string, unknown>;

const MAX_REF_DEPTH = 64;

function check(schema: unknown, value: unknown, at: string, scope: Scope): string | undefined {
  if (schema === true || !isObject(schema)) return undefined;
  if (typeof schema.$ref === 'string') return checkRef(schema.$ref, value, at, scope);
  const checks = [typeProblem, enumProblem, numberProblem, stringProblem, arrayProblem, objectProblem, combinedProblem];
  for (const one of checks) {
    const problem = one(schema, value, at, scope);
    if (problem) return problem;
  }
  return undefined;
}

function checkRef(ref: string, value: unknown, at: string, scope: Scope): string | undefined {
  if (scope.depth >= MAX_REF_DEPTH) return `${at || '/'}: $ref ${ref} refers to itself too deeply`;
  const inner = ref.startsWith('#') ? pointer(scope.root, ref.slice(1)) : undefined;
  if (inner !== undefined) return check(inner, value, at, { ...scope, depth: scope.depth + 1 });
  const other = scope.lookup(ref);
  if (other === undefined) return `${at || '/'}: $ref ${ref} names no model of the API`;
  return check(other, value, at, { root: other, lookup: scope.lookup, depth: scope.depth + 1 });
}

/** JSON pointer (RFC 6901) into a document; undefined when it leads nowhere. */
function pointer(doc: unknown, path: string): unknown {
  if (path === '' || path === '/') return doc;
  let here: unknown = doc;
  for (const raw of path.replace(/^\//, '').split('/')) {
    const key = percentDecoded(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(here) && !Array.isArray(here)) return undefined;
    here = (here as Json)[key];
  }
  return here;
}

/** A `$ref` fragment is percent-encoded (RFC 6901, section 6); a stray `%` is taken as written, not thrown on. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeProblem(schema: Json, value: unknown, at: string): string | undefined {
  if (schema.type === undefined) return undefined;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const actual = typeOf(value);
  // An integer is a number too.
  const fits = types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
  return fits ? undefined : `${at || '/'}: ${actual} is not of type ${types.join(' or ')}`;
}

function enumProblem(schema: Json, value: unknown, at: string): string | undefined {
  if (!Array.isArray(schema.enum)) return undefined;
  return schema.enum.some((v) => equal(v, value)) ? undefined : `${at || '/'}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`;
}

function numberProblem(schema: Json, value: unknown, at: string): string | undefined {
  if (typeof value !== 'number') return undefined;
  const where = at || '/';
  // Draft 4: exclusiveMinimum and exclusiveMaximum are booleans that make minimum and maximum exclusive.
  if (typeof schema.minimum === 'number' && (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum)) {
    return `${where}: ${value} is less than ${schema.exclusiveMinimum === true ? 'or equal to ' : ''}the minimum ${schema.minimum}`;
  }
  if (typeof schema.maximum === 'number' && (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum)) {
    return `${where}: ${value} is greater than ${schema.exclusiveMaximum === true ? 'or equal to ' : ''}the maximum ${schema.maximum}`;
  }
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) {
    const ratio = value / schema.multipleOf;
    if (Math.abs(ratio - Math.round(ratio)) > 1e-9) return `${where}: ${value} is not a multiple of ${schema.multipleOf}`;
  }
  return undefined;
}

function stringProblem(schema: Json, value: unknown, at: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const where = at || '/';
  // Lengths count characters (code points), not UTF-16 units.
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) return `${where}: shorter than ${schema.minLength} characters`;
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) return `${where}: longer than ${schema.maxLength} characters`;
  if (typeof schema.pattern === 'string' && !matches(schema.pattern, value)) return `${where}: does not match the pattern ${schema.pattern}`;
  return undefined;
}

function arrayProblem(schema: Json, value: unknown, at: string, scope: Scope): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const where = at || '/';
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) return `${where}: fewer than ${schema.minItems} items`;
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return `${where}: more than ${schema.maxItems} items`;
  if (schema.uniqueItems === true && value.some((v, i) => value.findIndex((w) => equal(v, w)) !== i)) return `${where}: items are not unique`;
  for (let i = 0; i < value.length; i += 1) {
    // `items` as a list checks by position, and `additionalItems` those past it.
    const own = Array.isArray(schema.items) ? (i < schema.items.length ? schema.items[i] : schema.additionalItems) : schema.items;
    if (own === false) return `${where}: item ${i} is not allowed`;
    const problem = check(own, value[i], `${at}/${i}`, scope);
    if (problem) return problem;
  }
  return undefined;
}

function objectProblem(schema: Json, value: unknown, at: string, scope: Scope): string | undefined {
  if (!isObject(value)) return undefined;
  const where = at || '/';
  const keys = Object.keys(value);
  if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) return `${where}: fewer than ${schema.minProperties} properties`;
  if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) return `${where}: more than ${schema.maxProperties} properties`;
  for (const name of Array.isArray(schema.required) ? schema.required : []) {
    if (typeof name === 'string' && !hasOwn(value, name)) return `${where}: the required property ${name} is missing`;
  }
  const properties = isObject(schema.properties) ? schema.properties : {};
  const patterns = isObject(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
  for (const key of keys) {
    const path = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const own = hasOwn(properties, key) ? [properties[key]] : [];
    const byPattern = patterns.filter(([p]) => matches(p, key)).map(([, s]) => s);
    if (own.length === 0 && byPattern.length === 0) {
      if (schema.additionalProperties === false) return `${where}: the property ${key} is not allowed`;
      own.push(schema.additionalProperties);
    }
    for (const sub of [...own, ...byPattern]) {
      const problem = check(sub, value[key], path, scope);
      if (problem) return problem;
    }
  }
  if (isObject(schema.dependencies)) {
    for (const [key, dep] of Object.entries(schema.dependencies)) {
      // Own properties only: `in` would find `constructor` and `toString` on every object.
      if (!hasOwn(value, key)) continue;
      const missing = Array.isArray(dep) ? dep.find((d) => typeof d === 'string' && !hasOwn(value, d)) : undefined;
      if (missing !== undefined) return `${where}: ${key} needs the property ${String(missing)}`;
      const problem = Array.isArray(dep) ? undefined : check(dep, value, at, scope);
      if (problem) return problem;
    }
  }
  return undefined;
}

function combinedProblem(schema: Json, value: unknown, at: string, scope: Scope): string | undefined {
  const where = at || '/';
  for (const sub of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const problem = check(sub, value, at, scope);
    if (problem) return problem;
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((sub) => check(sub, value, at, scope) === undefined)) return `${where}: fits none of anyOf`;
  if (Array.isArray(schema.oneOf)) {
    const fits = schema.oneOf.filter((sub) => check(sub, value, at, scope) === undefined).length;
    if (fits !== 1) return `${where}: fits ${fits} of oneOf, not exactly one`;
  }
  if (schema.not !== undefined && check(schema.not, value, at, scope) === undefined) return `${where}: fits the schema under not`;
  return undefined;
}

/**
 * A pattern is an ECMA 262 regular expression, unanchored (draft 4, section 3.3). Read with the `u` flag (code
 * points, as lengths are counted), else without it: patterns models are written with, such as `^\d{3}\-\d{4}$` and
 * `^[\w-.]+$`, are valid ECMA 262 (and Java) expressions that the `u` flag refuses, and a model written so refused
 * every request. One that compiles neither way matches nothing.
 */
function matches(pattern: string, text: string): boolean {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags).test(text);
    } catch {
      // Try the next reading.
    }
  }
  return false;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => hasOwn(b, k) && equal(a[k], b[k]));
  }
  return false;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOwn(object: Json, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}
