import type { Diagnostic } from '../errors.js';
import { envVarProblem } from './env-vars.js';
import { LIMITS, NEWEST_PYTHON_RUNTIME, PYTHON_RUNTIMES, RESERVED_ENVIRONMENT_KEYS, pythonRuntime } from './limits.js';
import { retiredRuntimeReason } from './runtime-lifecycle.js';
import type { FunctionModel } from './project.js';

/** Where each field of a function came from, so a message points at the line to change. */
export type FieldPaths = Partial<Record<'handler' | 'runtime' | 'memorySize' | 'timeout' | 'environment' | 'reservedConcurrency' | 'architecture' | 'codeUri' | 'layers', string>>;

/** Checks a function against Lambda's limits; returns every problem, not just the first. */
export function validateFunction(fn: FunctionModel, paths: FieldPaths, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const base = fn.source.path;
  const at = (field: keyof FieldPaths) => paths[field] ?? `${base}.${field}`;
  const error = (path: string, message: string) => out.push({ severity: 'error', file, path, message });

  if (!fn.handler) {
    error(at('handler'), 'is required (for example lambda_function.lambda_handler)');
  } else if (/\s/.test(fn.handler)) {
    // CreateFunction's pattern for Handler is [^\s]+: the deploy fails.
    error(at('handler'), `'${fn.handler}' has white space in it, which Lambda refuses (for example lambda_function.lambda_handler)`);
  } else if (!isModuleFunction(fn.handler)) {
    // Lambda takes it, and every invocation fails at init with Runtime.MalformedHandlerName (as here): the
    // other functions of the project deploy and run, so they run here too.
    out.push({ severity: 'warning', file, path: at('handler'), message: `'${fn.handler}' is not of the form module.function (for example lambda_function.lambda_handler): every invocation fails with Runtime.MalformedHandlerName` });
  } else if (/\.py\.[^.]+$/.test(fn.handler)) {
    // The runtime imports all before the last dot as the module (awslambdaric bootstrap.py, _get_handler):
    // lambda_function.py.lambda_handler is module py of a package lambda_function.
    const meant = fn.handler.replace(/\.py(\.[^.]+)$/, '$1');
    out.push({ severity: 'warning', file, path: at('handler'), message: `'${fn.handler}' names the file: Lambda imports its part before the last dot as a module, without .py, so every invocation fails with Runtime.ImportModuleError; write ${meant}` });
  }
  if (!pythonRuntime(fn.runtime)) {
    const retired = retiredRuntimeReason(fn.runtime);
    const supported = `${PYTHON_RUNTIMES[0]!.name} to ${NEWEST_PYTHON_RUNTIME.name}`;
    error(at('runtime'), retired
      ? `'${fn.runtime}': ${retired}. Move to a supported runtime (${supported}; ${NEWEST_PYTHON_RUNTIME.name} is the newest)`
      : `'${fn.runtime}' is not a supported Python runtime (supported: ${PYTHON_RUNTIMES.map((r) => r.name).join(', ')})`);
  }
  range(fn.memorySize, LIMITS.memoryMinMb, LIMITS.memoryMaxMb, at('memorySize'), error);
  range(fn.timeout, LIMITS.timeoutMinS, LIMITS.timeoutMaxS, at('timeout'), error);
  if (fn.architecture !== 'x86_64' && fn.architecture !== 'arm64') {
    error(at('architecture'), `'${String(fn.architecture)}' is not x86_64 or arm64`);
  }
  if (fn.reservedConcurrency !== undefined && fn.reservedConcurrency < 0) {
    error(at('reservedConcurrency'), `${fn.reservedConcurrency} is below 0`);
  }
  let envBytes = 0;
  for (const [key, value] of Object.entries(fn.environment)) {
    envBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    const problem = RESERVED_ENVIRONMENT_KEYS.has(key) ? 'is reserved by Lambda and cannot be set' : envVarProblem(key, value);
    if (problem) error(`${at('environment')}.${key}`, problem);
  }
  if (envBytes > LIMITS.environmentBytes) {
    error(at('environment'), `the variables take ${envBytes} bytes, above Lambda's maximum of ${LIMITS.environmentBytes} (4 KB)`);
  }
  const layers = (fn.layers?.length ?? 0) + (fn.externalLayers?.length ?? 0);
  if (layers > LIMITS.layersPerFunction) error(at('layers'), `lists ${layers} layers, above Lambda's maximum of ${LIMITS.layersPerFunction} a function`);
  return out;
}

/** Whether a handler is module.function, as the runtime splits it at its last dot (Runtime.MalformedHandlerName otherwise). */
export function isModuleFunction(handler: string): boolean {
  return /^[^\s]+\.[^\s.]+$/.test(handler);
}

function range(value: number, min: number, max: number, path: string, error: (p: string, m: string) => void): void {
  if (value > max) error(path, `${value} is above Lambda's maximum of ${max}`);
  else if (value < min) error(path, `${value} is below Lambda's minimum of ${min}`);
}
