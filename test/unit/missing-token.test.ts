/** A REST API's answer to a request no method takes, by the Authorization header it sends (missing-token.ts). */

import { describe, expect, it } from 'vitest';
import { GATEWAY_ERRORS } from '../../src/core/events/http/gateway-errors.js';
import { missingTokenAnswer } from '../../src/core/events/http/missing-token.js';
import { request } from './http-test-support.js';

const REQUIRES_ALL = "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
  + "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";

describe('the SigV4 complaint about an Authorization header, as a deployed REST API answers an unknown route', () => {
  it.each<[string, Array<[string, string]>, string | undefined]>([
    ['no Authorization header', [], undefined],
    ['an empty one', [['Authorization', ' ']], undefined],
    // aws/chalice#828: a bare JWT.
    ['a bare token', [['Authorization', 'eyJ0eXAi.eyJzdWIi.4f1J']], `${REQUIRES_ALL} Authorization=eyJ0eXAi.eyJzdWIi.4f1J`],
    // serverless/serverless#3205.
    ['a bearer token', [['authorization', 'Bearer sometoken']], "'sometoken' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer sometoken'."],
    ['basic credentials', [['Authorization', 'Basic dXNlcjpwYXNz']], "'dXNlcjpwYXNz' not a valid key=value pair (missing equal-sign) in Authorization header: 'Basic dXNlcjpwYXNz'."],
    // Base64 padding makes a key=value pair: the parameters are missing instead.
    ['basic credentials with padding', [['Authorization', 'Basic Og==']], `${REQUIRES_ALL} Authorization=Basic Og==`],
    ['the first pair without an equal sign', [['Authorization', 'AWS4-HMAC-SHA256 Credential=AKID/x, FooBar, Baz']], "'FooBar' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=AKID/x, FooBar, Baz'."],
    ['some parameters, and a Date header', [['Authorization', 'AWS4-HMAC-SHA256 Credential=AKID/x, Signature=ab'], ['Date', 'Sun, 29 Nov 2026 12:00:00 GMT']],
      "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKID/x, Signature=ab"],
    ['a complete signature (verified next, which is not modelled)', [['Authorization', 'AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=ab'], ['X-Amz-Date', '20261129T120000Z']], undefined],
  ])('%s', (_, headers, message) => {
    expect(missingTokenAnswer({ headers })).toEqual(message === undefined ? { kind: 'missing-token' } : { kind: 'incomplete-signature', message });
  });

  it('answers 403 IncompleteSignatureException with the message as JSON, where no header gets Missing Authentication Token', () => {
    const answer = GATEWAY_ERRORS.rest.routeNotFound!(request({ headers: [['Authorization', 'Bearer "x"']] }));
    expect([answer.statusCode, answer.headers.find(([name]) => name === 'x-amzn-ErrorType'), answer.body.toString()]).toEqual([
      403, ['x-amzn-ErrorType', 'IncompleteSignatureException'],
      '{"message":"\'\\"x\\"\' not a valid key=value pair (missing equal-sign) in Authorization header: \'Bearer \\"x\\"\'."}',
    ]);
    expect(GATEWAY_ERRORS.rest.routeNotFound!(request({ headers: [] })).body.toString()).toBe('{"message":"Missing Authentication Token"}');
  });
});
