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

export function startLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

/** An init past its time limit: Lambda's INIT_REPORT line with Status: timeout. */
export function initTimeoutLine(initDurationMs: number): string {
  return `INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms\tPhase: init\tStatus: timeout`;
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
