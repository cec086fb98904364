/** The platform lines Lambda writes around each invocation (shared/LAMBDA-FACTS.md section 3). */

export interface Report {
  readonly requestId: string;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Present only on an environment's first invocation (a cold start). */
  readonly initDurationMs?: number;
  /** Set when the platform ended the invocation: a timeout, or an error such as Runtime.ExitError. */
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
}

/**
 * Billed duration: whole milliseconds, rounded up. Since 1 August 2025 the init phase of on-demand
 * functions on managed runtimes is billed too ("AWS Lambda standardizes billing for INIT phase").
 */
export function billedDurationMs(report: Pick<Report, 'durationMs' | 'initDurationMs'>): number {
  return Math.max(1, Math.ceil(report.durationMs + (report.initDurationMs ?? 0)));
}

/** START names the version that runs (`Version: 3` under an alias of version 3). */
export function startLine(requestId: string, version = '$LATEST'): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

/** An init past its time limit: Lambda's INIT_REPORT line with Status: timeout. */
export function initTimeoutLine(initDurationMs: number): string {
  return initReportLine(initDurationMs, 'init', 'timeout');
}

/**
 * Lambda's INIT_REPORT for an init that failed: `Phase: init` for the environment's own init, `Phase: invoke`
 * for the init Lambda retries inside the invocation (observed: `INIT_REPORT Init Duration: 310.38 ms\tPhase:
 * init\tStatus: error\tError Type: Runtime.ImportModuleError`, then the same with `Phase: invoke`).
 */
export function initReportLine(initDurationMs: number, phase: 'init' | 'invoke', status: 'timeout' | 'error', errorType?: string): string {
  const line = `INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms\tPhase: ${phase}\tStatus: ${status}`;
  return status === 'error' && errorType ? `${line}\tError Type: ${errorType}` : line;
}

export function reportLine(r: Report): string {
  const parts = [
    `REPORT RequestId: ${r.requestId}`,
    `Duration: ${r.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${billedDurationMs(r)} ms`,
    `Memory Size: ${r.memorySizeMb} MB`,
    `Max Memory Used: ${r.maxMemoryUsedMb} MB`,
  ];
  if (r.initDurationMs !== undefined) parts.push(`Init Duration: ${r.initDurationMs.toFixed(2)} ms`);
  if (r.status) parts.push(`Status: ${r.status}`);
  if (r.status === 'error' && r.errorType) parts.push(`Error Type: ${r.errorType}`);
  return `${parts.join('\t')}\t`;
}
