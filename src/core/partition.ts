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

/** What an ARN names: `region` says its partition, and is left out of the ARN when `regionless` (IAM's, S3's). */
export interface ArnParts {
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
  readonly regionless?: boolean;
}

/**
 * `arn:{partition}:{service}:{region}:{account}:{resource}`, in `region`'s partition; the one place an ARN is built
 * from a region, so none is left in aws when its region is in China (test/unit/arn-guard.test.ts keeps it so).
 */
export function arnOf(parts: ArnParts): string {
  return `arn:${partitionOf(parts.region)}:${parts.service}:${parts.regionless === true ? '' : parts.region}:${parts.accountId}:${parts.resource}`;
}
