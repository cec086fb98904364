import { uniqueDiagnostics, type Diagnostic } from '../../errors.js';
import { Unresolved, resolveIntrinsics, type LocalNote } from '../cfn/intrinsics.js';
import { FieldReader, isRecord } from '../fields.js';
import { readLoggingConfig } from '../logging-config.js';
import { mistypedPythonRuntime } from '../limits.js';
import { FUNCTION_DEFAULTS, functionLabel, type Architecture, type CdkName, type FunctionModel, type LayerModel } from '../project.js';
import { validateFunction, type FieldPaths } from '../validate.js';
import { assetPath, cdkName } from './cdk-assets.js';
import { triggersWithAlias } from './alias-qualifier.js';
import { appSyncTriggers } from './appsync.js';
import { cfnTriggers } from './cfn-triggers.js';
import { customResourceTriggers } from './custom-resources.js';
import { readEvents, type RawEvents } from './events.js';
import { functionAsyncInvoke, withEventInvokeConfigs } from './event-invoke-config.js';
import { withQualifiers } from './function-qualifiers.js';
import { propertyPath, resourceProperties, type ParsedTemplate } from './template.js';

/**
 * Every Python `AWS::Serverless::Function` of a template, and every plain `AWS::Lambda::Function` whose
 * `Code` is a local directory or a CDK asset (as SAM CLI runs them), validated against Lambda's limits, and the functions
 * pylambda leaves out (by id: why), each also said in a warning.
 */
export function readSamFunctions(template: ParsedTemplate, file: string): { functions: FunctionModel[]; skipped: Record<string, string>; skippedCdk: Record<string, CdkName>; diagnostics: Diagnostic[] } {
  const reader = new FieldReader(file);
  const functions: FunctionModel[] = [];
  const skipped: Record<string, string> = {};
  const skippedCdk: Record<string, CdkName> = {};
  const diagnostics: Diagnostic[] = [];
  for (const [id, resource] of Object.entries(template.resources)) {
    if (resource.Type !== 'AWS::Serverless::Function' && resource.Type !== 'AWS::Lambda::Function') continue;
    const fn = readFunction(template, id, reader, resource.Type === 'AWS::Lambda::Function' ? 'cfn' : 'sam');
    if (!('model' in fn)) {
      if (fn.skipped) skipped[id] = fn.skipped;
      const cdk = cdkName(resource);
      if (fn.skipped && cdk) skippedCdk[id] = cdk;
      continue;
    }
    functions.push(fn.model);
    diagnostics.push(...validateFunction(fn.model, fn.paths, file));
  }
  const configured = withQualifiers(template, withEventInvokeConfigs(template, functions, reader), reader);
  return { functions: configured, skipped, skippedCdk, diagnostics: uniqueDiagnostics([...reader.diagnostics, ...diagnostics]) };
}

/** A function pylambda leaves out, with why (absent when the reason is an error already reported). */
type Read = { model: FunctionModel; paths: FieldPaths } | { skipped?: string };

function readFunction(template: ParsedTemplate, id: string, r: FieldReader, kind: 'sam' | 'cfn'): Read {
  // Globals apply to SAM's resources only.
  const globals = kind === 'sam' ? 'Function' : '';
  const notes: LocalNote[] = [];
  const props = resourceProperties(template, id, globals || undefined, notes);
  const path = (key: string) => propertyPath(template, id, globals, key);
  const base = `Resources.${id}`;
  // A CDK app's function is named by its construct path too, as in the list of functions: its logical id says little.
  const cdk = cdkName(template.resources[id]);
  const label = functionLabel({ id, ...(cdk ? { cdk } : {}) });
  const it = cdk ? label : 'it';
  const skip = (at: string, message: string, reason: string): Read => {
    r.warn(at, message);
    return { skipped: reason };
  };

  if (props.PackageType === 'Image') {
    return skip(base, `is a container image function (PackageType: Image), which sam local runs in Docker; pylambda runs no containers, only zip functions in local Python, so ${it} is skipped`, 'it is a container image function (PackageType: Image), which sam local runs in Docker; pylambda runs no containers, only zip functions in local Python');
  }
  const runtime = r.string(props.Runtime, path('Runtime'));
  if (runtime === undefined) {
    r.error(path('Runtime'), 'is required (for example python3.12)');
    return {};
  }
  const mistyped = mistypedPythonRuntime(runtime);
  if (mistyped) {
    r.error(path('Runtime'), mistyped);
    return {};
  }
  if (!runtime.startsWith('python')) {
    return skip(path('Runtime'), `is ${runtime}; pylambda runs Python functions only, so ${label} is skipped`, `its Runtime is ${runtime}; pylambda runs Python functions only`);
  }
  const code = kind === 'sam' ? 'CodeUri' : 'Code';
  const inline = inlineCode(props, kind, path, r);
  if (inline instanceof Unresolved) {
    return skip(inlinePath(kind, path), `${inline.reason}, so its source cannot be written locally and ${it} is skipped`, `its inline code cannot be resolved locally (${inline.reason})`);
  }
  if (inline === null) return {};
  if (inline === undefined && kind === 'cfn' && props.Code === undefined) {
    r.error(path('Code'), 'is required: a local directory, as `aws cloudformation package` and SAM CLI read it (for example Code: src/)');
    return {};
  }
  // A CDK app's code: its S3 location is where `cdk deploy` uploads the asset, which is a directory in cdk.out here.
  const asset = assetPath(template.resources[id], code);
  // SAM CLI's build does the same: "has specified S3 location for CodeUri. It will not be built", and
  // deploys that zip as it is; one such function must not stop the others.
  const s3 = asset === undefined && inline === undefined ? s3Location(props[code]) : undefined;
  if (s3 !== undefined) {
    return skip(path(code), `is in S3 (${s3}): SAM deploys that zip as it is, and pylambda builds and runs code from a local directory only, so ${label} is skipped`,
      `its ${code} is in S3 (${s3}); pylambda builds and runs code from a local directory only`);
  }
  const codeUri = inline === undefined ? asset ?? r.string(props[code], path(code)) ?? '.' : '.';
  const architecture = architectureOf(props.Architectures, path('Architectures'), r);
  if (props.DurableConfig !== undefined) {
    // A durable function's invocations carry the execution's checkpoint state, which the durable execution SDK
    // reads first (it fails with "Unexpected payload provided to start the durable execution" without it).
    r.warn(path('DurableConfig'), 'durable executions are not emulated: the handler receives the plain event, without the checkpoint state Lambda sends a durable function');
  }
  const mounts = (Array.isArray(props.FileSystemConfigs) ? props.FileSystemConfigs : []).flatMap((c) => (isRecord(c) && typeof c.LocalMountPath === 'string' ? [c.LocalMountPath] : []));
  if (mounts.length > 0) {
    // Lambda mounts an EFS access point there (always under /mnt/); nothing is mounted on this machine.
    r.warn(path('FileSystemConfigs'), `EFS is not mounted locally: ${mounts.join(', ')} ${mounts.length === 1 ? 'is' : 'are'} not the file system here, so the function's reads and writes there fail or reach this machine's own ${mounts.length === 1 ? 'directory' : 'directories'}`);
  }
  if (props.CapacityProviderConfig !== undefined) {
    // Lambda Managed Instances run several invocations in one environment at once; for Python, one process per
    // invocation that shares /tmp with the others (docs: "Python runtime for Lambda Managed Instances").
    r.warn(path('CapacityProviderConfig'), 'Lambda Managed Instances are not emulated: on them one execution environment runs several invocations at once (Python: a process each, sharing /tmp, up to PerExecutionEnvironmentMaxConcurrency), while pylambda runs this function as an on-demand one, one invocation per environment, each with its own /tmp');
  }
  for (const note of environmentNotes(notes, path)) r.warn(note.path, note.message);
  const logging = readLoggingConfig(r.record(props.LoggingConfig, path('LoggingConfig')) ?? {}, path('LoggingConfig'), r);
  const environment = r.record(props.Environment, path('Environment'));
  const reserved = r.integer(props.ReservedConcurrentExecutions, path('ReservedConcurrentExecutions'));
  const tenancy = r.record(props.TenancyConfig, path('TenancyConfig'));
  const model: FunctionModel = {
    id,
    name: functionName(props.FunctionName, id, path('FunctionName'), r),
    handler: r.string(props.Handler, path('Handler')) ?? '',
    codeUri,
    ...(inline === undefined ? {} : { inlineCode: inline }),
    runtime,
    architecture,
    memorySize: r.integer(props.MemorySize, path('MemorySize')) ?? FUNCTION_DEFAULTS.memorySize,
    timeout: r.integer(props.Timeout, path('Timeout')) ?? FUNCTION_DEFAULTS.timeout,
    environment: r.environment(environment?.Variables, `${path('Environment')}.Variables`),
    ...(reserved === undefined ? {} : { reservedConcurrency: reserved }),
    ...functionAsyncInvoke(props, path, r),
    ...(tenancy?.TenantIsolationMode === 'PER_TENANT' ? { tenantIsolation: true as const } : {}),
    ...(props.Tracing === 'Active' || (isRecord(props.TracingConfig) && props.TracingConfig.Mode === 'Active') ? { tracing: 'Active' as const } : {}),
    ...logging,
    // A plain function's triggers are resources of their own (event source mappings, rules, notifications, custom resources); an
    // AppSync resolver is one for either kind.
    events: [
      ...(kind === 'sam' ? triggersWithAlias(readEvents(props.Events, `${base}.Properties.Events`, id, r, rawEvents(template, id)), template, id) : []),
      ...cfnTriggers(rawEvents(template, id).lookup, id, r),
      ...appSyncTriggers(template.resources, id),
      ...customResourceTriggers(template, id),
    ],
    ...layersOf(template, props.Layers, path('Layers'), r),
    ...ownBuild(template.resources[id]),
    ...(cdk ? { cdk } : {}),
    ...(asset === undefined ? {} : { codeAsset: true as const }),
    source: { file: r.file, path: base },
  };
  const paths: FieldPaths = {
    handler: path('Handler'),
    runtime: path('Runtime'),
    memorySize: path('MemorySize'),
    timeout: path('Timeout'),
    environment: `${path('Environment')}.Variables`,
    reservedConcurrency: path('ReservedConcurrentExecutions'),
    architecture: path('Architectures'),
    codeUri: path(code),
    layers: path('Layers'),
  };
  return { model, paths };
}

/**
 * The source of a function written in the template (SAM's `InlineCode`, `Code.ZipFile` of a plain function), which
 * Lambda runs as `index.py` (CloudFormation docs, AWS::Lambda::Function Code, ZipFile: "the function is named index");
 * undefined when its code is elsewhere, null when it is not text (an error said).
 */
function inlineCode(props: Record<string, unknown>, kind: 'sam' | 'cfn', path: (key: string) => string, r: FieldReader): string | Unresolved | undefined | null {
  const value = kind === 'sam' ? props.InlineCode : isRecord(props.Code) ? props.Code.ZipFile : undefined;
  if (value === undefined || value instanceof Unresolved) return value;
  return r.string(value, inlinePath(kind, path)) ?? null;
}

function inlinePath(kind: 'sam' | 'cfn', path: (key: string) => string): string {
  return kind === 'sam' ? path('InlineCode') : `${path('Code')}.ZipFile`;
}

/**
 * The function's one architecture. Lambda takes exactly one (CreateFunction: "Fixed number of 1 item"), and SAM
 * CLI refuses more ("property Architectures should be a list of length 1"); a function's list replaces the
 * Globals' one (mergeGlobals).
 */
function architectureOf(value: unknown, path: string, r: FieldReader): Architecture {
  const list = r.list(value, path);
  if (!list) return FUNCTION_DEFAULTS.architecture;
  if (list.length !== 1) {
    r.error(path, `Lambda takes exactly one architecture, got ${list.length}${list.length > 0 ? ` (${list.map(String).join(', ')})` : ''}`);
    return FUNCTION_DEFAULTS.architecture;
  }
  return String(list[0]) as Architecture;
}

/**
 * The notes on the function's environment variables, by variable: what the code gets locally is not what it
 * would get deployed (a generated id, a type whose Ref pylambda does not know). Other properties are not used
 * locally, or read by logical id on purpose (Layers, an event's RestApiId), so their notes are not said.
 */
function environmentNotes(notes: readonly LocalNote[], path: (key: string) => string): LocalNote[] {
  const prefix = 'Environment.Variables.';
  return notes.filter((n) => n.path.startsWith(prefix)).map((n) => ({ path: `${path('Environment')}.Variables.${n.path.slice(prefix.length)}`, message: n.message }));
}

/**
 * Its FunctionName, else its logical id. Locally the name only feeds AWS_LAMBDA_FUNCTION_NAME and the log group,
 * so a name that cannot be known here (a parameter without a value) falls back to the id rather than stop the project.
 */
function functionName(value: unknown, id: string, path: string, r: FieldReader): string {
  if (value instanceof Unresolved) {
    r.warn(path, `${value.reason}; locally the function is named ${id} (its AWS_LAMBDA_FUNCTION_NAME and log group)`);
    return id;
  }
  return r.string(value, path) ?? id;
}

/** A build of its own (`Metadata: { BuildMethod: makefile }`); a python3.x BuildMethod is sam build's default one. */
function ownBuild(resource: unknown): { buildMethod?: string } {
  const metadata = isRecord(resource) && isRecord(resource.Metadata) ? resource.Metadata : {};
  const method = metadata.BuildMethod;
  return typeof method === 'string' && !/^python3\.\d+$/.test(method) ? { buildMethod: method } : {};
}

/** `s3://bucket/key.zip`, `{ Bucket, Key, Version }` or `{ S3Bucket, S3Key }`: code taken from S3 (the location, for messages). */
function s3Location(value: unknown): string | undefined {
  if (typeof value === 'string') return /^s3:\/\//i.test(value) ? value : undefined;
  if (!isRecord(value)) return undefined;
  // AWS::Lambda::Function's Code names them S3Bucket and S3Key.
  const bucket = value.Bucket ?? value.S3Bucket;
  const key = value.Key ?? value.S3Key;
  return typeof bucket === 'string' && typeof key === 'string' ? `s3://${bucket}/${key}` : 'Bucket and Key';
}

/**
 * The function's layers that live in the template (`!Ref MyLayer` to an AWS::Serverless::LayerVersion
 * with a local ContentUri), in order, and the others as written. A layer given by ARN, or whose content is in
 * S3, is in AWS only: its modules are missing locally.
 */
function layersOf(template: ParsedTemplate, value: unknown, path: string, r: FieldReader): { layers?: LayerModel[]; externalLayers?: string[] } {
  const list = r.list(value, path);
  if (!list) return {};
  const layers: LayerModel[] = [];
  const external: string[] = [];
  list.forEach((entry, i) => {
    const at = `${path}[${i}]`;
    const id = typeof entry === 'string' ? entry : undefined;
    const resource = id === undefined ? undefined : template.resources[id];
    if (!resource || (resource.Type !== 'AWS::Serverless::LayerVersion' && resource.Type !== 'AWS::Lambda::LayerVersion')) {
      // A parameter with no value (a layer ARN the deployer passes) says which one it is.
      r.warn(at, entry instanceof Unresolved ? `${entry.reason}: this layer's modules are not available locally` : `${typeof entry === 'string' ? `'${entry}'` : 'this layer'} is not a layer of this template: its modules are not available locally`);
      external.push(typeof entry === 'string' ? entry : entry instanceof Unresolved ? `a layer whose ARN is not known here (${entry.reason})` : JSON.stringify(entry));
      return;
    }
    const props = resourceProperties(template, id!);
    const asset = assetPath(resource, resource.Type === 'AWS::Lambda::LayerVersion' ? 'Content' : 'ContentUri');
    const content = asset ?? props.ContentUri ?? (isRecord(props.Content) ? undefined : props.Content);
    // `ContentUri: s3://bucket/layer.zip` is a string too, and no directory here.
    if (typeof content !== 'string' || /^s3:\/\//i.test(content)) {
      r.warn(at, `layer ${id} has no local ContentUri: its modules are not available locally`);
      external.push(`${id} (its content is in S3)`);
      return;
    }
    // SAM CLI reads how to build a layer from its Metadata (docs: "Building Lambda layers").
    const raw = (resource as { readonly Metadata?: unknown }).Metadata;
    const metadata = isRecord(raw) ? raw : {};
    layers.push({
      id: id!,
      contentUri: content,
      ...(typeof metadata.BuildMethod === 'string' ? { buildMethod: metadata.BuildMethod } : {}),
      ...(typeof metadata.BuildArchitecture === 'string' ? { buildArchitecture: metadata.BuildArchitecture } : {}),
      ...(asset === undefined ? {} : { contentAsset: true as const }),
      source: { file: r.file, path: `Resources.${id}` },
    });
  });
  return { ...(layers.length > 0 ? { layers } : {}), ...(external.length > 0 ? { externalLayers: external } : {}) };
}

function rawEvents(template: ParsedTemplate, id: string): RawEvents {
  const props = template.resources[id]?.Properties;
  return {
    events: isRecord(props) ? props.Events : undefined,
    lookup: { resources: template.resources, resolve: (value) => resolveIntrinsics(value, template.context) },
  };
}
