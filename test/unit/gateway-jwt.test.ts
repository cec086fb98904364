import { describe, expect, it } from 'vitest';
import { checkToken, decodeJwt, tokenAuthorizerContext, tokenRefusal, type TokenCheck } from '../../src/core/gateway/jwt.js';
import type { TokenAuthorizer } from '../../src/core/model/project.js';
import { base64urlJson as b64, unsignedJwt as jwt } from '../helpers.js';
import { TIME, request } from './http-test-support.js';

const NOW = Math.floor(TIME / 1000);
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool';
const GOOD = { iss: ISSUER, aud: 'app', sub: 'ann', exp: NOW + 60, iat: NOW - 60, scope: 'read write' };
const JWT: TokenAuthorizer = { name: 'oauth', type: 'JWT', header: 'Authorization', issuers: [ISSUER], audiences: ['app'] };
const COGNITO: TokenAuthorizer = { name: 'pool', type: 'COGNITO_USER_POOLS', header: 'Authorization', issuers: [ISSUER] };
const check = (authorizer: TokenAuthorizer, value?: string) => checkToken(authorizer, request(value === undefined ? {} : { headers: [['authorization', value]] }), TIME);

describe('decodeJwt: the payload, without the signature', () => {
  it.each<[string, string, unknown]>([
    ['a JWT', jwt({ sub: 'ann' }), { sub: 'ann' }],
    ['two parts', 'a.b', 'it is not a JWT (2 parts, where a JWT has 3 separated by dots)'],
    ['a header that is not JSON', `${Buffer.from('x').toString('base64url')}.${b64({})}.s`, 'its header is not base64url-encoded JSON'],
    ['a payload that is a list', `${b64({})}.${b64([1])}.s`, 'its payload is not a base64url-encoded JSON object'],
    ['characters outside base64url', `${b64({})}.e30+.s`, 'its payload is not a base64url-encoded JSON object'],
  ])('%s', (_what, token, expected) => {
    expect(decodeJwt(token)).toEqual(expected);
  });
});

describe('checkToken: what API Gateway checks, in order', () => {
  it.each<[string, TokenAuthorizer, string | undefined, Partial<TokenCheck>]>([
    ['a good token, with Bearer', JWT, `Bearer ${jwt(GOOD)}`, { ok: true, scopes: [] }],
    ['a good token, bare', JWT, jwt(GOOD), { ok: true }],
    ['no header', JWT, undefined, { ok: false, status: 401, reason: 'authorizer oauth: the request has no Authorization header' }],
    ['not a JWT', JWT, 'Bearer abc', { ok: false, status: 401, invalidToken: 'the token is not a valid JWT', reason: 'authorizer oauth: the token is not a valid JWT: it is not a JWT (1 part, where a JWT has 3 separated by dots)' }],
    ['another issuer', JWT, jwt({ ...GOOD, iss: 'https://evil' }), { ok: false, status: 401, invalidToken: 'the token does not have a valid issuer' }],
    ['another audience', JWT, jwt({ ...GOOD, aud: 'other' }), { ok: false, status: 401, reason: 'authorizer oauth: the token does not have a valid audience (other; the authorizer takes app)' }],
    // "API Gateway validates client_id only if aud is not present".
    ['client_id when there is no aud', JWT, jwt({ ...GOOD, aud: undefined, client_id: 'app' }), { ok: true }],
    ['aud wins over client_id', JWT, jwt({ ...GOOD, aud: 'other', client_id: 'app' }), { ok: false, status: 401 }],
    ['aud as a list', JWT, jwt({ ...GOOD, aud: ['x', 'app'] }), { ok: true }],
    ['expired', JWT, jwt({ ...GOOD, exp: NOW - 5 }), { ok: false, status: 401, reason: 'authorizer oauth: the token has expired (exp ' + String(NOW - 5) + ', 5 s ago)' }],
    ['no exp', JWT, jwt({ ...GOOD, exp: undefined }), { ok: false, status: 401, invalidToken: 'the token has no expiry' }],
    ['not before later', JWT, jwt({ ...GOOD, nbf: NOW + 100 }), { ok: false, status: 401, invalidToken: 'the token is not valid yet' }],
    ['none of the route scopes: 403', { ...JWT, scopes: ['admin'] }, jwt(GOOD), { ok: false, status: 403, reason: "authorizer oauth: the token's scopes (read write) hold none of the route's (admin)" }],
    ['one of the route scopes', { ...JWT, scopes: ['admin', 'write'] }, jwt(GOOD), { ok: true, scopes: ['write'] }],
    ['scp as a list', { ...JWT, scopes: ['admin'] }, jwt({ ...GOOD, scope: undefined, scp: ['admin'] }), { ok: true, scopes: ['admin'] }],
    ['Cognito: an ID token', COGNITO, jwt({ ...GOOD, token_use: 'id' }), { ok: true }],
    ['Cognito: no Bearer prefix is taken off', COGNITO, `Bearer ${jwt(GOOD)}`, { ok: false, status: 401 }],
    ['Cognito without scopes: an access token is refused', COGNITO, jwt({ ...GOOD, token_use: 'access' }), { ok: false, status: 401, invalidToken: 'the token is an access token' }],
    ['Cognito with scopes: an access token with one', { ...COGNITO, scopes: ['read'] }, jwt({ ...GOOD, token_use: 'access' }), { ok: true, scopes: ['read'] }],
    ['Cognito: a missing scope is 401', { ...COGNITO, scopes: ['admin'] }, jwt({ ...GOOD, token_use: 'access' }), { ok: false, status: 401 }],
    ['Cognito: the validation expression', { ...COGNITO, validationExpression: 'ey.+' }, 'abc', { ok: false, status: 401, reason: 'authorizer pool: the token does not match the validation expression' }],
    ['any issuer when the pool is not known', { ...COGNITO, issuers: [] }, jwt({ ...GOOD, iss: 'x' }), { ok: true }],
  ])('%s', (_what, authorizer, value, expected) => {
    expect(check(authorizer, value)).toMatchObject(expected);
  });
});

describe('tokenRefusal: the answers', () => {
  const header = (response: { headers: ReadonlyArray<readonly [string, string]> }, name: string) => response.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  it.each<[string, TokenAuthorizer, string | undefined, number, string, string | undefined]>([
    ['HTTP API, no token', JWT, undefined, 401, '{"message":"Unauthorized"}', undefined],
    ['HTTP API, a bad audience', JWT, jwt({ ...GOOD, aud: 'x' }), 401, '{"message":"Unauthorized"}', 'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"'],
    ['HTTP API, no scope', { ...JWT, scopes: ['admin'] }, jwt(GOOD), 403, '{"message":"Forbidden"}', undefined],
    ['REST Cognito', COGNITO, undefined, 401, '{"message":"Unauthorized"}', undefined],
  ])('%s', (_what, authorizer, value, status, body, challenge) => {
    const refused = check(authorizer, value);
    if (refused.ok) throw new Error('allowed');
    const response = tokenRefusal(authorizer, refused, request());
    expect([response.statusCode, response.body.toString(), header(response, 'www-authenticate')]).toEqual([status, body, challenge]);
  });
});

describe('tokenAuthorizerContext: requestContext.authorizer as the function sees it', () => {
  const claims = { ...GOOD, exp: 1469814773, iat: 1469811173, email_verified: true, 'cognito:groups': ['admin', 'ops'], address: { city: 'x' } };
  const ok = { ok: true as const, claims, scopes: ['read'] };
  it('HTTP API 2.0: jwt.claims as strings, scopes null without route scopes', () => {
    expect(tokenAuthorizerContext(JWT, ok, '2.0')).toEqual({
      jwt: { claims: { iss: ISSUER, aud: 'app', sub: 'ann', exp: '1469814773', iat: '1469811173', scope: 'read write', email_verified: 'true', 'cognito:groups': '[admin ops]', address: '{"city":"x"}' }, scopes: null },
    });
  });
  it('HTTP API 1.0 with route scopes: claims and scopes at the top', () => {
    expect(tokenAuthorizerContext({ ...JWT, scopes: ['read'] }, ok, '1.0')).toMatchObject({ claims: { sub: 'ann' }, scopes: ['read'] });
  });
  it('REST Cognito: claims, exp and iat as dates', () => {
    expect(tokenAuthorizerContext(COGNITO, ok, '1.0')).toEqual({
      claims: expect.objectContaining({ exp: 'Fri Jul 29 17:52:53 UTC 2016', iat: 'Fri Jul 29 16:52:53 UTC 2016', 'cognito:groups': 'admin,ops', email_verified: 'true' }),
    });
  });
});
