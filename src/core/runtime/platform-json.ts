import type { LogFormat } from '../model/project.js';
import { billedDurationMs, endLine, initReportLine, reportLine, startLine, type Report } from './report.js';

/**
 * The platform lines of a function whose LogFormat is JSON. Lambda then writes its system logs as Telemetry
 * API events, one JSON object a line, instead of START, END, REPORT and INIT_REPORT
 * (monitoring-cloudwatchlogs-advanced: "the configuration you choose applies to both system and application
 * logs"; telemetry-schema-reference gives the records). Observed in CloudWatch:
 *   {"time":"2026-10-08T07:30:41.076Z","type":"platform.start","record":{"requestId":"f0c9...","functionArn":"arn:aws:lambda:eu-central-1:8257...:function:tenner-notifier","version":"$LATEST"}}
 *   {"time":"2026-07-09T06:05:50.562Z","type":"platform.runtimeDone","record":{"requestId":"aec7...","status":"timeout","metrics":{"durationMs":5001.182,"producedBytes":0}}}
 *   {"time":"2024-06-17T17:23:55.826Z","type":"platform.report","record":{"requestId":"40f6...","metrics":{"durationMs":18.593,"billedDurationMs":19,"memorySizeMB":2048,"maxMemoryUsedMB":246},"status":"success"}}
 * Durations carry three decimals there, where the text lines carry two.
 */

type Status = 'success' | 'timeout' | 'error';

function line(nowMs: number, type: string, record: Record<string, unknown>): string {
  return JSON.stringify({ time: new Date(nowMs).toISOString(), type, record });
}

const ms = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The Telemetry API's statuses, as Lambda's RAPID sets them (aws-lambda-runtime-interface-emulator,
 * internal/lambda/rapid/handlers.go): runtimeDone is `success` once the runtime has answered the invocation,
 * through /response or /error alike, so a handler that raised is a `success` of the platform's; a reset ends
 * it as `timeout` (no errorType), `failure` for a `Sandbox.*` error, else `error` with the errorType
 * (`Runtime.ExitError`, `Runtime.OutOfMemory`). pylambda's platform errors are never `Sandbox.*` but for the
 * timeout, so `failure` does not occur. The REPORT record takes the same status: the text REPORT shows one
 * only when the platform ended the invocation. (Lambda Managed Instances differ: their report says `error`
 * for a handler's error, internal/lambda-managed-instances/interop/error_utils.go.)
 */
function status(report: Pick<Report, 'status' | 'errorType'>): { status: Status; errorType?: string } {
  if (!report.status) return { status: 'success' };
  return report.status === 'error' && report.errorType ? { status: 'error', errorType: report.errorType } : { status: report.status };
}

export function startRecord(nowMs: number, requestId: string, functionArn: string, version = '$LATEST'): string {
  return line(nowMs, 'platform.start', { requestId, functionArn, version });
}

/** Where the text format writes END. */
export function runtimeDoneRecord(nowMs: number, report: Report, producedBytes: number): string {
  return line(nowMs, 'platform.runtimeDone', { requestId: report.requestId, ...status(report), metrics: { durationMs: ms(report.durationMs), producedBytes } });
}

export function reportRecord(nowMs: number, report: Report): string {
  const metrics = {
    durationMs: ms(report.durationMs),
    billedDurationMs: billedDurationMs(report),
    memorySizeMB: report.memorySizeMb,
    maxMemoryUsedMB: report.maxMemoryUsedMb,
    ...(report.initDurationMs === undefined ? {} : { initDurationMs: ms(report.initDurationMs) }),
  };
  return line(nowMs, 'platform.report', { requestId: report.requestId, metrics, ...status(report) });
}

/** Where the text format writes INIT_REPORT: an init that failed or ran out of time. */
export function initReportRecord(nowMs: number, initDurationMs: number, phase: 'init' | 'invoke', failure: 'timeout' | 'error', errorType?: string): string {
  return line(nowMs, 'platform.initReport', {
    initializationType: 'on-demand',
    phase,
    status: failure,
    ...(failure === 'error' && errorType ? { errorType } : {}),
    metrics: { durationMs: ms(initDurationMs) },
  });
}

/** A function's platform lines in its log format. */
export interface PlatformLines {
  /** `version`: the one that runs, `$LATEST` by default. */
  start(requestId: string, version?: string): string;
  initReport(initDurationMs: number, phase: 'init' | 'invoke', failure: 'timeout' | 'error', errorType?: string): string;
  end(report: Report, producedBytes: number): string;
  report(report: Report): string;
}

export function platformLines(format: LogFormat | undefined, functionArn: string, now: () => number): PlatformLines {
  if (format !== 'JSON') {
    return { start: startLine, initReport: initReportLine, end: (report) => endLine(report.requestId), report: reportLine };
  }
  return {
    start: (requestId, version) => startRecord(now(), requestId, functionArn, version),
    initReport: (...args) => initReportRecord(now(), ...args),
    end: (report, producedBytes) => runtimeDoneRecord(now(), report, producedBytes),
    report: (report) => reportRecord(now(), report),
  };
}
