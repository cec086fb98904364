import { describe, expect, it } from 'vitest';
import { expandForEach, type ForEachProblem } from '../../src/core/model/cfn/for-each.js';
import { Unresolved, type CfnContext } from '../../src/core/model/cfn/intrinsics.js';

const ctx: CfnContext = {
  parameters: { Topics: ['Orders', 'Refunds'], Missing: new Unresolved('parameter Missing has no Default and no override') as never },
  conditions: {},
  mappings: { Hosts: { all: { List: ['10.0.0.1', '10.0.0.2'] } } },
  resources: {},
  region: 'eu-west-1',
  accountId: '111111111111',
  stackName: 'stack',
};
const TRANSFORM = ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'];
const fn = (properties: Record<string, unknown>) => ({ Type: 'AWS::Serverless::Function', Properties: properties });

describe('Fn::ForEach expanded as CloudFormation expands it (AWS::LanguageExtensions)', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['resources from a literal list: ${Id} in keys and strings, !Ref Id',
      { 'Fn::ForEach::Fns': ['Name', ['A', 'B'], { '${Name}Fn': fn({ Handler: 'app.${Name}', Environment: { Variables: { N: { Ref: 'Name' } } } }) }] },
      { AFn: fn({ Handler: 'app.A', Environment: { Variables: { N: 'A' } } }), BFn: fn({ Handler: 'app.B', Environment: { Variables: { N: 'B' } } }) }],
    ['a collection from a CommaDelimitedList parameter, beside a resource of its own',
      { Other: { Type: 'AWS::SQS::Queue' }, 'Fn::ForEach::Q': ['T', { Ref: 'Topics' }, { '${T}Queue': { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${T}-${AWS::Region}' } } } }] },
      { Other: { Type: 'AWS::SQS::Queue' }, OrdersQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': 'Orders-${AWS::Region}' } } }, RefundsQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': 'Refunds-${AWS::Region}' } } } }],
    ['&{Id}: the item without its non-alphanumerics, from a !FindInMap',
      { 'Fn::ForEach::H': ['Ip', { 'Fn::FindInMap': ['Hosts', 'all', 'List'] }, { 'Host&{Ip}': { Type: 'AWS::SQS::Queue', Properties: { Tag: '${Ip}' } } }] },
      { Host10001: { Type: 'AWS::SQS::Queue', Properties: { Tag: '10.0.0.1' } }, Host10002: { Type: 'AWS::SQS::Queue', Properties: { Tag: '10.0.0.2' } } }],
    ['nested loops',
      { 'Fn::ForEach::Outer': ['A', ['x', 'y'], { 'Fn::ForEach::Inner': ['B', ['1', '2'], { '${A}${B}': { Type: 'AWS::SQS::Queue' } }] }] },
      { x1: { Type: 'AWS::SQS::Queue' }, x2: { Type: 'AWS::SQS::Queue' }, y1: { Type: 'AWS::SQS::Queue' }, y2: { Type: 'AWS::SQS::Queue' } }],
    ['a loop inside a resource\'s Properties',
      { Fn: fn({ Environment: { Variables: { 'Fn::ForEach::Vars': ['V', ['A', 'B'], { 'TOPIC_${V}': { 'Fn::Sub': 'arn:${V}' } }], KEEP: '1' } } }) },
      { Fn: fn({ Environment: { Variables: { TOPIC_A: { 'Fn::Sub': 'arn:A' }, TOPIC_B: { 'Fn::Sub': 'arn:B' }, KEEP: '1' } } }) }],
    ['an empty collection makes nothing', { 'Fn::ForEach::None': ['N', [], { '${N}': { Type: 'AWS::SQS::Queue' } }], Kept: { Type: 'AWS::SQS::Queue' } }, { Kept: { Type: 'AWS::SQS::Queue' } }],
  ])('%s', (_name, resources, expected) => {
    const problems: ForEachProblem[] = [];
    expect(expandForEach({ Transform: TRANSFORM, Resources: resources }, ctx, problems)).toEqual({ Transform: TRANSFORM, Resources: expected });
    expect(problems).toEqual([]);
  });

  it('in Conditions and Outputs too', () => {
    const problems: ForEachProblem[] = [];
    const raw = {
      Transform: 'AWS::LanguageExtensions',
      Conditions: { 'Fn::ForEach::C': ['S', ['dev', 'prod'], { 'Is${S}': { 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'S' }] } }] },
      Resources: {},
      Outputs: { 'Fn::ForEach::O': ['S', ['dev'], { '${S}Out': { Value: '${S}' } }] },
    };
    expect(expandForEach(raw, ctx, problems)).toEqual({
      Transform: 'AWS::LanguageExtensions',
      Conditions: { Isdev: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'dev'] }, Isprod: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'prod'] } },
      Resources: {},
      Outputs: { devOut: { Value: 'dev' } },
    });
    expect(problems).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, unknown, ForEachProblem]>([
    ['without the transform', { Resources: { 'Fn::ForEach::L': ['N', ['a'], { '${N}': { Type: 'AWS::SQS::Queue' } }] } }, { a: { Type: 'AWS::SQS::Queue' } },
      { path: 'Transform', message: 'must name AWS::LanguageExtensions for the template\'s Fn::ForEach: CloudFormation refuses a loop without it (Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31])' }],
    ['not three items', { Transform: TRANSFORM, Resources: { 'Fn::ForEach::L': ['N', ['a']] } }, {},
      { path: 'Resources.Fn::ForEach::L', message: 'must be a list of three: the identifier, the collection, and a mapping of keys to values to make for each item' }],
    ['a collection of a parameter without a value', { Transform: TRANSFORM, Resources: { 'Fn::ForEach::L': ['N', { Ref: 'Missing' }, { '${N}': { Type: 'AWS::SQS::Queue' } }] } }, {},
      { path: 'Resources.Fn::ForEach::L', message: 'its collection cannot be known locally (parameter Missing has no Default and no override), so its items are not made' }],
    ['keys without the identifier', { Transform: TRANSFORM, Resources: { 'Fn::ForEach::L': ['N', ['a', 'b'], { Same: { Type: 'AWS::SQS::Queue' } }] } }, {},
      { path: 'Resources.Fn::ForEach::L', message: 'its keys must hold ${N} or &{N}, or every item makes the same ones' }],
    ['an identifier that is a parameter', { Transform: TRANSFORM, Resources: { 'Fn::ForEach::L': ['Topics', ['a'], { '${Topics}': { Type: 'AWS::SQS::Queue' } }] } }, {},
      { path: 'Resources.Fn::ForEach::L', message: "its identifier Topics is a parameter's name: CloudFormation refuses it" }],
    ['a key made twice', { Transform: TRANSFORM, Resources: { aQ: { Type: 'AWS::SQS::Queue' }, 'Fn::ForEach::L': ['N', ['a'], { '${N}Q': { Type: 'AWS::SNS::Topic' } }] } }, { aQ: { Type: 'AWS::SQS::Queue' } },
      { path: 'Resources.Fn::ForEach::L', message: 'makes the key aQ, which the mapping already has: each item must make keys of its own (put ${Identifier} in them)' }],
  ])('%s: a problem at the loop', (_name, raw, resources, problem) => {
    const problems: ForEachProblem[] = [];
    expect(expandForEach(raw, ctx, problems).Resources).toEqual(resources);
    expect(problems).toEqual([problem]);
  });
});
