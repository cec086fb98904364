import type { Diagnostic } from '../../errors.js';
import { FieldReader, isRecord } from '../fields.js';
import { mistypedPythonRuntime } from '../limits.js';
import type { Architecture, CorsConfig, FunctionModel, LayerModel, Route } from '../project.js';
import { readLoggingConfig, type LoggingSettings } from '../logging-config.js';
import { validateFunction, type FieldPaths } from '../validate.js';
import { serverlessAsyncInvoke } from './async-invoke.js';
import { serverlessPayload } from './endpoints.js';
import { readEvents, type RouteClaim } from './events.js';
import { NO_RULES, packageRules, patternsOf, type PackageRules } from './package-rules.js';

/** The Framework's own defaults, which differ from Lambda's (docs: "AWS provider", memorySize and timeout). */
export const SERVERLESS_DEFAULTS = { memorySize: 1024, timeout: 6 } as const;

export interface ServiceContext {
  readonly service: string;
  readonly stage: string;
  readonly region: string;
  readonly provider: Readonly<Record<string, unknown>>;
  /** provider.environment, read once. */
  readonly environment: Readonly<Record<string, string>>;
  readonly resources: Readonly<Record<string, unknown>>;
  /** The service's own layers by the logical id the Framework gives them (`DepsLambdaLayer`). */
  readonly layers?: Readonly<Record<string, LayerModel>>;
  /**
   * The service's package rules and the layers' exclusions (package-rules.ts), and whether functions are
   * packaged individually (then theirs add to them).
   */
  readonly packagePatterns?: { readonly rules: readonly PackageRules[]; readonly individually: boolean };
  /** The service's `package.artifact`: the zip every function not packaged on its own is deployed from. */
  readonly artifact?: string;
  /** serverless-python-requirements is listed and functions are packaged individually: a function's `module` is its code. */
  readonly pythonModules?: boolean;
  /** serverless-python-requirements' `custom.pythonRequirements.fileName`, when the plugin is listed. */
  readonly requirementsFile?: string;
}

/**
 * Every Python function of `functions`, validated against Lambda's limits, the routes their events claim,
 * and the functions pylambda leaves out (by key: why), each also said in a warning, with the routes theirs claim.
 */
export function readServerlessFunctions(
  value: unknown,
  ctx: ServiceContext,
  r: FieldReader,
): { functions: FunctionModel[]; claims: RouteClaim[]; skipped: Record<string, string>; skippedClaims: RouteClaim[]; diagnostics: Diagnostic[] } {
  const functions: FunctionModel[] = [];
  const claims: RouteClaim[] = [];
  const skipped: Record<string, string> = {};
  const skippedClaims: RouteClaim[] = [];
  const diagnostics: Diagnostic[] = [];
  const all = r.record(value, 'functions') ?? {};
  for (const [key, raw] of Object.entries(all)) {
    const read = readFunction(key, raw, ctx, r, Object.keys(all));
    if (!('model' in read)) {
      if (read.skipped) {
        skipped[key] = read.skipped;
        skippedClaims.push(...skippedRoutes(key, raw, ctx));
      }
      continue;
    }
    functions.push(read.model);
    claims.push(...read.claims);
    diagnostics.push(...validateFunction(read.model, read.paths, r.file));
  }
  return { functions, claims, skipped, skippedClaims, diagnostics };
}

/**
 * The routes a skipped function's `http`, `httpApi` and `alb` events put on the service's APIs and listeners: on
 * AWS they exist, so a request to one is not an unknown route. Their problems are not said: the function is
 * skipped, which a warning said already.
 */
function skippedRoutes(key: string, raw: unknown, ctx: ServiceContext): RouteClaim[] {
  if (!isRecord(raw)) return [];
  const events = readEvents(raw.events, `functions.${key}.events`, { functionId: key, region: ctx.region, resources: ctx.resources }, new FieldReader(''));
  return events.claims;
}

/** A function pylambda leaves out, with why (absent when the reason is an error already reported). */
type Read = { model: FunctionModel; paths: FieldPaths; claims: RouteClaim[] } | { skipped?: string };

function readFunction(key: string, raw: unknown, ctx: ServiceContext, r: FieldReader, functionKeys: readonly string[]): Read {
  const base = `functions.${key}`;
  const fn = r.record(raw, base);
  if (!fn) {
    if (raw === undefined || raw === null) r.error(base, 'must be a mapping with a handler');
    return {};
  }
  const { provider } = ctx;
  /** A setting of the function, else the provider's, and where it was set. */
  const setting = (name: string): [unknown, string] => (fn[name] !== undefined ? [fn[name], `${base}.${name}`] : [provider[name], `provider.${name}`]);
  if (fn.image !== undefined) {
    r.warn(`${base}.image`, `is a container image; pylambda runs zip functions only, so ${key} is skipped`);
    return { skipped: 'it is a container image; pylambda runs zip functions only' };
  }
  const [runtimeValue, runtimePath] = setting('runtime');
  const runtime = r.string(runtimeValue, runtimePath);
  if (runtime === undefined) {
    if (runtimeValue !== undefined) return {};
    r.warn(base, `has no runtime here or in provider.runtime, so the Framework deploys it as Node.js; pylambda runs Python functions only, so ${key} is skipped`);
    return { skipped: 'it has no runtime, so the Framework deploys it as Node.js; pylambda runs Python functions only' };
  }
  const mistyped = mistypedPythonRuntime(runtime);
  if (mistyped) {
    r.error(runtimePath, mistyped);
    return {};
  }
  if (!runtime.startsWith('python')) {
    r.warn(runtimePath, `is ${runtime}; pylambda runs Python functions only, so ${key} is skipped`);
    return { skipped: `its runtime is ${runtime}; pylambda runs Python functions only` };
  }
  const [memoryValue, memoryPath] = setting('memorySize');
  const [timeoutValue, timeoutPath] = setting('timeout');
  const [architectureValue, architecturePath] = setting('architecture');
  const reserved = r.integer(fn.reservedConcurrency, `${base}.reservedConcurrency`);
  const logging = loggingOf(fn.logs, provider.logs, base, r);
  const codeUri = moduleOf(fn.module, ctx, `${base}.module`, r);
  const events = readEvents(fn.events, `${base}.events`, { functionId: key, region: ctx.region, resources: ctx.resources }, r);
  const model: FunctionModel = {
    id: key,
    // The Framework names functions <service>-<stage>-<key> unless told otherwise.
    name: r.string(fn.name, `${base}.name`) ?? `${ctx.service}-${ctx.stage}-${key}`,
    handler: r.string(fn.handler, `${base}.handler`) ?? '',
    codeUri,
    runtime,
    architecture: (r.string(architectureValue, architecturePath) ?? 'x86_64') as Architecture,
    memorySize: r.integer(memoryValue, memoryPath) ?? SERVERLESS_DEFAULTS.memorySize,
    timeout: r.integer(timeoutValue, timeoutPath) ?? SERVERLESS_DEFAULTS.timeout,
    // A function's variables are merged over the provider's.
    environment: { ...ctx.environment, ...r.environment(fn.environment, `${base}.environment`) },
    ...(reserved === undefined ? {} : { reservedConcurrency: reserved }),
    // The Framework publishes a version of each function at each deploy unless provider.versionFunctions is false
    // (its compile/functions plugin); it makes no alias.
    ...(provider.versionFunctions === false || provider.versionFunctions === 'false' ? {} : { qualifiers: { aliases: {}, versions: true } }),
    ...serverlessAsyncInvoke(fn, base, { region: ctx.region, resources: ctx.resources, functionKeys }, r),
    // The Framework's tracing: a function's `tracing` (true or Active), else provider.tracing.lambda.
    ...(activeTracing(fn.tracing ?? (isRecord(provider.tracing) ? provider.tracing.lambda : undefined)) ? { tracing: 'Active' as const } : {}),
    ...logging,
    ...layersOf(fn.layers ?? provider.layers, fn.layers === undefined ? 'provider.layers' : `${base}.layers`, ctx.layers ?? {}, r),
    ...packagePatterns(ctx.packagePatterns, fn.package, `${base}.package`, r, codeUri),
    ...(ctx.requirementsFile ? { requirementsFile: ctx.requirementsFile } : {}),
    ...artifactOf(ctx.artifact, fn.package, `${base}.package`, r),
    events: events.sources,
    source: { file: r.file, path: base },
  };
  const paths: FieldPaths = {
    handler: `${base}.handler`,
    runtime: runtimePath,
    memorySize: memoryPath,
    timeout: timeoutPath,
    environment: isRecord(fn.environment) ? `${base}.environment` : 'provider.environment',
    reservedConcurrency: `${base}.reservedConcurrency`,
    architecture: architecturePath,
    layers: fn.layers === undefined ? 'provider.layers' : `${base}.layers`,
  };
  const url = functionUrl(fn.url, `${base}.url`, key, r);
  const claims = withPayload(events.claims, fn.httpApi, `${base}.httpApi`, r);
  return { model, paths, claims: url ? [...claims, url] : claims };
}

/**
 * A function's `logs`, else `provider.logs.lambda`, whole (compile/functions.js: `functionObject.logs ||
 * provider.logs.lambda`), compiled to the function's LoggingConfig and checked as Lambda checks that.
 */
function loggingOf(own: unknown, providerLogs: unknown, base: string, r: FieldReader): LoggingSettings {
  const [value, at] = own !== undefined && own !== null ? [own, `${base}.logs`] : [isRecord(providerLogs) ? providerLogs.lambda : undefined, 'provider.logs.lambda'];
  if (value === undefined || value === null) return {};
  return readLoggingConfig(r.record(value, at) ?? {}, at, r, SERVERLESS_LOGGING_KEYS);
}

const SERVERLESS_LOGGING_KEYS = { format: 'logFormat', application: 'applicationLogLevel', system: 'systemLogLevel' };

/**
 * serverless-python-requirements' `module: function1` with `package.individually: true`: the plugin moves that
 * directory to the root of the function's zip ("the root of the zip artifact is already the path to your
 * function", README "Per-function requirements"; lib/inject.js moveModuleUp), so the handler is found there.
 * Without both, the plugin does not apply it and the code is the service directory.
 */
function moduleOf(value: unknown, ctx: ServiceContext, at: string, r: FieldReader): string {
  if (!ctx.pythonModules || value === undefined || value === null) return '.';
  const module = r.string(value, at);
  return module === undefined || module === '' ? '.' : module.replace(/^\.\/+/, '').replace(/\/+$/, '') || '.';
}

/**
 * The function's `httpApi.payload`, which "will take precedence over the payload version configured at the
 * provider level" (docs, HTTP API, "Event / payload format"; http-api.js compileIntegration).
 */
function withPayload(claims: RouteClaim[], settings: unknown, at: string, r: FieldReader): RouteClaim[] {
  const own = settings === undefined || settings === null ? undefined : r.record(settings, at);
  const payload = own ? serverlessPayload(own.payload, `${at}.payload`, r) : undefined;
  if (!payload) return claims;
  return claims.map((c) => (c.api === 'http' ? { ...c, route: { ...c.route, payloadFormatVersion: payload } } : c));
}

/**
 * The function's layers (`layers: [{ Ref: DepsLambdaLayer }]`, else provider.layers): the service's own, by
 * the logical id the Framework gives them, are directories here; one given by ARN is in AWS only.
 */
function layersOf(value: unknown, path: string, own: Readonly<Record<string, LayerModel>>, r: FieldReader): { layers?: LayerModel[]; externalLayers?: string[] } {
  if (value === undefined || value === null) return {};
  const list = r.list(value, path) ?? [];
  const layers: LayerModel[] = [];
  const external: string[] = [];
  list.forEach((entry, i) => {
    const ref = isRecord(entry) && typeof entry.Ref === 'string' ? entry.Ref : undefined;
    const layer = ref === undefined ? undefined : own[ref];
    if (layer === undefined) {
      r.warn(`${path}[${i}]`, `${ref ?? (typeof entry === 'string' ? `'${entry}'` : 'this layer')} is not a layer of this service: its modules are not available locally`);
      external.push(ref ?? (typeof entry === 'string' ? entry : JSON.stringify(entry)));
      return;
    }
    layers.push(layer);
  });
  return { ...(layers.length > 0 ? { layers } : {}), ...(external.length > 0 ? { externalLayers: external } : {}) };
}

/**
 * The package rules: the service's, then the function's own when it is packaged individually (the service's
 * or its own `package.individually: true`, Framework v3 "Packaging"); applied by packagePatternFilter.
 */
function packagePatterns(service: ServiceContext['packagePatterns'], own: unknown, path: string, r: FieldReader, codeUri: string): { packagePatterns?: string[] } {
  const individually = packagedIndividually(service?.individually === true, own);
  const written = patternsOf(...(service?.rules ?? []), individually ? packageRules(own, path, r) : NO_RULES);
  const patterns = codeUri === '.' ? written : patternsBelow(written, codeUri);
  return patterns.length > 0 ? { packagePatterns: patterns } : {};
}

/** The Framework packages a function on its own when the service or the function says individually (package-service.js). */
export function packagedIndividually(service: boolean, ownPackage: unknown): boolean {
  return service || (isRecord(ownPackage) && ownPackage.individually === true);
}

/**
 * Patterns written from the service directory, for code in `dir` below it (a `module`): the Framework applies
 * them there before serverless-python-requirements moves the module up. `!dir/tests/**` becomes `!tests/**`,
 * `**` patterns apply at any depth still, and a pattern of another directory (`*.md` at the top) no longer applies.
 */
export function patternsBelow(patterns: readonly string[], dir: string): string[] {
  const out: string[] = [];
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const body = (negated ? pattern.slice(1) : pattern).replace(/^\.\//, '');
    const below = body.startsWith(`${dir}/`) ? body.slice(dir.length + 1) : body.startsWith('**') ? body : undefined;
    if (below) out.push(negated ? `!${below}` : below);
  }
  return out;
}

/**
 * The zip the Framework deploys instead of packaging the function: its own `package.artifact`, else the
 * service's unless the function is packaged on its own (`package.individually: true`) (Framework v3,
 * lib/plugins/package/lib/package-service.js, packageFunction).
 */
function artifactOf(service: string | undefined, own: unknown, path: string, r: FieldReader): { artifact?: string } {
  const pkg = isRecord(own) ? own : {};
  const artifact = r.string(pkg.artifact, `${path}.artifact`) ?? (pkg.individually === true ? undefined : service);
  return artifact ? { artifact } : {};
}

/**
 * `url: true`, or `url: { cors, authorizer }`: a function URL (Framework v3 docs, "Lambda Function URLs").
 * `cors: true` allows every origin with the Framework's default headers.
 */
function functionUrl(value: unknown, at: string, functionId: string, r: FieldReader): RouteClaim | undefined {
  if (value === undefined || value === false || value === null) return undefined;
  const options = value === true ? {} : r.record(value, at);
  if (!options) return undefined;
  if (options.authorizer === 'aws_iam') r.warn(`${at}.authorizer`, 'is not enforced locally: the URL answers without IAM signatures', 'dev');
  const route: Route = { method: 'ANY', path: '/*', functionId, source: { file: r.file, path: at } };
  const cors = options.cors === true ? DEFAULT_URL_CORS : isRecord(options.cors) ? urlCors(options.cors, `${at}.cors`, r) : undefined;
  return { api: 'url', route, ...(cors ? { cors } : {}) };
}

/** The Framework's defaults for a URL's `cors` (compile/functions.js `defaultCors`). */
const DEFAULT_URL_CORS: CorsConfig = {
  allowOrigins: ['*'],
  allowMethods: ['*'],
  allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amzn-Trace-Id'],
  exposeHeaders: [],
  allowCredentials: false,
};

/** `cors: { allowedOrigins, ... }` over the defaults; a setting given as null leaves the default out (compileFunctionUrl). */
function urlCors(value: Record<string, unknown>, at: string, r: FieldReader): CorsConfig {
  const list = (key: string, fallback: readonly string[]) => {
    if (value[key] === null) return [];
    const raw = r.list(value[key], `${at}.${key}`);
    return raw ? [...new Set(raw.map(String))] : [...fallback];
  };
  const maxAge = r.integer(value.maxAge, `${at}.maxAge`);
  return {
    allowOrigins: list('allowedOrigins', DEFAULT_URL_CORS.allowOrigins),
    allowMethods: list('allowedMethods', DEFAULT_URL_CORS.allowMethods),
    allowHeaders: list('allowedHeaders', DEFAULT_URL_CORS.allowHeaders),
    exposeHeaders: list('exposedResponseHeaders', []),
    allowCredentials: value.allowCredentials === true,
    ...(maxAge === undefined ? {} : { maxAge }),
  };
}

/** `true` and `Active` turn Lambda's active tracing on (compile/functions.js); `PassThrough` and `false` do not. */
function activeTracing(value: unknown): boolean {
  return value === true || value === 'Active';
}
