import { describe, expect, it } from 'vitest';
import { parseCfnYaml } from '../../src/core/model/cfn/yaml.js';

// The first syntax error, where to fix it: a line indented one space short is reported at its item, not at column 1.
describe('a YAML syntax error', () => {
  it.each([
    ['a:\n  b: 1\n c: 2\n', 3, 2, 'All mapping items must start at the same column'],
    ['Resources:\n  Fn:\n    Properties:\n      Handler: app.handler\n     Runtime: python3.12\n', 5, 6, 'All mapping items must start at the same column'],
    ['a:\n  - 1\n - 2\n', 3, 2, 'A block sequence may not be used as an implicit map key'],
    // A tab is what to fix: it is reported where it is.
    ['a:\n  b: 1\n\tc: 2\n', 3, 1, 'Tabs are not allowed as indentation'],
  ])('%j: line %i, column %i', (text, line, column, message) => {
    const result = parseCfnYaml(text);
    expect(result.ok ? undefined : result.problems).toEqual([{ line, column, message }]);
  });
});
