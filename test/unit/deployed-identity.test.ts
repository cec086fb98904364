import { describe, expect, it } from 'vitest';
import { Unresolved } from '../../src/core/model/cfn/intrinsics.js';
import { jwtAudiences, jwtIssuers, outsideProject, skippedAuthorizer, userPoolIssuers } from '../../src/core/model/deployed-identity.js';
import { FieldReader } from '../../src/core/model/fields.js';

/** What a helper returns, with the diagnostics it recorded as `severity path: message`. */
function run(read: (r: FieldReader) => string[]): [string[], string[]] {
  const r = new FieldReader('template.yaml');
  const out = read(r);
  return [out, r.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)];
}

const IMPORTED = new Unresolved('Fn::ImportValue cannot be evaluated locally');
const MADE_UP = '!Ref Pool: made up locally';

describe('an issuer or audience known only once deployed lets any token through, with a warning', () => {
  it.each<[string, unknown, string | undefined, string[], string[]]>([
    ['written out', 'https://issuer.example', undefined, ['https://issuer.example'], []],
    ['not evaluated locally', IMPORTED, undefined, [], ['warning at: Fn::ImportValue cannot be evaluated locally: tokens of any issuer are taken locally']],
    ['made up locally', 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Made', MADE_UP, [], ['warning at: !Ref Pool: made up locally: tokens of any issuer are taken locally']],
    ['of the wrong type', ['a'], undefined, [], ['error at: must be a string, not a list']],
  ])('issuer %s', (_what, value, deployedOnly, issuers, diagnostics) => {
    expect(run((r) => jwtIssuers(value, deployedOnly, 'at', r))).toEqual([issuers, diagnostics]);
  });

  it.each<[string, unknown, string | undefined, string[], string[]]>([
    ['written out', ['app', 'web'], undefined, ['app', 'web'], []],
    ['one not evaluated locally', ['app', IMPORTED], undefined, [], ['warning at: Fn::ImportValue cannot be evaluated locally: tokens for any audience are taken locally']],
    ['made up locally', 'client', MADE_UP, [], ['warning at: !Ref Pool: made up locally: tokens for any audience are taken locally']],
  ])('audience %s', (_what, value, deployedOnly, audiences, diagnostics) => {
    expect(run((r) => jwtAudiences(value, deployedOnly, 'at', r))).toEqual([audiences, diagnostics]);
  });

  it('a reader that takes other values reads them its own way', () => {
    expect(run((r) => jwtIssuers(7, undefined, 'at', r, (v) => (typeof v === 'string' ? [v] : [])))).toEqual([[], []]);
    expect(run((r) => jwtAudiences(['app', 7], undefined, 'at', r, (v) => (v as unknown[]).filter((a) => typeof a === 'string')))).toEqual([['app'], []]);
  });

  it.each<[string, unknown, string | undefined, string[], string[]]>([
    ['pool ARNs', ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Abc', 'arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_Def'], undefined,
      ['https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc', 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Def'], []],
    ['a pool in China, whose issuer is in amazonaws.com.cn', 'arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_Abc', undefined,
      ['https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Abc'], []],
    ['a pool of the project', new Unresolved('!GetAtt Pool.Arn is known only once deployed'), undefined, [], ['warning at: !GetAtt Pool.Arn is known only once deployed: tokens of any issuer are taken locally']],
    ['not a pool ARN', 'arn:aws:lambda:us-east-1:1:function:f', undefined, [], ["warning at: 'arn:aws:lambda:us-east-1:1:function:f' is not a user pool ARN: tokens of any issuer are taken locally"]],
    ['a pool id the reader knows is made up', 'arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_Made', MADE_UP, [], ['warning at: !Ref Pool: made up locally: tokens of any issuer are taken locally']],
  ])('user pool issuers: %s', (_what, value, deployedOnly, issuers, diagnostics) => {
    expect(run((r) => userPoolIssuers(value, 'at', r, deployedOnly))).toEqual([issuers, diagnostics]);
  });
});

describe('an authorizer pylambda cannot run leaves its routes unguarded, said the same in every reader', () => {
  it.each([
    [outsideProject("'arn:aws:lambda:us-east-1:1:function:shared' is not a function of this template", 'template'),
      "'arn:aws:lambda:us-east-1:1:function:shared' is not a function of this template: pylambda dev runs only the template's own functions, so its routes answer without this authorizer locally"],
    [outsideProject('Fn::ImportValue cannot be evaluated locally', 'service'),
      "Fn::ImportValue cannot be evaluated locally: pylambda dev runs only the service's own functions, so its routes answer without this authorizer locally"],
    [skippedAuthorizer('NodeGate', 'its Runtime is nodejs20.x'), 'names NodeGate, which pylambda does not run (its Runtime is nodejs20.x): its routes answer without this authorizer locally'],
  ])('%s', (message, expected) => expect(message).toBe(expected));
});
