import { UserError } from '../errors.js';
import { partitionOf, urlSuffixOf } from '../partition.js';

/**
 * What one of `sam local generate-event`'s flags is here: a flag of the same meaning (its value taken as it is,
 * or converted), or a value pylambda's events always have (the one value that flag takes here).
 */
export type SamFlag =
  | { readonly to: string; readonly convert?: (value: string) => string | readonly string[] }
  | {
    readonly fixed: (flags: Readonly<Record<string, string | readonly string[]>>) => string;
    readonly why: string;
    /** What to give instead of `asked`, the value refused. */
    readonly hint?: (asked: string) => string;
  };

/** One SAM CLI event: the kind that generates it here, what the event implies of that kind, and its flags. */
export interface SamEvent {
  readonly kind: string;
  /** Flags the event's identity sets (`s3 delete`: an ObjectRemoved:Delete record); another value is refused. */
  readonly implies?: Readonly<Record<string, string>>;
  /**
   * SAM CLI's defaults, as flags here (event-mapping.json's tags): `sam local generate-event s3 put` writes the key
   * test/key, and so does `pylambda events generate s3 put`; the kind's own name keeps its own (`s3`: uploads/...).
   */
  readonly defaults?: Readonly<Record<string, string | readonly string[]>>;
  readonly flags: Readonly<Record<string, SamFlag>>;
}

const same = (to: string): SamFlag => ({ to });
// SAM CLI's --path has no leading '/': its templates write "/{{{path}}}" (AwsProxy.json, HttpApi.json, ALBRequest.json).
const PATH: SamFlag = { to: 'path', convert: (v) => (v.startsWith('/') ? v : `/${v}`) };
// SAM CLI takes --partition apart from --region; here an ARN's partition is its region's, so the two must agree.
const A_REGION_OF: Readonly<Record<string, string>> = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' };
const PARTITION: SamFlag = {
  fixed: (flags) => partitionOf(String(flags.region)),
  why: 'its ARNs are in the partition of its region',
  hint: (asked) => `pass --region of that partition, e.g. --region ${A_REGION_OF[asked] ?? 'cn-north-1'} for ${Object.hasOwn(A_REGION_OF, asked) ? asked : 'aws-cn'}`,
};
// SAM CLI's --dns-suffix is the region's domain in the event's hosts (us-east-1.amazonaws.com, us-east-2.elb.amazonaws.com): its region here.
const DNS_SUFFIX: SamFlag = { to: 'region', convert: suffixRegion };
const ARN_FLAGS = { region: same('region'), partition: PARTITION, 'account-id': same('account-id') };
const HTTP_FLAGS = { body: same('body'), method: same('method'), path: PATH, 'account-id': same('account-id'), 'dns-suffix': DNS_SUFFIX };
// SAM CLI's Firehose --data is the record's bytes in base64; --body here is the same bytes as text.
const FIREHOSE_DATA: SamFlag = { to: 'body', convert: (v) => Buffer.from(v, 'base64').toString('utf8') };
// SAM CLI's defaults (event-mapping.json's tags): every event's region is us-east-1 (its --region, or its --dns-suffix's),
// whatever $AWS_REGION says, but its ALB's (us-east-2.elb.amazonaws.com, and ALBRequest.json's target group).
const IN_US_EAST_1 = { region: 'us-east-1' };
const HTTP_DEFAULTS = { ...IN_US_EAST_1, method: 'POST', path: '/path/to/resource', body: '{"test":"body"}' };
const S3_DEFAULTS = { ...IN_US_EAST_1, bucket: 'example-bucket', key: 'test/key' };
const S3_FLAGS = { region: same('region'), partition: PARTITION, bucket: same('bucket'), key: same('key') };

/**
 * `sam local generate-event <service> <event>`, and the kind (with what the event implies) that generates the
 * same event here; service, event and flag names, and the defaults, from aws-sam-cli's
 * samcli/lib/generated_sample_events/event-mapping.json.
 */
export const SAM_EVENTS: Readonly<Record<string, SamEvent>> = {
  'apigateway aws-proxy': {
    kind: 'apigw-rest',
    defaults: { ...HTTP_DEFAULTS, query: ['foo=bar'], resource: '/{proxy+}', stage: 'prod' },
    flags: { ...HTTP_FLAGS, resource: same('resource'), querystringparameters: { to: 'query', convert: queryObject }, stage: same('stage') },
  },
  'apigateway http-api-proxy': { kind: 'http-api', defaults: HTTP_DEFAULTS, flags: { ...HTTP_FLAGS, stage: same('stage') } },
  'alb request': { kind: 'alb', defaults: { ...HTTP_DEFAULTS, region: 'us-east-2' }, flags: HTTP_FLAGS },
  'sqs receive-message': { kind: 'sqs', defaults: { ...IN_US_EAST_1, queue: 'MyQueue', body: 'Hello from SQS!' }, flags: { ...ARN_FLAGS, body: same('body'), 'queue-name': same('queue') } },
  'sns notification': { kind: 'sns', defaults: { ...IN_US_EAST_1, topic: 'ExampleTopic', subject: 'example subject', body: 'example message' }, flags: { ...ARN_FLAGS, topic: same('topic'), subject: same('subject'), message: same('body') } },
  's3 put': { kind: 's3', defaults: S3_DEFAULTS, implies: { 'event-name': 'ObjectCreated:Put' }, flags: S3_FLAGS },
  's3 delete': { kind: 's3', defaults: S3_DEFAULTS, implies: { 'event-name': 'ObjectRemoved:Delete' }, flags: S3_FLAGS },
  // SAM CLI's DynamoDBUpdate.json: an item's INSERT, MODIFY and REMOVE (--event-name MODIFY here makes one of them).
  'dynamodb update': { kind: 'dynamodb', defaults: { ...IN_US_EAST_1, table: 'ExampleTableWithStream', 'event-name': 'INSERT,MODIFY,REMOVE' }, flags: { ...ARN_FLAGS, table: same('table') } },
  // SAM CLI's --data is text it base64-encodes (its encoding: base64), --body here.
  'kinesis get-records': {
    kind: 'kinesis',
    defaults: { ...IN_US_EAST_1, body: 'Hello, this is a test 123.', 'partition-key': 'partitionKey-03', sequence: '49545115243490985018280067714973144582180062593244200961' },
    flags: { region: same('region'), partition: PARTITION, data: same('body'), 'partition-key': same('partition-key'), sequence: same('sequence') },
  },
  'cloudwatch scheduled-event': { kind: 'schedule', defaults: { ...IN_US_EAST_1, rule: 'ExampleRule' }, flags: { ...ARN_FLAGS, rule: same('rule') } },
  // SAM CLI's CloudwatchLogs.json and AppSyncDirectResolver.json, which take no flags: their log events, their resolver's field and arguments.
  'cloudwatch logs': { kind: 'cloudwatch-logs', defaults: { 'log-group': 'testLogGroup', message: ['[ERROR] First test message', '[ERROR] Second test message'] }, flags: {} },
  'cloudformation create-request': { kind: 'cloudformation', defaults: { ...IN_US_EAST_1, stack: 'MyStack' }, implies: { 'request-type': 'Create' }, flags: { ...ARN_FLAGS, stack: same('stack') } },
  'appsync resolver': { kind: 'appsync', defaults: { 'type-name': 'Mutation', 'field-name': 'createSomething', arguments: '{"id": "my identifier"}' }, flags: {} },
  'ses email-receiving': { kind: 'ses', defaults: IN_US_EAST_1, flags: { ...ARN_FLAGS, 'dns-suffix': DNS_SUFFIX } },
  'kinesis kinesis-firehose': { kind: 'firehose', defaults: { ...IN_US_EAST_1, body: 'Hello, this is a test 123.' }, flags: { region: same('region'), partition: PARTITION, data: FIREHOSE_DATA } },
  // A Direct PUT stream's transformation batch whose record is a log line: the firehose kind's, with that line.
  'kinesis apachelog': { kind: 'firehose', defaults: { ...IN_US_EAST_1, body: '64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] "GET /mailman/listinfo/hsdivision HTTP/1.1" 200 6291' }, flags: { region: same('region'), data: FIREHOSE_DATA } },
  'kinesis syslog': { kind: 'firehose', defaults: { ...IN_US_EAST_1, body: '<34>Oct 11 22:14:15 mymachine su: \'su root\' failed for lonvick on /dev/pts/8' }, flags: { region: same('region'), data: FIREHOSE_DATA } },
};

/**
 * The region of SAM CLI's `--dns-suffix` (`eu-west-1.amazonaws.com`, `eu-west-1.elb.amazonaws.com`): the region, then
 * its own domain (partition.ts's, `cn-north-1.amazonaws.com.cn` in China), as the event's hosts will have it.
 */
function suffixRegion(suffix: string): string {
  const [, region, domain] = /^([a-z]+(?:-[a-z]+)+-\d+)\.(.+)$/.exec(suffix) ?? [];
  if (region === undefined || domain === undefined) {
    throw new UserError(`--dns-suffix must be a region's AWS domain, like us-east-1.amazonaws.com, not '${suffix}'`, { hint: 'its region is the event\'s: --region says it too', exitCode: 2 });
  }
  const own = urlSuffixOf(region);
  if (domain !== own && domain !== `elb.${own}`) {
    throw new UserError(`--dns-suffix ${suffix} is not ${region}'s domain, which is ${region}.${own}`, { hint: `the event's hosts are in ${own}: give --dns-suffix ${region}.${own}, or --region ${region}`, exitCode: 2 });
  }
  return region;
}

/** SAM CLI's `--querystringparameters '{"foo": "bar"}'`: the `--query foo=bar` flags here. */
function queryObject(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new UserError(`--querystringparameters must be a JSON object of strings, like {"foo": "bar"}, not '${text}'`, { hint: 'or give --query foo=bar, repeatable', exitCode: 2 });
  }
  return Object.entries(value as Record<string, string>).map(([k, v]) => `${k}=${v}`);
}

/** Every flag of SAM CLI's that is not one of pylambda's (`--partition`): taken only with SAM CLI's names. */
export const SAM_ONLY_FLAGS: readonly string[] = ['partition', 'dns-suffix', 'querystringparameters', 'queue-name'];

/** The SAM CLI event words name (`s3 put`, any case), if they name one pylambda generates. */
export function samEvent(words: readonly string[]): SamEvent | undefined {
  const spelling = words.join(' ').toLowerCase();
  return Object.hasOwn(SAM_EVENTS, spelling) ? SAM_EVENTS[spelling] : undefined;
}

/**
 * The flags here for a SAM CLI event and the flags given with it: SAM CLI's converted (`--queue-name` is
 * `--queue`), pylambda's own kept, the event's implied ones added. `given` and the answer are by flag name;
 * a list flag's value is its values.
 */
export function samEventFlags(name: string, event: SamEvent, given: Readonly<Record<string, string | readonly string[]>>): Record<string, string | readonly string[]> {
  const out: Record<string, string | readonly string[]> = { ...event.defaults };
  // The flag each of the answer's flags was given as: two that say one thing must agree (--region, --dns-suffix).
  const from: Record<string, string> = {};
  const set = (to: string, flag: string, value: string | readonly string[]) => {
    const before = from[to];
    if (before !== undefined && JSON.stringify(out[to]) !== JSON.stringify(value)) {
      throw new UserError(`--${before} and --${flag} both set ${name}'s ${to}, to ${String(out[to])} and ${String(value)}: give one`, { exitCode: 2 });
    }
    out[to] = value;
    from[to] = flag;
  };
  const fixed: [string, string, Extract<SamFlag, { fixed: unknown }>][] = [];
  for (const [flag, value] of Object.entries(given)) {
    const sam = Object.hasOwn(event.flags, flag) ? event.flags[flag] : undefined;
    const text = typeof value === 'string' ? value : value[value.length - 1] ?? '';
    if (!sam) {
      if (SAM_ONLY_FLAGS.includes(flag)) throw new UserError(`--${flag} does not apply to ${name}`, { hint: takes(name, event), exitCode: 2 });
      set(flag, flag, value);
    } else if ('fixed' in sam) {
      fixed.push([flag, text, sam]);
    } else {
      set(sam.to, flag, sam.convert ? sam.convert(text) : text);
    }
  }
  for (const [flag, value] of Object.entries(event.implies ?? {})) {
    const asked = out[flag];
    if (asked !== undefined && asked !== value) {
      throw new UserError(`'${name}' is ${event.kind} --${flag} ${value}, not ${String(asked)}`, { hint: `For that: pylambda events generate ${event.kind} --${flag} ${String(asked)}`, exitCode: 2 });
    }
    out[flag] = value;
  }
  for (const [flag, text, sam] of fixed) {
    const value = sam.fixed(out);
    if (text !== value) throw new UserError(`--${flag} here is ${value}, not '${text}': ${name} is generated by pylambda's ${event.kind} kind, and ${sam.why} (${String(out.region)})`, { hint: sam.hint?.(text), exitCode: 2 });
  }
  return out;
}

const takes = (name: string, event: SamEvent): string => {
  const flags = Object.keys(event.flags);
  return flags.length > 0 ? `${name} takes ${flags.map((f) => `--${f}`).join(', ')} (SAM CLI's), and the flags of ${event.kind}` : `${name} takes the flags of ${event.kind}`;
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

/** The SAM CLI events of a service (`kinesis`) pylambda generates: `kinesis get-records`, ... */
export function samGenerated(service: string): string[] {
  return Object.keys(SAM_EVENTS).filter((s) => s.startsWith(`${service.toLowerCase()} `));
}

/** The kind a SAM service name alone most likely means (`apigateway` -> apigw-rest), if it is one. */
export function samService(service: string): string | undefined {
  const spelling = Object.keys(SAM_EVENTS).find((s) => s.startsWith(`${service.toLowerCase()} `));
  return spelling ? SAM_EVENTS[spelling]!.kind : undefined;
}

/**
 * `sam local generate-event lex` (a SAM CLI service alone, or with an event it has not) lists the service's events;
 * here the same, with the ones pylambda generates: undefined when `words` do not start with a SAM CLI service.
 */
export function samServiceProblem(words: readonly string[]): { readonly message: string; readonly generated: readonly string[] } | undefined {
  const [service, event] = words.map((w) => w.toLowerCase());
  if (service === undefined || words.length > 2) return undefined;
  const generated = samGenerated(service);
  const other = (Object.hasOwn(SAM_UNMAPPED, service) ? SAM_UNMAPPED[service]! : []).map((e) => `${service} ${e}`);
  if (generated.length + other.length === 0) return undefined;
  const all = [...generated, ...other].map((e) => e.slice(service.length + 1)).sort();
  const are = all.length === 1 ? 'event is' : 'events are';
  const named = event === undefined ? `'${words[0]}' is SAM CLI's service, whose ${are}` : `SAM CLI's ${service} has no event '${words[1]}': its ${are}`;
  const here = generated.length === 0 ? `pylambda ${all.length === 1 ? 'does not generate it' : 'generates none of them'}` : other.length === 0 ? 'pylambda generates each' : `pylambda generates ${generated.join(', ')}`;
  return { message: `${named} ${all.join(', ')}: ${here}`, generated };
}
