import { describe, expect, it } from 'vitest';
import { parameterProblem, parameterValues } from '../../src/core/model/sam/parameters.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

describe('parameterProblem: what CloudFormation refuses', () => {
  const env = { Type: 'String', AllowedValues: ['dev', 'prod'] };
  it.each<[string, Record<string, unknown>, string | string[], string | undefined]>([
    ['an allowed value', env, 'prod', undefined],
    ['a value not allowed', env, 'staging', 'is not one of its AllowedValues (dev, prod): CloudFormation refuses it'],
    ['case counts', env, 'Prod', 'is not one of its AllowedValues (dev, prod): CloudFormation refuses it'],
    ['an empty value', env, '', 'is not one of its AllowedValues (dev, prod): CloudFormation refuses it'],
    ['numbers written as YAML numbers', { Type: 'Number', AllowedValues: [128, 256] }, '256', undefined],
    ['a number not allowed', { Type: 'Number', AllowedValues: [128, 256] }, '512', 'is not one of its AllowedValues (128, 256): CloudFormation refuses it'],
    ['each item of a list', { Type: 'CommaDelimitedList', AllowedValues: ['a', 'b'] }, ['a', 'b'], undefined],
    ['a list item not allowed', { Type: 'CommaDelimitedList', AllowedValues: ['a', 'b'] }, ['a', 'c'], "has 'c', which is not one of its AllowedValues (a, b): CloudFormation refuses it"],
    ['with its ConstraintDescription', { ...env, ConstraintDescription: 'dev or prod only' }, 'qa', 'is not one of its AllowedValues (dev, prod): CloudFormation refuses it (dev or prod only)'],
    ['a pattern matched', { Type: 'String', AllowedPattern: '[a-z][a-z0-9-]*' }, 'orders-v2', undefined],
    ['a pattern matched in part only: it must match the whole value', { Type: 'String', AllowedPattern: '[a-z]+' }, 'orders-v2', 'does not match its AllowedPattern ([a-z]+): CloudFormation refuses it'],
    ['an alternation anchored as a whole', { Type: 'String', AllowedPattern: 'dev|prod' }, 'prodx', 'does not match its AllowedPattern (dev|prod): CloudFormation refuses it'],
    ['a pattern on each list item', { Type: 'CommaDelimitedList', AllowedPattern: '\\d+' }, ['1', 'x2'], "has 'x2', which does not match its AllowedPattern (\\d+): CloudFormation refuses it"],
    ['a Java-only pattern is not checked', { Type: 'String', AllowedPattern: '\\p{Alpha}+' }, '123', undefined],
    // Java: Pattern.matches("[a-z[0-9]]+", "abc1") is true; JavaScript reads another pattern and refused it.
    ['a Java class union is not checked', { Type: 'String', AllowedPattern: '[a-z[0-9]]+' }, 'abc1', undefined],
    ['a POSIX-looking nested class is not checked', { Type: 'String', AllowedPattern: '[[:alpha:]]+' }, 'abc', undefined],
    // Java reads `]` first in a class as a literal (`a` matches); JavaScript reads `[]`, which matches nothing.
    ['a class starting with ] is not checked', { Type: 'String', AllowedPattern: '[]a]+' }, 'a', undefined],
    ['an escaped [ in a class is checked', { Type: 'String', AllowedPattern: '[\\[a]+' }, 'b', 'does not match its AllowedPattern ([\\[a]+): CloudFormation refuses it'],
    ['a pattern JavaScript cannot parse is not checked', { Type: 'String', AllowedPattern: 'a*+' }, 'b', undefined],
    ['an SSM parameter type: its value is a name, resolved in AWS', { Type: 'AWS::SSM::Parameter::Value<String>', AllowedValues: ['x'] }, '/app/env', undefined],
    ['no constraints', { Type: 'String' }, 'anything', undefined],
  ])('%s', (_what, definition, value, problem) => expect(parameterProblem(definition, value)).toBe(problem));
});

describe('parameterValues', () => {
  const section = { Env: { Type: 'String', AllowedValues: ['dev', 'prod'], Default: 'dev' }, Ids: { Type: 'CommaDelimitedList', Default: 'a, b' }, NoDefault: { Type: 'String' } };

  it('takes the overrides over each Default, splits lists, and lists the parameters with no value', () => {
    expect(parameterValues(section, { Env: 'prod' }, 'template.yaml')).toEqual({ values: { Env: 'prod', Ids: ['a', 'b'] }, missing: ['NoDefault'], diagnostics: [] });
  });

  it.each([
    ['an override', { Env: 'staging' }, "'staging' (from --parameter-overrides) is not one of its AllowedValues (dev, prod): CloudFormation refuses it"],
    ['a Default', undefined, "'qa' (its Default) is not one of its AllowedValues (dev, prod): CloudFormation refuses it"],
  ])('refuses %s CloudFormation would refuse, at the parameter', (_what, overrides, message) => {
    const defaults = { Env: { ...section.Env, Default: overrides ? 'dev' : 'qa' } };
    expect(parameterValues(defaults, overrides, 'template.yaml').diagnostics).toEqual([{ severity: 'error', file: 'template.yaml', path: 'Parameters.Env', message }]);
  });

  it('says an override whose name is a near miss of a parameter, and nothing of another name (user29: Stagee=prod left the Default without a word)', () => {
    expect(parameterValues(section, { Evn: 'prod', Ids: 'c' }, 'template.yaml', "samconfig.toml's parameter_overrides")).toEqual({
      values: { Env: 'dev', Ids: ['c'] }, missing: ['NoDefault'],
      diagnostics: [{ severity: 'warning', file: 'template.yaml', path: 'Parameters', message: "Evn (from samconfig.toml's parameter_overrides) is not a parameter of the template (did you mean Env?): its value is not used" }],
    });
    expect(parameterValues(section, { BucketOfAnotherStack: 'b' }, 'template.yaml').diagnostics).toEqual([]);
    expect(parameterValues(undefined, { Env: 'prod' }, 'template.yaml').diagnostics).toEqual([]);
    const text = 'Parameters:\n  Stage: { Type: String, Default: dev }\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: { Runtime: python3.12, Handler: app.handler, CodeUri: src/, Environment: { Variables: { STAGE: !Ref Stage } } }\n';
    expect(readSamTemplate(text, { file: 'template.yaml', parameterOverrides: { Stagee: 'prod' } }).diagnostics).toContainEqual(
      { severity: 'warning', file: 'template.yaml', path: 'Parameters', message: 'Stagee (from --parameter-overrides) is not a parameter of the template (did you mean Stage?): its value is not used' });
  });

  it("says that an SSM parameter's Default is a name locally, resolved only when the stack deploys", () => {
    const section = { Secret: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/secret' } };
    expect(parameterValues(section, undefined, 'template.yaml')).toEqual({
      values: { Secret: '/app/secret' }, missing: [],
      diagnostics: [{ severity: 'warning', file: 'template.yaml', path: 'Parameters.Secret', message: "is read from Parameter Store ('/app/secret') when the stack deploys; locally !Ref Secret is that name, not its value: give the value with --parameter-overrides Secret=..." }],
    });
    expect(parameterValues(section, { Secret: 's3cr3t' }, 'template.yaml').diagnostics).toEqual([]);
  });

  it('makes the template an error for every command that reads it', () => {
    const text = 'Parameters:\n  Env: { Type: String, AllowedValues: [dev, prod], Default: dev }\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: { Runtime: python3.12, Handler: app.handler, CodeUri: src/ }\n';
    expect(readSamTemplate(text, { file: 'template.yaml', parameterOverrides: { Env: 'prod' } }).project).toBeDefined();
    const bad = readSamTemplate(text, { file: 'template.yaml', parameterOverrides: { Env: 'staging' } });
    expect(bad.project).toBeUndefined();
    expect(bad.diagnostics.filter((d) => d.severity === 'error').map((d) => d.path)).toEqual(['Parameters.Env']);
  });
});
