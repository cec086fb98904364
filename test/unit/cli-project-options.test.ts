import { describe, expect, it } from 'vitest';
import { parseParameterOverrides } from '../../src/cli/project-options.js';

describe('--parameter-overrides', () => {
  it.each<[string[], Record<string, string>]>([
    [['Stage=prod'], { Stage: 'prod' }],
    [['Stage=prod Env=dev'], { Stage: 'prod', Env: 'dev' }],
    [['Stage=prod', 'Env=dev'], { Stage: 'prod', Env: 'dev' }],
    [['Name="a b"'], { Name: 'a b' }],
    [["Url='https://x/?a=1'"], { Url: 'https://x/?a=1' }],
    [['ParameterKey=Stage,ParameterValue=prod'], { Stage: 'prod' }],
    [['Empty='], { Empty: '' }],
  ])('%j', (input, expected) => {
    expect(parseParameterOverrides(input)).toEqual(expected);
  });

  it('says which item is not Key=Value', () => {
    expect(() => parseParameterOverrides(['Stage'])).toThrow("--parameter-overrides 'Stage' is not Key=Value");
  });
});
