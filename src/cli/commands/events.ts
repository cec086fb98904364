import { EVENT_KINDS, generateEvent, projectEvent, type EventOptions } from '../../api/events.js';
import { COGNITO_TRIGGER_NAMES } from '../../api/event-trigger-kinds.js';
import { UserError } from '../../core/errors.js';
import { SAM_EVENTS, SAM_ONLY_FLAGS, samEvent, samEventFlags, samGenerated, samService, samServiceProblem, samUnmapped } from '../../core/events/sam-kinds.js';
import { listOption, stringOption, type CommandDefinition, type ParsedArgs } from '../command.js';
import { didYouMean } from '../../core/did-you-mean.js';

const FLAGS: Readonly<Record<string, keyof EventOptions>> = {
  method: 'method', path: 'path', resource: 'resource', body: 'body', query: 'query', header: 'header', queue: 'queue', 'message-group-id': 'messageGroupId', topic: 'topic',
  subject: 'subject', bucket: 'bucket', key: 'key', 'event-name': 'eventName', source: 'source', 'detail-type': 'detailType',
  detail: 'detail', table: 'table', keys: 'keys', 'key-schema': 'keySchema', 'new-image': 'newImage', 'view-type': 'viewType', rule: 'rule',
  schedule: 'schedule', 'type-name': 'typeName', 'field-name': 'fieldName', arguments: 'arguments', stream: 'stream', data: 'data', 'partition-key': 'partitionKey', region: 'region',
  'request-type': 'requestType', 'resource-type': 'resourceType', 'logical-id': 'logicalId', 'function-name': 'functionName', properties: 'properties', stack: 'stack',
  stage: 'stage', sequence: 'sequence', 'account-id': 'accountId',
  'log-group': 'logGroup', message: 'message', trigger: 'trigger', 'user-pool': 'userPool', 'user-attributes': 'userAttributes', value: 'value',
  cluster: 'cluster', 'bootstrap-servers': 'bootstrapServers', broker: 'broker', 'route-key': 'routeKey', from: 'from', to: 'to',
};
const LISTS: ReadonlySet<keyof EventOptions> = new Set(['query', 'header', 'message']);

export const command: CommandDefinition = {
  name: 'events',
  summary: 'Generate a sample event of a kind, with the same shape as the events AWS sends, on stdout.',
  usage: 'pylambda events generate <kind> [options]',
  // Three: SAM CLI's `generate-event apigateway aws-proxy` gets the kind it names, not a count of arguments.
  maxPositionals: 3,
  options: {
    method: { type: 'string', value: 'METHOD', description: 'HTTP kinds: the request method: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS (alb: any of A-Z, - and _)', default: 'GET' },
    path: { type: 'string', value: 'PATH', description: 'HTTP kinds: the request path, from /, %-escaped as a client sends it (?a=1 may follow)', default: '/' },
    stage: { type: 'string', value: 'NAME', description: 'apigw-rest (default Prod, SAM\'s), http-api ($default), apigw-websocket (prod): the stage (a generic event, not the project\'s)' },
    resource: { type: 'string', value: 'ROUTE', description: 'apigw-rest, http-api: the route the path matched, /items/{id} or ANY /items/{id}: a generic event with its path parameters (without it, in a project, the event the project\'s gateway sends for the path)' },
    'route-key': { type: 'string', value: 'KEY', description: 'apigw-websocket: the route: $connect, $disconnect, $default or a custom key (its message selects it)', default: '$default' },
    body: { type: 'string', mayBeEmpty: true, value: 'TEXT', description: 'HTTP kinds: the request body; apigw-websocket: the message; sqs, sns, activemq, rabbitmq: the message; kinesis, firehose: the record\'s data, as text; iot: the JSON the rule\'s SQL selects' },
    query: { type: 'string', multiple: true, value: 'K=V', description: 'HTTP kinds: a query string parameter, key=value (the value may be empty; repeatable)' },
    header: { type: 'string', multiple: true, value: 'K:V', description: 'HTTP kinds: a request header, Name: value (a Content-Length must count --body; repeatable)' },
    queue: { type: 'string', value: 'NAME', description: 'sqs: the queue name or ARN; activemq: the destination queue; rabbitmq: the queue, NAME::VHOST (default vhost /)' },
    'message-group-id': { type: 'string', value: 'ID', description: 'sqs: the message group (a FIFO queue\'s, default 1; a fair standard queue\'s, none by default)' },
    topic: { type: 'string', value: 'NAME', description: 'sns: the topic name or ARN; kafka: the topic' },
    subject: { type: 'string', mayBeEmpty: true, value: 'TEXT', description: 'sns, ses: the subject' },
    bucket: { type: 'string', value: 'NAME', description: 's3: the bucket' },
    key: { type: 'string', mayBeEmpty: true, value: 'KEY', description: 's3: the object key; kafka: the record\'s key, as text' },
    'event-name': { type: 'string', value: 'NAME', description: 's3: ObjectCreated:Put, ...; dynamodb: INSERT, MODIFY or REMOVE, or a record of each in turn, INSERT,MODIFY,REMOVE' },
    source: { type: 'string', value: 'SOURCE', description: 'eventbridge: the source' },
    'detail-type': { type: 'string', value: 'TYPE', description: 'eventbridge: the detail-type' },
    detail: { type: 'string', value: 'JSON', description: 'eventbridge: the detail, a JSON object' },
    table: { type: 'string', value: 'NAME', description: 'dynamodb: the table' },
    keys: { type: 'string', value: 'JSON', description: 'dynamodb: the item keys, as plain JSON' },
    'key-schema': { type: 'string', value: 'K:T,...', description: 'dynamodb: the table\'s key attributes and types (S, N, B), pk:S,sk:N, for sample keys' },
    'new-image': { type: 'string', value: 'JSON', description: 'dynamodb: the new item, as plain JSON' },
    'view-type': { type: 'string', value: 'TYPE', description: 'dynamodb: the stream\'s StreamViewType: KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES', default: 'NEW_AND_OLD_IMAGES' },
    stream: { type: 'string', value: 'NAME', description: 'kinesis: the stream name or ARN; firehose: the delivery stream name or ARN; dynamodb: the table\'s stream ARN (its table, region and account)' },
    data: { type: 'string', mayBeEmpty: true, value: 'BASE64', description: 'kinesis: the record\'s data as base64 bytes (in place of --body)' },
    'partition-key': { type: 'string', value: 'KEY', description: 'kinesis: the record\'s partition key', default: '1' },
    sequence: { type: 'string', value: 'NUMBER', description: 'kinesis: the record\'s sequence number (default: a fresh one)' },
    rule: { type: 'string', value: 'NAME', description: 'schedule: the rule name or ARN' },
    'type-name': { type: 'string', value: 'TYPE', description: 'appsync: the type the resolver is attached to', default: 'Query' },
    'field-name': { type: 'string', value: 'FIELD', description: 'appsync: the field it resolves', default: 'getItem' },
    arguments: { type: 'string', value: 'JSON', description: 'appsync: the field\'s arguments, a JSON object' },
    schedule: { type: 'string', value: 'NAME', description: 'scheduler: the schedule name (GROUP/NAME, else in the default group) or ARN' },
    'request-type': { type: 'string', value: 'TYPE', description: 'cloudformation: Create, Update or Delete', default: 'Create' },
    'resource-type': { type: 'string', value: 'TYPE', description: 'cloudformation: the custom resource\'s type (Custom::MyResource)' },
    'logical-id': { type: 'string', value: 'ID', description: 'cloudformation: the custom resource\'s logical id' },
    'function-name': { type: 'string', value: 'NAME', description: 'cloudformation: the function its ServiceToken names; ses: the function the receipt rule invokes' },
    properties: { type: 'string', value: 'JSON', description: 'cloudformation: the ResourceProperties, a JSON object' },
    stack: { type: 'string', value: 'NAME', description: 'cloudformation: the stack, in StackId', default: 'MyStack' },
    'log-group': { type: 'string', value: 'NAME', description: 'cloudwatch-logs: the log group', default: '/aws/lambda/my-function' },
    message: { type: 'string', mayBeEmpty: true, multiple: true, value: 'TEXT', description: 'cloudwatch-logs: a log event\'s message (repeatable, one log event each)' },
    trigger: { type: 'string', value: 'NAME', description: `cognito: the trigger (${COGNITO_TRIGGER_NAMES.join(', ')}) or a trigger source (PreSignUp_AdminCreateUser)`, default: 'PreSignUp' },
    'user-pool': { type: 'string', value: 'ID', description: 'cognito: the user pool id, REGION_ID' },
    'user-attributes': { type: 'string', value: 'JSON', description: 'cognito: the user\'s attributes, a JSON object' },
    value: { type: 'string', mayBeEmpty: true, value: 'TEXT', description: 'kafka: the record\'s value, as text' },
    cluster: { type: 'string', value: 'NAME', description: 'kafka: the MSK cluster name or ARN' },
    'bootstrap-servers': { type: 'string', value: 'H:P,...', description: 'kafka: a self-managed cluster\'s brokers (in place of --cluster)' },
    broker: { type: 'string', value: 'NAME', description: 'activemq, rabbitmq: the broker name or ARN' },
    from: { type: 'string', value: 'ADDRESS', description: 'ses: the sender, an address or Name <address>' },
    to: { type: 'string', value: 'ADDRESS', description: 'ses: the recipient the receipt rule matched' },
    partition: { type: 'string', value: 'PARTITION', description: 'SAM CLI\'s names: its ARNs\' partition (the region\'s: aws, aws-cn in cn-north-1, aws-us-gov in us-gov-west-1)' },
    'dns-suffix': { type: 'string', value: 'DOMAIN', description: 'SAM CLI\'s names: the region\'s domain, us-east-1.amazonaws.com (as --region us-east-1)' },
    querystringparameters: { type: 'string', value: 'JSON', description: 'apigateway aws-proxy: the query string, {"foo": "bar"} (as --query foo=bar)' },
    'queue-name': { type: 'string', value: 'NAME', description: 'sqs receive-message: the queue (as --queue)' },
    'account-id': { type: 'string', value: 'ID', description: 'The account in ARNs and request contexts (12 digits)', default: '123456789012' },
    region: { type: 'string', value: 'REGION', description: 'The region in ARNs (default: $AWS_REGION, else $AWS_DEFAULT_REGION, else us-east-1; SAM CLI\'s names: us-east-1, as SAM CLI\'s); an ARN given to --queue, --topic, --rule, --schedule or --stream has its own' },
    python: { type: 'string', value: 'PATH', description: 'In a Chalice project: the Python that imports app.py for its routes (default: .venv, then $VIRTUAL_ENV, then python3)' },
  },
  get details() {
    return ['Kinds:', ...Object.entries(EVENT_KINDS).map(([k, v]) => `  ${k.padEnd(20)}${v.description}`), '',
      'SAM CLI\'s names (sam local generate-event SERVICE EVENT) and their flags generate the same event:',
      `  ${Object.keys(SAM_EVENTS).join(', ')}`, '', 'Examples:',
      '  pylambda events generate http-api --method POST --path /items --body \'{"name":"x"}\'',
      '  pylambda events generate sqs --queue orders --body hello | pylambda invoke Worker --event -',
      '  pylambda events generate cognito --trigger PostConfirmation',
      '  pylambda events generate cloudformation --request-type Update --properties \'{"Size":"3"}\'',
      '  pylambda events generate s3 put --bucket b --key k'].join('\n');
  },
  async run(ctx, args) {
    const [verb, ...words] = args.positionals;
    if (verb !== 'generate') {
      const meant = verb ? didYouMean(verb.toLowerCase(), ['generate']) : undefined;
      throw new UserError(verb ? `Unknown events subcommand '${verb}'${meant ? `: did you mean ${meant}?` : ''}` : 'Missing subcommand', { hint: 'Usage: pylambda events generate <kind> [options]', exitCode: 2 });
    }
    const given = givenFlags(args);
    const sam = samEvent(words);
    const kind = sam ? sam.kind : eventKind(words, Object.keys(EVENT_KINDS));
    const flags = sam ? samEventFlags(words.join(' ').toLowerCase(), sam, given) : given;
    const samOnly = Object.keys(flags).find((f) => SAM_ONLY_FLAGS.includes(f));
    if (samOnly) throw new UserError(`--${samOnly} is SAM CLI's flag, taken with its event names (pylambda events generate s3 put ...)`, { hint: `Kinds: ${Object.keys(EVENT_KINDS).join(', ')}`, exitCode: 2 });
    const options: Record<string, unknown> = {};
    for (const [flag, key] of Object.entries(FLAGS)) {
      const value = flags[flag];
      if (value !== undefined) options[key] = LISTS.has(key) && typeof value === 'string' ? [value] : value;
    }
    // Checks the options and builds the generic event; the project's own gateway may then say better, but not of
    // SAM CLI's names: sam local generate-event makes its event without reading the project.
    const generic = generateEvent(kind, options as EventOptions, ctx.io.env);
    const python = stringOption(args, 'python');
    const routed = sam ? {} : await projectEvent(ctx.io.cwd, kind, options as EventOptions, ctx.io.env, python);
    if (routed.unrouted) ctx.io.stderr.write(`${ctx.errStyle.yellow('warning:')} ${routed.unrouted}\n`);
    const event = routed.event ?? generic;
    ctx.io.stdout.write(`${JSON.stringify(event, null, ctx.json ? undefined : 2)}\n`);
    return 0;
  },
};

/** The flags given, by name (a list flag's values as a list), the SAM CLI's and the command's own alike. */
function givenFlags(args: ParsedArgs): Record<string, string | readonly string[]> {
  const given: Record<string, string | readonly string[]> = {};
  for (const flag of [...Object.keys(FLAGS), ...SAM_ONLY_FLAGS]) {
    const key = FLAGS[flag];
    const value = key !== undefined && LISTS.has(key) ? listOption(args, flag) : stringOption(args, flag);
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) given[flag] = value;
  }
  return given;
}

/** The event kind the words after `events generate` name, or a UserError saying which kind was meant. */
function eventKind(words: readonly string[], kinds: readonly string[]): string {
  const [kind, ...rest] = words;
  if (kind === undefined) throw new UserError('Missing the event kind', { hint: `Kinds: ${kinds.join(', ')}`, exitCode: 2 });
  const unmapped = samUnmapped(words);
  if (unmapped) {
    const generated = samGenerated(kind);
    throw new UserError(unmapped, { hint: `${generated.length > 0 ? `Of SAM CLI's ${kind.toLowerCase()} events, pylambda generates ${generated.join(', ')}\n` : ''}Kinds: ${kinds.join(', ')}`, exitCode: 2 });
  }
  if (kinds.includes(kind)) {
    // `s3 get`: a SAM CLI service with an event it has not; the ones pylambda generates are the likely meaning.
    const generated = rest.length === 1 ? samGenerated(kind) : [];
    if (generated.length > 0) throw new UserError(`Unexpected argument '${rest[0]}': SAM CLI's ${kind} events here are ${generated.join(', ')}`, { hint: `Usage: ${command.usage}`, exitCode: 2 });
    if (rest.length > 0) throw new UserError(`Unexpected argument '${rest[0]}'`, { hint: `Usage: ${command.usage}`, exitCode: 2 });
    return kind;
  }
  const service = kinds.includes(kind.toLowerCase()) ? undefined : samServiceProblem(words);
  if (service) {
    const example = service.generated[0] === undefined ? '' : `pylambda events generate ${service.generated[0]}\n`;
    throw new UserError(service.message, { hint: `${example}Kinds: ${kinds.join(', ')}`, exitCode: 2 });
  }
  // `websocket` for apigw-websocket: the service's name without the kind's prefix.
  const meant = didYouMean(kind.toLowerCase(), kinds) ?? samService(kind) ?? kinds.find((k) => k.endsWith(`-${kind.toLowerCase()}`));
  throw new UserError(`Unknown event kind '${kind}'${meant ? `: did you mean ${meant}?` : ''}`, { hint: `Kinds: ${kinds.join(', ')}`, exitCode: 2 });
}
