import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutIcicle, layoutStrip } from '../../src/core/coldstart/html-layout.js';
import { escapeHtml, renderHtml } from '../../src/core/coldstart/html.js';
import { HANDLER_IMPORT_MARKER, INVOKE_MARKER, parseImportTime, preorder } from '../../src/core/coldstart/importtime.js';
import { buildColdstartReport, COLDSTART_SCHEMA_VERSION, type ColdstartReport } from '../../src/core/coldstart/report.js';
import { FIXTURES } from '../helpers.js';

const line = (self: number, cumulative: number, depth: number, name: string) =>
  `import time: ${String(self).padStart(9)} | ${String(cumulative).padStart(10)} | ${'  '.repeat(depth)}${name}`;
const stderr = readFileSync(`${FIXTURES}coldstart/bootstrap-importtime.txt`, 'utf8');

const report = (importtimeStderr: string, overrides: Partial<Parameters<typeof buildColdstartReport>[0]> = {}): ColdstartReport =>
  buildColdstartReport({
    function: { name: 'HelloFunction', handler: 'lambda_function.lambda_handler', runtime: 'python3.12', memorySizeMb: 128 },
    initDurationsMs: [180.5, 175.2, 190.1, 210.7, 178.9],
    importtimeStderr,
    lint: [{ rule: 'client-in-handler', file: 'lambda_function.py', line: 12, column: 5, message: 'boto3.client(...) creates a client.', fix: 'Create it once.' }],
    ...overrides,
  });

describe('renderHtml', () => {
  const data = report(stderr);
  const html = renderHtml(data);

  it('draws one block per module of the import tree, with data-module and its numbers', () => {
    const modules = [...preorder(data.imports!.tree)].map((x) => x.node.name);
    const blocks = [...html.matchAll(/<div class="blk (\w+)"[^>]* data-module="([^"]*)" data-self-ms="([\d.]+)" data-cumulative-ms="([\d.]+)" data-phase="(\w+)">/g)];
    expect(blocks.map((b) => b[2])).toEqual(modules);
    const slow = blocks.find((b) => b[2] === 'slowpkg')!;
    expect(slow.slice(3, 6)).toEqual(['80.464', '80.464', 'user']);
    expect(blocks.find((b) => b[2] === 'pylambda_logging')![5]).toBe('runtime');
    expect(blocks.find((b) => b[2] === 'site')![5]).toBe('startup');
  });

  it('has the tooltip element and the script that fills it from data attributes', () => {
    expect(html).toContain('<div id="tooltip" role="tooltip" hidden></div>');
    expect(html).toMatch(/tip\.textContent = /);
    expect(html).not.toMatch(/innerHTML/);
  });

  it('fills the tooltip with the hovered block\'s module, self and cumulative ms (script run against a minimal DOM)', () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const listeners: Record<string, (event: unknown) => void> = {};
    const tip = { hidden: true, textContent: '', offsetWidth: 100, style: {} as Record<string, string> };
    const document = { getElementById: () => tip, addEventListener: (type: string, fn: (event: unknown) => void) => { listeners[type] = fn; } };
    new Function('document', 'window', script)(document, { innerWidth: 1000 });
    const block = { dataset: { module: 'slowpkg', selfMs: '80.464', cumulativeMs: '80.464', phase: 'user' } };
    listeners.mouseover!({ target: { closest: () => block }, clientX: 10, clientY: 20 });
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toBe('slowpkg\nself 80.464 ms\ncumulative 80.464 ms\nuser');
    expect(tip.style).toEqual({ left: '24px', top: '36px' });
    listeners.mousemove!({ target: { closest: () => null }, clientX: 0, clientY: 0 });
    expect(tip.hidden).toBe(true);
  });

  it('shows the Init Duration runs with the median and p90 marked', () => {
    expect(html.match(/class="dot"/g)).toHaveLength(5);
    expect(html).toContain('median 180.5 ms');
    expect(html).toContain('p90 210.7 ms');
    expect(html).toContain('data-run="4" data-ms="210.7"');
  });

  it('lists the findings', () => {
    expect(html).toContain('<code>lambda_function.py:12</code>');
    expect(html).toContain('boto3.client(...) creates a client.<br><b>Fix:</b> Create it once.');
  });

  it('is self-contained: nothing loaded from anywhere, not even fonts', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(|\bsrc=/i);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
    expect(html).toContain(`data-schema-version="${COLDSTART_SCHEMA_VERSION}"`);
  });

  it('escapes every string that comes from the user\'s code', () => {
    const evil = '<script>alert(1)</script>';
    const hostile = renderHtml(report([line(1, 1, 0, 'site'), line(5, 5, 1, `x"${evil}`), line(2, 7, 0, evil)].join('\n'), {
      function: { name: `Fn${evil}`, handler: `h.${evil}`, runtime: 'python3.12', memorySizeMb: 128 },
      lint: [{ rule: evil, file: `a/${evil}.py`, line: 1, column: 1, message: `m ${evil}`, fix: `f ' " & ${evil}` }],
    }));
    expect(hostile.match(/<script/g)).toHaveLength(1);
    expect(hostile).not.toContain('alert(1)</script>');
    expect(hostile).toContain('data-module="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(hostile).toContain('data-module="x&quot;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(hostile).toContain('f &#39; &quot; &amp; &lt;script&gt;');
  });

  it('titles the import chart with the same total, under the same name, as the terminal and --json: the init\'s imports', () => {
    // 40 ms imported by the first invocation: drawn in the chart, but not in Init Duration nor in the total.
    const withLazy = report([
      line(1000, 1000, 0, 'site'),
      line(500, 500, 0, 'json'),
      HANDLER_IMPORT_MARKER,
      line(150000, 150000, 0, 'lambda_function'),
      INVOKE_MARKER,
      line(40000, 40000, 0, 'lazy_first_call'),
    ].join('\n'));
    expect(withLazy.imports!.totalMs).toBe(151.5);
    expect(withLazy.imports!.phases.invoke).toEqual({ ms: 40, modules: 1 });
    const page = renderHtml(withLazy);
    const heading = /<h2>([^<]*)<\/h2><p class="legend">/.exec(page)![1];
    expect(heading).toBe('Imports of a cold start (151.5 ms)');
    expect(page).toContain('first invocation 40.0 ms (1 modules, imported while the handler ran: not in the total)');
    expect(page).toContain('data-module="lazy_first_call"');
  });

  it('renders a report without an import profile or findings', () => {
    const bare = renderHtml(report('', { importtimeStderr: undefined, lint: [] }));
    expect(bare).toContain('No import profile was recorded.');
    expect(bare).toContain('Nothing to fix.');
    expect(bare).not.toContain('data-module=');
  });
});

describe('escapeHtml', () => {
  it.each([
    ['<a href="x">', '&lt;a href=&quot;x&quot;&gt;'],
    ["it's & done", 'it&#39;s &amp; done'],
    ['plain.module_name', 'plain.module_name'],
  ])('%s', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });
});

describe('chart geometry', () => {
  it('lays top-level imports side by side and children under their parent, as wide as their cumulative time', () => {
    const tree = parseImportTime([line(10, 10, 1, 'b'), line(20, 20, 1, 'c'), line(30, 60, 0, 'a'), line(40, 40, 0, 'd')].join('\n'));
    const layout = layoutIcicle(tree.roots, ['user', 'runtime']);
    expect(layout.rows).toBe(2);
    expect(layout.totalMs).toBe(0.1);
    expect(layout.blocks.map((b) => [b.module, b.depth, b.x, b.width, b.phase])).toEqual([
      ['a', 0, 0, 0.6, 'user'],
      ['b', 1, 0, 0.1, 'user'],
      ['c', 1, 0.1, 0.2, 'user'],
      ['d', 0, 0.6, 0.4, 'runtime'],
    ]);
  });

  it('keeps children inside their parent when rounding makes them add up to more', () => {
    const tree = parseImportTime([line(6, 6, 1, 'b'), line(6, 6, 1, 'c'), line(0, 11, 0, 'a')].join('\n'));
    const [a, b, c] = layoutIcicle(tree.roots, ['user']).blocks;
    expect(c!.x + c!.width).toBeLessThanOrEqual(a!.x + a!.width + 1e-12);
    expect(b!.width).toBeCloseTo(6 / 11, 12);
  });

  it('places the runs, the median and p90 on one padded axis', () => {
    const strip = layoutStrip([100, 200], 150, 200);
    expect(strip.axisMinMs).toBe(95);
    expect(strip.axisMaxMs).toBe(205);
    expect(strip.points.map((p) => p.x)).toEqual([5 / 110, 105 / 110]);
    expect(strip.medianX).toBe(0.5);
    const same = layoutStrip([50, 50], 50, 50);
    expect(same.points[0]!.x).toBeCloseTo(0.5, 12);
  });
});
