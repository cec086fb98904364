import { describe, expect, it } from 'vitest';
import { requiresPythonExcludes } from '../../src/core/packaging/requires-python.js';

describe("requiresPythonExcludes: a project's requires-python against the runtime's Python (its newest patch runs on Lambda)", () => {
  it.each<[string, string, boolean]>([
    ['>=3.9', '3.12', false],
    ['>=3.13', '3.12', true],
    ['>=3.11.4', '3.11', false],
    ['>=3.9,<3.12', '3.12', true],
    ['>=3.9, <3.12', '3.11', false],
    ['<3.12', '3.12', true],
    ['<=3.12', '3.12', false],
    ['==3.11.*', '3.12', true],
    ['==3.12.*', '3.12', false],
    ['!=3.12.*', '3.12', true],
    ['~=3.10', '3.12', false],
    ['~=3.10', '4.0', true],
    ['~=3.10.2', '3.11', true],
    ['~=3.10.2', '3.10', false],
    ['>3.12', '3.12', false],
    ['>3.12.99', '3.12', true],
    ['==3.12', '3.12', false],
    ['', '3.12', false],
    ['garbage', '3.12', false],
  ])('%s with %s → %s', (specifier, version, excluded) => {
    expect(requiresPythonExcludes(specifier, version)).toBe(excluded);
  });
});
