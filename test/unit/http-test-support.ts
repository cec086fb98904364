/** Builders shared by the HTTP codec tests: a request snapshot, invoke outputs, and the four codecs with contexts. */

import * as rest from '../../src/core/events/http/apigw-rest.js';
import * as http from '../../src/core/events/http/http-api.js';
import * as alb from '../../src/core/events/http/alb.js';
import * as url from '../../src/core/events/http/function-url.js';
import { extendedRequestId, type HttpRequest, type HttpResponse, type InvokeOutput } from '../../src/core/events/http/request.js';

/** 04/Mar/2020:19:15:17 +0000, the time of the AWS docs' sample event. */
export const TIME = 1583349317135;
export const REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef';

export function request(overrides: Omit<Partial<HttpRequest>, 'body'> & { body?: Buffer | string } = {}): HttpRequest {
  const { body, ...rest } = overrides;
  return {
    method: 'GET',
    rawPath: '/items/1',
    rawQuery: '',
    headers: [['Host', 'localhost:3000'], ['User-Agent', 'curl/8.7.1'], ['Accept', '*/*']],
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
    timeEpochMs: TIME,
    requestId: REQUEST_ID,
    ...rest,
    body: typeof body === 'string' ? Buffer.from(body) : (body ?? Buffer.alloc(0)),
  };
}

/** A successful invocation returning `value` as JSON (what the Python runtime sends). */
export function result(value: unknown): InvokeOutput {
  return { payload: Buffer.from(JSON.stringify(value)), functionError: false };
}

export function rawResult(payload: string | Buffer): InvokeOutput {
  return { payload: typeof payload === 'string' ? Buffer.from(payload) : payload, functionError: false };
}

export const FUNCTION_ERROR: InvokeOutput = {
  payload: Buffer.from(JSON.stringify({ errorMessage: 'boom', errorType: 'ValueError', requestId: REQUEST_ID, stackTrace: [] })),
  functionError: true,
};

export const restContext: rest.RestContext = {
  resourcePath: '/items/{id}',
  pathParameters: { id: '1' },
  stage: 'Prod',
  apiId: 'abc123defg',
  accountId: '123456789012',
  region: 'us-east-1',
  binaryMediaTypes: [],
  stageVariables: null,
  // The codec tables are about the event's other fields: an edge-optimized API's CloudFront headers have their own.
  endpointType: 'REGIONAL',
};

export const httpContext: http.HttpApiContext = {
  routeKey: 'GET /items/{id}',
  pathParameters: { id: '1' },
  stage: '$default',
  apiId: 'xyz987wvut',
  accountId: '123456789012',
  region: 'us-east-1',
  stageVariables: null,
};

export const albContext: alb.AlbContext = {
  targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/local/0123456789abcdef',
  multiValueHeaders: false,
};

export const urlContext: url.FunctionUrlContext = { urlId: 'abcdefghijklmnopqrstuvwxyz012345', region: 'us-east-1' };

/** Every codec with a context, so one table of cases runs against all four. */
export const CODECS = {
  rest: { toEvent: (r: HttpRequest) => rest.toEvent(r, restContext), toResponse: (o: InvokeOutput, r: HttpRequest) => rest.toResponse(o, r, restContext) },
  http: { toEvent: (r: HttpRequest) => http.toEvent(r, httpContext), toResponse: (o: InvokeOutput, r: HttpRequest) => http.toResponse(o, r, httpContext) },
  alb: { toEvent: (r: HttpRequest) => alb.toEvent(r, albContext), toResponse: (o: InvokeOutput, r: HttpRequest) => alb.toResponse(o, r, albContext) },
  url: { toEvent: (r: HttpRequest) => url.toEvent(r, urlContext), toResponse: (o: InvokeOutput, r: HttpRequest) => url.toResponse(o, r, urlContext) },
} as const;

export type CodecName = keyof typeof CODECS;

/** A response as plain values, for exact comparisons. */
export function plain(response: HttpResponse): { status: number; reason?: string; headers: Array<[string, string]>; body: string } {
  return {
    status: response.statusCode,
    ...(response.statusMessage === undefined ? {} : { reason: response.statusMessage }),
    headers: response.headers.map(([n, v]) => [n, v]),
    body: response.body.toString('utf8'),
  };
}

/** The ids each gateway adds to its responses for the default request. */
export const REST_IDS: Array<[string, string]> = [['x-amzn-RequestId', REQUEST_ID], ['x-amz-apigw-id', extendedRequestId(REQUEST_ID)]];

/**
 * Paths sent to a deployed HTTP API and the `rawPath` it handed over (undefined: it answered 400), row by row
 * from a live capture: hotsock/voker vokerhttp/testdata/ingress-paths.json.
 */
export const CAPTURES: Array<[sent: string, httpApi: string | undefined]> = [
  ['/capture/plain', '/capture/plain'],
  ['/capture/space%20value', '/capture/space value'],
  ['/capture/question%3Fvalue', '/capture/question'],
  ['/capture/percent%25done', undefined],
  ['/capture/hash%23value', '/capture/hash#value'],
  ['/capture/slash%2Fvalue', '/capture/slash/value'],
  ['/capture/unicode-%CE%BB-%E4%B8%96%E7%95%8C', '/capture/unicode-λ-世界'],
  ['/capture/literal%252Fvalue', '/capture/literal/value'],
  ['/capture/literal%253Fvalue', '/capture/literal?value'],
  ['/capture/literal%2525value', '/capture/literal%value'],
];
