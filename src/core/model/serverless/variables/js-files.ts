import { Unresolved } from '../../cfn/intrinsics.js';
import { isRecord } from '../../fields.js';
import { userStackLine, type ConfigRun } from '../config-file.js';
import { serviceFilePath } from './files.js';
import { questionText, type JsQuestion } from './js-questions.js';
import type { SourceResult } from './sources.js';
import { hasVariables, parseParts, VariableSyntaxError, type Part } from './syntax.js';

/**
 * `${file(./x.js):address}` runs JavaScript, which the synchronous resolver cannot: the values are made first, in
 * one Node process kept for the read (api/serverless-js-variables.ts, adapters/js-variable-session.ts), and the resolver takes them from this table, by
 * `jsFileKey`. A variable whose path or address holds variables of its own cannot be found before resolution and
 * stays unresolved.
 */
export type JsFileValues = ReadonlyMap<string, SourceResult>;

/** The Framework v3 runs `.js` and `.cjs` files (sources/file.js); `.mjs` and `.ts` are read as text. */
export function isJsVariableFile(path: string): boolean {
  return /\.c?js$/i.test(path);
}

export function jsFileKey(path: string, address: string | undefined): string {
  return `${path}\0${address ?? ''}`;
}

/** The JavaScript files `${file()}` variables name in a raw configuration, each with the addresses read from it. */
export function jsFileReferences(root: unknown): Map<string, Set<string | undefined>> {
  const found = new Map<string, Set<string | undefined>>();
  const visitParts = (parts: readonly Part[]): void => {
    for (const part of parts) {
      if (typeof part === 'string') continue;
      for (const source of part.sources) {
        if (source.kind !== 'source') continue;
        visitParts(source.address ?? []);
        for (const param of source.params) visitText(param);
        const path = source.type === 'file' && source.params.length > 0 && !source.params[0]!.includes('${') ? serviceFilePath(source.params[0]!) : undefined;
        if (path === undefined || !isJsVariableFile(path) || (source.address && hasVariables(source.address))) continue;
        const address = source.address?.join('') || undefined;
        found.set(path, (found.get(path) ?? new Set()).add(address));
      }
    }
  };
  const visitText = (text: string): void => {
    try {
      visitParts(parseParts(text));
    } catch (error) {
      // The resolver reports bad syntax at its property.
      if (!(error instanceof VariableSyntaxError)) throw error;
    }
  };
  const visit = (value: unknown): void => {
    if (typeof value === 'string') visitText(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (isRecord(value)) Object.values(value).forEach(visit);
  };
  visit(root);
  return found;
}

/** What the loader (runtime/node/file-variables.mjs) answers for one address. */
type VariableAnswer =
  | { readonly value: unknown }
  | { readonly missing: true }
  | { readonly error: 'thrown'; readonly message: string; readonly stack?: string; readonly load?: boolean }
  | { readonly error: 'not-json'; readonly message: string }
  | { readonly error: 'resolve-variable'; readonly name: JsQuestion['name']; readonly argument: unknown; readonly message: string }
  | { readonly unresolved: string; readonly name: JsQuestion['name']; readonly argument: unknown };

/**
 * The values of a run of the loader for `path`'s `addresses` (in their order), keyed by jsFileKey; `absolute` is the
 * file's absolute path, to find its line in a stack. A run that gave no answer fails every one alike.
 */
export function jsFileValuesFromRun(run: ConfigRun, path: string, absolute: string, addresses: readonly (string | undefined)[]): { values: Map<string, SourceResult>; files: string[] } {
  const answer = lastLine(run.stdout);
  // The service's modules the file required, absolute: dev watches them.
  const files = isRecord(answer) && Array.isArray(answer.files) ? answer.files.filter((f): f is string => typeof f === 'string') : [];
  const values = isRecord(answer) && Array.isArray(answer.values) ? (answer.values as VariableAnswer[]) : undefined;
  const out = new Map<string, SourceResult>();
  addresses.forEach((address, i) => {
    const key = jsFileKey(path, address);
    if (run.timedOut) out.set(key, error(`${path} gave no value within ${run.timeoutMs / 1000} s, so pylambda stopped it (a Promise that never settles?); PYLAMBDA_CONFIG_TIMEOUT sets the limit in seconds`));
    else if (!values?.[i]) out.set(key, error(noAnswer(run, answer, path)));
    else out.set(key, jsFileValue(values[i], path, address, absolute));
  });
  return { values: out, files };
}

/** The value the loader answered for `path`'s `address` (its last line has them all, a `settled` line one as soon as it is known). */
export function jsFileValue(answer: unknown, path: string, address: string | undefined, absolute: string): SourceResult {
  const what = address ? `${path}'s "${address}"` : `${path}'s export`;
  if (!isRecord(answer)) return error(`${what}: the loader gave no answer pylambda understands`);
  return fromAnswer(answer as VariableAnswer, path, what, absolute);
}

function fromAnswer(answer: VariableAnswer, path: string, what: string, absolute: string): SourceResult {
  if ('value' in answer) return { kind: 'value', value: answer.value };
  if ('missing' in answer) return { kind: 'missing', why: `${what} is empty` };
  // The Framework leaves such a variable for a later pass (MISSING_VARIABLE_DEPENDENCY); locally it cannot be known.
  if ('unresolved' in answer) return { kind: 'unresolved', value: new Unresolved(`${what} calls ${questionText(answer)}, which cannot be known locally: ${answer.unresolved}`) };
  switch (answer.error) {
    case 'thrown': {
      const at = userStackLine(answer.stack, absolute);
      return error(`${answer.load ? `cannot load ${path}` : `${what} failed`}: ${answer.message}${at ? ` (at ${at})` : ''}`);
    }
    case 'not-json':
      return error(`${what} is not JSON data (${answer.message})`);
    case 'resolve-variable':
      return error(`${what} calls ${questionText(answer)}: ${answer.message}`);
  }
}

function noAnswer(run: ConfigRun, answer: unknown, path: string): string {
  if (isRecord(answer) && answer.error === 'unsettled') return `${path} never settled its Promise (Node had nothing left to run)`;
  if (isRecord(answer) && answer.error === 'exited') return `${path} ended the process (process.exit(${String(answer.code)})) before it gave its value`;
  // Another file of the read ended the one process that runs them all, as it would end the Framework's.
  if (isRecord(answer) && answer.error === 'stopped' && typeof answer.timeoutMs === 'number') {
    return `${path} gave no value: ${String(answer.by)} gave none within ${answer.timeoutMs / 1000} s, so pylambda stopped the process that runs the files`;
  }
  if (isRecord(answer) && answer.error === 'stopped') return `${path} gave no value: ${String(answer.by)} ended the process that runs the files (process.exit(${String(answer.code)}))`;
  const said = run.stderr.trim().split('\n').slice(-5).join('\n');
  return `Node stopped with exit code ${run.code ?? 'none'} before ${path} gave its value${said ? `:\n${said}` : ''}`;
}

function lastLine(stdout: string): unknown {
  try {
    return JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '') as unknown;
  } catch {
    return undefined;
  }
}

function error(message: string): SourceResult {
  return { kind: 'error', message };
}
