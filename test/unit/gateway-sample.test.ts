import { describe, expect, it } from 'vitest';
import { resultStatus } from '../../src/core/gateway/sample.js';

describe('resultStatus: the HTTP status a proxy result asks for', () => {
  it.each([
    ['{"statusCode": 404, "body": "no"}', 404],
    ['{"statusCode": "502"}', 502],
    ['{"statusCode": 200}', 200],
    ['{"body": "inferred 200 by an HTTP API"}', undefined],
    ['{"statusCode": "4xx"}', undefined],
    ['{"statusCode": 404.5}', undefined],
    ['[404]', undefined],
    ['"404"', undefined],
    ['null', undefined],
    ['not json', undefined],
  ])('%s -> %s', (payload, status) => {
    expect(resultStatus(Buffer.from(payload))).toBe(status);
  });
});
