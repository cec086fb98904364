import { describe, expect, it } from 'vitest';
import { indentFlowCollection } from '../../src/core/model/cfn/flow-indent.js';
import { parseCfnYaml } from '../../src/core/model/cfn/yaml.js';

/**
 * PyYAML (SAM CLI, cfn-lint) ignores indentation inside flow collections; serverless-patterns'
 * systems-manager-automation-to-stepfunctions template has a list written at its key's indentation.
 */
describe('flow collections at their key\'s indentation, as PyYAML reads them', () => {
  it.each([
    ['a flow sequence of short-form intrinsics', [
      'Statement:',
      '  - Effect: Allow',
      '    Resource: [',
      '    !Sub "arn:${AWS::Partition}:rds:db:mydb",',
      '    !Sub "arn:${AWS::Partition}:rds:snapshot:*"',
      '    ]',
      '    Sid: S1',
    ], { Statement: [{ Effect: 'Allow', Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:rds:db:mydb' }, { 'Fn::Sub': 'arn:${AWS::Partition}:rds:snapshot:*' }], Sid: 'S1' }] }],
    ['a flow mapping, with a bracket in a quoted string', [
      'Tags: {',
      'Name: "a [b",',
      "Team: 'x ]'",
      '}',
      'After: 1',
    ], { Tags: { Name: 'a [b', Team: 'x ]' }, After: 1 }],
    ['two of them', [
      'A: [',
      '1, 2',
      ']',
      'B: [',
      '3',
      ']',
    ], { A: [1, 2], B: [3] }],
  ])('%s', (_name, lines, value) => {
    expect(parseCfnYaml(lines.join('\n'))).toEqual({ ok: true, value });
  });

  it('still reports what no indentation explains', () => {
    const result = parseCfnYaml('A: [\n1, 2\nB: 3\n');
    expect(result.ok).toBe(false);
  });

  it.each([
    ['nothing open above the offset', 'A: 1\nB: 2\n', 6],
    ['a quote left open on the opener line', 'A: ["x\n1]\n', 6],
    ['already indented past the key', 'A: [\n  1]\n', 6],
  ])('changes nothing when %s', (_name, text, offset) => {
    expect(indentFlowCollection(text, offset)).toBeUndefined();
  });
});
