import { Unresolved } from '../../cfn/intrinsics.js';
import { describe, isRecord, type FieldReader } from '../../fields.js';
import { resolveSource, type SourceContext, type SourceResult } from './sources.js';
import { hasVariables, parseParts, VariableSyntaxError, type Part, type Source, type Variable } from './syntax.js';
import { fileContent, serviceFilePath } from './files.js';
import { isJsVariableFile, jsFileKey, type JsFileValues } from './js-files.js';

export interface VariableOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--stage`, `--region` and the other command-line options, for `${opt:...}`. */
  readonly options: Readonly<Record<string, string>>;
  /**
   * For `${file(...)}`: a file by its path from the service directory (normalised; `../shared.yml` and absolute
   * paths too); undefined when there is no such file. Throws, with a message, when it cannot be read.
   * Without it, `${file(...)}` cannot be known (a value to set with --env-vars, as `${ssm:}`'s).
   */
  readonly readFile?: (path: string) => string | undefined;
  /** The values of `${file(./x.js)}` variables, made beforehand (js-files.ts); without them such a file cannot be known. */
  readonly jsFiles?: JsFileValues;
  /** Told of a JavaScript file's variable jsFiles lacks (its path or address held variables): the caller may run it and resolve again. */
  readonly jsFileWanted?: (path: string, address: string | undefined) => void;
  /** `--param KEY=VALUE` (cli-params.ts): `${param:KEY}`, over serverless.yml's `params`. */
  readonly params?: Readonly<Record<string, string>>;
  /**
   * `${sls:instanceId}`: the Framework's id of its run, the time it started in epoch milliseconds as text
   * (lib/serverless.js: `new Date().getTime().toString()`), new at each run, so a deploy's functions see a new one.
   */
  readonly instanceId?: string;
  /**
   * The sources that can be read (default: all): a variable of another is pending, whatever its fallbacks, and so is
   * every value that depends on it (the Framework resolves provider.stage before its other sources exist: STAGE_SOURCES).
   */
  readonly sources?: ReadonlySet<string>;
}

/**
 * The sources the Framework v3 resolves provider.stage and useDotenv with, before any other property
 * (scripts/serverless.js, "Resolve eventual variables in `provider.stage` and `useDotEnv`").
 */
export const STAGE_SOURCES: ReadonlySet<string> = new Set(['env', 'file', 'opt', 'self', 'strToBool', 'sls']);

/** A value whose source cannot be read yet (VariableOptions.sources): the Framework tries no fallback after it. */
export class Pending extends Unresolved {}

type Key = string | number;

/** A value whose resolution failed; the failure has been reported where it happened. */
const FAILED = Symbol('failed');
/** A property whose resolution is under way: reaching it again is a circular reference. */
const CYCLE = Symbol('cycle');

/**
 * Resolves every variable of a serverless.yml, as the Framework v3 does: a string that is one variable
 * keeps the value's type (a number, a mapping), a string with text around variables becomes a string,
 * `${self:...}` sees resolved values. A value that cannot be known locally (`${ssm:...}`) becomes an
 * `Unresolved`, reported by whoever reads it; mistakes (an unknown `${self:}` path, a missing `${env:}`
 * without fallback, bad syntax) are errors at the property that holds them.
 */
export function resolveVariables(root: Record<string, unknown>, options: VariableOptions, r: FieldReader): Record<string, unknown> {
  const resolver = new Resolver(root, options, r);
  const out = resolver.node([], root);
  return isRecord(out) ? out : {};
}

/**
 * One property's resolved value, resolving only what it depends on (`undefined` when it is not set or its
 * resolution failed, which is reported in `r`): the Framework resolves `provider.stage` and `useDotenv`
 * before anything else, to pick the dotenv file the rest may read.
 */
export function resolveProperty(root: Record<string, unknown>, keys: readonly string[], options: VariableOptions, r: FieldReader): unknown {
  let raw: unknown = root;
  for (const key of keys) raw = isRecord(raw) ? raw[key] : undefined;
  return raw === undefined ? undefined : clean(new Resolver(root, options, r).node(keys, raw));
}

/**
 * A variable written as code writes it (`resolveVariable('env:X, "fallback"')` in a `${file(./x.js)}` function,
 * the text between `${` and `}`), resolved as the configuration's own: its value, an `Unresolved`, or undefined
 * when it failed (the error is in `r`, at no path).
 */
export function resolveVariableText(root: Record<string, unknown>, text: string, options: VariableOptions, r: FieldReader): unknown {
  return clean(new Resolver(root, options, r).text(`\${${text}}`));
}

export function formatKeys(keys: readonly Key[]): string {
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** The longest string a value may resolve to: far past anything a function's configuration holds. */
const MAX_RESOLVED_STRING = 1024 * 1024;

class Resolver {
  private readonly memo = new Map<string, unknown>();
  /** The files whose variables are being resolved: one that reaches itself again is circular. */
  private readonly loading: string[] = [];
  /** The keys of the property being resolved, for the values a file gives. */
  private at: readonly Key[] = [];
  private readonly active = new Set<string>();
  private readonly ctx: SourceContext;

  constructor(private readonly root: Record<string, unknown>, private readonly options: VariableOptions, private readonly r: FieldReader) {
    this.ctx = {
      env: options.env,
      options: options.options,
      self: (keys) => this.lookup(keys),
      stage: () => this.fromOptionOrConfig('stage', 'dev'),
      region: () => this.fromOptionOrConfig('region', 'us-east-1'),
      param: (name) => this.param(name),
      file: (params, address, raw) => this.file(params, address, raw),
      plugins: listsPlugins(root.plugins),
      dashboard: root.org !== undefined && root.org !== null,
      ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
    };
  }

  /** The resolved value of the property at `keys`, whose raw value is `raw` (memoised). */
  node(keys: readonly Key[], raw: unknown): unknown {
    const id = keys.join('\0');
    if (this.memo.has(id)) return this.memo.get(id);
    if (this.active.has(id)) return CYCLE;
    this.active.add(id);
    let value: unknown;
    if (typeof raw === 'string') value = this.string(raw, keys);
    else if (Array.isArray(raw)) value = raw.map((item, i) => clean(this.node([...keys, i], item)));
    else if (isRecord(raw)) value = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, clean(this.node([...keys, k], v))]));
    else value = raw;
    this.active.delete(id);
    this.memo.set(id, value);
    return value;
  }

  text(text: string): unknown {
    return this.string(text, []);
  }

  private string(text: string, keys: readonly Key[]): unknown {
    let parts: Part[];
    try {
      parts = parseParts(text);
    } catch (error) {
      if (!(error instanceof VariableSyntaxError)) throw error;
      return this.fail(keys, `invalid variable syntax: ${error.message}`);
    }
    if (!hasVariables(parts)) return text;
    return this.join(parts, keys, true);
  }

  /** Parts joined: one variable alone keeps its type; otherwise every value must be a scalar. */
  private join(parts: readonly Part[], keys: readonly Key[], keepType: boolean): unknown {
    const values = parts.map((part) => (typeof part === 'string' ? part : this.variable(part, keys)));
    const failed = values.find((v) => v === FAILED || v instanceof Unresolved);
    if (failed !== undefined) return failed;
    if (keepType && parts.length === 1) return values[0];
    let out = '';
    for (const [i, value] of values.entries()) {
      if (value === null) return this.fail(keys, `${(parts[i] as Variable).raw} resolves to null, which cannot be joined into a string`);
      if (typeof value === 'object') {
        const raw = (parts[i] as Variable).raw;
        return this.fail(keys, `${raw} gives ${describe(value)}, which cannot be joined into a string`);
      }
      out += String(value);
      // Values that repeat each other grow exponentially (each level naming the next twice doubles it).
      if (out.length > MAX_RESOLVED_STRING) return this.fail(keys, `its variables resolve to more than ${MAX_RESOLVED_STRING / 1024 / 1024} MB of text`);
    }
    return out;
  }

  private variable(variable: Variable, keys: readonly Key[]): unknown {
    let unresolved: Unresolved | undefined;
    // Every source's reason, not the last one's: in `${opt:region, self:provider.region}` the fix is often the first.
    const whys: string[] = [];
    for (const source of variable.sources) {
      const result = this.source(source, keys);
      if (result === FAILED) return FAILED;
      switch (result.kind) {
        case 'value':
          if (unresolved) this.r.warn(formatKeys(keys), `${unresolved.reason}; the fallback is used locally`);
          return result.value;
        case 'unresolved':
          if (result.value instanceof Pending) return result.value;
          unresolved ??= result.value;
          break;
        case 'missing':
          whys.push(result.why);
          break;
        case 'error':
          return this.fail(keys, result.message);
        case 'failed':
          return FAILED;
      }
    }
    return unresolved ?? this.fail(keys, `${variable.raw} has no value: ${whys.join('; ')}, and no fallback is given`);
  }

  private source(source: Source, keys: readonly Key[]): SourceResult | typeof FAILED {
    // A literal is the last word, null included: `${env:X, null}` leaves the property unset (resolve.js
    // "Fallback to static value source"; resolve.test.js "should support `null` fallback on missing source").
    if (source.kind === 'literal') return { kind: 'value', value: source.value };
    let address: string | undefined;
    if (source.address) {
      const joined = this.join(source.address, keys, false);
      if (joined === FAILED) return FAILED;
      if (joined instanceof Unresolved) return { kind: 'unresolved', value: joined };
      address = String(joined);
    }
    const params: string[] = [];
    for (const param of source.params) {
      const joined = this.join(parseParts(param), keys, false);
      if (joined === FAILED) return FAILED;
      if (joined instanceof Unresolved) return { kind: 'unresolved', value: joined };
      params.push(String(joined));
    }
    // Messages name the source that failed, with its address resolved, not the whole fallback chain.
    const shown = params.length ? `(${params.join(', ')})` : '';
    const raw = `\${${source.type}${shown}${address === undefined ? '' : `:${address}`}}`;
    const { sources } = this.options;
    if (sources && !sources.has(source.type)) {
      return { kind: 'unresolved', value: new Pending(`${raw} is of the "${source.type}" variable source, which is not read then (only ${[...sources].slice(0, -1).join(', ')} and ${[...sources].at(-1) ?? ''} are)`) };
    }
    this.at = keys;
    return resolveSource(source.type, params, address, raw, this.ctx);
  }

  /**
   * `${self:a.b.c}`: walks the configuration resolving only what lies on the way (a variable that gives a
   * mapping is followed into), then the value found, whole.
   */
  private lookup(path: readonly string[]): SourceResult {
    let current: unknown = this.root;
    let resolved = false;
    const walked: Key[] = [];
    for (const name of path) {
      if (current instanceof Unresolved) return { kind: 'unresolved', value: current };
      const key: Key = Array.isArray(current) && /^\d+$/.test(name) ? Number(name) : name;
      const child = Array.isArray(current) ? current[key as number] : isRecord(current) ? current[key] : undefined;
      walked.push(key);
      if (child === undefined) return { kind: 'missing', why: `serverless.yml has nothing at ${formatKeys(walked)}` };
      current = !resolved && typeof child === 'string' ? this.node(walked, child) : child;
      resolved ||= typeof child === 'string';
      if (current === CYCLE) return { kind: 'error', message: `\${self:${path.join('.')}} is circular: ${formatKeys(walked)} depends on the value being resolved` };
      if (current === FAILED) return { kind: 'failed' };
    }
    if (!resolved) current = this.node(walked, current);
    if (current === FAILED) return { kind: 'failed' };
    if (current === CYCLE) return { kind: 'error', message: `\${self:${path.join('.')}} is circular: it contains the value being resolved` };
    if (current instanceof Unresolved) return { kind: 'unresolved', value: current };
    return current === undefined || current === null ? { kind: 'missing', why: `${formatKeys(walked)} is empty` } : { kind: 'value', value: current };
  }

  /** `${sls:stage}` and `${aws:region}`: the option, else provider.stage / provider.region, else the default. */
  private fromOptionOrConfig(name: 'stage' | 'region', fallback: string): SourceResult {
    const option = this.options.options[name];
    if (option) return { kind: 'value', value: option };
    const configured = this.lookup(['provider', name]);
    return configured.kind === 'missing' ? { kind: 'value', value: fallback } : configured;
  }

  /** `--param`, else `params.<stage>`, else `params.default` (the Dashboard plugin's resolve-params.js, without the Dashboard's). */
  private param(name: string): SourceResult {
    const given = this.options.params?.[name];
    if (given !== undefined) return { kind: 'value', value: given };
    const stage = this.fromOptionOrConfig('stage', 'dev');
    if (stage.kind !== 'value') return stage;
    const own = this.lookup(['params', String(stage.value), name]);
    if (own.kind !== 'missing') return own;
    const shared = this.lookup(['params', 'default', name]);
    return shared.kind === 'missing' ? { kind: 'missing', why: `neither --param ${name}=... nor params.${String(stage.value)}.${name} nor params.default.${name} is set` } : shared;
  }

  /**
   * `${file(./config.yml):a.b}`, as the Framework reads it (lib/configuration/variables/sources/file.js): a
   * path from the service directory; YAML, JSON or, for any other extension, the text; a missing file
   * gives no value (the fallback, if any); the address walks into the content. Variables in what the file
   * holds are resolved as the configuration's own are (`${self:}` is serverless.yml's).
   */
  private file(params: readonly string[], address: string | undefined, raw: string): SourceResult {
    const keys = this.at;
    if (!params[0]) return { kind: 'error', message: `${raw} needs a path, as in \${file(./config.yml):key}` };
    const path = serviceFilePath(params[0]);
    if (path === undefined) return { kind: 'error', message: `${raw} names a directory, not a file` };
    if (!this.options.readFile) return { kind: 'unresolved', value: new Unresolved(`${raw} reads another file, which pylambda does not do here`) };
    if (this.loading.includes(path)) return { kind: 'error', message: `${raw} is circular: ${[...this.loading, path].join(' -> ')}` };
    const js = isJsVariableFile(path) ? this.options.jsFiles?.get(jsFileKey(path, address)) : undefined;
    if (isJsVariableFile(path) && !js) this.options.jsFileWanted?.(path, address);
    const content = js ?? fileContent(path, this.options.readFile);
    if (content.kind === 'error' && js) return { kind: 'error', message: `${raw}: ${content.message}` };
    if (content.kind !== 'value') return content;
    let value = content.value;
    // A JavaScript file's value is the address's already (js-files.ts).
    for (const name of address && !js ? address.split('.') : []) {
      value = isRecord(value) || Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
      if (value === undefined || value === null) return { kind: 'missing', why: `${path} has nothing at ${address}` };
    }
    this.loading.push(path);
    try {
      const resolved = this.loaded(keys, value);
      return resolved === FAILED ? { kind: 'failed' } : { kind: 'value', value: resolved };
    } finally {
      this.loading.pop();
    }
  }

  /** A value a file gave, its variables resolved (not memoised: it has no place in serverless.yml). */
  private loaded(keys: readonly Key[], value: unknown): unknown {
    if (typeof value === 'string') return this.string(value, keys);
    if (Array.isArray(value)) return value.map((item, i) => clean(this.loaded([...keys, i], item)));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(this.loaded([...keys, k], v))]));
    return value;
  }

  private fail(keys: readonly Key[], message: string): typeof FAILED {
    this.r.error(formatKeys(keys), message);
    return FAILED;
  }
}

/** A failed value reads as absent: its error has been reported. */
function clean(value: unknown): unknown {
  return value === FAILED || value === CYCLE ? undefined : value;
}

/** `plugins: [a, b]`, or `plugins: { modules: [a, b] }` (the Framework takes both). */
function listsPlugins(plugins: unknown): boolean {
  const list = isRecord(plugins) ? plugins.modules : plugins;
  return Array.isArray(list) && list.length > 0;
}
