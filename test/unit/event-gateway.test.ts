import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventGateway } from '../../src/core/gateway/event-gateway.js';
import type { Endpoint } from '../../src/core/model/project.js';
import { FIXTURES } from '../helpers.js';

/** Real events AWS's own repositories hold (test/fixtures/events/README.md has where each comes from). */
const sample = (file: string): unknown => JSON.parse(readFileSync(join(FIXTURES, 'events', file), 'utf8'));
const output = (result: unknown, functionError = false) => ({ payload: Buffer.from(typeof result === 'string' ? result : JSON.stringify(result)), functionError });

describe('eventGateway: the front door an event came through, by its shape', () => {
  it.each([
    ['aws-lambda-go/apigw-request.json', 'rest', 'REST API', 'POST', '/hello/world'],
    ['powertools-lambda-python/apiGatewayProxyEvent.json', 'rest', 'REST API', 'GET', '/my/path'],
    ['aws-lambda-go/apigw-v2-request-no-authorizer.json', 'http', 'HTTP API', 'GET', '/'],
    ['powertools-lambda-python/apiGatewayProxyV2Event_GET.json', 'http', 'HTTP API', 'GET', '/my/path'],
    ['aws-lambda-go/lambda-urls-request.json', 'url', 'Function URL', 'POST', '/my/path'],
    ['aws-lambda-go/alb-lambda-target-request-headers-only.json', 'alb', 'ALB', 'GET', '/'],
    ['powertools-lambda-python/albMultiValueHeadersEvent.json', 'alb', 'ALB', 'GET', '/todos'],
  ])('%s is a %s event', (file, kind, label, method, path) => {
    expect(eventGateway(sample(file))).toMatchObject({ kind, label, method, path });
  });

  it.each([
    ['a WebSocket message', 'aws-lambda-go/apigw-websocket-request-send-message.json'],
    ['a Cognito trigger', 'aws-lambda-go/cognito-event-userpools-presignup.json'],
  ])('%s is not an HTTP event', (_what, file) => {
    expect(eventGateway(sample(file))).toBeUndefined();
  });

  it.each([['{}', {}], ['a list', []], ['null', null], ['a string', 'GET /']])('%s is not one either', (_what, event) => {
    expect(eventGateway(event)).toBeUndefined();
  });

  it('an HTTP API payload 1.0 event (version "1.0", its route key as resourceId) is answered as one', () => {
    const rest = sample('aws-lambda-go/apigw-request.json') as Record<string, Record<string, unknown>>;
    const event = { ...rest, version: '1.0', requestContext: { ...rest.requestContext, resourceId: 'POST /hello/{name}' } };
    const gateway = eventGateway(event)!;
    expect(gateway.label).toBe('HTTP API (payload 1.0)');
    expect(gateway.respond(output({ statusCode: 201, body: 'made' })).statusCode).toBe(201);
  });
});

describe("eventGateway's response: as that gateway answers the function's output", () => {
  const rest = eventGateway(sample('aws-lambda-go/apigw-request.json'))!;
  const http = eventGateway(sample('aws-lambda-go/apigw-v2-request-no-authorizer.json'))!;
  const alb = eventGateway(sample('aws-lambda-go/alb-lambda-target-request-headers-only.json'))!;

  it.each([
    ['REST: a body that is no string', rest, { statusCode: 200, body: { a: 1 } }, 502, 'body is not a string: serialise it, e.g. with json.dumps'],
    ['REST: a result without statusCode is a 200', rest, { body: 'x' }, 200, undefined],
    ['REST: a result with a key REST does not know', rest, { status: 200, body: 'x' }, 502, 'the result has a key the gateway does not know: status'],
    ['REST: a well-formed result', rest, { statusCode: 404, body: 'none' }, 404, undefined],
    ['HTTP API: a result without statusCode is the body', http, { items: [] }, 200, undefined],
    ['HTTP API: a function error', http, undefined, 500, 'the function failed: boom'],
    ['ALB: a result without statusCode', alb, { body: 'x' }, 502, expect.any(String)],
  ])('%s', (_what, gateway, result, status, problem) => {
    const response = gateway.respond(result === undefined ? output({ errorMessage: 'boom' }, true) : output(result));
    expect([response.statusCode, response.problem]).toEqual([status, problem]);
  });

  it("a REST API's binary media types come from the project's REST API: a base64 body is decoded for a client that accepts it", () => {
    const event = { ...(sample('aws-lambda-go/apigw-request.json') as Record<string, unknown>), headers: { Accept: 'image/png' }, multiValueHeaders: { Accept: ['image/png'] } };
    const endpoints = [{ kind: 'rest', binaryMediaTypes: ['image/png'] } as unknown as Endpoint];
    const result = output({ statusCode: 200, body: Buffer.from('PNG').toString('base64'), isBase64Encoded: true, headers: { 'content-type': 'image/png' } });
    expect(eventGateway(event, endpoints)!.respond(result).body.toString()).toBe('PNG');
    expect(eventGateway(event)!.respond(result).body.toString()).toBe(Buffer.from('PNG').toString('base64'));
  });
});
