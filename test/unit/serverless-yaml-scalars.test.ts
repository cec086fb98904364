import { describe, expect, it } from 'vitest';
import { jsYamlPlainString } from '../../src/core/model/serverless/yaml-scalars.js';
import { read } from './serverless-helpers.js';

/** The Framework's js-yaml 4 reads these plain scalars so (each checked with js-yaml 4.1, the Framework v3.40's). */
describe("serverless.yml's plain scalars as js-yaml reads them", () => {
  it.each<[string, unknown]>([
    ['2024-01-01', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01 10:00:00', '2024-01-01T10:00:00.000Z'],
    ['2001-12-14t21:59:43.10-05:00', '2001-12-15T02:59:43.100Z'],
    ['2001-12-14 21:59:43.10 Z', '2001-12-14T21:59:43.100Z'],
    ['2002-12-14T01:02:03+02', '2002-12-13T23:02:03.000Z'],
    ['2024-1-1T1:02:03', '2024-01-01T01:02:03.000Z'],
    ['2024-01-01T10:00:00.123456Z', '2024-01-01T10:00:00.123Z'],
    ['0b1010', 10],
    ['-0b11', -3],
    ['+0b1', 1],
    // What YAML 1.2's core schema reads the same way.
    ['2024-1-1', undefined],
    ['2024-01-01T10:00', undefined],
    ['0b102', undefined],
    ['2024-01-01x', undefined],
  ])('%s', (text, expected) => {
    expect(jsYamlPlainString(text)).toEqual(expected);
  });

  it("gives a function's environment what a deploy gives it: a date as its ISO text, a quoted or !!str one as written", () => {
    const { project, diagnostics } = read("service: s\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  a:\n    handler: a.handler\n    environment:\n      RELEASED: 2024-01-01\n      QUOTED: '2024-01-01'\n      TAGGED: !!str 2024-01-01\n      MASK: 0b101\n");
    expect(diagnostics).toEqual([]);
    expect(project?.functions[0]?.environment).toEqual({ RELEASED: '2024-01-01T00:00:00.000Z', QUOTED: '2024-01-01', TAGGED: '2024-01-01', MASK: '5' });
  });

  it('reads a ${file()} YAML file the same way', () => {
    const { project } = read('service: s\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  a:\n    handler: a.handler\n    environment: ${file(./env.yml)}\n', { readFile: () => 'SINCE: 2024-06-30 08:00:00\n' });
    expect(project?.functions[0]?.environment).toEqual({ SINCE: '2024-06-30T08:00:00.000Z' });
  });
});
