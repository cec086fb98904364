/**
 * `sam local generate-event <service> <event>` spellings, and the kind (with options) that generates the same
 * event here, for a SAM user's first try (service and event names from aws-sam-cli's
 * samcli/lib/generated_sample_events/event-mapping.json).
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
  'cloudwatch logs': 'cloudwatch-logs',
  'cloudformation create-request': 'cloudformation',
  'appsync resolver': 'appsync',
  'ses email-receiving': 'ses',
  'kinesis kinesis-firehose': 'firehose',
  // A Direct PUT stream's transformation batch whose record is a log line: the firehose kind's, with that line.
  'kinesis apachelog': 'firehose --body LINE',
  'kinesis syslog': 'firehose --body LINE',
};

/**
 * SAM CLI's events that have no kind here, by service: saying so, with the kinds there are, beats "unknown kind"
 * (Cognito Sync's trigger is not a user pool's; a Firehose batch read from a Kinesis stream, or of gzipped
 * CloudWatch Logs, has keys or data the firehose kind does not make).
 */
const SAM_UNMAPPED: Readonly<Record<string, readonly string[]>> = {
  'alexa-skills-kit': ['end-session', 'intent-answer', 'intent-getnewfact', 'intent-mycoloris', 'intent-recipe', 'start-session'],
  'alexa-smart-home': ['smart-home-control-turn-off-request', 'smart-home-control-turn-on-request', 'smart-home-discovery-request'],
  apigateway: ['authorizer', 'request-authorizer'],
  batch: ['get-job', 'submit-job'],
  cloudfront: ['ab-test', 'access-request-in-response', 'http-redirect', 'modify-querystring', 'modify-response-header', 'multiple-remote-calls-aggregate-response',
    'normalize-querystring-to-improve-cache-hit', 'redirect-on-viewer-country', 'redirect-unauthenticated-users', 'response-generation', 'serve-object-on-viewer-device', 'simple-remote-call'],
  codecommit: ['repository'],
  codepipeline: ['job'],
  cognito: ['sync-trigger'],
  config: ['item-change-notification', 'oversized-item-change-notification', 'periodic-rule'],
  connect: ['contact-flow-event'],
  kinesis: ['analytics', 'analytics-compressed', 'analytics-dynamodb', 'analytics-kpl', 'cloudwatch-logs-processor', 'streams-as-source'],
  lex: ['book-car', 'book-hotel', 'make-appointment', 'order-flowers'],
  'lex-v2': ['banking-bot', 'book-car', 'book-hotel'],
  rekognition: ['s3-request'],
  s3: ['batch-invocation'],
  sagemaker: ['ground-truth-pre-human', 'ground-truth-annotation-consolidation'],
  stepfunctions: ['error'],
  workmail: ['email'],
};

/** Why a SAM CLI event that looks like a kind here is not it. */
const UNLIKE: Readonly<Record<string, string>> = {
  'cognito sync-trigger': 'Cognito Sync\'s trigger, not a user pool\'s (the cognito kind)',
  'apigateway authorizer': 'pylambda invoke sends an authorizer function its gateway\'s event without --event',
  'apigateway request-authorizer': 'pylambda invoke sends an authorizer function its gateway\'s event without --event',
};

/** What to say of `sam local generate-event` words with no kind here: undefined when they are no SAM CLI event. */
export function samUnmapped(words: readonly string[]): string | undefined {
  const [service, event] = words.map((w) => w.toLowerCase());
  if (words.length !== 2 || !service || !event || !SAM_UNMAPPED[service]?.includes(event)) return undefined;
  const name = `${service} ${event}`;
  return `'${words.join(' ')}' is SAM CLI's name for an event pylambda has no kind for${UNLIKE[name] ? ` (${UNLIKE[name]})` : ''}`;
}

/** The kind a SAM service name alone most likely means (`apigateway` -> apigw-rest), if it is one. */
export function samService(service: string): string | undefined {
  const spelling = Object.keys(SAM_SPELLINGS).find((s) => s.startsWith(`${service.toLowerCase()} `));
  return spelling ? SAM_SPELLINGS[spelling]!.split(' ')[0] : undefined;
}
