/** How dev runs a function for a gateway or the Lambda API: through its pool, across reloads. */
import type { PythonInfo } from '../adapters/python.js';
import type { InvokeDone } from '../emulator/gateway-server.js';
import { FunctionRetired } from '../emulator/invocation.js';
import { InvokeRejected, type InvokeRequest, type InvokeResult, type LocalFunction } from '../emulator/local-function.js';
import type { DevEvent } from './dev-types.js';
import { errorMessageOf, handlerMeantOf } from './handler-meant.js';
import { unregisteredBlueprintNote } from '../core/model/chalice/blueprint-handler.js';
import { findMissingRequirement, requirementsFiles } from './missing-requirement.js';

export interface DevRunContext {
  /** The function serving now, else the last version a reload replaced (it finishes the requests routed to it). */
  readonly find: (functionId: string) => LocalFunction | undefined;
  readonly root: string;
  readonly python: PythonInfo;
  /** A Chalice project: a blueprint's own function that reaches for its unregistered blueprint gets invoke's note. */
  readonly chalice: boolean;
  /** The notes said so far (a missing requirement, a handler's did-you-mean), by function. */
  readonly noted: Set<string>;
  readonly onEvent: (event: DevEvent) => void;
}

export async function runDevFunction(context: DevRunContext, functionId: string, request: InvokeRequest): Promise<InvokeResult> {
  const fn = context.find(functionId);
  if (!fn) throw new Error(`no function ${functionId}`);
  let result: InvokeResult;
  try {
    // A tenant mapped to a function without tenant isolation is not one to it: a deployed one answers as one shared
    // by all (the apigw-lambda-tenant-isolation pattern of aws-samples/serverless-patterns shows its standard function).
    result = await fn.invoke(request.tenantId && !fn.model.tenantIsolation ? { ...request, tenantId: undefined } : request);
  } catch (error) {
    // It waited for a slot of a version a reload replaced: the version serving now runs it (the old one, as
    // for requests in flight, when the reload removed the function).
    if (error instanceof FunctionRetired) return runDevFunction(context, functionId, request);
    throw error;
  }
  // The first failure a project meets, often: a dependency requirements.txt lists, not installed. Said once for each.
  const missing = findMissingRequirement(result, context.root, () => requirementsFiles(fn.taskRoot, context.root, fn.model), context.python.executable);
  if (missing && !context.noted.has(`${functionId}\n${missing.requirement}`)) {
    context.noted.add(`${functionId}\n${missing.requirement}`);
    context.onEvent({ type: 'missing-requirement', functionId, missing });
  }
  // invoke's did-you-mean: once for each handler, as a fixed one (a reload) answers no more.
  const noteKey = `${functionId}\nhandler\n${fn.model.handler}`;
  if ((result.errorType === 'Runtime.HandlerNotFound' || result.errorType === 'Runtime.ImportModuleError') && !context.noted.has(noteKey)) {
    const meant = await handlerMeantOf(fn.taskRoot, fn.model, result, (fn.extraEnv.PYTHONPATH ?? '').split(':').filter(Boolean));
    // An import error the handler's name did not cause (a dependency) is looked at again after the next one.
    if (meant || result.errorType === 'Runtime.HandlerNotFound') context.noted.add(noteKey);
    if (meant) context.onEvent({ type: 'handler-meant', functionId, meant });
  }
  // What invoke and coldstart say of a blueprint's .log or .current_app: once for each handler (the answer stays Lambda's).
  const blueprintKey = `${functionId}\nblueprint\n${fn.model.handler}`;
  if (context.chalice && result.errorType === 'RuntimeError' && !context.noted.has(blueprintKey)) {
    const note = unregisteredBlueprintNote(fn.model.handler, errorMessageOf(result.payload));
    if (note) {
      context.noted.add(blueprintKey);
      context.onEvent({ type: 'blueprint-note', functionId, note });
    }
  }
  return result;
}

/** A gateway's invocation: Lambda's refusal (no such alias, throttled, too large) is a failed integration to it. */
export async function gatewayInvoke(run: (functionId: string, request: InvokeRequest) => Promise<InvokeResult>, functionId: string, request: InvokeRequest & { requestId: string }): Promise<InvokeDone> {
  try {
    const result = await run(functionId, request);
    return { output: { payload: result.payload, functionError: result.functionError !== undefined }, cold: result.cold, lambdaRequestId: result.requestId };
  } catch (error) {
    if (error instanceof InvokeRejected) {
      return {
        output: { payload: Buffer.from(JSON.stringify(error.error)), functionError: true },
        cold: false,
        lambdaRequestId: request.requestId,
        rejected: `Lambda refused the invocation: ${error.message}${error.statusCode === 429 ? ' (reserved concurrency 0)' : error.statusCode === 404 && error.hint ? `; ${error.hint}` : ''}`,
        lambdaStatus: error.statusCode,
      };
    }
    throw error;
  }
}
