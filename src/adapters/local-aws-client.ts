/**
 * Calls to the local AWS endpoint (moto), which checks no signature: SQS speaks its JSON protocol, SNS its query
 * protocol, Kinesis and DynamoDB (Streams) theirs; moto takes the region and the service from the credential scope.
 */

function authorization(region: string, service: string): string {
  return `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=local`;
}

/** A JSON-protocol API of the endpoint: its service in the credential scope, x-amz-target's prefix, the JSON version. */
export interface JsonApi {
  readonly signingName: string;
  readonly targetPrefix: string;
  readonly jsonVersion: '1.0' | '1.1';
}

export const SQS: JsonApi = { signingName: 'sqs', targetPrefix: 'AmazonSQS', jsonVersion: '1.0' };
export const KINESIS: JsonApi = { signingName: 'kinesis', targetPrefix: 'Kinesis_20131202', jsonVersion: '1.1' };
export const DYNAMODB: JsonApi = { signingName: 'dynamodb', targetPrefix: 'DynamoDB_20120810', jsonVersion: '1.0' };
// boto3 signs DynamoDB Streams' calls for dynamodb too.
export const DYNAMODB_STREAMS: JsonApi = { signingName: 'dynamodb', targetPrefix: 'DynamoDBStreams_20120810', jsonVersion: '1.0' };

export async function callLocalAws<T = unknown>(endpoint: string, api: JsonApi, region: string, action: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    ...(signal ? { signal } : {}),
    headers: { 'content-type': `application/x-amz-json-${api.jsonVersion}`, 'x-amz-target': `${api.targetPrefix}.${action}`, authorization: authorization(region, api.signingName) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${action} answered ${response.status}: ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export function sqsCall<T = unknown>(endpoint: string, region: string, action: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  return callLocalAws<T>(endpoint, SQS, region, action, body, signal);
}

/** An SNS action with its parameters as the query protocol flattens them (`MessageAttributes.entry.1.Name`). */
export async function snsCall(endpoint: string, region: string, action: string, params: Record<string, string>): Promise<string> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: authorization(region, 'sns') },
    body: new URLSearchParams({ Action: action, Version: '2010-03-31', ...params }).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${action} answered ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

/** S3's PutObject, path-style (`<endpoint>/<bucket>/<key>`), as moto takes it on loopback. */
export async function s3PutObject(endpoint: string, region: string, bucket: string, key: string, body: string): Promise<void> {
  const path = [bucket, ...key.split('/')].map(encodeURIComponent).join('/');
  const response = await fetch(`${endpoint}/${path}`, {
    method: 'PUT',
    headers: { authorization: authorization(region, 's3'), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    body: Buffer.from(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`PutObject answered ${response.status}: ${text.slice(0, 200)}`);
}

/** The names of the endpoint's queues, topics and buckets in `region` (SQS ListQueues, SNS ListTopics, S3 ListBuckets). */
export async function heldResourceNames(endpoint: string, region: string): Promise<{ sqs: Set<string>; sns: Set<string>; s3: Set<string> }> {
  const [queues, topics, buckets] = await Promise.all([
    sqsCall<{ QueueUrls?: string[] }>(endpoint, region, 'ListQueues', {}).then((r) => (r.QueueUrls ?? []).map((url) => url.slice(url.lastIndexOf('/') + 1))),
    listTopics(endpoint, region),
    fetch(`${endpoint}/`, { headers: { authorization: authorization(region, 's3'), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }).then(async (response) => {
      const text = await response.text();
      if (!response.ok) throw new Error(`ListBuckets answered ${response.status}: ${text.slice(0, 200)}`);
      return xmlValues(text, 'Name');
    }),
  ]);
  return { sqs: new Set(queues), sns: new Set(topics), s3: new Set(buckets) };
}

/** Every topic's name, page after page (ListTopics gives 100 at a time). */
async function listTopics(endpoint: string, region: string): Promise<string[]> {
  const names: string[] = [];
  for (let token: string | undefined; ;) {
    const page = await snsCall(endpoint, region, 'ListTopics', token ? { NextToken: token } : {});
    names.push(...xmlValues(page, 'TopicArn').map((arn) => arn.slice(arn.lastIndexOf(':') + 1)));
    token = xmlValues(page, 'NextToken')[0];
    if (!token) return names;
  }
}

/** The text of each `<tag>` element of an AWS XML answer. */
function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
}
