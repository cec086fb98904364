import { describe, expect, it } from 'vitest';
import { hostRegion } from '../../src/core/runtime/environment.js';

describe('hostRegion: the region a shell names, as the AWS SDKs read it', () => {
  it.each<[Record<string, string>, string]>([
    [{ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-west-2' }, 'eu-west-1'],
    [{ AWS_DEFAULT_REGION: 'us-west-2' }, 'us-west-2'],
    [{}, 'us-east-1'],
  ])('%j -> %s', (env, region) => expect(hostRegion(env)).toBe(region));
});
