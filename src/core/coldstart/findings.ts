import * as z from 'zod';
import type { ImportAnalysis } from './analysis.js';
import { usToMs } from './importtime.js';
import { packageFindings, type PackageFacts } from './package-findings.js';
import { chainOf, isWithin, userCumulativeUs, type NodeInfo, type TreeIndex } from './tree-index.js';

export type FindingSeverity = 'info' | 'warning';

/** One thing to fix, from the static review, the import tree, or the package. */
export interface Finding {
  readonly rule: string;
  readonly severity: FindingSeverity;
  /** Relative to the function's code directory, `/`-separated. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  readonly fix: string;
  /** Import time the fix would take off each cold start, when the import tree shows it. */
  readonly savingsMs?: number;
  /** The module the finding is about (heavy imports, slow imports). */
  readonly module?: string;
}

/** One finding as runtime/python/pylambda_lint.py prints it with --json. */
const LintFindingSchema = z.object({
  rule: z.string(),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
  fix: z.string(),
  module: z.string().optional(),
  names: z.array(z.string()).optional(),
});
export type LintFinding = z.infer<typeof LintFindingSchema>;

export function parseLintOutput(json: unknown): LintFinding[] {
  const parsed = z.array(LintFindingSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`pylambda_lint.py output: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

const SEVERITY: Readonly<Record<string, FindingSeverity>> = {
  'client-in-handler': 'warning',
  'network-at-import': 'warning',
  'heavy-import': 'warning',
  'env-required': 'warning',
  'env-unchecked': 'info',
  snapstart: 'info',
  'syntax-error': 'warning',
  'slow-import': 'warning',
  'slow-module-body': 'warning',
  'boto3-import': 'info',
  'no-bytecode': 'warning',
  'boto3-bundled': 'info',
  'package-size': 'warning',
};

export const severityOf = (rule: string): FindingSeverity => SEVERITY[rule] ?? 'info';

export interface FindingsInput {
  readonly lint: readonly LintFinding[];
  readonly index?: TreeIndex;
  readonly analysis?: ImportAnalysis;
  /** A package or module of the user's imports costing at least this much is reported (default 50 ms). */
  readonly slowImportMs?: number;
  /** Whether the code ships .pyc files for the runtime's Python: `absent` adds a finding. */
  readonly bytecode?: 'present' | 'absent' | 'unknown';
  /** `3.12`: the runtime's Python, for the fix text. */
  readonly pythonVersion?: string;
  /** Files of the function's own modules (`slowpkg` -> `slowpkg/__init__.py`), to say where a finding is. */
  readonly moduleFiles?: Readonly<Record<string, string>>;
  /** The rest of the package's facts (see package-findings.ts). */
  readonly package?: PackageFacts;
}

export const DEFAULT_SLOW_IMPORT_MS = 50;
const AWS_SDK = new Set(['boto3', 'botocore', 's3transfer', 'jmespath']);

/**
 * What the static review should treat as heavy (pylambda_lint.py --heavy) besides its built-in list:
 * each module of the user's imports whose first import took at least `minMs` with what it pulled in.
 * The review then reports those imported at module level but needed on some paths only. The AWS SDK
 * and what it pulls in are left out: its clients belong at module level (see the boto3-import finding).
 */
export const DEFAULT_HEAVY_IMPORT_MS = 20;

export function heavyModules(index: TreeIndex, minMs = DEFAULT_HEAVY_IMPORT_MS): string[] {
  const viaSdk = (info: NodeInfo): boolean => {
    for (let at: NodeInfo | undefined = info; at; at = at.parent) if (AWS_SDK.has(at.topLevel)) return true;
    return false;
  };
  const names = index.nodes
    .filter((info) => info.phase === 'user' && index.first.get(info.node.name) === info && !viaSdk(info))
    .filter((info) => usToMs(userCumulativeUs(index, info)) >= minMs)
    .map((info) => info.node.name);
  return [...new Set(names)];
}

const ms = (value: number): string => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

/** `src/handlers.py` -> `src.handlers`, `pkg/__init__.py` -> `pkg`. */
export function moduleOfFile(file: string): string {
  return file.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
}

/**
 * What deferring a heavy import would save: the cumulative time of the module's first import (with
 * `from pkg import sub`, also pkg.sub's when it was imported on its own) — but only when that first
 * import came from this file. Otherwise something else pulls the module in first and still would.
 */
function heavyImportSavings(index: TreeIndex, lint: LintFinding, all: readonly LintFinding[]): { savingsMs?: number; note?: string; nothingSaved?: true } {
  const head = lint.module ? index.first.get(lint.module) : undefined;
  if (!head || head.phase !== 'user') return {};
  const importer = moduleOfFile(lint.file);
  const direct = head.parent ? head.parent.node.name === importer : importer === index.handlerModule;
  if (!direct) {
    const chain = chainOf(index, head);
    // Pulled in by another module-level import of this same file that is not itself deferrable (`from
    // aws_lambda_powertools.event_handler import APIGatewayRestResolver`, whose resolver the routes' decorators
    // need, loads event_handler.exceptions): deferring this one saves nothing.
    const through = chain.indexOf(importer);
    const via = through >= 0 && through < chain.length - 2 ? chain[through + 1]! : undefined;
    const viaDeferrable = via !== undefined && all.some((o) => o.rule === 'heavy-import' && o.file === lint.file && o.module !== undefined && (o.module === via || via.startsWith(`${o.module}.`)));
    if (via !== undefined && !viaDeferrable) {
      return { savingsMs: 0, nothingSaved: true, note: ` It is loaded anyway by ${chain.join(' -> ')}, an import of this file that runs at module level: deferring this one saves nothing.` };
    }
    return { note: ` It is first pulled in by ${chain.join(' -> ')}, so that import would have to move too.` };
  }
  let us = userCumulativeUs(index, head);
  for (const name of lint.names ?? []) {
    const sub = index.first.get(`${lint.module}.${name}`);
    if (sub && sub.phase === 'user' && !isWithin(sub, head)) us += userCumulativeUs(index, sub);
  }
  // Other files import it at module level too: deferring this one alone, they would import it at init instead.
  const top = lint.module!.split('.')[0]!;
  const others = all.filter((o) => o !== lint && o.rule === 'heavy-import' && o.module?.split('.')[0] === top && o.file !== lint.file);
  const also = others.length > 0 ? ` The saving needs ${others.map((o) => `${o.file}:${o.line}`).join(', ')} deferred too, which import${others.length === 1 ? 's' : ''} it at module level as well.` : '';
  return { savingsMs: usToMs(us), ...(also ? { note: also } : {}) };
}

/** `module-client`: a module that creates clients at import, where they belong; a fact for fromTree, not a finding. */
const FACTS = new Set(['module-client']);

function fromLint(input: FindingsInput): Finding[] {
  return input.lint.filter((lint) => !FACTS.has(lint.rule)).map((lint) => {
    const extra = lint.rule === 'heavy-import' && input.index ? heavyImportSavings(input.index, lint, input.lint) : {};
    return {
      rule: lint.rule,
      severity: 'nothingSaved' in extra ? 'info' as const : severityOf(lint.rule),
      file: lint.file,
      line: lint.line,
      column: lint.column,
      message: lint.message + (extra.note ?? ''),
      fix: lint.fix,
      ...(extra.savingsMs !== undefined ? { savingsMs: extra.savingsMs } : {}),
      ...(lint.module ? { module: lint.module } : {}),
    };
  });
}

function fromTree(input: FindingsInput, covered: ReadonlySet<string>, deferred: readonly string[]): Finding[] {
  const { index, analysis } = input;
  if (!index || !analysis) return [];
  const threshold = input.slowImportMs ?? DEFAULT_SLOW_IMPORT_MS;
  const found: Finding[] = [];
  const boto3 = index.first.get('boto3');
  if (boto3 && boto3.phase === 'user') {
    found.push({
      rule: 'boto3-import',
      severity: severityOf('boto3-import'),
      module: 'boto3',
      message: `boto3 costs ${ms(usToMs(boto3.node.cumulativeUs))} of each cold start (with botocore and what they pull in), imported by ${chainOf(index, boto3).join(' -> ')}.`,
      fix: 'Expected when the function calls AWS: keep `import boto3` and the clients at module level so each environment pays once. '
        + 'If you bundle your own boto3 rather than use the runtime\'s, ship .pyc files for it: without them each cold start compiles botocore\'s modules '
        + '(a cold start three times as long in pylambda\'s package benchmark, docs/benchmarks.md).',
    });
  } else if (boto3 && boto3.phase === 'invoke') {
    // Imported inside a function (the lazy pattern): the init stays short and the first request that
    // needs AWS pays instead. Said as a fact, not a fault: moving it to module level is the other choice.
    found.push({
      rule: 'boto3-import',
      severity: severityOf('boto3-import'),
      module: 'boto3',
      message: `boto3 costs ${ms(usToMs(boto3.node.cumulativeUs))} of each environment's first invocation (with botocore and what they pull in): it is imported while the handler runs, not during the init, so Init Duration leaves it out and the first request pays it.`,
      fix: 'Nothing to change if that is the design: requests that never call AWS never pay it. To pay it during the init instead (when nearly every request calls AWS), import boto3 at module level.',
    });
  }
  for (const pkg of analysis.packages) {
    if (pkg.selfMs < threshold || covered.has(pkg.name) || AWS_SDK.has(pkg.name) || pkg.owner?.kind === 'local') continue;
    // Pulled in by boto3 (urllib3, dateutil...): part of the cost the boto3-import finding reports.
    if (pkg.firstImport.chain.some((name) => AWS_SDK.has(name.split('.')[0]!))) continue;
    const owner = pkg.owner?.kind === 'distribution' ? ` (${pkg.owner.name}${pkg.owner.version ? ` ${pkg.owner.version}` : ''})` : '';
    found.push({
      rule: 'slow-import',
      severity: severityOf('slow-import'),
      module: pkg.name,
      // Its own modules' time counts wherever they were imported (numpy submodules pandas pulls in later
      // too); the first import's time is that one import's, with the other packages it pulled in.
      message: `${pkg.name}${owner} costs ${ms(pkg.selfMs)} of import time in its own ${pkg.modules === 1 ? 'module' : `${pkg.modules} modules`}; `
        + `its first import, by ${pkg.firstImport.chain.join(' -> ')}, took ${ms(pkg.firstImport.cumulativeMs)} with what it pulled in.`,
      fix: 'If only some invocations need it, import it inside the function that uses it; otherwise import only the submodule you use, '
        + 'look for a lighter alternative, and ship .pyc files for the runtime\'s Python.',
    });
  }
  const local = new Set(analysis.packages.filter((p) => p.owner?.kind === 'local').map((p) => p.name));
  for (const info of index.nodes) {
    if (info.phase !== 'user' || index.first.get(info.node.name) !== info || !local.has(info.topLevel)) continue;
    if (usToMs(info.node.selfUs) < threshold) continue;
    // The review already says to import it lazily, with the time that saves: one finding is enough.
    if (deferred.some((m) => info.node.name === m || info.node.name.startsWith(`${m}.`))) continue;
    const file = input.moduleFiles?.[info.node.name];
    const chain = chainOf(index, info);
    const importedBy = chain.length > 1 ? ` (imported by ${chain.slice(0, -1).join(' -> ')})` : '';
    // A boto3 client loads its service model when it is created: at module level, as it should be, that time is
    // the module's own. Said as what it costs, not as a fault (AWS: "initialize SDK clients outside the handler").
    const clients = input.lint.find((l) => l.rule === 'module-client' && l.module === info.node.name);
    found.push({
      rule: 'slow-module-body',
      severity: clients ? 'info' : severityOf('slow-module-body'),
      ...(file ? { file } : {}),
      module: info.node.name,
      message: `Your module ${info.node.name} spends ${ms(usToMs(info.node.selfUs))} running its own top-level code at import${importedBy}`
        + (clients ? `; it ${clients.message}, which is most of that and where clients belong: each environment pays once, and every invocation reuses them.` : '.'),
      fix: clients
        ? 'Keep the clients at module level. Only what else runs there, if it is not needed on every invocation, could move into the functions that use it.'
        : 'Move the work out of module level into the functions that need it (or a getter that caches its result), and ship .pyc files so compiling is not part of it.',
    });
  }
  return found;
}

/** Every finding, the most useful first: warnings, then the largest savings, then by place. */
export function buildFindings(input: FindingsInput): Finding[] {
  const lint = fromLint(input);
  const deferred = lint.filter((f) => f.rule === 'heavy-import' && f.module).map((f) => f.module!);
  const covered = new Set(deferred.map((m) => m.split('.')[0]!));
  const pkg = packageFindings({
    ...(input.package ?? {}),
    ...(input.bytecode ? { bytecode: input.bytecode } : {}),
    ...(input.pythonVersion ? { pythonVersion: input.pythonVersion } : {}),
  });
  return [...lint, ...fromTree(input, covered, deferred), ...pkg].sort((a, b) =>
    (a.severity === b.severity ? 0 : a.severity === 'warning' ? -1 : 1)
    || (b.savingsMs ?? -1) - (a.savingsMs ?? -1)
    || (a.file ?? '\uffff').localeCompare(b.file ?? '\uffff')
    || (a.line ?? 0) - (b.line ?? 0)
    || a.rule.localeCompare(b.rule));
}
