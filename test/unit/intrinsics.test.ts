import { describe, expect, it } from 'vitest';
import { Unresolved, resolveIntrinsics, type CfnContext } from '../../src/core/model/cfn/intrinsics.js';
import { parseCfnYaml } from '../../src/core/model/cfn/yaml.js';

const ctx: CfnContext = {
  parameters: { Stage: 'dev', Subnets: ['a', 'b'] },
  conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] }, IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] } },
  mappings: { Sizes: { dev: { Memory: 128 } } },
  resources: { T: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'tbl' } }, Q: { Type: 'AWS::SQS::Queue' } },
  region: 'eu-west-1',
  accountId: '111111111111',
  stackName: 'stack',
};

describe('CloudFormation short-form tags', () => {
  it.each([
    ['!Ref X', { Ref: 'X' }],
    ['!GetAtt A.Arn', { 'Fn::GetAtt': ['A', 'Arn'] }],
    ['!GetAtt [A, Arn]', { 'Fn::GetAtt': ['A', 'Arn'] }],
    ['!Sub "${A}-x"', { 'Fn::Sub': '${A}-x' }],
    ['!Join [",", [a, b]]', { 'Fn::Join': [',', ['a', 'b']] }],
    ['!If [C, 1, 2]', { 'Fn::If': ['C', 1, 2] }],
    ['!Condition C', { Condition: 'C' }],
  ])('%s', (yaml, expected) => {
    const parsed = parseCfnYaml(`v: ${yaml}`);
    expect(parsed).toEqual({ ok: true, value: { v: expected } });
  });

  it.each([
    ['!Contains [[a], a]', { 'Fn::Contains': [['a'], 'a'] }],
    ['!ValueOf [P, Tag]', { 'Fn::ValueOf': ['P', 'Tag'] }],
    ['!Length [a, b]', { 'Fn::Length': ['a', 'b'] }],
  ])('%s (a rule or language-extension function)', (yaml, expected) => {
    expect(parseCfnYaml(`v: ${yaml}`)).toEqual({ ok: true, value: { v: expected } });
  });

  // CloudFormation refuses a template with a function it does not know (cfn-lint: E3012 {'Fn::GetAttr': ...});
  // read as its plain value, a typo such as !GetAttr ran with the wrong value and no word said.
  it('that CloudFormation does not know: a problem at each, with the one most likely meant', () => {
    const text = 'Resources:\n  F:\n    Properties:\n      A: !GetAttr T.Arn\n      B: !Bogus x\n      C: [!sub "${X}"]\n';
    expect(parseCfnYaml(text)).toEqual({
      ok: false,
      problems: [
        { line: 4, column: 10, message: '!GetAttr is not a function CloudFormation knows: did you mean !GetAtt?' },
        { line: 5, column: 10, message: '!Bogus is not a function CloudFormation knows (its short forms: !Ref, !GetAtt, !Sub, !Join, !If, ...)' },
        { line: 6, column: 11, message: '!sub is not a function CloudFormation knows: did you mean !Sub?' },
      ],
    });
  });
});

describe('YAML aliases', () => {
  it('copy what their anchor holds', () => {
    expect(parseCfnYaml('a: &env {A: 1}\nb: *env\n')).toEqual({ ok: true, value: { a: { A: 1 }, b: { A: 1 } } });
  });

  it.each([
    ['a: &x [1, *x]\n', 1, 11],
    ['Metadata: &m {self: *m}\n', 1, 21],
  ])('inside their own anchor (%j): a problem at the alias, not a stack overflow', (text, line, column) => {
    expect(parseCfnYaml(text)).toEqual({ ok: false, problems: [{ line, column, message: `*${text.includes('&m') ? 'm' : 'x'} is inside its own anchor &${text.includes('&m') ? 'm' : 'x'}: it would copy itself without end` }] });
  });

  it('nested to billions of values ("billion laughs"): a problem at the alias, at once', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) levels.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
    const started = performance.now();
    const parsed = parseCfnYaml(`${levels.join('\n')}\n`);
    // Expanded, the document is 3.4 billion values (minutes and gigabytes); refused, well under a second on a quiet
    // machine, with room for a loaded one (1.1 s on CI once, 3.4 s on a 2-core machine at load 12).
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(parsed).toEqual({ ok: false, problems: [{ line: 6, column: 28, message: 'its aliases expand to more than 500000 values (nested *aliases copy their anchors again and again)' }] });
  });
});

describe('intrinsic functions, evaluated locally', () => {
  it.each<[string, unknown, unknown]>([
    ['parameter', { Ref: 'Stage' }, 'dev'],
    ['list parameter', { Ref: 'Subnets' }, ['a', 'b']],
    ['pseudo parameter', { Ref: 'AWS::Region' }, 'eu-west-1'],
    ['table name', { Ref: 'T' }, 'tbl'],
    ['queue url', { Ref: 'Q' }, 'https://sqs.eu-west-1.amazonaws.com/111111111111/Q'],
    ['arn', { 'Fn::GetAtt': ['T', 'Arn'] }, 'arn:aws:dynamodb:eu-west-1:111111111111:table/tbl'],
    ['sub', { 'Fn::Sub': '${AWS::StackName}-${Stage}-${T}-${!Literal}' }, 'stack-dev-tbl-${Literal}'],
    ['sub with variables', { 'Fn::Sub': ['${A}/${B}', { A: 'x', B: { Ref: 'Stage' } }] }, 'x/dev'],
    ['join', { 'Fn::Join': ['-', ['a', { Ref: 'Stage' }]] }, 'a-dev'],
    ['select', { 'Fn::Select': [1, ['a', 'b']] }, 'b'],
    ['split', { 'Fn::Split': [',', 'a,b'] }, ['a', 'b']],
    ['find in map', { 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] }, 128],
    ['find in map, found: its DefaultValue unused', { 'Fn::FindInMap': ['Sizes', 'dev', 'Memory', { DefaultValue: 512 }] }, 128],
    ['find in map, missing: its DefaultValue (AWS::LanguageExtensions)', { 'Fn::FindInMap': ['Sizes', 'prod', 'Memory', { DefaultValue: 512 }] }, 512],
    ['length of a list', { 'Fn::Length': ['a', 'b', 'c'] }, 3],
    ['length of a list parameter', { 'Fn::Length': { Ref: 'Subnets' } }, 2],
    ['if on a condition', { 'Fn::If': ['IsDev', 'yes', 'no'] }, 'yes'],
    ['no value drops the key', { a: 1, b: { Ref: 'AWS::NoValue' } }, { a: 1 }],
  ])('%s', (_name, input, expected) => {
    expect(resolveIntrinsics(input, ctx)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    ['unknown ref', { Ref: 'Nope' }, '!Ref Nope: no parameter or resource has that name'],
    // Names every object inherits are none of the template's either (!Ref constructor gave the context object itself).
    ['a ref to constructor', { Ref: 'constructor' }, '!Ref constructor: no parameter or resource has that name'],
    ['a ref to toString', { Ref: 'toString' }, '!Ref toString: no parameter or resource has that name'],
    ['a GetAtt of constructor', { 'Fn::GetAtt': ['constructor', 'Arn'] }, '!GetAtt constructor.Arn: no resource has that name'],
    ['a Sub of ${hasOwnProperty}', { 'Fn::Sub': 'x-${hasOwnProperty}' }, '!Ref hasOwnProperty: no parameter or resource has that name'],
    ['import', { 'Fn::ImportValue': 'x' }, 'Fn::ImportValue cannot be evaluated locally'],
    ['length of a string', { 'Fn::Length': 'abc' }, 'Fn::Length needs a list'],
    ['find in map, missing, no DefaultValue', { 'Fn::FindInMap': ['Sizes', 'prod', 'Memory'] }, 'Fn::FindInMap: no Sizes.prod.Memory'],
    ['deployed attribute', { 'Fn::GetAtt': ['Q', 'SomethingElse'] }, '!GetAtt Q.SomethingElse is known only once deployed'],
    ['stream arn', { 'Fn::GetAtt': ['T', 'StreamArn'] }, "!GetAtt T.StreamArn: a table's stream ARN is known only once deployed (--local-aws creates the stream but does not fill in its ARN)"],
  ])('%s stays unresolved with a reason', (_name, input, reason) => {
    expect(resolveIntrinsics(input, ctx)).toEqual(new Unresolved(reason));
  });
});

describe("SAM's generated alias and version of a function with AutoPublishAlias", () => {
  const functions: CfnContext = {
    ...ctx,
    resources: {
      Live: { Type: 'AWS::Serverless::Function', Properties: { AutoPublishAlias: 'live' } },
      Named: { Type: 'AWS::Serverless::Function', Properties: { AutoPublishAlias: { Ref: 'Stage' }, FunctionName: 'orders' } },
      Plain: { Type: 'AWS::Serverless::Function', Properties: {} },
      Unset: { Type: 'AWS::Serverless::Function', Properties: { AutoPublishAlias: { Ref: 'Missing' } } },
      Gone: { Type: 'AWS::Serverless::Function', Properties: { AutoPublishAlias: 'live' } },
      Table: { Type: 'AWS::DynamoDB::Table' },
    },
    notCreated: { Gone: 'IsProd' },
  };

  it.each<[string, unknown, unknown]>([
    ['!Ref of the alias: its ARN', { Ref: 'Live.Alias' }, 'arn:aws:lambda:eu-west-1:111111111111:function:Live:live'],
    ['!Ref of the alias by the logical id SAM gives it (FunctionAlias + the alias)', { Ref: 'LiveAliaslive' }, 'arn:aws:lambda:eu-west-1:111111111111:function:Live:live'],
    ['... and by its parameter-named alias', { Ref: 'NamedAliasdev' }, 'arn:aws:lambda:eu-west-1:111111111111:function:orders:dev'],
    ['an alias named by a parameter, of a function with a FunctionName', { Ref: 'Named.Alias' }, 'arn:aws:lambda:eu-west-1:111111111111:function:orders:dev'],
    ['!Ref of the version: the unpublished code that runs locally', { Ref: 'Live.Version' }, 'arn:aws:lambda:eu-west-1:111111111111:function:Live:$LATEST'],
    ['in a Sub', { 'Fn::Sub': 'alias=${Live.Alias}' }, 'alias=arn:aws:lambda:eu-west-1:111111111111:function:Live:live'],
  ])('%s', (_name, input, expected) => {
    expect(resolveIntrinsics(input, functions)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    ['a function without AutoPublishAlias', { Ref: 'Plain.Alias' }, "!Ref Plain.Alias: SAM generates Plain's alias only when the function sets AutoPublishAlias, which Plain does not"],
    ['its version', { Ref: 'Plain.Version' }, "!Ref Plain.Version: SAM generates Plain's version only when the function sets AutoPublishAlias, which Plain does not"],
    ['an alias that cannot be known', { Ref: 'Unset.Alias' }, '!Ref Missing: no parameter or resource has that name'],
    ['a function not created', { Ref: 'Gone.Alias' }, '!Ref Gone.Alias: Gone is not created (its Condition IsProd is false)'],
    ['not a function', { Ref: 'Table.Alias' }, '!Ref Table.Alias: no parameter or resource has that name'],
  ])('%s stays unresolved with a reason', (_name, input, reason) => {
    expect(resolveIntrinsics(input, functions)).toEqual(new Unresolved(reason));
  });
});
