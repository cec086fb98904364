import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { EventSource } from '../src/core/model/event-sources.js';
import type { FunctionModel, Project } from '../src/core/model/project.js';
import { expect } from 'vitest';
import { ROOT, testPython } from './helpers.js';

/**
 * Sums up a SAM project twice, in one shape: as AWS SAM's own translator (PyPI aws-sam-translator, run by
 * test/sam-translated.py) turns it into CloudFormation, and as pylambda reads it into its model. A route is
 * `rest ServerlessRestApi Prod GET /hello Hello:live` (its kind, API, stage, method, path, function and alias), a
 * trigger `sqs Worker Jobs batch=5 start=- window=- enabled=-` (its source by name, absent settings as `-`).
 */
export interface Summary {
  readonly functions: Readonly<Record<string, FunctionSummary>>;
  readonly routes: readonly string[];
  readonly triggers: readonly string[];
}

export interface FunctionSummary {
  readonly handler: string;
  readonly runtime: string;
  readonly memorySize: number;
  readonly timeout: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly architecture: string;
  /** Layers of the template by logical id, in the function's order. */
  readonly layers: readonly string[];
  /** The others (by ARN), in the function's order. */
  readonly externalLayers: readonly string[];
}

export interface TranslatorRequest {
  readonly dir: string;
  readonly template: string;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly region: string;
}

/** What samtranslator makes of the template: the summary, or the errors it refuses the template with. */
export async function translated(request: TranslatorRequest): Promise<{ summary?: Summary; error?: string[] }> {
  const child = promisify(execFile)(testPython(), [join(ROOT, 'test', 'sam-translated.py')], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  child.child.stdin!.end(JSON.stringify(request));
  const { stdout } = await child;
  return JSON.parse(stdout) as { summary?: Summary; error?: string[] };
}

/** Writes a project's files (path -> text) under `dir`. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** pylambda's model of the same project, summed up as the translator's is. */
export function modelSummary(project: Project): Summary {
  const functions = Object.fromEntries(project.functions.map((fn) => [fn.id, functionSummary(fn)]));
  const routes = project.endpoints.filter((e) => e.kind === 'rest' || e.kind === 'http').flatMap((e) => e.routes
    .filter((r) => r.functionId !== '')
    .map((r) => `${e.kind} ${e.id} ${e.stage} ${r.method} ${r.path} ${r.functionId}${r.qualifier ? `:${r.qualifier}` : ''}${e.kind === 'http' && r.payloadFormatVersion === '1.0' ? ' payload 1.0' : ''}`));
  const triggers = project.functions.flatMap((fn) => fn.events.flatMap((event) => triggerLines(fn, event)));
  return { functions, routes: routes.sort(), triggers: triggers.sort() };
}

function functionSummary(fn: FunctionModel): FunctionSummary {
  return {
    handler: fn.handler,
    runtime: fn.runtime,
    memorySize: fn.memorySize,
    timeout: fn.timeout,
    environment: fn.environment,
    architecture: fn.architecture,
    layers: (fn.layers ?? []).map((l) => l.id),
    externalLayers: fn.externalLayers ?? [],
  };
}

/** The last part of an ARN or URL: what names a queue, stream, table or bucket. */
const nameOf = (value: string | undefined) => (value ?? '-').split(/[:/]/).pop();
const setting = (value: unknown) => (value === undefined ? '-' : String(value));

function triggerLines(fn: FunctionModel, event: EventSource): string[] {
  const target = `${fn.id}${'qualifier' in event && event.qualifier ? `:${event.qualifier}` : ''}`;
  switch (event.kind) {
    case 'sqs':
      return [`sqs ${target} ${nameOf(event.queue)} batch=${setting(event.batchSize)} start=- window=${setting(event.batchingWindow)} enabled=${event.disabled ? 'False' : '-'}`];
    case 's3':
      return event.events.map((e) => `s3 ${target} ${event.bucket} ${e} prefix=${setting(event.keyFilter?.prefix)} suffix=${setting(event.keyFilter?.suffix)}`);
    case 'schedule':
      return [`schedule ${target} ${event.schedule} input=${setting(event.input)}`];
    case 'other': {
      if (!event.stream) return [];
      const m = event.mapping;
      const source = event.stream.service === 'kinesis' ? nameOf(event.stream.stream) : event.stream.table?.name;
      return [`${event.stream.service} ${target} ${source} batch=${setting(m?.batchSize)} start=${setting(m?.startingPosition)} window=${setting(m?.batchWindowSeconds)} enabled=${m?.enabled === false ? 'False' : '-'}`];
    }
    default:
      return [];
  }
}

/**
 * The translator's summary with the values only a deploy knows (`{{ref:Table}}`, `{{getatt:Queue.Arn}}` in an
 * environment variable) as patterns: pylambda makes up a local value for them (ref-values.ts), which any value
 * matches. The rest of the variable must be as written.
 */
export function withDeployTimeValues(summary: Summary): Summary {
  const functions = Object.fromEntries(Object.entries(summary.functions).map(([id, fn]) => [id, {
    ...fn,
    environment: Object.fromEntries(Object.entries(fn.environment).map(([key, value]) => [key, value.includes('{{') ? deployTimePattern(value) : value])),
  }]));
  return { ...summary, functions };
}

function deployTimePattern(value: string): string {
  const parts = value.split(/\{\{[^}]*\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return expect.stringMatching(new RegExp(`^${parts.join('.+')}$`)) as unknown as string;
}
