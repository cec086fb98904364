import { describe, expect, it } from 'vitest';
import { serviceEndpointOverrides } from '../../src/core/local-aws/endpoint.js';

describe('serviceEndpointOverrides: the shell\'s service endpoints under --local-aws', () => {
  it.each<[string, Record<string, string | undefined>, Record<string, string>]>([
    ['a service endpoint points at the local one', { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000', PATH: '/bin' }, { AWS_ENDPOINT_URL_DYNAMODB: 'http://local:5000' }],
    // boto3 ignores an empty one and falls back to AWS_ENDPOINT_URL: nothing to say or set.
    ['an empty one is left alone', { AWS_ENDPOINT_URL_DYNAMODB: '' }, {}],
    ['AWS_ENDPOINT_URL itself is not a service endpoint', { AWS_ENDPOINT_URL: 'http://x' }, {}],
  ])('%s', (_, host, expected) => {
    expect(serviceEndpointOverrides(host, 'http://local:5000')).toEqual(expected);
  });
});
