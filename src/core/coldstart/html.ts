import type { Finding } from './findings.js';
import { layoutIcicle, layoutStrip } from './html-layout.js';
import type { ColdstartReport } from './report.js';

/**
 * `pylambda coldstart --html FILE`: one self-contained page. No network: inline CSS and JS, system
 * fonts, and a Content-Security-Policy that forbids loading anything. Every value from the report is
 * escaped (module names, paths and messages come from the user's code); the script reads the numbers
 * from data attributes and writes the tooltip with textContent, so nothing is ever parsed as HTML.
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fmt = (ms: number): string => (ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
/** Exact to the microsecond, for data attributes and the tooltip. */
const exact = (ms: number): string => String(Number(ms.toFixed(3)));
const pct = (fraction: number): string => `${(fraction * 100).toFixed(4)}%`;
const ROW_PX = 20;

const CSS = `
:root{--bg:#fff;--fg:#1d2430;--muted:#5b6472;--line:#d9dee7;--startup:#c9d3e3;--runtime:#b9dcc8;--user:#f2b872;--invoke:#e3b7d9;--warn:#b4480a;--info:#2c5d9f}
*{box-sizing:border-box}body{margin:0;padding:24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}.sub{color:var(--muted);margin:0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:110px}
.card b{display:block;font-size:18px}.card span{color:var(--muted);font-size:12px}
.pass{color:#17753d}.fail{color:#b3261e}
.strip{position:relative;height:64px;border-bottom:1px solid var(--muted);margin:8px 12px 28px}
.dot{position:absolute;bottom:12px;width:12px;height:12px;margin-left:-6px;border-radius:50%;background:var(--info);opacity:.75}
.mark{position:absolute;top:0;bottom:0;border-left:2px dashed var(--fg);pointer-events:none}.mark span{position:absolute;top:-2px;left:4px;font-size:12px;white-space:nowrap}
.mark.p90{border-color:var(--warn)}.axis{position:absolute;top:68px;font-size:12px;color:var(--muted)}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-2px;border-radius:2px}
.icicle{position:relative;width:100%;border:1px solid var(--line);overflow:hidden}
.blk{position:absolute;height:${ROW_PX - 1}px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;font-size:11px;line-height:${ROW_PX - 1}px;
text-indent:3px;border-right:1px solid #fff;cursor:default}.blk:hover{outline:2px solid var(--fg);z-index:1}
.startup{background:var(--startup)}.runtime{background:var(--runtime)}.user{background:var(--user)}.invoke{background:var(--invoke)}
table{border-collapse:collapse;width:100%;margin-top:8px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.sev-warning{color:var(--warn);font-weight:600}.sev-info{color:var(--info)}code{font:12px ui-monospace,Menlo,Consolas,monospace}
.chain{color:var(--muted);font-size:12px}
#tooltip{position:fixed;pointer-events:none;background:#1d2430;color:#fff;padding:6px 8px;border-radius:4px;font-size:12px;white-space:pre;z-index:10}
`;

// Reads only data-* attributes and writes text: the page has no other behaviour.
const SCRIPT = `
(function () {
  var tip = document.getElementById('tooltip');
  function show(event) {
    var el = event.target.closest && event.target.closest('[data-module],[data-run]');
    if (!el) { tip.hidden = true; return; }
    var d = el.dataset;
    tip.textContent = d.module !== undefined
      ? d.module + '\\nself ' + d.selfMs + ' ms\\ncumulative ' + d.cumulativeMs + ' ms\\n' + d.phase
      : 'run ' + d.run + ': ' + d.ms + ' ms';
    tip.hidden = false;
    var x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(8, x) + 'px';
    tip.style.top = (event.clientY + 16) + 'px';
  }
  document.addEventListener('mouseover', show);
  document.addEventListener('mousemove', show);
  document.addEventListener('mouseleave', function () { tip.hidden = true; });
})();
`;

function summary(report: ColdstartReport): string {
  const { stats } = report.runs;
  const budget = report.budget;
  const card = (value: string, label: string, cls = '') => `<div class="card"><b class="${cls}">${value}</b><span>${escapeHtml(label)}</span></div>`;
  const budgetCard = budget.status === 'none'
    ? card(budget.references.map((r) => `${r.met ? '✓' : '✗'} ${r.targetMs}`).join(' · '), `reference targets (ms): ${budget.references.map((r) => r.name).join(', ')}`)
    : card(`${budget.status === 'pass' ? 'pass' : 'fail'} (${fmt(budget.budgetMs!)} ms)`, 'budget, on the median', budget.status);
  const cards = [
    card(`${fmt(stats.median)} ms`, 'median Init Duration'),
    card(`${fmt(stats.p90)} ms`, 'p90'),
    card(`${fmt(stats.min)} – ${fmt(stats.max)} ms`, 'min – max'),
    card(String(stats.count), 'cold starts'),
    budgetCard,
  ];
  if (report.runs.firstInvokeMs !== undefined) cards.push(card(`${fmt(report.runs.firstInvokeMs)} ms`, report.runs.firstInvokeTimedOut ? 'first invocation (timed out)' : 'first invocation'));
  if (report.runs.warmInvokeMs !== undefined) cards.push(card(`${fmt(report.runs.warmInvokeMs)} ms`, 'warm invocation'));
  if (report.runs.maxMemoryUsedMb !== undefined) cards.push(card(`${report.runs.maxMemoryUsedMb} MB`, 'max memory used'));
  return `<div class="cards">${cards.join('')}</div>`;
}

function strip(report: ColdstartReport): string {
  const { stats, initDurationsMs } = report.runs;
  const layout = layoutStrip(initDurationsMs, stats.median, stats.p90);
  const dots = layout.points
    .map((p) => `<span class="dot" style="left:${pct(p.x)}" data-run="${p.run}" data-ms="${exact(p.ms)}"></span>`)
    .join('');
  return `<h2>Init Duration of ${stats.count} cold start${stats.count === 1 ? '' : 's'}</h2>
<div class="strip" id="runs">${dots}
<div class="mark" style="left:${pct(layout.medianX)}"><span>median ${fmt(stats.median)} ms</span></div>
<div class="mark p90" style="left:${pct(layout.p90X)}"><span style="top:16px">p90 ${fmt(stats.p90)} ms</span></div>
<span class="axis" style="left:0">${fmt(layout.axisMinMs)} ms</span><span class="axis" style="right:0">${fmt(layout.axisMaxMs)} ms</span></div>`;
}

function imports(report: ColdstartReport): string {
  const data = report.imports;
  if (!data) return '<h2>Imports of a cold start</h2><p class="sub">No import profile was recorded.</p>';
  const layout = layoutIcicle(data.tree, data.rootPhases);
  const blocks = layout.blocks.map((b) =>
    `<div class="blk ${b.phase}" style="left:${pct(b.x)};width:${pct(b.width)};top:${b.depth * ROW_PX}px" data-module="${escapeHtml(b.module)}" `
    + `data-self-ms="${exact(b.selfMs)}" data-cumulative-ms="${exact(b.cumulativeMs)}" data-phase="${b.phase}">${escapeHtml(b.module)}</div>`).join('\n');
  const { phases } = data;
  const legend = `<p class="legend"><span><i class="startup"></i>Python start-up ${fmt(phases.startup.ms)} ms</span>`
    + `<span><i class="runtime"></i>runtime client ${fmt(phases.runtime.ms)} ms</span>`
    + `<span><i class="user"></i>your function's imports ${fmt(phases.user.ms)} ms (${phases.user.modules} modules)</span>`
    + (phases.invoke.modules > 0 ? `<span><i class="invoke"></i>first invocation ${fmt(phases.invoke.ms)} ms (${phases.invoke.modules} modules, imported while the handler ran: not in the total)</span>` : '')
    + '</p>';
  const rows = data.packages.slice(0, 15).map((p) =>
    `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.owner ? `${p.owner.name}${p.owner.version ? ` ${p.owner.version}` : ''}` : '')}</td>`
    + `<td class="num">${fmt(p.selfMs)} ms</td><td class="num">${p.modules}</td>`
    + `<td class="chain">${escapeHtml(p.firstImport.chain.join(' → '))}</td></tr>`).join('');
  const table = rows
    ? `<table><thead><tr><th>package</th><th>distribution</th><th>own import time</th><th>modules</th><th>pulled in by</th></tr></thead><tbody>${rows}</tbody></table>`
    : '';
  const truncated = data.truncated ? '<p class="sub">The profile ends in the middle of an import (the process stopped early).</p>' : '';
  // The same total, under the same name, as the terminal report and --json (imports.totalMs): the init's
  // imports. The chart also draws the first invocation's, so its width is more than that.
  return `<h2>Imports of a cold start (${fmt(data.totalMs)} ms)</h2>${legend}${truncated}
<div class="icicle" id="icicle" style="height:${Math.max(1, layout.rows) * ROW_PX}px">
${blocks}
</div>${table}`;
}

function findingRow(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : f.module ?? '';
  return `<tr><td class="sev-${f.severity}">${escapeHtml(f.severity)}</td><td><code>${escapeHtml(f.rule)}</code></td>`
    + `<td><code>${escapeHtml(where)}</code></td><td>${escapeHtml(f.message)}<br><b>Fix:</b> ${escapeHtml(f.fix)}</td>`
    + `<td class="num">${f.savingsMs !== undefined ? `${fmt(f.savingsMs)} ms` : ''}</td></tr>`;
}

function findings(report: ColdstartReport): string {
  if (report.findings.length === 0) return '<h2>Findings</h2><p class="sub">Nothing to fix.</p>';
  return `<h2>Findings (${report.findings.length})</h2><table id="findings"><thead><tr><th>severity</th><th>rule</th><th>where</th>`
    + `<th>problem and fix</th><th>saves</th></tr></thead><tbody>${report.findings.map(findingRow).join('')}</tbody></table>`;
}

export function renderHtml(report: ColdstartReport): string {
  const fn = report.function;
  const sub = [fn.handler, fn.runtime, `${fn.memorySizeMb} MB`, fn.pythonVersion ? `Python ${fn.pythonVersion}` : '', report.measuredAt ?? '']
    .filter(Boolean).map(escapeHtml).join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Cold start of ${escapeHtml(fn.name)}</title>
<style>${CSS}</style>
</head>
<body data-schema-version="${report.schemaVersion}">
<h1>Cold start of ${escapeHtml(fn.name)}</h1>
<p class="sub">${sub}</p>
${summary(report)}
${strip(report)}
${imports(report)}
${findings(report)}
<div id="tooltip" role="tooltip" hidden></div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
