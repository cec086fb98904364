import { describe, expect, it } from 'vitest';
import { resolveConditionals, type ConditionalProblem } from '../../src/core/model/cfn/conditionals.js';
import type { CfnContext } from '../../src/core/model/cfn/intrinsics.js';

const ctx: CfnContext = {
  parameters: { Stage: 'dev' },
  conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] }, IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] }, Broken: { Ref: 'Nope' } },
  mappings: {},
  resources: {},
  region: 'eu-west-1',
  accountId: '111111111111',
  stackName: 'stack',
};
const uri = { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ItemFn.Arn}/invocations' };

describe('Fn::If and AWS::NoValue evaluated alone, the other intrinsics left as written', () => {
  it.each<[string, unknown, unknown]>([
    ['a path item: the branch its condition picks', { '/items': { 'Fn::If': ['IsProd', { get: 'prod' }, { get: 'dev' }] } }, { '/items': { get: 'dev' } }],
    ['the true branch', { 'Fn::If': ['IsDev', 'yes', 'no'] }, 'yes'],
    ['an operation removed by AWS::NoValue', { '/debug': { get: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, { uri }] }, post: 'kept' } }, { '/debug': { get: { uri }, post: 'kept' } }],
    ['... and when its condition is false the other way', { '/debug': { get: { 'Fn::If': ['IsDev', { Ref: 'AWS::NoValue' }, 'x'] } } }, { '/debug': {} }],
    ['a list item removed', ['a', { 'Fn::If': ['IsProd', 'b', { Ref: 'AWS::NoValue' }] }, 'c'], ['a', 'c']],
    ['nested: the chosen branch is evaluated too', { 'Fn::If': ['IsDev', { a: { 'Fn::If': ['IsProd', 1, 2] } }, 'no'] }, { a: 2 }],
    ['other intrinsics stay as written', { uri, ref: { Ref: 'Stage' } }, { uri, ref: { Ref: 'Stage' } }],
  ])('%s', (_name, input, expected) => {
    const problems: ConditionalProblem[] = [];
    expect(resolveConditionals(input, ctx, problems)).toEqual(expected);
    expect(problems).toEqual([]);
  });

  it.each<[string, unknown, unknown, ConditionalProblem]>([
    ['a condition the template does not have', { paths: { '/a': { 'Fn::If': ['Missing', 1, 2] } } }, { paths: {} }, { path: 'paths./a.Fn::If', reason: 'no condition named Missing' }],
    ['a condition that cannot be evaluated', { paths: { '/a': { get: { 'Fn::If': ['Broken', 1, 2] } } } }, { paths: { '/a': {} } }, { path: 'paths./a.get.Fn::If', reason: '!Ref Nope: no parameter or resource has that name' }],
    ['not [condition, then, else]', { paths: { '/a': { 'Fn::If': ['IsProd', 1] } } }, { paths: {} }, { path: 'paths./a.Fn::If', reason: 'Fn::If needs [condition name, value if true, value if false]' }],
  ])('%s: left out, with the reason', (_name, input, expected, problem) => {
    const problems: ConditionalProblem[] = [];
    expect(resolveConditionals(input, ctx, problems)).toEqual(expected);
    expect(problems).toEqual([problem]);
  });
});
