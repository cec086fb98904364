import type { Finding } from '../core/coldstart/findings.js';
import type { ColdstartReport } from '../core/coldstart/report.js';
import type { Style } from './io.js';

/**
 * `pylambda coldstart` in a terminal: one screen with the numbers, where the time goes, what to fix
 * and the verdict. Everything else is in --json and --html.
 */
export interface TerminalOptions {
  readonly style: Style;
  /** Columns to wrap long texts at (default 100). */
  readonly width?: number;
  /** Packages listed (default 6) and findings shown in full (default 5). */
  readonly topPackages?: number;
  readonly topFindings?: number;
}

export const fmtMs = (ms: number): string => `${ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)} ms`;

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Greedy word wrap; every line starts with `indent`. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** A chain that fits `max` columns: its first link, `...`, and as many of its last links as fit. */
export function shortChain(chain: readonly string[], max: number): string {
  const full = chain.join(' -> ');
  if (full.length <= max || chain.length <= 2) return full;
  const tail: string[] = [chain[chain.length - 1]!];
  for (let i = chain.length - 2; i > 0; i -= 1) {
    if ([chain[0], '...', chain[i], ...tail].join(' -> ').length > max) break;
    tail.unshift(chain[i]!);
  }
  return [chain[0], '...', ...tail].join(' -> ');
}

function runs(report: ColdstartReport, s: Style): string[] {
  const { stats, firstInvokeMs, firstInvokeTimedOut, warmInvokeMs, maxMemoryUsedMb } = report.runs;
  const invokes = [
    firstInvokeMs !== undefined ? `first ${fmtMs(firstInvokeMs)}${firstInvokeTimedOut ? ' (timed out)' : ''}` : '',
    warmInvokeMs !== undefined ? `warm ${fmtMs(warmInvokeMs)}` : '',
    maxMemoryUsedMb !== undefined ? `Max Memory Used ${maxMemoryUsedMb} MB of ${report.function.memorySizeMb} MB` : '',
  ].filter(Boolean).join('   ');
  return [
    `${s.bold('Init Duration')}   median ${s.bold(fmtMs(stats.median))}   p90 ${fmtMs(stats.p90)}   min ${fmtMs(stats.min)}   max ${fmtMs(stats.max)}   `
      + s.dim(`(${stats.count} cold start${stats.count === 1 ? '' : 's'})`),
    ...(invokes ? [`${s.bold('Invocations')}     ${invokes}`] : []),
  ];
}

function verdict(report: ColdstartReport, s: Style): string {
  const b = report.budget;
  if (b.status === 'pass') return `${s.bold('Budget')}          ${s.green('PASS')}: the median ${fmtMs(b.medianMs)} is within the budget of ${fmtMs(b.budgetMs!)}`;
  if (b.status === 'fail') {
    return `${s.bold('Budget')}          ${s.red('FAIL')}: the median ${fmtMs(b.medianMs)} is ${fmtMs(b.overByMs!)} over the budget of ${fmtMs(b.budgetMs!)}`;
  }
  // The target of the project's kind; both when the report does not say which.
  const style = report.function.style;
  const relevant = style === undefined ? b.references : b.references.filter((r) => (style === 'chalice') === r.name.startsWith('Chalice'));
  const refs = relevant.map((r) => `${r.name} < ${r.targetMs} ms: ${r.met ? s.green('met') : s.yellow('not met')}`).join(' · ');
  return `${s.bold('Targets')}         ${refs}`;
}

function imports(report: ColdstartReport, s: Style, top: number, width: number): string[] {
  const data = report.imports;
  if (!data) return [];
  const { startup, runtime, user, invoke } = data.phases;
  const lazy = invoke.modules > 0 ? ` · first invocation ${fmtMs(invoke.ms)} (${invoke.modules} module${invoke.modules === 1 ? '' : 's'} imported while the handler ran)` : '';
  // What the first request pays for the imports inside the handler, heaviest first (with what they pulled in).
  const invoked = data.invokePackages ?? [];
  const names = new Set(invoked.map((p) => p.name));
  // botocore pulled in by boto3 is part of boto3's time: only the packages the handler's code imported.
  const heaviest = invoked.filter((p) => !p.firstImport.chain.slice(0, -1).some((m) => names.has(m.split('.')[0]!)))
    .sort((a, b) => b.firstImport.cumulativeMs - a.firstImport.cumulativeMs)
    .filter((p) => p.firstImport.cumulativeMs >= 1).slice(0, 5);
  const firstRequest = heaviest.length > 0
    ? [`  first invocation's imports: ${heaviest.map((p) => `${p.name} ${fmtMs(p.firstImport.cumulativeMs)}`).join(', ')}`]
    : [];
  const early = data.preloadedImports;
  const preloaded = early.length > 0
    ? wrap(`${early.join(', ')}: counted as the runtime's, which loads ${early.length === 1 ? 'it' : 'them'} on Lambda before your code`, width, '  ').map((l) => s.dim(l))
    : [];
  const out = [
    s.bold(`Imports of a cold start (-X importtime, each module's median of the profiled runs): ${fmtMs(data.totalMs)}`),
    `  Python start-up ${fmtMs(startup.ms)} · runtime client ${fmtMs(runtime.ms)} · your function ${s.bold(fmtMs(user.ms))} (${user.modules} module${user.modules === 1 ? '' : 's'})${lazy}`,
    ...preloaded,
    ...firstRequest,
  ];
  const packages = data.packages.slice(0, top);
  if (packages.length === 0) return out;
  const from = packages.map((p) => {
    if (!p.owner) return '';
    if (p.owner.kind === 'distribution') return `${p.owner.name} ${p.owner.version ?? ''}`.trim();
    return p.owner.kind === 'stdlib' ? 'stdlib' : p.owner.kind === 'local' ? 'your code' : 'unknown';
  });
  const nameWidth = Math.max(7, ...packages.map((p) => p.name.length));
  const fromWidth = Math.max(4, ...from.map((f) => f.length));
  const chainWidth = Math.max(30, width - nameWidth - fromWidth - 27);
  out.push('', s.dim(`  ${'package'.padEnd(nameWidth)}  ${'own time'.padStart(9)}  modules  ${'from'.padEnd(fromWidth)}  pulled in by`));
  packages.forEach((p, i) => {
    out.push(`  ${p.name.padEnd(nameWidth)}  ${fmtMs(p.selfMs).padStart(9)}  ${String(p.modules).padStart(7)}  ${from[i]!.padEnd(fromWidth)}  `
      + s.dim(shortChain(p.firstImport.chain, chainWidth)));
  });
  if (data.packages.length > top) out.push(s.dim(`  ... ${data.packages.length - top} more packages`));
  return out;
}

function finding(f: Finding, s: Style, width: number): string[] {
  const mark = f.severity === 'warning' ? s.yellow('warning') : s.cyan('info   ');
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : f.module ?? '';
  const saves = f.savingsMs !== undefined ? `   ${s.green(`saves ~${fmtMs(f.savingsMs)}`)}` : '';
  return [
    `  ${mark} ${s.bold(f.rule)}${where ? `  ${where}` : ''}${saves}`,
    ...wrap(f.message, width, '      '),
    ...wrap(`fix: ${f.fix}`, width, '      ').map((l) => s.dim(l)),
  ];
}

function findings(report: ColdstartReport, s: Style, width: number, top: number): string[] {
  const all = report.findings;
  if (all.length === 0) return [s.bold('Findings: none') + s.dim(' (static review, import profile and package)')];
  const warnings = all.filter((f) => f.severity === 'warning').length;
  const out = [s.bold(`Findings: ${warnings} warning${warnings === 1 ? '' : 's'}, ${all.length - warnings} info`)];
  for (const f of all.slice(0, top)) out.push(...finding(f, s, width));
  if (all.length > top) {
    const counts = new Map<string, number>();
    for (const f of all.slice(top)) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
    const rest = [...counts].map(([rule, n]) => (n === 1 ? rule : `${rule} x${n}`)).join(', ');
    out.push(...wrap(`... and ${all.length - top} more (${rest}): all of them with --json or --html FILE`, width, '  ').map((l) => s.dim(l)));
  }
  return out;
}

function pkg(report: ColdstartReport): string | undefined {
  const p = report.package;
  if (!p) return undefined;
  const version = /^python(\d+\.\d+)$/.exec(report.function.runtime)?.[1] ?? '';
  const parts = [
    p.pythonFiles !== undefined
      ? `${p.pythonFiles} .py file${p.pythonFiles === 1 ? '' : 's'}, ${p.pythonFilesWithBytecode ? p.pythonFilesWithBytecode : 'none'} with .pyc for Python ${version}`
      : `bytecode for Python ${version}: ${p.bytecode}`,
    p.boto3Bundled ? 'boto3 bundled' : p.boto3Listed ? 'boto3 bundled from requirements.txt' : 'boto3 from the runtime',
    ...(p.codeSizeBytes !== undefined ? [`code directory ${size(p.codeSizeBytes)} unzipped (Lambda's limit: 250 MB)`] : []),
  ];
  return `Package: ${parts.join(' · ')}`;
}

export function formatColdstartReport(report: ColdstartReport, options: TerminalOptions): string {
  const s = options.style;
  const width = Math.max(60, options.width ?? 100);
  const fn = report.function;
  const head = [
    fn.handler, fn.runtime, `${fn.memorySizeMb} MB`, fn.pythonVersion ? `run by Python ${fn.pythonVersion}` : '',
    report.runs.event ? `event: ${report.runs.event}${report.runs.functionError ? ` (the function returned ${report.runs.functionError})` : ''}` : '',
  ].filter(Boolean).join(' · ');
  const lines = [
    s.bold(`Cold start of ${fn.name}`),
    ...wrap(head, width, '').map((l) => s.dim(l)),
    '',
    ...runs(report, s),
    verdict(report, s),
    '',
    ...imports(report, s, options.topPackages ?? 6, width),
    '',
    ...findings(report, s, width, options.topFindings ?? 5),
  ];
  const facts = pkg(report);
  if (facts) lines.push('', ...wrap(facts, width, '').map((l) => s.dim(l)));
  return `${lines.join('\n')}\n`;
}
