import { errorMessageOf, handlerMeantOf, type HandlerMeant } from './handler-meant.js';
import { UserError, type Diagnostic } from '../core/errors.js';
import { LocalFunction, type InvokeResult, type LogEvent, type RuntimeClient } from '../emulator/local-function.js';
import { setUpFunction } from './function-setup.js';
import type { ProjectSelection } from './project-selection.js';
import { checkRuntimeClient } from './local-runtime.js';
import { debugAddress } from './debugger.js';
import { resultStatus } from '../core/gateway/sample.js';
import { tenantMismatch } from '../core/lambda-api/invoke-request.js';
import { missingTenantError } from '../core/runtime/errors.js';
import { localAwsHint, startLocalAws, type CreatedResource, type LocalAws } from './local-aws.js';
import type { PythonInfo } from '../adapters/python.js';
import { functionArn, hostRegion } from '../core/runtime/environment.js';
import { localToolVariables } from '../core/runtime/local-tool-variables.js';
import { missingQualifier, qualifiedName, unknownQualifier } from '../core/lambda-api/invoke-qualifier.js';
import { LOCAL_ACCOUNT_ID } from '../core/model/sam/template.js';
import type { LoadedProject } from './project.js';
import { defaultEvent, type DefaultEvent, type SampleHttpRequest } from './sample-event.js';
import { ENDPOINT_KINDS } from './events.js';
import { eventGateway } from '../core/gateway/event-gateway.js';
import type { Endpoint } from '../core/model/project.js';
import type { HttpResponse, InvokeOutput } from '../core/events/http/request.js';
import type { AuthorizedStep } from '../core/gateway/route-request.js';
import { findMissingRequirement, requirementsFiles, type MissingRequirement } from './missing-requirement.js';
import { catchResponseUrl, type CustomResourceOutcome } from './custom-resource-answer.js';
import { unregisteredBlueprintNote } from '../core/model/chalice/blueprint-handler.js';
import { missingAuthorizerNote } from '../core/gateway/missing-authorizer.js';

export interface InvokeOptions extends ProjectSelection {
  readonly functionName?: string;
  /** The event; by default a sample for the function's first trigger (sample-event.ts). */
  readonly event?: Buffer;
  readonly envVarsFile?: string;
  /** Variables over the function's environment and envVarsFile's, as serverless invoke local's --env NAME=VALUE gives them. */
  readonly env?: Readonly<Record<string, string>>;
  readonly runtimeClient?: RuntimeClient;
  /** Freeze the environment once the function returned, as Lambda does (default true; LocalFunctionOptions.freeze). */
  readonly freeze?: boolean;
  /** --debug-port: run the function under debugpy, waiting at this port for a debugger (debugger.ts). */
  readonly debugPort?: number;
  readonly onLog?: (event: LogEvent) => void;
  readonly onWarning?: (warning: Diagnostic) => void;
  /** The tenant, for a function with tenant isolation (aws lambda invoke --tenant-id). */
  readonly tenantId?: string;
  /** Run the function against a local AWS endpoint (moto) with the template's resources, as dev --local-aws does. */
  readonly localAws?: boolean;
  /** Told when the local endpoint is up, and what it holds. */
  readonly onLocalAws?: (aws: { readonly endpoint: string; readonly created: readonly CreatedResource[] }) => void;
  /** Told which sample event goes out when none was given, before it does. */
  readonly onSampleEvent?: (label: string) => void;
}

export interface InvokeOutcome {
  readonly functionId: string;
  readonly result: InvokeResult;
  /** What was sent when no event was given: `apigw-rest sample (Api trigger Hello)`. */
  readonly sampleEvent?: string;
  /** The sample request got an HTTP error status from the function (a 404 for a path the app does not serve). */
  readonly sampleRefused?: { readonly status: number; readonly request: SampleHttpRequest };
  /** The import failed on a package requirements.txt lists: not installed in the Python that ran it. */
  readonly missingRequirement?: MissingRequirement;
  /** The sample was the project's gateway's event: what that gateway answers the request with the function's output. */
  readonly gatewayAnswer?: GatewayAnswer;
  /** The sample was a Lambda authorizer's: what its gateway decides of the answer. */
  readonly authorizerAnswer?: AuthorizerAnswer;
  /** The event was a custom resource request: what the function answered CloudFormation at its ResponseURL. */
  readonly customResource?: CustomResourceOutcome;
  /** Runtime.HandlerNotFound, and the handler its module most likely meant (`file` defines no `name`). */
  readonly handlerMeant?: HandlerMeant;
  /** A Chalice blueprint's function failed on its blueprint's app, which Lambda never registers: why. */
  readonly blueprintNote?: string;
  /** The --event is an API event of a route behind an authorizer without the requestContext.authorizer AWS gives it. */
  readonly authorizerNote?: string;
}



export interface GatewayAnswer {
  /** `REST API ServerlessRestApi`. */
  readonly gateway: string;
  readonly request: SampleHttpRequest;
  readonly response: HttpResponse;
}

export interface AuthorizerAnswer {
  readonly gateway: string;
  /** `GET /items`: the request the sample stands for. */
  readonly route: string;
  readonly decision: AuthorizedStep;
}

/** `pylambda invoke`: one invocation of one function in a fresh execution environment. */
export async function invokeOnce(options: InvokeOptions, register?: (fn: LocalFunction) => void): Promise<InvokeOutcome> {
  // `Fn:live`, as `aws lambda invoke --function-name` takes an alias or version.
  const named = options.functionName === undefined ? undefined : qualifiedName(options.functionName);
  const { loaded, fn, codeDir, python, envOverrides, extraEnv, hostEnv } = await setUpFunction({ ...options, ...(named ? { functionName: named.name } : {}) });
  const qualifier = named?.qualifier;
  const notFound = unknownQualifier(fn.qualifiers, qualifier, functionArn(fn.name, hostRegion(hostEnv), LOCAL_ACCOUNT_ID));
  if (notFound) throw new UserError(`${notFound.errorType}: ${notFound.errorMessage}`, { hint: missingQualifier(fn.id, fn.qualifiers, qualifier!) });
  const mismatch = tenantMismatch(fn.tenantIsolation === true, options.tenantId || undefined);
  if (mismatch === 'missing') {
    throw new UserError(`${fn.id} has tenant isolation (TenancyConfig: TenantIsolationMode PER_TENANT): Lambda runs it only for a tenant`, {
      hint: `Name one: pylambda invoke ${fn.id} --tenant-id blue (the function gets it as context.tenant_id)`,
    });
  }
  if (mismatch === 'unexpected') {
    const { errorType, errorMessage } = missingTenantError();
    throw new UserError(`${fn.id} has no tenant isolation: Lambda refuses a tenant id for it (${errorType}: ${errorMessage})`, {
      hint: `Leave out --tenant-id, or give ${fn.id} TenancyConfig: { TenantIsolationMode: PER_TENANT }`,
    });
  }
  await checkRuntimeClient(python, options.runtimeClient);
  const debug = options.debugPort === undefined ? undefined : await debugAddress(python, { port: options.debugPort });
  // As dev says it: a todo scaffold's first invoke otherwise reaches the user's real account (or fails there without credentials).
  if (!options.localAws && !options.hostEnv.AWS_ENDPOINT_URL && !envOverrides.AWS_ENDPOINT_URL) {
    const hint = await localAwsHint(loaded.root, loaded.template, loaded.project.configFile, 'invoke');
    if (hint) options.onWarning?.(hint);
  }
  const sample = options.event ? undefined : defaultEvent(fn, loaded.project, hostEnv);
  if (sample) options.onSampleEvent?.(sample.label);
  const payload = options.event ?? sample!.payload;
  const catcher = await catchResponseUrl(payload);
  const aws = options.localAws ? await startInvokeLocalAws(loaded, python, hostEnv, options).catch(async (error: unknown) => {
    await catcher?.close();
    throw error;
  }) : undefined;
  const local = new LocalFunction({
    fn,
    taskRoot: codeDir,
    python,
    hostEnv,
    // The endpoint, fake credentials and its region, under what --env-vars sets (as in dev).
    envOverrides: { ...localToolVariables(loaded.project.style, 'invoke', fn.environment), ...(aws?.env ?? {}), ...envOverrides, ...options.env },
    extraEnv,
    ...(options.runtimeClient ? { runtimeClient: options.runtimeClient } : {}),
    ...(options.freeze === false ? { freeze: false } : {}),
    ...(debug ? { debug } : {}),
    ...(options.onLog ? { onLog: options.onLog } : {}),
    onWarning: (message) => options.onWarning?.({ severity: 'warning', path: '', message }),
  });
  register?.(local);
  try {
    const result = await local.invoke({ payload: catcher?.payload ?? payload, ...(options.tenantId ? { tenantId: options.tenantId } : {}), ...(qualifier ? { qualifier } : {}) });
    const status = sample?.request && !result.functionError ? resultStatus(result.payload) : undefined;
    const refused = sample?.request && status !== undefined && status >= 400 ? { sampleRefused: { status, request: sample.request } } : {};
    const missing = findMissingRequirement(result, loaded.root, () => requirementsFiles(codeDir, loaded.root, fn), python.executable);
    const meant = await handlerMeantOf(codeDir, fn, result, (extraEnv.PYTHONPATH ?? '').split(':').filter(Boolean));
    // The event is read as JSON once, for both what the caller makes of it and what it lacks (up to 6 MB).
    const parsed = options.event ? parseJson(options.event) : undefined;
    const authorizerNote = parsed !== undefined ? missingAuthorizerNote(parsed, fn.id, loaded.project.endpoints) : undefined;
    const blueprintNote = loaded.project.style === 'chalice' && result.errorType === 'RuntimeError' ? unregisteredBlueprintNote(fn.handler, errorMessageOf(result.payload)) : undefined;
    return {
      functionId: fn.id, result, ...(sample ? { sampleEvent: sample.label } : {}), ...refused, ...(missing ? { missingRequirement: missing } : {}), ...(meant ? { handlerMeant: meant } : {}), ...(blueprintNote ? { blueprintNote } : {}),
      ...(authorizerNote ? { authorizerNote } : {}),
      ...(catcher ? { customResource: catcher.outcome() } : {}),
      ...(sample?.authorizer ? { authorizerAnswer: { gateway: sample.authorizer.gateway, route: sample.authorizer.route, decision: sample.authorizer.decide({ payload: result.payload, functionError: result.functionError !== undefined }) } } : {}),
      ...gatewayAnswerOf(sample, parsed, loaded.project.endpoints, { payload: result.payload, functionError: result.functionError !== undefined }),
    };
  } finally {
    await local.shutdown();
    await catcher?.close();
    await aws?.stop();
  }
}

/**
 * What the gateway answers: the project's, for its own sample; for an --event a gateway sends (its shape says which),
 * that kind of gateway's.
 */
function gatewayAnswerOf(sample: DefaultEvent | undefined, event: unknown, endpoints: readonly Endpoint[], output: InvokeOutput): { gatewayAnswer?: GatewayAnswer } {
  if (sample?.gateway && sample.request) return { gatewayAnswer: { gateway: sample.gateway.name, request: sample.request, response: sample.gateway.respond(output) } };
  if (!event) return {};
  const shaped = eventGateway(event, endpoints);
  return shaped ? { gatewayAnswer: { gateway: shaped.label, request: { kind: ENDPOINT_KINDS[shaped.kind], method: shaped.method, path: shaped.path }, response: shaped.respond(output) } } : {};
}

/** The event as JSON, or undefined when it is not. */
function parseJson(event: Buffer): unknown {
  try {
    return JSON.parse(event.toString('utf8'));
  } catch {
    return undefined;
  }
}

async function startInvokeLocalAws(loaded: LoadedProject, python: PythonInfo, hostEnv: Readonly<Record<string, string | undefined>>, options: InvokeOptions): Promise<LocalAws> {
  const aws = await startLocalAws({
    root: loaded.root,
    ...(loaded.template ? { template: loaded.template } : {}),
    configFile: loaded.project.configFile,
    python,
    region: hostRegion(hostEnv),
    hostEnv,
  });
  for (const w of aws.warnings) options.onWarning?.(w);
  options.onLocalAws?.({ endpoint: aws.endpoint, created: aws.created });
  return aws;
}
