/**
 * Which alias or version of a function an invocation may name, and the version it runs (X-Amz-Executed-Version). On
 * Lambda an unqualified invocation and `$LATEST` run `$LATEST`, a version number runs that published version, an
 * alias runs the version it points at; a qualifier the function does not have is not found. A local project knows
 * its aliases and whether it publishes versions (core/model: FunctionQualifiers), not the numbers a deployment gives.
 */
import type { FunctionQualifiers } from '../model/project.js';
import { functionNotFoundError, type LambdaErrorPayload } from '../runtime/errors.js';

/** Lambda numbers published versions from 1. */
const VERSION = /^[1-9][0-9]*$/;

/**
 * The version the invocation runs as Lambda says it, or undefined when the function has no such qualifier. An alias
 * runs the version the project gives it: its template's number, else `$LATEST` (the code dev runs is the
 * working copy, not a published version); a version number is said as asked, as any published version may exist.
 */
export function executedVersion(qualifiers: FunctionQualifiers | undefined, qualifier: string | undefined): string | undefined {
  if (qualifier === undefined || qualifier === '$LATEST') return '$LATEST';
  if (VERSION.test(qualifier)) return qualifiers?.versions ? qualifier : undefined;
  return qualifiers && Object.hasOwn(qualifiers.aliases, qualifier) ? qualifiers.aliases[qualifier] : undefined;
}

/**
 * The version an invocation under `qualifier` runs, which its environment says (AWS_LAMBDA_FUNCTION_VERSION,
 * context.function_version): executedVersion's. A qualifier the function does not have never gets this far
 * (unknownQualifier refuses it); `$LATEST` stands for it all the same.
 */
export function runsVersion(qualifiers: FunctionQualifiers | undefined, qualifier: string | undefined): string {
  return executedVersion(qualifiers, qualifier) ?? '$LATEST';
}

/** What dev says of a qualifier a function does not have. */
export function missingQualifier(functionId: string, qualifiers: FunctionQualifiers | undefined, qualifier: string): string {
  const aliases = Object.keys(qualifiers?.aliases ?? {});
  const has = [...(aliases.length > 0 ? [`alias${aliases.length > 1 ? 'es' : ''} ${aliases.join(', ')}`] : []), ...(qualifiers?.versions ? ['numbered versions'] : [])];
  return `${functionId} has no alias or version ${qualifier} (${has.length > 0 ? `it has ${has.join(' and ')}` : 'the project publishes no version or alias of it'})`;
}

/**
 * Lambda's refusal of an invocation under a qualifier the function does not have, or undefined when it has it:
 * 404 ResourceNotFoundException naming the ARN with the qualifier, for Invoke, a gateway's integration
 * (`.../function:Fn:nosuch/invocations`) and a stage variable that names no alias alike.
 */
export function unknownQualifier(qualifiers: FunctionQualifiers | undefined, qualifier: string | undefined, functionArn: string): LambdaErrorPayload | undefined {
  if (qualifier === undefined || executedVersion(qualifiers, qualifier) !== undefined) return undefined;
  return functionNotFoundError(`${functionArn}:${qualifier}`);
}

/**
 * A function named with its alias or version, as `aws lambda invoke --function-name Fn:live` takes it: the name and
 * the qualifier after its last `:` (a function's name has none: Lambda allows letters, digits, `-` and `_`).
 */
export function qualifiedName(name: string): { readonly name: string; readonly qualifier?: string } {
  const at = name.lastIndexOf(':');
  return at <= 0 ? { name } : { name: name.slice(0, at), qualifier: name.slice(at + 1) };
}
