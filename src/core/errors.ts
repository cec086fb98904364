/**
 * The exit codes a UserError ends a command with, as SAM CLI (click) and wrangler users read them: `usage` when
 * what the command was given cannot be used (an option, an argument, the project, an event, a name, a Python
 * or a port it needs), `failure` when the work began and failed (pip could not install, moto stopped). A
 * command whose 1 means something else (invoke's function error) says `usage` for both (userErrorExitCode).
 */
export const USER_ERROR_EXIT = { failure: 1, usage: 2 } as const;

/**
 * The one error hierarchy. A `UserError` is bad input: the CLI prints its message (and hint) and
 * exits non-zero (2 unless the work itself failed: USER_ERROR_EXIT) without a stack. Anything else
 * that escapes is a bug and shows its stack under --debug.
 */
export class UserError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;
  /** Machine-readable facts about the error, added to the `error` object that --json prints. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown; details?: Readonly<Record<string, unknown>> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? USER_ERROR_EXIT.usage;
    this.details = options.details;
  }
}

/** What a promise rejected with, as an Error (a non-Error thrown gets one, with its text as the message). */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

export type Severity = 'error' | 'warning';

/** One problem found in a project's configuration, with where it is (`Resources.Fn.Properties.Timeout`). */
export interface Diagnostic {
  readonly severity: Severity;
  /** The file the path is in, relative to the project, when known. */
  readonly file?: string;
  readonly path: string;
  readonly message: string;
  readonly scope?: DiagnosticScope;
}

/**
 * The one command that says a diagnostic: `package` how the zip is built (serverless-python-requirements' `slim`),
 * `dev` how requests are served (the authorizers it checks without signatures or lets through), which mean nothing
 * to the others: `invoke` (and coldstart) sends no request through an authorizer, and `package` serves none.
 */
export type DiagnosticScope = 'package' | 'dev';

/** The diagnostics a command says: all but those scoped to another command. */
export function diagnosticsFor<T extends Diagnostic>(diagnostics: readonly T[], command: DiagnosticScope | 'invoke'): T[] {
  return diagnostics.filter((d) => d.scope === undefined || d.scope === command);
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.path ? `${d.path}: ` : '';
  return `${d.severity === 'warning' ? 'warning: ' : ''}${where}${d.message}`;
}

/** A configuration with one or more errors; carries every diagnostic so users fix them in one go. */
export class ConfigError extends UserError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(file: string, diagnostics: readonly Diagnostic[], options: { readonly hint?: string } = {}) {
    const errors = uniqueDiagnostics(diagnostics).filter((d) => d.severity === 'error');
    const lines = errors.map((d) => `  ${formatDiagnostic(d)}`);
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    // With --json, each problem also comes as data: a program need not parse the message.
    const problems = errors.map((d) => ({ ...(d.file ? { file: d.file } : {}), path: d.path, message: d.message }));
    super(`${file} has ${count}:\n${lines.join('\n')}`, { details: { file, problems }, ...(options.hint ? { hint: options.hint } : {}) });
    this.name = 'ConfigError';
    this.diagnostics = diagnostics;
  }
}

/** The same problem found through several functions (a bad value in Globals) is reported once. */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.severity}\u0000${d.file ?? ''}\u0000${d.path}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** What the machine refused, in words: the system errors a user can fix (a path, its permissions, the disk). */
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  ENOENT: 'no such file or directory',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
};

/** A system error's code (EACCES) in words (permission denied); undefined for a code not listed. */
export function systemErrorWords(code: unknown): string | undefined {
  return typeof code === 'string' && Object.hasOwn(SYSTEM_ERRORS, code) ? SYSTEM_ERRORS[code] : undefined;
}

/**
 * A file-system error of the machine's (an unwritable --out, a cache path that is a file, a TMPDIR that is
 * gone) as a message for the user, or undefined for anything else: those are pylambda's bugs.
 */
export function systemError(error: unknown): { message: string; hint: string; exitCode: number } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall, path } = error as Error & { code?: unknown; syscall?: unknown; path?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string' || !(code in SYSTEM_ERRORS)) return undefined;
  const action = typeof syscall === 'string' ? `${syscall} ` : '';
  // Space or files running out is the work failing; a path that is wrong or not writable is the input's.
  const exhausted = code === 'ENOSPC' || code === 'EDQUOT' || code === 'EMFILE';
  return {
    message: `cannot ${action}${path}: ${SYSTEM_ERRORS[code]} (${code})`,
    hint: exhausted ? 'Free some and run the command again.' : 'Check the path and its permissions (--out, $PYLAMBDA_CACHE_DIR, $TMPDIR), then run the command again.',
    exitCode: exhausted ? USER_ERROR_EXIT.failure : USER_ERROR_EXIT.usage,
  };
}
