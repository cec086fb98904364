/**
 * `sam local generate-event <service> <event>` spellings, and the kind (with options) that generates the same
 * event here, for a SAM user's first try (service and event names from aws-sam-cli's generated_sample_events).
 */
export const SAM_SPELLINGS: Readonly<Record<string, string>> = {
  'apigateway aws-proxy': 'apigw-rest',
  'apigateway http-api-proxy': 'http-api',
  'alb request': 'alb',
  'sqs receive-message': 'sqs',
  'sns notification': 'sns',
  's3 put': 's3',
  's3 delete': 's3 --event-name ObjectRemoved:Delete',
  'dynamodb update': 'dynamodb',
  'kinesis get-records': 'kinesis',
  'cloudwatch scheduled-event': 'schedule',
};

/** The kind a SAM service name alone most likely means (`apigateway` -> apigw-rest), if it is one. */
export function samService(service: string): string | undefined {
  const spelling = Object.keys(SAM_SPELLINGS).find((s) => s.startsWith(`${service.toLowerCase()} `));
  return spelling ? SAM_SPELLINGS[spelling]!.split(' ')[0] : undefined;
}
