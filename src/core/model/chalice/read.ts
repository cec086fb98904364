import { hasErrors, type Diagnostic } from '../../errors.js';
import { jsonMessage, jsonPosition } from '../../json-position.js';
import { MAX_MINIMUM_COMPRESSION_SIZE, isMinimumCompressionSize } from '../../events/http/compression.js';
import { compileRoutes } from '../../routing/compile.js';
import { describe, FieldReader, isRecord } from '../fields.js';
import type { FunctionModel, Project } from '../project.js';
import { DEFAULT_ROUTE_SELECTION, type WebSocketApi } from '../websocket-api.js';
import { notAStageName, STAGE_NAME } from '../stage-name.js';
import type { ChaliceAppInfo } from './app-info.js';
import { CHALICE_DEFAULTS, ChaliceConfig, pythonTruthy, type Found } from './config.js';
import { apiEvents, chaliceEndpoint } from './endpoint.js';
import { chaliceFunction, chaliceFunctionSpecs } from './functions.js';
import { chaliceRuntime } from './runtime.js';
import { checkEndpointType } from './endpoint-type.js';
import { checkSettings } from './settings.js';

export interface ChaliceOptions {
  /** config.json's path relative to the project, for messages (`.chalice/config.json`). */
  readonly file: string;
  /** `--stage`; Chalice's default is dev. */
  readonly stage?: string;
  /** The project's Python (`3.12.4`), when the app could not report the runtime Chalice would pick. */
  readonly pythonVersion?: string;
  /** The module attribute holding the Chalice app (Chalice deploys `app.app`). */
  readonly attribute?: string;
  readonly appFile?: string;
}

export interface ChaliceReadResult {
  /** Absent when there are errors. */
  readonly project?: Project;
  readonly stage: string;
  /** `api_gateway_policy_file`, which `chalice deploy` reads from .chalice/ for the app's REST API (when it has routes). */
  readonly apiPolicyFile?: Found;
  readonly diagnostics: readonly Diagnostic[];
}

export interface PreparedChalice {
  readonly stage: string;
  /**
   * The variables `chalice deploy` sets before it imports app.py (cli/factory.py: `config.environment_variables`
   * of the unscoped config, whose function is api_handler), so an app that reads its settings at import works.
   */
  readonly importEnvironment: Readonly<Record<string, string>>;
  /** The API handler's deployed name (`<app_name>-<stage>`) when config.json names the app: an --env-vars section may use it. */
  readonly apiHandlerName?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** What is needed before the app is imported: the stage and its variables, or the config's errors. */
export function prepareChaliceConfig(text: string, options: ChaliceOptions): PreparedChalice {
  const r = new FieldReader(options.file);
  const stage = options.stage ?? CHALICE_DEFAULTS.stage;
  const config = parseConfig(text, stage, options.stage !== undefined, r);
  const importEnvironment = config ? config.stringEnvironment(CHALICE_DEFAULTS.apiHandler, r).values : {};
  const appName = config?.topLevel('app_name')?.value;
  return { stage, importEnvironment, ...(typeof appName === 'string' ? { apiHandlerName: `${appName}-${stage}` } : {}), diagnostics: r.diagnostics };
}

/** Reads `.chalice/config.json` and what the app defines into the project model. */
export function readChaliceProject(configText: string, app: ChaliceAppInfo, options: ChaliceOptions): ChaliceReadResult {
  const cr = new FieldReader(options.file);
  const appFile = options.appFile ?? 'app.py';
  const ar = new FieldReader(appFile);
  const stage = options.stage ?? CHALICE_DEFAULTS.stage;
  const config = parseConfig(configText, stage, options.stage !== undefined, cr);
  if (!config) return { stage, diagnostics: cr.diagnostics };

  const nameFound = config.topLevel('app_name');
  let appName = nameFound ? cr.string(nameFound.value, nameFound.path) : undefined;
  if (!nameFound) {
    cr.warn('app_name', `is not set; Chalice names the deployed functions after it (<app_name>-${stage}), so the app's own app_name '${app.app_name}' is used`);
  }
  appName ??= app.app_name;
  const stageFound = config.perStage('api_gateway_stage');
  const apiStage = (stageFound ? cr.string(stageFound.value, stageFound.path) : undefined) ?? CHALICE_DEFAULTS.apiGatewayStage;
  if (app.routes.length > 0 && !STAGE_NAME.test(apiStage)) {
    cr.error(stageFound?.path ?? 'api_gateway_stage', notAStageName(apiStage));
  }

  checkIamRole(config, cr);
  checkSettings(config.top, app.chalice_version ? `Chalice ${app.chalice_version}` : 'Chalice', cr);
  const minimumCompressionSize = compressionSize(config.perStage('minimum_compression_size'), cr);
  const { policy: policyFile, endpointType } = checkEndpointType(config, cr);
  const endpoint = chaliceEndpoint(app.routes, { stage: apiStage, binaryTypes: app.binary_types, appFile, functions: app.functions, ...(minimumCompressionSize === undefined ? {} : { minimumCompressionSize }), ...(endpointType ? { endpointType } : {}) }, ar);
  const specs = chaliceFunctionSpecs(app, options.attribute ?? 'app', apiEvents(endpoint), { appName, stage });
  checkApp(app, specs.map((s) => s.name), ar);
  const pythonVersion = options.pythonVersion ?? app.python_version;
  const runtime = app.lambda_python_version ?? chaliceRuntime(pythonVersion);
  const ctx = { config, appName, stage, runtime, runtimeFrom: `chosen by Chalice for Python ${pythonVersion}`, appFile };
  const built = specs.map((spec) => chaliceFunction(spec, ctx, cr));

  const names = new Set(specs.map((s) => s.name));
  for (const { name, path } of config.configuredFunctions()) {
    if (!names.has(name)) cr.warn(path, `names no Lambda function of ${appFile} (its functions: ${[...names].join(', ') || 'none'})`);
  }
  for (const path of config.ignoredEnvironments()) {
    cr.warn(path, `is not applied: Chalice merges environment_variables from the top level, stages.${stage} and stages.${stage}.lambda_functions.<name> only; move them to stages.<stage>.lambda_functions.<name>`);
  }
  const routing = endpoint ? compileRoutes(endpoint).diagnostics : [];
  const diagnostics = dedupe([...cr.diagnostics, ...ar.diagnostics, ...built.flatMap((b) => b.diagnostics), ...routing]);
  if (hasErrors(diagnostics)) return { stage, diagnostics };
  const functions = built.map((b) => b.model);
  const webSocket = chaliceWebSocketApi(functions, `${appName}-${stage}-websocket-api`, apiStage);
  const project: Project = {
    style: 'chalice',
    configFile: options.file,
    functions,
    endpoints: endpoint ? [endpoint] : [],
    ...(webSocket ? { webSockets: [webSocket] } : {}),
    ...automaticLayer(config),
  };
  return { project, stage, diagnostics, ...(policyFile && endpoint ? { apiPolicyFile: policyFile } : {}) };
}

/**
 * The app's WebSocket API as `chalice deploy` makes it (deploy/appgraph.py `_create_websocket_api_model`, awsclient.py):
 * `WebsocketAPI`, routes `$connect`, `$disconnect` and `$default` to websocket_connect, websocket_disconnect and
 * websocket_message, selected by `$request.body.action`, on api_gateway_stage. Its routes have a
 * RouteResponseSelectionExpression but no RouteResponse, so a handler's return value is never sent to the client.
 */
function chaliceWebSocketApi(functions: readonly FunctionModel[], name: string, stage: string): WebSocketApi | undefined {
  const routes = functions.flatMap((fn) => fn.events.flatMap((e) => {
    const ws = e.kind === 'other' ? e.details?.webSocket : undefined;
    return ws ? [{ routeKey: ws.routeKey, functionId: fn.id, source: fn.source }] : [];
  }));
  if (routes.length === 0) return undefined;
  return { id: 'WebsocketAPI', name, stage, routeSelectionExpression: DEFAULT_ROUTE_SELECTION, routes, source: routes[0]!.source };
}

/**
 * `minimum_compression_size`, which `chalice deploy` gives the REST API as its minimumCompressionSize; checked as
 * chalice/deploy/validate.py `validate_minimum_compression_size` checks it, with its messages.
 */
function compressionSize(found: Found | undefined, r: FieldReader): number | undefined {
  if (!found) return undefined;
  const { value, path } = found;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    r.error(path, `'minimum_compression_size' must be an int (Chalice refuses to deploy it), not ${describe(value)}`);
    return undefined;
  }
  if (!isMinimumCompressionSize(value)) {
    r.error(path, `'minimum_compression_size' must be equal to or greater than 0 and less than or equal to ${MAX_MINIMUM_COMPRESSION_SIZE} (Chalice refuses to deploy ${value})`);
    return undefined;
  }
  return value;
}

/**
 * `automatic_layer` (config.py: per stage, not per function): chalice deploy puts the requirements in a managed layer
 * shared by every function, and the app's code alone in the functions' zip. Chalice tests it as Python does (`if
 * config.automatic_layer`), so any true value counts.
 */
function automaticLayer(config: ChaliceConfig): Pick<Project, 'dependencyLayer'> {
  const found = config.perStage('automatic_layer');
  return found && pythonTruthy(found.value) ? { dependencyLayer: { from: `${found.path}` } } : {};
}

/**
 * deploy/validate.py `_validate_manage_iam_role`, on the stage's settings (the config it validates names no function):
 * a role Chalice does not manage must be given. Only deploying needs it, so locally this is a warning.
 */
function checkIamRole(config: ChaliceConfig, r: FieldReader): void {
  const manage = config.perStage('manage_iam_role');
  if (!manage || manage.value !== false || config.perStage('iam_role_arn')?.value) return;
  r.warn(manage.path, "is false without an iam_role_arn: chalice deploy refuses it (\"When 'manage_iam_role' is set to false, you must provide an 'iam_role_arn' in config.json.\"); give the ARN of the role the functions run as");
}

/** JSON, a known config version, and the stage: an explicit stage must exist (the default may be absent). */
function parseConfig(text: string, stage: string, explicit: boolean, r: FieldReader): ChaliceConfig | undefined {
  let top: unknown;
  try {
    top = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    r.error(jsonPosition(message, text), `is not valid JSON: ${jsonMessage(message)}`);
    return undefined;
  }
  if (!isRecord(top)) {
    r.error('', 'must be a JSON object (for example {"version": "2.0", "app_name": "myapp", "stages": {"dev": {}}})');
    return undefined;
  }
  // cli/factory.py _validate_config_from_disk: float(version), at most 2.0.
  const version = top.version ?? '1.0';
  const number = typeof version === 'number' ? version : typeof version === 'string' && version.trim() !== '' ? Number(version) : Number.NaN;
  if (Number.isNaN(number) || number > 2) {
    r.error('version', `${JSON.stringify(version)} is not a config version Chalice knows (1.0 or 2.0)`);
    return undefined;
  }
  const stages = isRecord(top.stages) ? top.stages : undefined;
  if (explicit && !(stages && Object.hasOwn(stages, stage))) {
    const known = stages ? Object.keys(stages) : [];
    const list = known.length ? `its stages are ${known.join(', ')}` : 'it defines no stages';
    r.error('stages', `has no stage '${stage}' (${list}); chalice deploy --stage ${stage} would start one from the top-level settings: add "${stage}": {} under stages to do that here`);
    return undefined;
  }
  return new ChaliceConfig(top, stage, r);
}

/** What chalice/deploy/validate.py refuses at deploy, and what pylambda dev cannot serve. */
function checkApp(app: ChaliceAppInfo, names: readonly string[], r: FieldReader): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      const why = name === CHALICE_DEFAULTS.apiHandler ? `: ${name} is the function Chalice creates for the routes` : '';
      r.error(`function ${name}`, `Duplicate function name detected: names must be unique across all Lambda functions of a Chalice app${why}`);
    }
    seen.add(name);
  }
  for (const fn of app.functions) {
    // validate_sqs_configuration: the queue is a name, not a URL or ARN (queue_arn takes an ARN).
    if (fn.kind === 'sqs' && fn.queue && /^(https:|arn:)/.test(fn.queue)) {
      r.error(`function ${fn.name}`, `on_sqs_message(queue=...) must be the queue's name, not its URL or ARN (use queue_arn= for an ARN): ${fn.queue}`);
    }
  }
  if (app.missing_feature_flags.length > 0) {
    const flags = app.missing_feature_flags.join(', ');
    r.warn('app.experimental_feature_flags', `the app uses ${flags} without opting in (app.experimental_feature_flags.update([...])); chalice deploy refuses it`);
  }
}

/** Settings shared by several functions are checked once per function: one message per problem. */
function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.severity} ${d.file} ${d.path} ${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
