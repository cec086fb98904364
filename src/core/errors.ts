/**
 * The one error hierarchy. A `UserError` is bad input: the CLI prints its message (and hint) and
 * exits non-zero without a stack. Anything else that escapes is a bug and shows its stack under --debug.
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
    this.exitCode = options.exitCode ?? 1;
    this.details = options.details;
  }
}

export type Severity = 'error' | 'warning';

/** One problem found in a project's configuration, with where it is (`Resources.Fn.Properties.Timeout`). */
export interface Diagnostic {
  readonly severity: Severity;
  /** The file the path is in, relative to the project, when known. */
  readonly file?: string;
  readonly path: string;
  readonly message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.path ? `${d.path}: ` : '';
  return `${d.severity === 'warning' ? 'warning: ' : ''}${where}${d.message}`;
}

/** A configuration with one or more errors; carries every diagnostic so users fix them in one go. */
export class ConfigError extends UserError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(file: string, diagnostics: readonly Diagnostic[]) {
    const errors = uniqueDiagnostics(diagnostics).filter((d) => d.severity === 'error');
    const lines = errors.map((d) => `  ${formatDiagnostic(d)}`);
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    // With --json, each problem also comes as data: a program need not parse the message.
    const problems = errors.map((d) => ({ ...(d.file ? { file: d.file } : {}), path: d.path, message: d.message }));
    super(`${file} has ${count}:\n${lines.join('\n')}`, { details: { file, problems } });
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
