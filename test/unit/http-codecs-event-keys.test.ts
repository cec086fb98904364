/**
 * The events the codecs build have the keys of real sample events (test/fixtures/events, provenance in its
 * README), recursively through the structural parts. Maps of data (headers, query, path parameters, stage
 * variables) are compared by presence only. Every difference is listed with its reason.
 */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as rest from '../../src/core/events/http/apigw-rest.js';
import * as http from '../../src/core/events/http/http-api.js';
import * as httpV1 from '../../src/core/events/http/http-api-v1.js';
import * as alb from '../../src/core/events/http/alb.js';
import * as url from '../../src/core/events/http/function-url.js';
import { FIXTURES } from '../helpers.js';
import { albContext, httpContext, request, restContext, urlContext } from './http-test-support.js';

/** Keys whose values are data, not structure. */
const DATA = new Set([
  'headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters',
  'stageVariables', 'cookies', 'body', 'clientCert',
]);

function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...(DATA.has(key) ? [] : keyPaths(child, path))];
  });
}

function sample(file: string): unknown {
  return JSON.parse(readFileSync(`${FIXTURES}events/${file}`, 'utf8'));
}

/** Our keys equal the sample's, except the documented differences. */
function expectSameKeys(ours: unknown, file: string, differences: { onlyInSample?: string[]; onlyInOurs?: string[] } = {}) {
  const mine = new Set(keyPaths(ours));
  const theirs = new Set(keyPaths(sample(file)));
  // A missing key is reported once, not with everything below it.
  const topMost = (keys: string[]) => keys.filter((k) => !keys.some((other) => k.startsWith(`${other}.`))).sort();
  const onlyInSample = topMost([...theirs].filter((k) => !mine.has(k)));
  const onlyInOurs = topMost([...mine].filter((k) => !theirs.has(k)));
  expect({ onlyInSample, onlyInOurs }).toEqual({ onlyInSample: (differences.onlyInSample ?? []).sort(), onlyInOurs: (differences.onlyInOurs ?? []).sort() });
}

const post = request({
  method: 'POST',
  rawPath: '/hello/world',
  rawQuery: 'parameter1=value1&parameter1=value2&parameter2=value',
  headers: [['Host', 'h'], ['User-Agent', 'agent'], ['Content-Type', 'application/json'], ['Cookie', 'cookie1; cookie2'], ['Header2', 'value1'], ['Header2', 'value2']],
  body: '{"a": 1}',
});
const get = request({ rawPath: '/', headers: [['Host', 'h'], ['User-Agent', 'curl/7.58.0'], ['Accept', '*/*']] });

describe('REST API events have the keys of real ones', () => {
  const proxy = { ...restContext, resourcePath: '/{proxy+}', pathParameters: { proxy: 'hello/world' }, stageVariables: { stageVariableName: 'stageVariableValue' } };

  it('aws-lambda-go apigw-request.json (a proxy route with a custom authorizer)', () => {
    expectSameKeys(rest.toEvent(post, proxy), 'aws-lambda-go/apigw-request.json', {
      // That API has a custom authorizer; none is configured locally, and then REST sends no `authorizer`.
      onlyInSample: ['requestContext.authorizer'],
      // The sample predates `isBase64Encoded` and `principalOrgId`; AWS's current input format has both.
      onlyInOurs: ['isBase64Encoded', 'requestContext.identity.principalOrgId'],
    });
  });

  it("powertools apiGatewayProxyEvent.json (AWS's documented 1.0 example)", () => {
    expectSameKeys(rest.toEvent(get, { ...restContext, pathParameters: null }), 'powertools-lambda-python/apiGatewayProxyEvent.json', {
      // `version` belongs to HTTP APIs' 1.0 payload, which this documented example is; REST events have none.
      // Its authorizer is the JWT-authorizer stub of that example.
      onlyInSample: ['version', 'requestContext.authorizer'],
      // REST identities also carry the API key fields (aws-lambda-go apigw-request.json, REST input format).
      onlyInOurs: ['requestContext.identity.apiKey', 'requestContext.identity.apiKeyId'],
    });
  });
});

describe('HTTP API events have the keys of real ones', () => {
  it('aws-lambda-go apigw-v2-request-no-authorizer.json (a GET to $default)', () => {
    expectSameKeys(http.toEvent(get, { ...httpContext, routeKey: '$default', pathParameters: null }), 'aws-lambda-go/apigw-v2-request-no-authorizer.json', {
      // `authentication` is only sent with mutual TLS, which local servers do not do.
      onlyInSample: ['requestContext.authentication'],
    });
  });

  it('powertools apiGatewayProxyV2Event.json (cookies, query, body, path parameters, stage variables)', () => {
    const ctx = { ...httpContext, routeKey: '$default', pathParameters: { parameter1: 'value1' }, stageVariables: { stageVariable1: 'value1' } };
    expectSameKeys(http.toEvent(post, ctx), 'powertools-lambda-python/apiGatewayProxyV2Event.json', {
      // Mutual TLS and a JWT authorizer, neither of which is configured locally.
      onlyInSample: ['requestContext.authentication', 'requestContext.authorizer'],
    });
  });
});

describe('HTTP API events in payload format 1.0 have the keys of real ones', () => {
  it("powertools apiGatewayProxyEvent.json (AWS's documented 1.0 example)", () => {
    const ctx = { ...httpContext, routeKey: 'GET /my/path', resourcePath: '/my/path', pathParameters: null };
    expectSameKeys(httpV1.toEvent(get, ctx), 'powertools-lambda-python/apiGatewayProxyEvent.json', {
      // The example's client presented a certificate (mutual TLS), which local servers do not do, and its
      // API had a JWT authorizer; events captured without one have neither, and have `cognitoAmr`.
      onlyInSample: ['requestContext.identity.clientCert', 'requestContext.authorizer'],
      onlyInOurs: ['requestContext.identity.cognitoAmr'],
    });
  });
});

describe('function URL events have the keys of real ones', () => {
  it('powertools lambdaFunctionUrlEvent.json (a browser GET, AuthType NONE)', () => {
    expectSameKeys(url.toEvent(get, urlContext), 'powertools-lambda-python/lambdaFunctionUrlEvent.json');
  });

  it('aws-lambda-go lambda-urls-request.json (cookies, query, body; AWS_IAM)', () => {
    expectSameKeys(url.toEvent(post, urlContext), 'aws-lambda-go/lambda-urls-request.json', {
      // IAM auth adds `authorizer.iam`; NONE has none.
      onlyInSample: ['requestContext.authorizer'],
      // That sample copies the docs' early example; captured events (the powertools sample above, and
      // hotsock/voker's live captures) carry the `$default` placeholders.
      onlyInOurs: ['routeKey', 'requestContext.routeKey', 'requestContext.stage'],
    });
  });
});

describe('ALB events have the keys of real ones', () => {
  const multi = { ...albContext, multiValueHeaders: true };
  const albGet = request({ rawPath: '/lambda', rawQuery: 'query=1234ABCD', headers: [['Host', 'h'], ['Accept', '*/*']] });

  it.each([
    'powertools-lambda-python/albEvent.json',
    'aws-lambda-go/alb-lambda-target-request-headers-only.json',
  ])('single-value: %s', (file) => {
    expectSameKeys(alb.toEvent(albGet, albContext), file);
  });

  it.each([
    'powertools-lambda-python/albMultiValueHeadersEvent.json',
    'powertools-lambda-python/albMultiValueQueryStringEvent.json',
    'aws-lambda-go/alb-lambda-target-request-multivalue-headers.json',
  ])('multi-value: %s', (file) => {
    expectSameKeys(alb.toEvent(albGet, multi), file);
  });
});
