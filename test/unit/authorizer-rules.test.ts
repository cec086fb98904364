import { describe, expect, it } from 'vitest';
import {
  cachingIdentityRule, defaultTtl, httpOnlySettingsRule, identitySourceRule, payloadVersionRule, readIdentitySources, readTokenHeader, readTtl, report,
  simpleResponsesRule, sourceTexts, tokenSourceRule, ttlRule, typeRule, validationExpressionRule, type AuthorizerWords, type RuleFinding,
} from '../../src/core/model/authorizer-rules.js';
import { FieldReader } from '../../src/core/model/fields.js';
import { parseIdentitySource } from '../../src/core/gateway/identity-source.js';

const short = (findings: readonly RuleFinding[]) => findings.map((f) => `${f.severity} ${f.field}: ${f.message}`);
const header = { in: 'header', name: 'A' } as const;

describe('authorizer rules, one per setting, each with the severity of what the service does', () => {
  it.each([
    ['TOKEN', ['TOKEN', 'REQUEST'], {}, []],
    [undefined, ['TOKEN', 'REQUEST'], {}, []],
    ['token', ['TOKEN', 'REQUEST'], {}, ["error type: 'token' is not TOKEN or REQUEST"]],
    ['Cognito_User_Pools', ['token', 'request', 'cognito_user_pools', 'aws_iam'], { caseless: true }, []],
    ['custom', ['token', 'request', 'cognito_user_pools', 'aws_iam'], { caseless: true }, ["error type: 'custom' is not token, request, cognito_user_pools or aws_iam"]],
    [undefined, ['REQUEST', 'JWT'], { missing: true }, ['error type: is required (REQUEST or JWT)']],
  ] as const)('type %s of %j (%j)', (written, known, options, expected) => {
    expect(short(typeRule(written, known, options))).toEqual(expected);
  });

  it.each([
    ['written', true, []],
    ['missing: refused', false, ["error payloadVersion: is required for an HTTP API's Lambda authorizer ('1.0' or '2.0')"]],
  ] as const)('payload format version %s', (_what, written, expected) => {
    expect(short(payloadVersionRule(written))).toEqual(expected);
  });

  it.each([
    [false, '1.0', []],
    [true, '2.0', []],
    [true, undefined, []],
    [true, '1.0', ["error simpleResponses: takes {payloadVersion} '2.0': a 1.0 authorizer answers with an IAM policy"]],
  ] as const)('simple responses %s with %s', (simple, version, expected) => {
    expect(short(simpleResponsesRule(simple, version))).toEqual(expected);
  });

  it.each([
    [undefined, []], [0, []], [3600, []],
    [-1, ['error ttl: -1 is not between 0 and 3600 seconds']],
    [3601, ['error ttl: 3601 is not between 0 and 3600 seconds']],
  ] as const)('TTL %s', (seconds, expected) => {
    expect(short(ttlRule(seconds))).toEqual(expected);
  });

  it('a TTL not written is 300 s on a REST API and nothing cached on an HTTP API', () => {
    expect([defaultTtl('rest'), defaultTtl('http')]).toEqual([300, 0]);
  });

  it.each([
    [0, [], []],
    [300, [header], []],
    [300, [], ['error identitySource: must name an identity source when answers are cached ({ttl} above 0)']],
  ] as const)('caching for %s s by %j', (ttl, sources, expected) => {
    expect(short(cachingIdentityRule(ttl, sources))).toEqual(expected);
  });

  it.each([
    [[], []],
    [['method.request.header.A', 'method.request.querystring.q', 'stageVariables.s', 'context.identity.sourceIp'], []],
    [['$request.header.A', '$request.querystring.q', '$stageVariables.s', '$context.routeKey'], []],
    [['method.request.header.A', 'method.request.body.b', 'cookie'], [
      "error identitySource: 'method.request.body.b' is not a header, query string, stage variable or context variable (method.request.header.NAME, $request.header.NAME, $context.NAME, ...)",
      "error identitySource: 'cookie' is not a header, query string, stage variable or context variable (method.request.header.NAME, $request.header.NAME, $context.NAME, ...)",
    ]],
  ] as const)('identity sources %j', (written, expected) => {
    expect(short(identitySourceRule(written, written.map(parseIdentitySource)))).toEqual(expected);
  });

  it.each([
    ['method.request.header.A, method.request.querystring.b', ['method.request.header.A', 'method.request.querystring.b']],
    [['$request.header.A', ' $request.header.B,$context.c '], ['$request.header.A', '$request.header.B', '$context.c']],
    [' , ', []], [undefined, []], [7, []],
  ] as const)('identity sources written as %j are %j', (value, expected) => {
    expect(sourceTexts(value)).toEqual(expected);
  });

  it.each([
    ['TOKEN', ['method.request.header.Authorization'], []],
    ['COGNITO_USER_POOLS', ['method.request.header.X-Id'], []],
    ['JWT', ['$request.header.Authorization'], []],
    ['TOKEN', [], ['error identitySource: is required for a TOKEN authorizer (for example method.request.header.Authorization)']],
    ['JWT', [], ['error identitySource: is required for a JWT authorizer (for example $request.header.Authorization)']],
    ['TOKEN', ['method.request.querystring.t'], ["error identitySource: 'method.request.querystring.t' is not one header (method.request.header.NAME), where a TOKEN authorizer reads the token"]],
    ['COGNITO_USER_POOLS', ['method.request.header.A', 'method.request.header.B'],
      ["error identitySource: 'method.request.header.A, method.request.header.B' is not one header (method.request.header.NAME), where a COGNITO_USER_POOLS authorizer reads the token"]],
    ['JWT', ['$request.querystring.t'],
      ["warning identitySource: '$request.querystring.t' is a query string, where pylambda dev reads a JWT from a header only ($request.header.NAME): its routes answer without this authorizer locally"]],
    ['JWT', ['$context.x'], ["error identitySource: '$context.x' is not one header or query string ($request.header.NAME), where a JWT authorizer reads the token"]],
  ] as const)('a %s authorizer reading %j', (type, written, expected) => {
    expect(short(tokenSourceRule(type, written, written.map(parseIdentitySource)))).toEqual(expected);
  });

  it.each([
    ['TOKEN', undefined, []],
    ['TOKEN', '^Bearer [-0-9a-zA-Z._]+$', []],
    ['COGNITO_USER_POOLS', 'ey.+', []],
    ['TOKEN', '(unclosed', ["warning validationExpression: '(unclosed' is not a regular expression pylambda dev can read: tokens are not checked against it locally"]],
    ['REQUEST', '.+', ['warning validationExpression: applies to TOKEN and Cognito authorizers only, so API Gateway ignores it on a REQUEST authorizer']],
    ['JWT', '.+', ['warning validationExpression: applies to TOKEN and Cognito authorizers only, so API Gateway ignores it on a JWT authorizer']],
  ] as const)('a %s authorizer\'s validation expression %s', (type, expression, expected) => {
    expect(short(validationExpressionRule(type, expression))).toEqual(expected);
  });

  it('HTTP API settings on a REST API are ignored, with a warning for each', () => {
    expect(httpOnlySettingsRule({}).length).toBe(0);
    expect(httpOnlySettingsRule({ payloadVersion: '2.0', simpleResponses: false }).map((f) => `${f.severity} ${f.field}`)).toEqual(['warning payloadVersion', 'warning simpleResponses']);
  });
});

describe('findings in a reader\'s words', () => {
  const words: AuthorizerWords = {
    payloadVersion: 'AuthorizerPayloadFormatVersion', simpleResponses: 'EnableSimpleResponses', ttl: 'Identity.ReauthorizeEvery', identitySource: 'Identity',
    validationExpression: 'Identity.ValidationExpression', refuser: 'SAM',
  };
  const said = (r: FieldReader) => r.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`);

  it('at each field\'s path, naming other fields as the reader does, an error that needs one saying who refuses it', () => {
    const r = new FieldReader('template.yaml');
    report([...simpleResponsesRule(true, '1.0'), ...cachingIdentityRule(60, []), ...validationExpressionRule('REQUEST', 'x')], 'Auth.Authorizers.L', words, r);
    expect(said(r)).toEqual([
      "error Auth.Authorizers.L.EnableSimpleResponses: takes AuthorizerPayloadFormatVersion '2.0': a 1.0 authorizer answers with an IAM policy",
      'error Auth.Authorizers.L.Identity: must name an identity source when answers are cached (Identity.ReauthorizeEvery above 0), as SAM requires',
      'warning Auth.Authorizers.L.Identity.ValidationExpression: applies to TOKEN and Cognito authorizers only, so API Gateway ignores it on a REQUEST authorizer',
    ]);
  });

  it('identity sources, read, or none after an error at the field', () => {
    const r = new FieldReader('template.yaml');
    expect(readIdentitySources('Identity.Headers.A', 'A', words, r)).toBeUndefined();
    expect(readIdentitySources(['$request.header.A', 'stageVariables.s'], 'A', words, r)).toEqual([{ in: 'header', name: 'A' }, { in: 'stageVariable', name: 's' }]);
    expect(readTokenHeader('TOKEN', 'method.request.header.X-Token', 'A', words, r)).toBe('X-Token');
    expect(said(r)).toEqual(["error A.Identity: 'Identity.Headers.A' is not a header, query string, stage variable or context variable (method.request.header.NAME, $request.header.NAME, $context.NAME, ...)"]);
  });

  it.each([
    [undefined, 'rest', 300, []],
    [undefined, 'http', 0, []],
    ['60', 'http', 60, []],
    [7200, 'rest', 300, ['error A.Identity.ReauthorizeEvery: 7200 is not between 0 and 3600 seconds']],
    ['soon', 'rest', 300, ['error A.Identity.ReauthorizeEvery: must be a whole number, not string "soon"']],
  ] as const)('a TTL of %j on a %s API is %s s', (value, api, seconds, expected) => {
    const r = new FieldReader('template.yaml');
    expect(readTtl(value, 'A', words, api, r)).toBe(seconds);
    expect(said(r)).toEqual(expected);
  });
});
