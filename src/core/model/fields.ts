import type { Diagnostic, DiagnosticScope } from '../errors.js';
import { Unresolved } from './cfn/intrinsics.js';

/** Reads typed values out of parsed configuration, recording a diagnostic for each wrong one. */
export class FieldReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly file: string) {}

  error(path: string, message: string): void {
    this.diagnostics.push({ severity: 'error', file: this.file, path, message });
  }

  warn(path: string, message: string, scope?: DiagnosticScope): void {
    this.diagnostics.push({ severity: 'warning', file: this.file, path, message, ...(scope ? { scope } : {}) });
  }

  private unresolved(value: unknown, path: string): boolean {
    if (!(value instanceof Unresolved)) return false;
    this.error(path, `${value.reason}, so it cannot be used locally`);
    return true;
  }

  /**
   * An HTTP API payload format version, "1.0" or "2.0". YAML reads an unquoted `1.0` as the number 1, and
   * templates write it so (cfn-lint accepts it): a whole number is read with its `.0`.
   */
  payloadFormatVersion(value: unknown, path: string): '1.0' | '2.0' | undefined {
    const text = typeof value === 'number' && Number.isInteger(value) ? value.toFixed(1) : this.string(value, path);
    if (text === '1.0' || text === '2.0' || text === undefined) return text;
    this.error(path, `'${text}' is not 1.0 or 2.0`);
    return undefined;
  }

  string(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null || this.unresolved(value, path)) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.error(path, `must be a string, not ${describe(value)}`);
    return undefined;
  }

  integer(value: unknown, path: string): number | undefined {
    if (value === undefined || value === null || this.unresolved(value, path)) return undefined;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n === 'number' && Number.isInteger(n)) return n;
    this.error(path, `must be a whole number, not ${describe(value)}`);
    return undefined;
  }

  record(value: unknown, path: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null || this.unresolved(value, path)) return undefined;
    if (isRecord(value)) return value;
    this.error(path, `must be a mapping, not ${describe(value)}`);
    return undefined;
  }

  list(value: unknown, path: string): unknown[] | undefined {
    if (value === undefined || value === null || this.unresolved(value, path)) return undefined;
    if (Array.isArray(value)) return value;
    this.error(path, `must be a list, not ${describe(value)}`);
    return undefined;
  }

  /** Environment variables: strings, numbers and booleans become strings as CloudFormation makes them. */
  environment(value: unknown, path: string): Record<string, string> {
    const vars = this.record(value, path) ?? {};
    const out: Record<string, string> = {};
    for (const [key, raw] of Object.entries(vars)) {
      if (raw instanceof Unresolved) {
        this.warn(`${path}.${key}`, `${raw.reason}; it is empty locally unless set with --env-vars`);
        out[key] = '';
        continue;
      }
      const text = this.string(raw, `${path}.${key}`);
      if (text === undefined) continue;
      out[key] = text;
      const reference = DYNAMIC_REFERENCE.exec(text);
      if (reference) this.warn(`${path}.${key}`, `${reference[0]} is a dynamic reference, which CloudFormation resolves when the stack deploys; locally the function gets it as written: set the value with --env-vars`);
    }
    return out;
  }
}

/** `{{resolve:ssm:/name}}`, `{{resolve:ssm-secure:...}}`, `{{resolve:secretsmanager:...}}` (CloudFormation's dynamic references). */
const DYNAMIC_REFERENCE = /\{\{resolve:(?:ssm|ssm-secure|secretsmanager):[^}]*\}\}/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unresolved);
}

export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
