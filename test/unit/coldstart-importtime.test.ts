import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { medianImportTime, parseImportTime, preorder, type ImportNode } from '../../src/core/coldstart/importtime.js';
import { FIXTURES } from '../helpers.js';

const fixture = (name: string) => readFileSync(`${FIXTURES}coldstart/${name}`, 'utf8');
const line = (self: number, cumulative: number, depth: number, name: string) =>
  `import time: ${String(self).padStart(9)} | ${String(cumulative).padStart(10)} | ${'  '.repeat(depth)}${name}`;
const HEADER = 'import time: self [us] | cumulative | imported package';

/** name(child, child) with the numbers left out: the shape of a tree at a glance. */
const shape = (nodes: readonly ImportNode[]): string =>
  nodes.map((n) => (n.children.length ? `${n.name}(${shape(n.children)})` : n.name)).join(', ');

describe('parseImportTime on real output (python3 -X importtime -c "import json, email.parser")', () => {
  const text = fixture('importtime-json-email.txt');
  const tree = parseImportTime(text);

  it('reads every import line, skips the header, and ends complete', () => {
    const lines = text.split('\n').filter((l) => /^import time:\s+\d/.test(l)).length;
    expect(tree.lineCount).toBe(lines);
    expect([...preorder(tree.roots)]).toHaveLength(lines);
    expect(tree.truncated).toBe(false);
    expect(tree.roots.every((r) => r.depth === 0)).toBe(true);
  });

  it('keeps several top-level imports in order: start-up, then json, then email.parser', () => {
    const names = tree.roots.map((r) => r.name);
    expect(names.indexOf('site')).toBeGreaterThan(names.indexOf('encodings'));
    expect(names.slice(-2)).toEqual(['json', 'email.parser']);
  });

  it('nests children under the module that imported them, with its numbers', () => {
    const json = tree.roots.find((r) => r.name === 'json')!;
    expect(json).toMatchObject({ selfUs: 265, cumulativeUs: 1618 });
    expect(shape([json])).toBe('json(json.decoder(json.scanner(_json)), json.encoder)');
    const parser = tree.roots.find((r) => r.name === 'email.parser')!;
    expect(parser.cumulativeUs).toBe(24773);
    // `import email.parser` imports the package first, inside the submodule's own import.
    expect(parser.children.map((c) => c.name)).toEqual(['email', 'email.feedparser']);
    const errors = [...preorder([parser])].find((x) => x.node.name === 'email.errors')!;
    expect(errors.ancestors.map((a) => a.name)).toEqual(['email.parser', 'email.feedparser']);
  });

  it('has self + children = cumulative, within the microsecond rounding of each line', () => {
    for (const { node } of preorder(tree.roots)) {
      const children = node.children.reduce((sum, c) => sum + c.cumulativeUs, 0);
      expect(Math.abs(node.selfUs + children - node.cumulativeUs)).toBeLessThanOrEqual(node.children.length + 1);
    }
  });
});

describe('parseImportTime on constructed output', () => {
  it.each([
    ['a leaf', [line(5, 5, 0, 'a')], 'a'],
    ['post-order children', [line(1, 1, 1, 'b'), line(2, 2, 1, 'c'), line(3, 6, 0, 'a')], 'a(b, c)'],
    ['deep first line', [line(1, 1, 2, 'c'), line(1, 2, 1, 'b'), line(1, 3, 0, 'a'), line(1, 1, 0, 'd')], 'a(b(c)), d'],
    ['siblings of a subtree', [line(1, 1, 2, 'c'), line(1, 2, 1, 'b'), line(1, 1, 1, 'e'), line(1, 4, 0, 'a')], 'a(b(c), e)'],
    ['a skipped level, kept under the next shallower line', [line(1, 1, 2, 'c'), line(1, 2, 0, 'a')], 'a(c)'],
  ])('%s', (_name, lines, expected) => {
    expect(shape(parseImportTime([HEADER, ...lines].join('\n')).roots)).toBe(expected);
  });

  it('ignores the function\'s own stderr interleaved with the profile, and CRLF line ends', () => {
    const text = [
      'Traceback (most recent call last):',
      HEADER,
      line(10, 10, 1, 'child'),
      'handlers: imported',
      '   indented output | with | pipes',
      line(20, 30, 0, 'parent'),
      'import time: garbage',
    ].join('\r\n');
    const tree = parseImportTime(text);
    expect(shape(tree.roots)).toBe('parent(child)');
    expect(tree.roots[0]).toMatchObject({ selfUs: 20, cumulativeUs: 30 });
  });

  it('finds a profile line glued to output written without a newline', () => {
    const tree = parseImportTime(`partial output${line(7, 7, 0, 'glued')}`);
    expect(tree.roots.map((r) => r.name)).toEqual(['glued']);
  });

  it('keeps a module printed twice (a failed import retried) as two nodes, in order', () => {
    const tree = parseImportTime([line(3, 3, 0, 'ujson'), line(4, 4, 0, 'json'), line(5, 5, 0, 'ujson')].join('\n'));
    expect(tree.roots.map((r) => r.name)).toEqual(['ujson', 'json', 'ujson']);
  });

  it('counts `cached` lines of -X importtime=2 without putting them in the tree', () => {
    const text = [line(1, 1, 0, 'a'), 'import time:    cached |     cached |   a', line(2, 2, 0, 'b')].join('\n');
    const tree = parseImportTime(text);
    expect(tree.roots.map((r) => r.name)).toEqual(['a', 'b']);
    expect(tree.cachedCount).toBe(1);
  });

  it('marks a profile cut in the middle of an import as truncated and keeps the orphans', () => {
    const tree = parseImportTime([line(1, 1, 0, 'done'), line(2, 2, 2, 'deep'), line(3, 3, 1, 'mid')].join('\n'));
    expect(tree.truncated).toBe(true);
    expect(shape(tree.roots)).toBe('done, mid(deep)');
  });

  it('returns an empty tree for output without a profile', () => {
    expect(parseImportTime('hello\n')).toEqual({ roots: [], lineCount: 0, cachedCount: 0, truncated: false });
  });
});

describe('medianImportTime: several profiles of one cold start as one', () => {
  const line = (self: number, cumulative: number, name: string) => `import time: ${String(self).padStart(9)} | ${String(cumulative).padStart(10)} | ${name}`;
  const profile = (traceback: number, json: number) => [
    'import time: self [us] | cumulative | imported package',
    line(traceback, traceback, 'traceback'),
    line(json, json, '  json.decoder'),
    line(10, json + 10, 'json'),
    'START RequestId: x',
  ].join('\n');

  it("takes each module's median, so one slow profile does not make a slow import", () => {
    const merged = medianImportTime([profile(3_000, 400), profile(20_100, 420), profile(2_900, 380)]);
    expect(merged.split('\n')).toEqual([
      'import time: self [us] | cumulative | imported package',
      line(3_000, 3_000, 'traceback'),
      line(400, 400, '  json.decoder'),
      line(10, 410, 'json'),
      'START RequestId: x',
    ]);
    expect(parseImportTime(merged).roots.map((r) => [r.name, r.cumulativeUs])).toEqual([['traceback', 3_000], ['json', 410]]);
  });

  it('keeps a module imported twice (its first import failed) as two lines', () => {
    const twice = (a: number, b: number) => [line(a, a, 'flaky'), line(b, b, 'flaky')].join('\n');
    expect(medianImportTime([twice(100, 5), twice(300, 7), twice(200, 6)])).toBe(twice(200, 6));
  });

  it('one profile, or none, as it is', () => {
    expect(medianImportTime([profile(1, 2)])).toBe(profile(1, 2));
    expect(medianImportTime([])).toBe('');
  });
});
