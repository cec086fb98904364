import { relative, sep } from 'node:path';
import { isCodeConfig, serverlessConfigFormat } from '../core/model/serverless/config-file.js';
import { isLambdaAuthorizer, projectKind, type Endpoint, type EndpointKind } from '../core/model/project.js';
import { anyAuthorizerKeyApis, type ServedApiKey } from '../core/gateway/api-key.js';
import type { PythonInfo } from '../adapters/python.js';
import type { DevOptions } from './dev-types.js';
import type { Diagnostic } from '../core/errors.js';
import { execWrapperWarnings } from './exec-wrapper.js';
import { nestedLayerWarnings } from './layer-warnings.js';
import type { LocalCode } from './local-code.js';
import { loadProject, type LoadOptions, type LoadedProject } from './project.js';
import { loadOptionsFor } from './project-selection.js';
import { prepareWsgiHandlers } from './serverless-wsgi.js';

const KIND_ORDER: readonly EndpointKind[] = ['rest', 'http', 'alb', 'url'];

/** The project `pylambda dev` serves, read with its options, and what its functions need beside their code. */
export async function loadDevProject(options: DevOptions, chaliceRead?: LoadOptions['chaliceRead'], readFiles?: string[]): Promise<LoadedProject> {
  return prepareDevProject(await readDevConfiguration(options, chaliceRead, readFiles));
}

/** The project's configuration, as dev reads it: what fails here is the project's to fix (a YAML error, an app that raises at import). */
export function readDevConfiguration(options: DevOptions, chaliceRead?: LoadOptions['chaliceRead'], readFiles?: string[]): Promise<LoadedProject> {
  return loadProject({ ...loadOptionsFor(options, 'dev'), ...(chaliceRead ? { chaliceRead } : {}), ...(readFiles ? { readFiles } : {}) });
}

/** What the functions need beside their code (a plugin's handler files): what fails here is not the configuration's. */
export async function prepareDevProject(loaded: LoadedProject): Promise<LoadedProject> {
  await prepareWsgiHandlers(loaded.root, loaded.project.functions);
  return loaded;
}

/** Endpoints in the order dev takes ports and lists them: REST APIs, HTTP APIs, ALBs, function URLs. */
export function sortEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  return [...endpoints].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id));
}

/** Whether a changed file is the project's configuration: its routes and functions are read again. */
export function isConfiguration(loaded: LoadedProject, file: string): boolean {
  if (file === loaded.configPath || loaded.configFiles?.includes(file)) return true;
  if (loaded.project.style !== 'chalice') return false;
  // A Chalice app's routes are in app.py and in the blueprints it registers, which live in chalicelib/
  // (the one package besides app.py that Chalice deploys).
  const path = relative(loaded.root, file).split(sep).join('/');
  // .chalice/resources.json: the tables and buckets --local-aws creates.
  return path === 'app.py' || path === '.chalice/resources.json' || (path.startsWith('chalicelib/') && path.endsWith('.py'));
}

/** Whether reading the configuration runs the user's code: a Chalice app's import, a serverless.js's or .ts's run. */
export function readsByRunning(loaded: LoadedProject): boolean {
  return loaded.project.style === 'chalice' || isCodeConfig(serverlessConfigFormat(loaded.configPath));
}

/** What dev serves, for its `ready` event: the project, each endpoint with its URL and routes, the functions no route reaches. */
export function describeProject(loaded: LoadedProject, python: PythonInfo, urlOf: (endpointId: string) => string, watching: boolean, apiKeys: readonly ServedApiKey[] = []) {
  const { project, root } = loaded;
  // A Lambda authorizer's function is behind HTTP too: the gateway calls it before the route's.
  const authorizers = project.endpoints.flatMap((e) => [e.preflightAuthorizer, ...e.routes.map((r) => r.authorizer)]).flatMap((a) => (a && isLambdaAuthorizer(a) ? [a.functionId] : []));
  const sockets = (project.webSockets ?? []).flatMap((api) => api.routes.map((r) => r.functionId));
  const served = new Set([...project.endpoints.flatMap((e) => e.routes.map((r) => r.functionId)), ...authorizers, ...sockets]);
  const skipped = Object.keys(project.skipped ?? {});
  const anyAuthorizerKey = anyAuthorizerKeyApis(project, apiKeys);
  return {
    style: projectKind(project, loaded.pythonRoot !== undefined),
    configFile: project.configFile,
    root,
    python,
    endpoints: sortEndpoints(project.endpoints).map((e) => ({
      id: e.id,
      kind: e.kind,
      stage: e.stage,
      url: urlOf(e.id),
      // A load balancer rule (or a REST API's CORS mock) that answers itself names its answer where a route names its function.
      routes: e.routes.map((r) => ({
        method: r.method, path: r.path, functionId: r.albAnswer ? `(${r.albAnswer.kind} ${r.albAnswer.statusCode})` : r.preflightOnly ? `(CORS preflight ${r.cors?.preflightStatus ?? 200})` : r.functionId,
        ...(e.kind === 'rest' && r.apiKeyRequired ? { apiKeyRequired: true as const } : {}),
      })),
    })),
    unserved: project.functions.filter((f) => !served.has(f.id)).map((f) => f.id),
    ...(project.unservedEndpoints?.length ? { unservedApis: project.unservedEndpoints } : {}),
    ...(skipped.length > 0 ? { skipped, skippedReasons: skippedReasons(project.skipped ?? {}) } : {}),
    ...(apiKeys.length > 0 ? { apiKeys: apiKeys.map(({ name, value, origin, stages }) => ({ name, value, origin, ...(stages ? { apis: [...new Set(stages.map((s) => s.api))] } : {}) })) } : {}),
    ...(anyAuthorizerKey.length > 0 ? { anyAuthorizerKey } : {}),
    watching,
  };
}

/**
 * Why each skipped function is: the reader's reasons are said without the function (`its Runtime is nodejs20.x; ...`),
 * dev's own (code missing at dev time) as its warning (`Fn is skipped: its CodeUri ...`), here both as the first.
 */
function skippedReasons(skipped: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(skipped).map(([id, why]) => [id, why.startsWith(`${id} is skipped: `) ? why.slice(`${id} is skipped: `.length) : why]));
}

/**
 * What only dev warns about: exec wrappers that do not run locally, and routes to a function with tenant isolation
 * that map no tenant id (Lambda needs one per invocation, which only a REST integration can map from the request:
 * lambda docs, tenant-isolation-invoke), whose requests Lambda refuses.
 */
export function devWarnings(loaded: LoadedProject, code: ReadonlyMap<string, LocalCode> = new Map()): Diagnostic[] {
  const tenants = loaded.project.functions.filter((fn) => fn.tenantIsolation).flatMap((fn): Diagnostic[] => {
    const untenanted = loaded.project.endpoints.flatMap((e) => e.routes.filter((r) => r.functionId === fn.id && !r.tenantIdFrom).map((r) => `${r.method} ${r.path}`));
    return untenanted.length === 0 ? [] : [{
      severity: 'warning',
      path: `${fn.source.path}.Properties.TenancyConfig`,
      message: `${fn.id} has tenant isolation, and ${untenanted.length === 1 ? 'its route' : 'its routes'} ${untenanted.join(', ')} ${untenanted.length === 1 ? 'maps' : 'map'} no tenant id (a REST method's integration.request.header.X-Amz-Tenant-Id): Lambda refuses ${untenanted.length === 1 ? 'its' : 'their'} invocations (InvalidParameterValueException), and so does dev`,
    }];
  });
  // serverless.yml's custom.serverless-offline: the settings dev does not honour, said as it starts.
  const offline = loaded.project.devDefaults?.diagnostics ?? [];
  return [...execWrapperWarnings(loaded, loaded.project.functions, (fn) => code.get(fn.id)), ...nestedLayerWarnings(loaded, loaded.project.functions, (fn) => code.get(fn.id)), ...tenants, ...offline];
}
