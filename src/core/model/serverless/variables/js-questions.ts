import { Unresolved } from '../../cfn/intrinsics.js';
import { FieldReader } from '../../fields.js';
import { resolveProperty, resolveVariableText, type VariableOptions } from './resolve.js';

/**
 * What a `${file(./x.js)}` function asks while it runs (runtime/node/file-variables.mjs): the Framework v3 gives it
 * `resolveVariable('self:custom.x')` and `resolveConfigurationProperty(['custom', 'x'])`
 * (lib/configuration/variables/resolve.js, resolveSource), which read the configuration being resolved. `address`
 * is the one of the file's whose value the function computes (null: the whole export).
 */
export interface JsQuestion {
  readonly name: 'resolveVariable' | 'resolveConfigurationProperty';
  readonly argument: unknown;
  readonly address: string | null;
}

/** The answer: the value, none (a property that is not set), one only AWS knows, or why it failed. */
export type JsReply = { readonly value: unknown } | { readonly missing: true } | { readonly unresolved: string } | { readonly error: string };

/**
 * The configuration's value for a question, its variables resolved as the configuration's own are: with their
 * fallbacks (`resolveVariable('env:X, "fallback"')`), a `${self:}` that reaches a variable resolving it first. As in
 * the Framework, resolveVariable of nothing is an error ("Value not found at "env" source"), where
 * resolveConfigurationProperty of a property that is not set gives undefined (resolveDependentProperty). A JavaScript
 * file's value the answer needs and `options.jsFiles` lacks is told to `options.jsFileWanted`: the caller runs it and
 * asks again.
 */
export function answerJsQuestion(root: Record<string, unknown>, question: JsQuestion, options: VariableOptions): JsReply {
  const r = new FieldReader('serverless.yml');
  let value: unknown;
  if (question.name === 'resolveVariable') {
    if (typeof question.argument !== 'string') return { error: 'it takes a string, as in resolveVariable(\'self:custom.x\')' };
    value = resolveVariableText(root, question.argument, options, r);
  } else {
    const keys = question.argument;
    if (!Array.isArray(keys) || !keys.every((key): key is string => typeof key === 'string')) return { error: 'it takes an array of keys, as in resolveConfigurationProperty([\'custom\', \'x\'])' };
    value = resolveProperty(root, keys, options, r);
    if (value === undefined && !r.diagnostics.some((d) => d.severity === 'error')) return { missing: true };
  }
  const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
  if (errors.length > 0) return { error: errors.join('; ') };
  if (value instanceof Unresolved) return { unresolved: value.reason };
  return { value: value ?? null };
}

/** How a question is shown in messages: `resolveVariable("self:custom.x")`. */
export function questionText(question: Pick<JsQuestion, 'name' | 'argument'>): string {
  return `${question.name}(${JSON.stringify(question.argument) ?? String(question.argument)})`;
}
