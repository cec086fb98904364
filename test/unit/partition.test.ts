import { describe, expect, it } from 'vitest';
import { partitionOf, urlSuffixOf } from '../../src/core/partition.js';

describe('partitionOf / urlSuffixOf: a region\'s partition and domain, as botocore\'s partitions.json says them', () => {
  it.each([
    ['us-east-1', 'aws', 'amazonaws.com'],
    ['eu-central-2', 'aws', 'amazonaws.com'],
    ['il-central-1', 'aws', 'amazonaws.com'],
    ['cn-north-1', 'aws-cn', 'amazonaws.com.cn'],
    ['cn-northwest-1', 'aws-cn', 'amazonaws.com.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'amazonaws.com'],
    ['us-gov-east-1', 'aws-us-gov', 'amazonaws.com'],
    ['us-iso-east-1', 'aws-iso', 'c2s.ic.gov'],
    ['us-isob-east-1', 'aws-iso-b', 'sc2s.sgov.gov'],
    ['eu-isoe-west-1', 'aws-iso-e', 'cloud.adc-e.uk'],
    ['us-isof-south-1', 'aws-iso-f', 'csp.hci.ic.gov'],
    ['eusc-de-east-1', 'aws-eusc', 'amazonaws.eu'],
    // No partition knows it: botocore's default, aws.
    ['moon-base-1', 'aws', 'amazonaws.com'],
    ['cn-north', 'aws', 'amazonaws.com'],
    ['local', 'aws', 'amazonaws.com'],
  ])('%s: %s, %s', (region, partition, suffix) => {
    expect(partitionOf(region)).toBe(partition);
    expect(urlSuffixOf(region)).toBe(suffix);
  });
});
