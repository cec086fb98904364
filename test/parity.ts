import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { FunctionModel } from '../src/core/model/project.js';
import type { InvokeRequest, LocalFunction, LocalFunctionOptions, RuntimeClient } from '../src/emulator/local-function.js';
import { fixtureFunction, normalizedLines, waitUntil } from './helpers.js';

/**
 * Runs the same handlers under pylambda's runtime client and under awslambdaric, for the runtime-parity tests:
 * the handlers' sources are written to a directory of their own, each invocation's payload and error type and
 * the function's log lines are collected, request ids and times made comparable.
 */

export interface ParityOutcome {
  results: { payload: string; errorType: string | undefined }[];
  lines: string[];
}

export type ParityFn = Partial<FunctionModel> & { handler: string };
export type ParityInvoke = Partial<InvokeRequest>;
/**
 * What a run waits for after its invocations, before it stops the function: nothing (0), the function's log lines
 * (their raw texts) to hold what is still to come, or a time (only where nothing can be waited for).
 */
export type ParitySettle = number | ((texts: readonly string[]) => boolean);

/** How long a run waits for its lines to settle: past it, the comparison says what was missing. */
const SETTLE_LIMIT_MS = 20_000;

export interface ParityHarness {
  /** The task root the handlers are written to (set by setUp): their stack traces name it. */
  readonly root: string;
  /** Writes the handlers (a path below the task root -> its source); call in beforeAll. */
  setUp(): void;
  /** Stops what is still running and removes the handlers; call in afterAll. */
  tearDown(): Promise<void>;
  run(client: RuntimeClient, fn: ParityFn, invokes: ParityInvoke[], settle: ParitySettle, options?: Partial<LocalFunctionOptions>): Promise<ParityOutcome>;
  /** Both clients at once: their results and log lines must be the same. */
  both(fn: ParityFn, invokes?: ParityInvoke[], settle?: ParitySettle): Promise<ParityOutcome>;
  /** Both, where the runtimes' own frames (their files, on stderr or in a stack trace) are bound to differ. */
  bothResults(fn: ParityFn, invokes?: ParityInvoke[]): Promise<ParityOutcome['results']>;
}

export function parityHarness(handlers: Record<string, string>): ParityHarness {
  let root = '';
  const started: LocalFunction[] = [];
  const harness: ParityHarness = {
    get root() {
      return root;
    },
    setUp() {
      root = mkdtempSync(join(tmpdir(), 'pylambda-parity-'));
      for (const [file, source] of Object.entries(handlers)) {
        mkdirSync(dirname(join(root, file)), { recursive: true });
        writeFileSync(join(root, file), source);
      }
    },
    async tearDown() {
      await Promise.all(started.map((f) => f.shutdown()));
      rmSync(root, { recursive: true, force: true });
    },
    async run(client, fn, invokes, settle, options = {}) {
      const { local, logs } = fixtureFunction(fn, { runtimeClient: client, taskRoot: root, ...options });
      started.push(local);
      const results = [];
      const ids: string[] = [];
      for (const invoke of invokes) {
        const result = await local.invoke({ payload: '{}', traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1', ...invoke });
        ids.push(result.requestId);
        results.push({ payload: result.payload.toString('utf8'), errorType: result.errorType });
      }
      if (typeof settle === 'function') {
        await waitUntil(() => settle(logs.map((l) => l.text)), SETTLE_LIMIT_MS);
      } else if (settle) {
        await new Promise((resolve) => setTimeout(resolve, settle));
      }
      await local.shutdown();
      for (const r of results) for (const id of ids) r.payload = r.payload.replaceAll(id, '<id>');
      // Powertools writes its own timestamps.
      const lines = normalizedLines(logs, ids).map((l) => l.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\+0000/g, '<time>'));
      return { results, lines };
    },
    async both(fn, invokes = [{}], settle = 0) {
      const [ours, official] = await underBoth(harness, fn, invokes, settle);
      expect(ours).toEqual(official);
      return ours;
    },
    async bothResults(fn, invokes = [{}]) {
      const [ours, official] = await underBoth(harness, fn, invokes);
      expect(ours.results).toEqual(official.results);
      return ours.results;
    },
  };
  return harness;
}

/** The same function and invocations under both clients at once: pylambda's outcome, then awslambdaric's. */
export function underBoth(harness: ParityHarness, fn: ParityFn, invokes: ParityInvoke[] = [{}], settle: ParitySettle = 0): Promise<[ParityOutcome, ParityOutcome]> {
  return Promise.all([harness.run('pylambda', fn, invokes, settle), harness.run('awslambdaric', fn, invokes, settle)]);
}

/**
 * The log line a runtime writes for an error document in the text format (awslambdaric bootstrap.py, log_error):
 * "[ERROR] <type>: <message>" (no colon without a message), the traceback's heading and each frame's lines, their
 * indent as NO-BREAK SPACEs, joined with \r.
 */
export function errorLogLine(doc: { errorType: string; errorMessage: string; stackTrace: string[] }): string {
  const nbsp = (line: string) => line.replace(/^ +/, (spaces) => '\u00a0'.repeat(spaces.length));
  return [
    `[ERROR] ${doc.errorType}${doc.errorMessage ? `: ${doc.errorMessage}` : ''}`,
    'Traceback (most recent call last):',
    ...doc.stackTrace.flatMap((f) => f.trimEnd().split('\n').map(nbsp)),
  ].join('\r');
}

/**
 * The stack trace entry (traceback.format_list's) of the line `code` in `fn` of a handler file written below the task
 * root, its path as `<root>/<file>`: the line is the first in `source` that is `code` once trimmed.
 */
export function frameIn(file: string, source: string): (code: string, fn: string) => string {
  const lines = source.split('\n').map((l) => l.trim());
  return (code, fn) => `  File "<root>/${file}", line ${lines.indexOf(code) + 1}, in ${fn}\n    ${code}\n`;
}

/** A function `pick` calls and what it raises: its name, error type and message, the line that raised, and whether exec() ran it. */
export type RaisedRow = readonly [name: string, errorType: string, errorMessage: string, code: string, exec?: boolean];

/**
 * The error document of each row, raised in a function that `pick` (whose frame is `pickFrame`) called: both
 * runtimes' stack trace is pick's frame, the function's, and exec()'s `<string>` frame where it ran the line.
 */
export function raisedDocs(rows: readonly RaisedRow[], frame: (code: string, fn: string) => string, pickFrame: string): { errorMessage: string; errorType: string; requestId: string; stackTrace: string[] }[] {
  return rows.map(([name, errorType, errorMessage, code, exec]) => ({
    errorMessage, errorType, requestId: '<id>',
    stackTrace: [pickFrame, frame(code, name), ...(exec === true ? ['  File "<string>", line 1, in <module>\n'] : [])],
  }));
}
