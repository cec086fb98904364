/**
 * `Fn::ForEach` of the AWS::LanguageExtensions transform, expanded before anything else reads the template, as
 * CloudFormation expands it before the SAM transform runs (docs: intrinsic-function-reference-foreach). A loop is a
 * key `Fn::ForEach::Name` whose value is `[Identifier, Collection, {OutputKey: OutputValue}]`: the fragment is copied
 * once per item of the collection, with `${Identifier}` in its keys and strings replaced by the item, `&{Identifier}`
 * by the item without its non-alphanumeric characters (a logical id from `10.0.0.1`), and `!Ref Identifier` by the
 * item. Loops may be keys of Conditions, Resources and Outputs, and of a mapping inside a resource's Properties, and
 * nest (up to 5 deep).
 */
import { isRecord } from '../fields.js';
import { Unresolved, resolveIntrinsics, type CfnContext } from './intrinsics.js';

export interface ForEachProblem {
  readonly path: string;
  readonly message: string;
}

const PREFIX = 'Fn::ForEach::';
const MAX_DEPTH = 5;
const SECTIONS = ['Conditions', 'Resources', 'Outputs'] as const;

/** Whether the template names the transform (`Transform: AWS::LanguageExtensions`, alone or in a list). */
export function usesLanguageExtensions(raw: Readonly<Record<string, unknown>>): boolean {
  const transform = raw.Transform;
  return transform === 'AWS::LanguageExtensions' || (Array.isArray(transform) && transform.includes('AWS::LanguageExtensions'));
}

/** Whether any loop is in the sections a loop may be in. */
export function hasForEach(raw: Readonly<Record<string, unknown>>): boolean {
  const find = (value: unknown): boolean => (Array.isArray(value) ? value.some(find) : isRecord(value) && Object.entries(value).some(([k, v]) => k.startsWith(PREFIX) || find(v)));
  return SECTIONS.some((section) => find(raw[section]));
}

/**
 * The template with its loops expanded; `ctx` resolves a collection written as an intrinsic (`!Ref Names` of a
 * CommaDelimitedList, `!Split`, `!FindInMap`). A loop that cannot be expanded is left out, and said in `problems`,
 * as is a template with loops that does not name the transform.
 */
export function expandForEach(raw: Readonly<Record<string, unknown>>, ctx: CfnContext, problems: ForEachProblem[]): Record<string, unknown> {
  if (!hasForEach(raw)) return { ...raw };
  if (!usesLanguageExtensions(raw)) {
    // Expanded all the same, so that this is the one problem said of the loops.
    problems.push({ path: 'Transform', message: 'must name AWS::LanguageExtensions for the template\'s Fn::ForEach: CloudFormation refuses a loop without it (Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31])' });
  }
  const out: Record<string, unknown> = { ...raw };
  const loops = new Loops(ctx, problems);
  for (const section of SECTIONS) {
    const value = raw[section];
    if (!isRecord(value)) continue;
    out[section] = section === 'Resources' ? loops.resources(value) : loops.mapping(value, section, []);
  }
  return out;
}

class Loops {
  constructor(private readonly ctx: CfnContext, private readonly problems: ForEachProblem[]) {}

  /** Resources: loops of resources, and loops inside each one's Properties. */
  resources(section: Record<string, unknown>): Record<string, unknown> {
    const expanded = this.mapping(section, 'Resources', []);
    const out: Record<string, unknown> = {};
    for (const [id, resource] of Object.entries(expanded)) {
      out[id] = isRecord(resource) && isRecord(resource.Properties)
        ? { ...resource, Properties: this.deep(resource.Properties, `Resources.${id}.Properties`, []) }
        : resource;
    }
    return out;
  }

  /** Loops at any depth of a resource's Properties. */
  private deep(value: unknown, path: string, outer: readonly string[]): unknown {
    if (Array.isArray(value)) return value.map((item, i) => this.deep(item, `${path}[${i}]`, outer));
    if (!isRecord(value)) return value;
    const expanded = this.mapping(value, path, outer);
    return Object.fromEntries(Object.entries(expanded).map(([k, v]) => [k, this.deep(v, `${path}.${k}`, outer)]));
  }

  /** A mapping with the loops among its keys expanded, and those their fragments make. */
  mapping(value: Record<string, unknown>, path: string, outer: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const add = (key: string, entry: unknown, at: string) => {
      if (Object.hasOwn(out, key)) this.problems.push({ path: at, message: `makes the key ${key}, which the mapping already has: each item must make keys of its own (put \${Identifier} in them)` });
      else out[key] = entry;
    };
    for (const [key, entry] of Object.entries(value)) {
      if (!key.startsWith(PREFIX)) {
        add(key, entry, `${path}.${key}`);
        continue;
      }
      const at = `${path}.${key}`;
      for (const [k, v] of Object.entries(this.loop(entry, at, outer))) add(k, v, at);
    }
    return out;
  }

  private loop(value: unknown, at: string, outer: readonly string[]): Record<string, unknown> {
    const fail = (message: string) => {
      this.problems.push({ path: at, message });
      return {};
    };
    if (!Array.isArray(value) || value.length !== 3 || !isRecord(value[2])) return fail('must be a list of three: the identifier, the collection, and a mapping of keys to values to make for each item');
    const [identifier, collection, fragment] = value as [unknown, unknown, Record<string, unknown>];
    if (typeof identifier !== 'string' || !/^[A-Za-z0-9]+$/.test(identifier)) return fail(`its identifier must be a name of letters and digits, not ${JSON.stringify(identifier)}`);
    if (outer.includes(identifier)) return fail(`its identifier ${identifier} is already an outer loop's: CloudFormation refuses it`);
    if (Object.hasOwn(this.ctx.parameters, identifier)) return fail(`its identifier ${identifier} is a parameter's name: CloudFormation refuses it`);
    if (outer.length + 1 > MAX_DEPTH) return fail(`nests loops ${outer.length + 1} deep, and CloudFormation takes ${MAX_DEPTH} at most`);
    const items = this.collection(collection, at);
    if (items === undefined) return {};
    if (!Object.keys(fragment).some((k) => k.includes(`\${${identifier}}`) || k.includes(`&{${identifier}}`) || k.startsWith(PREFIX))) {
      return fail(`its keys must hold \${${identifier}} or &{${identifier}}, or every item makes the same ones`);
    }
    const out: Record<string, unknown> = {};
    for (const item of items) {
      const copy = substitute(fragment, identifier, item) as Record<string, unknown>;
      const made = this.mapping(copy, at, [...outer, identifier]);
      for (const [k, v] of Object.entries(made)) {
        if (Object.hasOwn(out, k)) this.problems.push({ path: at, message: `makes the key ${k} twice: the collection has the same item twice, or keys without \${${identifier}}` });
        else out[k] = v;
      }
    }
    return out;
  }

  /** The collection's items as strings, or undefined (said) when it is not a list that can be known locally. */
  private collection(value: unknown, at: string): string[] | undefined {
    const list = resolveIntrinsics(value, this.ctx);
    const resolved = Array.isArray(list) ? list.find((item) => item instanceof Unresolved) ?? list : list;
    if (resolved instanceof Unresolved) {
      this.problems.push({ path: at, message: `its collection cannot be known locally (${resolved.reason}), so its items are not made` });
      return undefined;
    }
    if (!Array.isArray(resolved) || resolved.some((item) => item === null || typeof item === 'object')) {
      this.problems.push({ path: at, message: `its collection must be a list of strings (or a !Ref of a CommaDelimitedList parameter), not ${JSON.stringify(resolved)}` });
      return undefined;
    }
    // A number or boolean item is its text (`true`), as in the keys and strings it goes into.
    return resolved.map(String);
  }
}

/** The fragment for one item: `${Id}`, `&{Id}` in keys and strings, and `{Ref: Id}`, replaced. */
function substitute(value: unknown, identifier: string, item: string): unknown {
  if (typeof value === 'string') return value.split(`\${${identifier}}`).join(item).split(`&{${identifier}}`).join(item.replace(/[^A-Za-z0-9]/g, ''));
  if (Array.isArray(value)) return value.map((v) => substitute(v, identifier, item));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Ref' && value.Ref === identifier) return item;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [substitute(k, identifier, item) as string, substitute(v, identifier, item)]));
}
