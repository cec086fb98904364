// The Serverless Framework v3 itself (scripts/test-env.mjs installs it in test/.peers/serverless), run on a
// serverless.yml as its users run it: `serverless print` resolves the variables, `serverless package` compiles the
// CloudFormation template a deploy would send, with the Framework's defaults and merges applied. Both are put in
// the shape pylambda's model is compared in (test/integration/serverless-framework-parity.test.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedProject } from '../src/api/project.js';
import type { AlbConditions, CorsConfig, Endpoint } from '../src/core/model/project.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Framework's bin script: PYLAMBDA_TEST_SERVERLESS's package, else the one test-env.mjs installs. */
export function frameworkBin(): string {
  const dir = process.env.PYLAMBDA_TEST_SERVERLESS ?? join(ROOT, 'test', '.peers', 'serverless', 'node_modules', 'serverless');
  const bin = join(dir, 'bin', 'serverless.js');
  if (!existsSync(bin)) throw new Error(`No Serverless Framework in ${dir}: run node scripts/test-env.mjs (npm test does), which installs it`);
  return bin;
}

/** Whether test-env.mjs installed the Framework (or PYLAMBDA_TEST_SERVERLESS names one): the tests that compare with it run. */
export function frameworkInstalled(): boolean {
  try {
    return Boolean(frameworkBin());
  } catch {
    return false;
  }
}

export interface FrameworkOptions {
  /** `--stage`. */
  readonly stage?: string;
  /** Other options, as the command line gives them (`--param`, 'domain=example.org'). */
  readonly args?: readonly string[];
  /** The Framework's HOME (it writes its state there): a directory outside the service, which it would package. */
  readonly home: string;
  /** Variables for `${env:}`, or AWS's (frameworkAwsEnv); nothing else of the test's environment is passed on. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the run may take (default 180 s). */
  readonly timeoutMs?: number;
}

export interface FrameworkRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `serverless <args>` in `dir`: without AWS credentials unless `env` gives some, and without telemetry. Not spawnSync:
 * a run took over a minute beside other test runs on 2 cores, and a vitest worker blocked that long misses vitest's
 * own calls (`Timeout calling "onTaskUpdate"`, which fails the run).
 */
export function runFramework(dir: string, args: readonly string[], options: FrameworkOptions): Promise<FrameworkRun> {
  return new Promise((resolve, reject) => {
    // `serverless package` took 85 s under a load of 15 on 2 cores.
    const child = spawn(process.execPath, frameworkArgv(args, options), { cwd: dir, env: frameworkEnv(options), timeout: options.timeoutMs ?? 180_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function frameworkArgv(args: readonly string[], options: FrameworkOptions): string[] {
  return [frameworkBin(), ...args, ...(options.stage ? ['--stage', options.stage] : []), ...(options.args ?? [])];
}

function frameworkEnv(options: FrameworkOptions): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: options.home,
    AWS_SHARED_CREDENTIALS_FILE: join(options.home, 'no-credentials'),
    AWS_CONFIG_FILE: join(options.home, 'no-config'),
    // The SDK's last resort asks the EC2 instance metadata endpoint, which can take seconds to give up.
    AWS_EC2_METADATA_DISABLED: 'true',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    ...options.env,
  };
}

/**
 * Variables that point the Framework's AWS SDK (v2, which reads no endpoint variable) at a local endpoint such as
 * moto: `serverless package` asks CloudFormation for the last deployment of a service with `layers`.
 */
export function frameworkAwsEnv(endpoint: string): Record<string, string> {
  const preload = join(ROOT, 'test', 'fixtures', 'serverless-framework', 'aws-endpoint.mjs');
  return {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    NODE_OPTIONS: `--import ${preload}`,
    PYLAMBDA_TEST_FRAMEWORK_BIN: frameworkBin(),
    PYLAMBDA_TEST_AWS_ENDPOINT: endpoint,
  };
}

/** `serverless print --format json`: the configuration with its variables resolved, or what the Framework said. */
export async function frameworkPrint(dir: string, options: FrameworkOptions): Promise<{ config?: Record<string, unknown>; error?: string }> {
  return printed(await runFramework(dir, ['print', '--format', 'json'], options));
}

function printed(run: FrameworkRun): { config?: Record<string, unknown>; error?: string } {
  if (run.status !== 0) return { error: `${run.stdout}\n${run.stderr}`.trim() };
  return { config: JSON.parse(run.stdout) as Record<string, unknown> };
}

/** What a function is deployed as, by its name (FunctionName). */
export interface ComparedFunction {
  readonly handler: string;
  readonly runtime: string;
  readonly memorySize: number;
  readonly timeout: number;
  readonly architecture: string;
  readonly environment: Readonly<Record<string, string>>;
  /** The layers it lists: the service's own by logical id, others by ARN. */
  readonly layers: readonly string[];
  /** The text of the file its handler names, as its code holds it (the Framework's: in the zip it deploys). */
  readonly handlerCode: string;
}

/** The parts of a service both sides are compared on. */
export interface ComparedModel {
  /** `provider.region` resolved (the Framework's default: us-east-1). */
  readonly region: string;
  /** The REST API's stage, as its deployment names it; absent without one (the functions' names hold the stage too). */
  readonly stage?: string;
  readonly functions: Readonly<Record<string, ComparedFunction>>;
  /** One line per route, sorted: `rest GET /users/{id} -> shop-dev-users`, `http $default -> ...`, `url -> ...`, `alb ...`. */
  readonly routes: readonly string[];
  readonly binaryMediaTypes: readonly string[];
  /** The CORS of the HTTP API (`http`), of each function URL (`url <function name>`) and REST path with a preflight (`rest <path>`). */
  readonly cors: Readonly<Record<string, ComparedCors>>;
}

/** CORS settings, their lists sorted (sets to API Gateway and Lambda); a setting not given is absent. */
export interface ComparedCors {
  readonly origins?: readonly string[];
  readonly methods?: readonly string[];
  readonly headers?: readonly string[];
  readonly exposeHeaders?: readonly string[];
  readonly credentials?: true;
  readonly maxAge?: number;
  /** REST, the Framework's: the regular expressions its response template matches the Origin against. */
  readonly patterns?: readonly string[];
  readonly cacheControl?: string;
}

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Resources = Readonly<Record<string, Resource>>;

/**
 * What `serverless package` makes of the service in `dir`: the CloudFormation template it writes, and the service
 * with its variables resolved (`.serverless/serverless-state.json`, what `serverless print` shows) for the region.
 */
export async function frameworkModel(dir: string, options: FrameworkOptions): Promise<ComparedModel> {
  const run = await runFramework(dir, ['package'], options);
  if (run.status !== 0) throw new Error(`serverless package failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const written = (name: string) => JSON.parse(readFileSync(join(dir, '.serverless', name), 'utf8')) as unknown;
  const template = written('cloudformation-template-update-stack.json') as { Resources: Resources };
  const state = written('serverless-state.json') as { service: { provider: { region: string } } };
  const resources = template.Resources;
  const functions = templateFunctions(resources, dir);
  const { routes, cors } = templateRoutes(resources);
  const deployment = Object.values(resources).find((r) => r.Type === 'AWS::ApiGateway::Deployment')?.Properties;
  const httpCors = resources.HttpApi?.Properties?.CorsConfiguration as Record<string, unknown> | undefined;
  return {
    region: state.service.provider.region,
    ...(deployment ? { stage: String(deployment.StageName) } : {}),
    functions,
    // A route to a function that is not compared (not Python) is not either.
    routes: routes.filter((r) => r.split(' -> ')[1]!.split(' ')[0]! in functions).sort(),
    binaryMediaTypes: (resources.ApiGatewayRestApi?.Properties?.BinaryMediaTypes as string[] | undefined) ?? [],
    cors: {
      ...cors,
      ...(httpCors ? { http: compared({ origins: httpCors.AllowOrigins, methods: httpCors.AllowMethods, headers: httpCors.AllowHeaders, exposeHeaders: httpCors.ExposeHeaders, credentials: httpCors.AllowCredentials, maxAge: httpCors.MaxAge }) } : {}),
    },
  };
}

function templateFunctions(resources: Resources, dir: string): Record<string, ComparedFunction> {
  const functions: Record<string, ComparedFunction> = {};
  for (const fn of Object.values(resources)) {
    const p = fn.Properties ?? {};
    // pylambda runs Python functions only (and says which it skips): the others are not compared.
    if (fn.Type !== 'AWS::Lambda::Function' || !String(p.Runtime).startsWith('python')) continue;
    const environment = (p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const zip = join(dir, '.serverless', basename(String((p.Code as { S3Key?: string }).S3Key)));
    functions[String(p.FunctionName)] = {
      handler: String(p.Handler),
      runtime: String(p.Runtime),
      memorySize: Number(p.MemorySize),
      timeout: Number(p.Timeout),
      architecture: String((p.Architectures as string[] | undefined)?.[0] ?? 'x86_64'),
      // As CloudFormation is given them: what is not a string is JSON (a YAML timestamp is its ISO text).
      environment: Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
      layers: ((p.Layers as unknown[] | undefined) ?? []).map((l) => (typeof l === 'string' ? l : String((l as { Ref?: string }).Ref))),
      handlerCode: zipEntry(zip, handlerFile(String(p.Handler))),
    };
  }
  return functions;
}

/** The routes of the template's REST API, HTTP API, function URLs and listener rules, with the CORS preflights they have. */
function templateRoutes(resources: Resources): { routes: string[]; cors: Record<string, ComparedCors> } {
  const props = (id: string) => resources[id]?.Properties ?? {};
  const of = (type: string) => Object.values(resources).filter((r) => r.Type === type).map((r) => r.Properties ?? {});
  /** The function a `{Fn::GetAtt: [XLambdaFunction, Arn]}` somewhere inside `value` names. */
  const target = (value: unknown): string => {
    const found = /"Fn::GetAtt":\["(\w+LambdaFunction)","Arn"\]/.exec(JSON.stringify(value));
    return found ? String(props(found[1]!).FunctionName) : '?';
  };
  const restPath = (resourceId: unknown): string => {
    const ref = (resourceId as { Ref?: string }).Ref;
    return ref ? `${restPath(props(ref).ParentId)}/${String(props(ref).PathPart)}` : '';
  };
  const routes: string[] = [];
  const cors: Record<string, ComparedCors> = {};
  for (const p of of('AWS::ApiGateway::Method')) {
    // The Framework's CORS preflights are MOCK integrations, not routes to a function.
    if ((p.Integration as { Type?: string }).Type === 'MOCK') cors[`rest ${restPath(p.ResourceId) || '/'}`] = preflightCors(p.Integration);
    // `method: '*'` goes into HttpMethod as written; pylambda serves it as API Gateway's catch-all, ANY.
    else routes.push(`rest ${p.HttpMethod === '*' ? 'ANY' : String(p.HttpMethod)} ${restPath(p.ResourceId) || '/'} -> ${target(p.Integration)}`);
  }
  for (const p of of('AWS::ApiGatewayV2::Route')) {
    const integration = props(/"Ref":"(\w+)"/.exec(JSON.stringify(p.Target))![1]!);
    const payload = integration.PayloadFormatVersion === '1.0' ? ' (payload 1.0)' : '';
    routes.push(`http ${String(p.RouteKey)} -> ${target(integration.IntegrationUri)}${payload}`);
  }
  for (const p of of('AWS::Lambda::Url')) {
    const fn = target(p.TargetFunctionArn);
    routes.push(`url -> ${fn}`);
    const c = p.Cors as Record<string, unknown> | undefined;
    if (c) cors[`url ${fn}`] = compared({ origins: c.AllowOrigins, methods: c.AllowMethods, headers: c.AllowHeaders, exposeHeaders: c.ExposeHeaders, credentials: c.AllowCredentials, maxAge: c.MaxAge });
  }
  for (const p of of('AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const group = props(/"Ref":"(\w+)"/.exec(JSON.stringify(p.Actions))![1]!);
    routes.push(`alb ${String(p.Priority)} ${albConditionText(p.Conditions as CfnCondition[])} -> ${target(group.Targets)}`);
  }
  return { routes, cors };
}

type CfnCondition = {
  Field: string; Values?: string[]; HttpRequestMethodConfig?: { Values: string[] }; HostHeaderConfig?: { Values: string[] };
  HttpHeaderConfig?: { HttpHeaderName: string; Values: string[] }; QueryStringConfig?: { Values: { Key?: string; Value: string }[] };
};

/** A listener rule's conditions as one sorted text: `header:X-A=1 host=x method=GET path=/a,/b query:k=v`. */
function albConditionText(conditions: readonly CfnCondition[]): string {
  const parts: string[] = [];
  for (const c of conditions) {
    if (c.Field === 'path-pattern') parts.push(`path=${(c.Values ?? []).join(',')}`);
    else if (c.Field === 'http-request-method') parts.push(`method=${(c.HttpRequestMethodConfig?.Values ?? []).join(',')}`);
    else if (c.Field === 'host-header') parts.push(`host=${(c.HostHeaderConfig?.Values ?? c.Values ?? []).join(',')}`);
    else if (c.Field === 'http-header') parts.push(`header:${c.HttpHeaderConfig!.HttpHeaderName}=${c.HttpHeaderConfig!.Values.join(',')}`);
    else if (c.Field === 'query-string') parts.push(...(c.QueryStringConfig?.Values ?? []).map((q) => `query:${q.Key ?? ''}=${q.Value}`));
    else parts.push(`${c.Field}=?`);
  }
  return parts.sort().join(' ');
}

/** What a preflight's MOCK integration answers: its Access-Control-* headers, as API Gateway literals ('a,b'). */
function preflightCors(integration: unknown): ComparedCors {
  type Response = { ResponseParameters?: Record<string, string>; ResponseTemplates?: Record<string, string> };
  const response = ((integration as { IntegrationResponses?: Response[] }).IntegrationResponses ?? [])[0];
  const params = response?.ResponseParameters ?? {};
  const header = (name: string) => params[`method.response.header.${name}`]?.replace(/^'|'$/g, '');
  const maxAge = header('Access-Control-Max-Age');
  const template = response?.ResponseTemplates?.['application/json'] ?? '';
  return compared({
    origins: header('Access-Control-Allow-Origin')?.split(','), methods: header('Access-Control-Allow-Methods')?.split(','),
    headers: header('Access-Control-Allow-Headers')?.split(','), credentials: header('Access-Control-Allow-Credentials') === 'true',
    maxAge: maxAge === undefined ? undefined : Number(maxAge), patterns: [...template.matchAll(/\$origin\.matches\("([^"]*)"\)/g)].map((m) => m[1]),
    cacheControl: header('Cache-Control'),
  });
}

/** The same parts of what pylambda read. */
export function pylambdaModel(loaded: LoadedProject): ComparedModel {
  const { project } = loaded;
  const names = new Map(project.functions.map((f) => [f.id, f.name]));
  const name = (id: string) => names.get(id) ?? id;
  const functions: Record<string, ComparedFunction> = {};
  for (const f of project.functions) {
    functions[f.name] = {
      handler: f.handler,
      runtime: f.runtime,
      memorySize: f.memorySize,
      timeout: f.timeout,
      architecture: f.architecture,
      environment: f.environment,
      layers: [...(f.layers ?? []).map((l) => l.id), ...(f.externalLayers ?? [])],
      handlerCode: fileText(join(loaded.root, f.codeUri, handlerFile(f.handler))),
    };
  }
  const cors: Record<string, ComparedCors> = {};
  for (const e of project.endpoints) {
    if (e.kind === 'url' && e.cors) cors[`url ${name(e.routes[0]!.functionId)}`] = configCors(e.cors);
    if (e.kind === 'http' && e.cors) cors.http = configCors(e.cors);
    for (const r of e.kind === 'rest' ? e.routes : []) if (r.cors) cors[`rest ${r.path}`] = configCors(r.cors);
  }
  const rest = project.endpoints.find((e) => e.kind === 'rest');
  return {
    region: project.region ?? '?',
    ...(rest ? { stage: rest.stage } : {}),
    functions,
    routes: project.endpoints.flatMap((e) => endpointRoutes(e, name)).sort(),
    binaryMediaTypes: rest?.binaryMediaTypes ?? [],
    cors,
  };
}

function endpointRoutes(e: Endpoint, name: (id: string) => string): string[] {
  switch (e.kind) {
    case 'url':
      return e.routes.map((r) => `url -> ${name(r.functionId)}`);
    case 'rest':
      return e.routes.map((r) => `rest ${r.method} ${r.path} -> ${name(r.functionId)}`);
    case 'http':
      return e.routes.map((r) => `http ${r.path === '$default' ? '$default' : `${r.method} ${r.path}`} -> ${name(r.functionId)}${r.payloadFormatVersion === '1.0' ? ' (payload 1.0)' : ''}`);
    case 'alb':
      return albRules(e, name);
    default:
      return [];
  }
}

/** pylambda keeps a listener rule as one route per path and method: put back together by priority. */
function albRules(e: Endpoint, name: (id: string) => string): string[] {
  const rules = new Map<number, { paths: Set<string>; methods: Set<string>; conditions?: AlbConditions; fn: string }>();
  for (const r of e.routes) {
    const rule = rules.get(r.priority!) ?? { paths: new Set(), methods: new Set(), ...(r.albConditions ? { conditions: r.albConditions } : {}), fn: name(r.functionId) };
    rule.paths.add(r.path);
    rule.methods.add(r.method);
    rules.set(r.priority!, rule);
  }
  return [...rules].map(([priority, rule]) => {
    const parts: string[] = [];
    if (!rule.paths.has('*')) parts.push(`path=${[...rule.paths].join(',')}`);
    if (!rule.methods.has('ANY')) parts.push(`method=${[...rule.methods].join(',')}`);
    if (rule.conditions?.hosts) parts.push(`host=${rule.conditions.hosts.join(',')}`);
    for (const h of rule.conditions?.headers ?? []) parts.push(`header:${h.name}=${h.values.join(',')}`);
    for (const q of rule.conditions?.query ?? []) parts.push(`query:${q.key ?? ''}=${q.value}`);
    return `alb ${priority} ${parts.sort().join(' ')} -> ${rule.fn}`;
  });
}

function configCors(c: CorsConfig): ComparedCors {
  return compared({
    origins: c.allowOrigins, methods: c.allowMethods, headers: c.allowHeaders, exposeHeaders: c.exposeHeaders, credentials: c.allowCredentials, maxAge: c.maxAge,
    patterns: c.originPatterns, cacheControl: c.cacheControl,
  });
}

type CorsParts = { origins?: unknown; methods?: unknown; headers?: unknown; exposeHeaders?: unknown; credentials?: unknown; maxAge?: unknown; patterns?: unknown; cacheControl?: unknown };

function compared(c: CorsParts): ComparedCors {
  const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? [...new Set(v.map(String))].sort() : undefined);
  const out: Record<string, unknown> = {
    origins: list(c.origins), methods: list(c.methods), headers: list(c.headers), exposeHeaders: list(c.exposeHeaders),
    credentials: c.credentials === true ? true : undefined, maxAge: typeof c.maxAge === 'number' ? c.maxAge : undefined,
    patterns: list(c.patterns), cacheControl: typeof c.cacheControl === 'string' ? c.cacheControl : undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as ComparedCors;
}

/** The file a Python handler names: `lib/handler.main` is lib/handler.py, `pkg.mod.main` pkg/mod.py. */
function handlerFile(handler: string): string {
  return `${handler.slice(0, handler.lastIndexOf('.')).replace(/\./g, '/')}.py`;
}

function fileText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : `(no ${path})`;
}

/** An entry of a zip, read by the test venv's Python (zipfile, whose reading Lambda's extraction agrees with). */
function zipEntry(zip: string, name: string): string {
  const python = join(ROOT, '.venv-test', 'bin', 'python');
  const script = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(z.read(sys.argv[2]).decode() if sys.argv[2] in z.namelist() else "(no %s in the zip)" % sys.argv[2], end="")';
  return spawnSync(python, ['-c', script, zip, name], { encoding: 'utf8' }).stdout;
}
