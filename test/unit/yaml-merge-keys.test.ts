import { describe, expect, it } from 'vitest';
import { parseCfnYaml } from '../../src/core/model/cfn/yaml.js';
import { read } from './serverless-helpers.js';

/** YAML's merge key (yaml.org/type/merge.html), as js-yaml (the Serverless Framework) and PyYAML (SAM CLI) apply it. */
describe('<< merge keys', () => {
  it.each<[string, string, unknown]>([
    ['one mapping fills in the keys', 'd: &d {a: 1, b: 2}\nx:\n  <<: *d\n  c: 3\n', { a: 1, b: 2, c: 3 }],
    ["the mapping's own keys win, written before or after <<", 'd: &d {a: 1, b: 2, c: 2}\nx:\n  a: 0\n  <<: *d\n  c: 3\n', { a: 0, b: 2, c: 3 }],
    ['a list of mappings: the first listed wins', 'd: &d {a: 1}\ne: &e {a: 2, b: 2}\nx:\n  <<: [*d, *e]\n', { a: 1, b: 2 }],
    ['a mapping written in place', 'x:\n  <<: {a: 1}\n  b: 2\n', { a: 1, b: 2 }],
    ['the merged keys stand where << is', 'd: &d {b: 2}\nx:\n  a: 1\n  <<: *d\n  c: 3\n', ['a', 'b', 'c']],
    ["a quoted '<<' is an ordinary key", "x:\n  '<<': {a: 1}\n", { '<<': { a: 1 } }],
    ['a merged mapping is copied, not shared', 'd: &d {a: {n: 1}}\nx:\n  <<: *d\n', { a: { n: 1 } }],
  ])('%s', (_, text, expected) => {
    const parsed = parseCfnYaml(text);
    expect(parsed.ok).toBe(true);
    const x = (parsed as { value: { x: Record<string, unknown> } }).value.x;
    expect(Array.isArray(expected) ? Object.keys(x) : x).toEqual(expected);
  });

  it.each([
    ['x:\n  <<: 5\n'],
    ['d: &d [1, 2]\nx:\n  <<: *d\n'],
    ['d: &d {a: 1}\nx:\n  <<: [*d, 3]\n'],
  ])('a merge of what is not a mapping is a problem at the key: %j', (text) => {
    expect(parseCfnYaml(text)).toEqual({ ok: false, problems: [{ line: text.split('\n').findIndex((l) => l.includes('<<')) + 1, column: 3, message: '<< merges a mapping, or a list of mappings, into the mapping it is in (as in <<: *defaults)' }] });
  });

  it("gives a serverless.yml's functions the settings they merge (the Framework's examples share them so)", () => {
    const { project, diagnostics } = read('service: s\ncustom:\n  defaults: &defaults\n    memorySize: 256\n    timeout: 9\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  a:\n    <<: *defaults\n    handler: a.handler\n  b:\n    <<: *defaults\n    handler: b.handler\n    timeout: 20\n');
    expect(diagnostics).toEqual([]);
    expect(project?.functions.map((f) => [f.id, f.memorySize, f.timeout])).toEqual([['a', 256, 9], ['b', 256, 20]]);
  });
});
