/**
 * Calls to the local AWS endpoint (moto), which checks no signature: SQS speaks its JSON protocol, SNS its query
 * protocol; moto takes the region and the service from the credential scope.
 */

function authorization(region: string, service: string): string {
  return `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=local`;
}

export async function sqsCall<T = unknown>(endpoint: string, region: string, action: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    ...(signal ? { signal } : {}),
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}`, authorization: authorization(region, 'sqs') },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${action} answered ${response.status}: ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : {}) as T;
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
