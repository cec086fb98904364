import { hasErrors, type Diagnostic } from '../../errors.js';
import { compileRoutes } from '../../routing/compile.js';
import { resolveIntrinsics, type CfnContext, type CfnResource, type LocalNote } from '../cfn/intrinsics.js';
import { parseCfnYaml } from '../cfn/yaml.js';
import { jsYamlPlainString } from './yaml-scalars.js';
import { FieldReader, isRecord } from '../fields.js';
import type { Project, Route } from '../project.js';
import { listenerDefaultAnswer } from '../sam/alb.js';
import { LOCAL_ACCOUNT_ID, type ParsedTemplate } from '../sam/template.js';
import { readServerlessApiKeys } from './api-keys.js';
import { withAuthorizers } from './auth.js';
import { buildServerlessEndpoints, withSkippedRoutes } from './endpoints.js';
import { serverlessWebSockets } from './websocket-apis.js';
import { packagedIndividually, readServerlessFunctions } from './functions.js';
import { layerExclusions, readServiceLayers } from './layers.js';
import { mergeListed, withoutEmptyFunctions } from './merge.js';
import { packageRules } from './package-rules.js';
import { functionLogicalId, withEventBuckets } from './s3-buckets.js';
import { customResourceTriggers } from '../sam/custom-resources.js';
import { cfnTriggers } from '../sam/cfn-triggers.js';
import { resolveVariables } from './variables/resolve.js';
import type { JsFileValues } from './variables/js-files.js';
import { withLiftWorkers } from './lift-queues.js';
import { WSGI_PLUGIN, withWsgiHandlers } from './wsgi.js';
import { LIFT_PLUGIN, listedPlugins, pluginWarnings } from './plugins.js';
import { OFFLINE_SETTINGS_PATH, offlineSettings } from './offline-settings.js';
import { dotenvPluginEnvironment } from './dotenv-plugin.js';
import { stageNotAccessible, stageRefused } from './dotenv.js';
import { notAStageName } from '../stage-name.js';

export interface ServerlessOptions {
  /** The file's path relative to the project, for messages. */
  readonly file: string;
  /** `--stage`: wins over provider.stage, and is `${opt:stage}`. */
  readonly stage?: string;
  /** `--region`: wins over provider.region, and is `${opt:region}`. */
  readonly region?: string;
  /** For `${env:NAME}`; pass the environment (and any .env the caller loaded) in, core never reads it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Other command-line options, for `${opt:name}`. */
  readonly cliOptions?: Readonly<Record<string, string>>;
  /** For `${file(...)}` (see VariableOptions.readFile). */
  readonly readFile?: (path: string) => string | undefined;
  /** For `${file(./x.js)}` (see VariableOptions.jsFiles). */
  readonly jsFiles?: JsFileValues;
  readonly jsFileWanted?: (path: string, address: string | undefined) => void;
  /** `${sls:instanceId}` (see VariableOptions.instanceId); without it, that variable cannot be known. */
  readonly instanceId?: string;
  /** `--param KEY=VALUE`s, for `${param:KEY}`. */
  readonly params?: Readonly<Record<string, string>>;
}

export interface ServerlessReadResult {
  readonly project?: Project;
  /** `resources.Resources` and the `s3` events' buckets as a CloudFormation template: what `--local-aws` creates, what `!Ref` names. */
  readonly template?: ParsedTemplate;
  readonly diagnostics: readonly Diagnostic[];
}

/** API Gateway stage names as the Framework checks them when there are `http` events: without stage-name.ts's 128-character limit, which only the deploy meets. */
const REST_STAGE = /^[-_a-zA-Z0-9]+$/;

/** Reads a Serverless Framework v3 `serverless.yml` into the project model; `project` is absent when there are errors. */
export function readServerlessYml(text: string, options: ServerlessOptions): ServerlessReadResult {
  const parsed = parseServerlessYml(text, options.file);
  return 'diagnostics' in parsed ? parsed : readServerlessConfig(parsed.value, options);
}

/** serverless.yml's YAML, parsed as the Framework parses it (js-yaml with CloudFormation's tags): its value, or why it is not one. */
export function parseServerlessYml(text: string, file: string): { value: unknown } | { diagnostics: Diagnostic[] } {
  const parsed = parseCfnYaml(text, { plainString: jsYamlPlainString });
  if (parsed.ok) return { value: parsed.value };
  return { diagnostics: parsed.problems.map((p) => ({ severity: 'error', file, path: `line ${p.line}, column ${p.column}`, message: p.message })) };
}

/**
 * Reads a Serverless Framework v3 configuration, as the file (serverless.yml, .json, .js, .ts) gave it and
 * before its variables are resolved, into the project model.
 */
export function readServerlessConfig(value: unknown, options: ServerlessOptions): ServerlessReadResult {
  const { file } = options;
  if (value === null || value === undefined) return { diagnostics: [{ severity: 'error', file, path: '', message: 'is empty: a serverless.yml needs at least service, provider and functions' }] };
  if (!isRecord(value)) return { diagnostics: [{ severity: 'error', file, path: '', message: 'is not a serverless.yml (expected a mapping at the top)' }] };

  const r = new FieldReader(file);
  const cli: Record<string, string> = { ...options.cliOptions };
  if (options.stage) cli.stage = options.stage;
  if (options.region) cli.region = options.region;
  const variables = {
    env: options.env, options: cli, ...(options.readFile ? { readFile: options.readFile } : {}), ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    ...(options.jsFiles ? { jsFiles: options.jsFiles } : {}), ...(options.jsFileWanted ? { jsFileWanted: options.jsFileWanted } : {}),
    ...(options.params ? { params: options.params } : {}),
  };
  // The Framework stops there, before the rest is resolved (which may find provider.stage circular).
  const stageLater = stageNotAccessible(value, variables);
  if (stageLater) {
    return { diagnostics: [{ severity: 'error', file, path: 'provider.stage', message: stageRefused('first', stageLater) }] };
  }
  const resolved = resolveVariables(value, variables, r);
  const merged = mergeListed(resolved, r);
  const config: Record<string, unknown> = { ...merged, functions: withoutEmptyFunctions(merged.functions) };
  const broken = new Set(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.path));

  const serviceValue = isRecord(config.service) ? config.service.name : config.service;
  const service = r.string(serviceValue, isRecord(config.service) ? 'service.name' : 'service');
  if (serviceValue === undefined) r.error('service', 'is required (the service name)');
  const provider = r.record(config.provider, 'provider') ?? {};
  if (config.provider === undefined) r.error('provider', 'is required, with name: aws');
  const providerName = r.string(provider.name, 'provider.name');
  if (providerName !== 'aws' && config.provider !== undefined) {
    r.error('provider.name', providerName === undefined ? 'is required: aws' : `is ${providerName}; pylambda runs AWS Lambda functions (name: aws)`);
  }
  const stage = cli.stage ?? r.string(provider.stage, 'provider.stage') ?? 'dev';
  const region = cli.region ?? r.string(provider.region, 'provider.region') ?? 'us-east-1';
  const stackName = r.string(provider.stackName, 'provider.stackName') ?? `${service ?? 'service'}-${stage}`;
  const lift = listedPlugins(config.plugins).includes(LIFT_PLUGIN) ? withLiftWorkers(config.functions, config.constructs, { stackName, region }, r) : undefined;
  if (lift) config.functions = lift.functions;
  const written = isRecord(config.resources) && isRecord(config.resources.Resources) ? config.resources.Resources : {};
  const resources = withEventBuckets({ ...lift?.resources, ...written }, config.functions, provider);
  // `TABLE: !Ref ItemsTable`: the Framework's schema allows CloudFormation intrinsics in environment values,
  // evaluated against resources.Resources as a SAM template's are (what cannot be known locally is said).
  const cfn: CfnContext = {
    parameters: {}, mappings: {}, resources: resources as Record<string, CfnResource>, region, accountId: LOCAL_ACCOUNT_ID,
    conditions: isRecord(config.resources) && isRecord(config.resources.Conditions) ? config.resources.Conditions : {},
    stackName,
  };
  withIntrinsics(provider, cfn, 'provider', r);
  for (const [name, fn] of Object.entries(isRecord(config.functions) ? config.functions : {})) if (isRecord(fn)) withIntrinsics(fn, cfn, `functions.${name}`, r);
  // serverless-dotenv-plugin's variables are set over provider.environment's (dotenv-plugin.ts).
  const dotenv = options.readFile ? dotenvPluginEnvironment(config, { env: options.env, readFile: options.readFile, ...(options.stage ? { stage: options.stage } : {}) }, r) : undefined;
  const environment = { ...r.environment(provider.environment, 'provider.environment'), ...dotenv };

  const pkg = isRecord(config.package) ? config.package : {};
  const serviceRules = packageRules(pkg, 'package', r);
  const layers = readServiceLayers(config.layers, serviceRules, r);
  const packagePatterns = { rules: [serviceRules, { excludes: layerExclusions(layers), includes: [] }], individually: pkg.individually === true };
  const artifact = r.string(pkg.artifact, 'package.artifact');
  const plugins = listedPlugins(config.plugins);
  const requirementsPlugin = plugins.includes('serverless-python-requirements');
  const pythonModules = packagePatterns.individually && requirementsPlugin;
  const requirementsFile = requirementsPlugin ? pythonRequirements(config.custom, r) : undefined;
  const read = readServerlessFunctions(config.functions, {
    service: service ?? 'service', stage, region, provider, environment, resources, layers, packagePatterns, pythonModules,
    ...(artifact ? { artifact } : {}), ...(requirementsFile ? { requirementsFile } : {}),
  }, r);
  const functions = plugins.includes(WSGI_PLUGIN) ? withWsgiHandlers(read.functions, config.custom, r) : read.functions;
  if (config.functions === undefined) r.warn('functions', 'is empty: there is nothing to run');
  pluginWarnings(config, lift?.workers ?? [], r);
  unappliedWarnings(config, r);
  const claims = withAuthorizers(read.claims, { functions, skipped: read.skipped, provider }, r);
  const template: ParsedTemplate = { raw: { Resources: resources }, resources: resources as Record<string, CfnResource>, globals: {}, context: cfn };
  const listenerDefault = (id: string): Route | undefined => {
    const at = `resources.Resources.${id}.Properties.DefaultActions`;
    const albAnswer = listenerDefaultAnswer(template, id, at, r);
    return albAnswer && { method: 'ANY', path: '*', functionId: '', albAnswer, source: { file: r.file, path: at } };
  };
  const endpoints = withSkippedRoutes(buildServerlessEndpoints(claims, provider, stage, r, listenerDefault), read.skippedClaims, read.skipped);
  if (endpoints.some((e) => e.kind === 'rest') && !REST_STAGE.test(stage)) {
    r.error('provider.stage', notAStageName(stage));
  }
  const apiKeys = readServerlessApiKeys(provider, r);
  const webSockets = serverlessWebSockets(functions, provider, { service: service ?? 'service', stage }, r);
  const routing = endpoints.flatMap((e) => compileRoutes(e).diagnostics);
  const all = dedupe([...r.diagnostics, ...read.diagnostics, ...routing], broken);
  if (hasErrors(all)) return { diagnostics: all };
  // A resource of resources.Resources that names a function of the service by the Framework's logical id
  // (`Fn::GetAtt: [HelloLambdaFunction, Arn]`) is one of its triggers, as in a CloudFormation template: an SES
  // receipt rule, a user pool's LambdaConfig, an event source mapping, ..., a custom resource (by its ARN too).
  // Not the buckets the s3 events add, whose notifications are those events.
  const own = { resources: written, resolve: (value: unknown) => resolveIntrinsics(value, cfn) };
  const served = functions.map((f) => {
    const id = functionLogicalId(f.id);
    return { ...f, events: [...f.events, ...cfnTriggers(own, id, r), ...customResourceTriggers(template, id, f.name)] };
  });
  const skipped = Object.keys(read.skipped).length > 0 ? { skipped: read.skipped } : {};
  const keys = apiKeys.length > 0 ? { apiKeys } : {};
  const { diagnostics: offlineSaid, ...listen } = offlineSettings(config.custom, file);
  const devDefaults = Object.keys(listen).length > 0 || offlineSaid.length > 0 ? { devDefaults: { from: OFFLINE_SETTINGS_PATH, ...listen, diagnostics: offlineSaid } } : {};
  return { project: { style: 'serverless', configFile: file, functions: served, ...skipped, endpoints, ...(webSockets.length > 0 ? { webSockets } : {}), ...keys, region, ...devDefaults }, template, diagnostics: all };
}

/**
 * Environment values written as intrinsics (`{Ref: X}`, `{'Fn::GetAtt': [...]}`) evaluated in place, with a warning
 * where the local value is not the deployed one (intrinsics.ts LocalNote).
 */
function withIntrinsics(holder: Record<string, unknown>, ctx: CfnContext, at: string, r: FieldReader): void {
  if (!isRecord(holder.environment)) return;
  const env: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(holder.environment)) {
    const intrinsic = isRecord(value) && Object.keys(value).length === 1 && /^(Ref|Fn::\w+)$/.test(Object.keys(value)[0]!);
    const notes: LocalNote[] = [];
    env[key] = intrinsic ? resolveIntrinsics(value, ctx, notes) : value;
    for (const note of notes) r.warn(`${at}.environment.${key}`, note.message);
  }
  holder.environment = env;
}

/** What serverless.yml may say that pylambda does not apply: said, rather than silently ignored. */
function unappliedWarnings(config: Record<string, unknown>, r: FieldReader): void {
  const functions = Object.entries(isRecord(config.functions) ? config.functions : {});
  const individually = isRecord(config.package) && config.package.individually === true;
  for (const [name, fn] of functions) {
    if (!isRecord(fn) || !isRecord(fn.package) || packagedIndividually(individually, fn.package)) continue;
    for (const key of ['patterns', 'include', 'exclude']) {
      if (fn.package[key] !== undefined) r.warn(`functions.${name}.package.${key}`, 'applies only with package.individually: true (the service\'s or the function\'s), as in the Framework');
    }
  }
}

/** serverless-python-requirements' settings that change the artifact, and what pylambda package does instead (docs/package.md). */
const NOT_APPLIED: Readonly<Record<string, string>> = {
  zip: 'the requirements go into the function\'s zip unzipped, ready to import (no unzip_requirements step)',
  slim: 'it prunes by its own rules (tests/, *.pyi, other Pythons\' __pycache__), keeps *.dist-info and strips no .so',
  layer: 'the requirements go into each function\'s zip; pylambda package --layer builds them as a layer instead',
  noDeploy: 'every requirement is installed; pylambda package --exclude-boto3 leaves out boto3 and botocore, which Lambda\'s runtime has',
  usePoetry: 'it reads requirements.txt, else pyproject.toml with its uv.lock, else Pipfile.lock; not poetry.lock',
  usePipenv: 'it reads requirements.txt, else pyproject.toml with its uv.lock, else Pipfile.lock\'s [default] packages (pipenv is not run)',
  vendor: 'the vendor directory\'s files are not added: put them in the function\'s code directory',
};

/**
 * serverless-python-requirements' settings (its README, "Options"): `fileName` names the requirements file
 * pylambda installs from; those that change the artifact in ways pylambda does not are said.
 */
function pythonRequirements(custom: unknown, r: FieldReader): string | undefined {
  const settings = isRecord(custom) && isRecord(custom.pythonRequirements) ? custom.pythonRequirements : {};
  const at = 'custom.pythonRequirements';
  for (const [key, instead] of Object.entries(NOT_APPLIED)) {
    const value = settings[key];
    if (value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0)) r.warn(`${at}.${key}`, `is not applied by pylambda package: ${instead}`, 'package');
  }
  const fileName = r.string(settings.fileName, `${at}.fileName`);
  return fileName && fileName !== 'requirements.txt' ? fileName.replace(/^\.\/+/, '') : undefined;
}

/**
 * One message per problem: settings shared through provider are checked once per function, and a value
 * whose variable failed is not reported again by the reader that found it empty.
 */
function dedupe(diagnostics: readonly Diagnostic[], broken: ReadonlySet<string>): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.severity} ${d.path} ${d.message}`;
    if (seen.has(key)) continue;
    if (broken.has(d.path) && seen.has(`path ${d.path}`)) continue;
    seen.add(key);
    seen.add(`path ${d.path}`);
    out.push(d);
  }
  return out;
}
