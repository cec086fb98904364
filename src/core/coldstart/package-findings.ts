import { PACKAGE_LIMITS } from '../packaging/limits.js';
import type { Finding } from './findings.js';

/**
 * What pylambda coldstart learns about the code directory as Lambda would get it, and the findings it
 * gives. Every field is optional: a caller reports what it could find out.
 */
export interface PackageFacts {
  /** `present` when every .py file the package ships has a hash-based .pyc for the runtime's Python. */
  readonly bytecode?: 'present' | 'absent' | 'unknown';
  /** `3.12`: the runtime's Python, for the texts. */
  readonly pythonVersion?: string;
  /** Timestamp-based .pyc for the runtime's Python found beside the sources (they do not count, see below). */
  readonly staleBytecodeFiles?: number;
  /**
   * What compiling the function's own imported sources costs at each cold start, measured on this
   * machine (compile time minus the time to load the same code from a .pyc): what shipping .pyc saves.
   */
  readonly compile?: { readonly files: number; readonly bytes: number; readonly ms: number };
  /** boto3 is in the code directory, so it replaces the runtime's own (the code directory is first on sys.path). */
  readonly boto3Bundled?: boolean;
  /** requirements.txt lists boto3 or botocore, so `pylambda package` (and sam build) bundle them. */
  readonly boto3Listed?: boolean;
  /** The size of the files the package would hold, unzipped. */
  readonly codeSizeBytes?: number;
}

/**
 * Below this much imported source, compiling it is not worth a line in the report (a small handler compiles
 * in well under 1 ms; Python compiles about 5 - 10 KB a millisecond). Decided on the size, which does not
 * move from run to run, not on the time: a finding near a time threshold came and went between runs.
 */
export const MIN_COMPILE_BYTES = 16 * 1024;
/** A package this close to Lambda's unzipped limit is reported before it fails a deploy. */
const SIZE_WARNING_FRACTION = 0.8;

const ms = (value: number): string => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function bytecodeFinding(facts: PackageFacts): Finding | undefined {
  if (facts.bytecode !== 'absent') return undefined;
  if (facts.compile && facts.compile.bytes < MIN_COMPILE_BYTES) return undefined;
  const version = facts.pythonVersion ?? '3.x';
  const cost = facts.compile
    ? ` Compiling the ${facts.compile.files} file${facts.compile.files === 1 ? '' : 's'} it imports (${Math.ceil(facts.compile.bytes / 1024)} KB) costs about ${ms(facts.compile.ms)} here.`
    : '';
  const stale = facts.staleBytecodeFiles
    ? ` The ${facts.staleBytecodeFiles} timestamp-based .pyc beside the sources do not count: the zip rewrites modification times, so Python finds them stale.`
    : '';
  return {
    rule: 'no-bytecode',
    severity: 'warning',
    message: `The code has no .pyc files for Python ${version}: Lambda cannot write __pycache__ into its read-only /var/task, so every cold start compiles the sources again.${cost}${stale}`,
    fix: 'pylambda package ships them (unchecked-hash .pyc for the runtime\'s Python). With another packager, compile at package time with the runtime\'s Python: '
      + `python${facts.pythonVersion ?? '3'} -m compileall -q --invalidation-mode unchecked-hash <code dir> (timestamp-based .pyc go stale when the zip rewrites modification times).`,
    ...(facts.compile ? { savingsMs: facts.compile.ms } : {}),
  };
}

/** Findings about the package itself: bytecode, a bundled boto3, the size against Lambda's limit. */
export function packageFindings(facts: PackageFacts): Finding[] {
  const found: Finding[] = [];
  const bytecode = bytecodeFinding(facts);
  if (bytecode) found.push(bytecode);
  if (facts.boto3Bundled) {
    found.push({
      rule: 'boto3-bundled',
      severity: 'info',
      module: 'boto3',
      message: 'boto3 is bundled in the code directory, so it replaces the version the Lambda runtime provides (the code directory comes first on sys.path): '
        + 'boto3 and botocore add over 20 MB to the package and their import runs from your package, without .pyc unless you ship them.',
      fix: 'Keep it only if you need a newer boto3 than the runtime\'s; then ship .pyc for it. Otherwise leave boto3 out of the package and use the runtime\'s.',
    });
  }
  if (!facts.boto3Bundled && facts.boto3Listed) {
    found.push({
      rule: 'boto3-bundled',
      severity: 'info',
      module: 'boto3',
      message: 'requirements.txt lists boto3, so the package bundles it (pylambda package, sam build) and it replaces the version the Lambda runtime provides: '
        + 'boto3 and botocore add over 20 MB to the package.',
      fix: 'Keep it if you need a boto3 newer than the runtime\'s, or a pinned one (AWS recommends pinning for production). Otherwise move it to requirements-dev.txt, or package with --exclude-boto3.',
    });
  }
  const size = facts.codeSizeBytes;
  if (size !== undefined && size >= PACKAGE_LIMITS.unzippedBytes * SIZE_WARNING_FRACTION) {
    const over = size > PACKAGE_LIMITS.unzippedBytes;
    found.push({
      rule: 'package-size',
      severity: 'warning',
      message: `The code is ${mb(size)} unzipped: ${over ? 'over' : 'close to'} Lambda's limit of ${mb(PACKAGE_LIMITS.unzippedBytes)} for the function and all its layers.`,
      fix: 'Leave out what the function never imports (tests, data, a bundled boto3), move large dependencies to a layer or a container image, or load large data from S3 when needed.',
    });
  }
  return found;
}
