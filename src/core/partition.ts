/**
 * The partition of a region and its domain, as botocore's data/partitions.json says them (each partition's
 * regionRegex and dnsSuffix); CloudFormation's AWS::Partition and AWS::URLSuffix ("Get AWS values using pseudo
 * parameters") are the same two values. An ARN of a resource in cn-north-1 is arn:aws-cn:..., in us-gov-west-1
 * arn:aws-us-gov:...; a region of no known partition (a made-up or future one) is in aws, as botocore's default is.
 */
const PARTITIONS: readonly { readonly id: string; readonly regions: RegExp; readonly dnsSuffix: string }[] = [
  { id: 'aws-cn', regions: /^cn-\w+-\d+$/, dnsSuffix: 'amazonaws.com.cn' },
  { id: 'aws-us-gov', regions: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com' },
  { id: 'aws-iso', regions: /^us-iso-\w+-\d+$/, dnsSuffix: 'c2s.ic.gov' },
  { id: 'aws-iso-b', regions: /^us-isob-\w+-\d+$/, dnsSuffix: 'sc2s.sgov.gov' },
  { id: 'aws-iso-e', regions: /^eu-isoe-\w+-\d+$/, dnsSuffix: 'cloud.adc-e.uk' },
  { id: 'aws-iso-f', regions: /^us-isof-\w+-\d+$/, dnsSuffix: 'csp.hci.ic.gov' },
  { id: 'aws-eusc', regions: /^eusc-de-\w+-\d+$/, dnsSuffix: 'amazonaws.eu' },
];

const partitionOfRegion = (region: string) => PARTITIONS.find((p) => p.regions.test(region));

/** The partition of `region`'s ARNs: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, ... */
export function partitionOf(region: string): string {
  return partitionOfRegion(region)?.id ?? 'aws';
}

/**
 * The domain of `region`'s endpoints (AWS::URLSuffix): `amazonaws.com`, `amazonaws.com.cn` in China, ...; botocore
 * forms a service's host from it (partitions.json's hostname, `{service}.{region}.{dnsSuffix}`).
 */
export function urlSuffixOf(region: string): string {
  return partitionOfRegion(region)?.dnsSuffix ?? 'amazonaws.com';
}
