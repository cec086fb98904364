import { UserError } from '../errors.js';

/**
 * `sam local generate-event <service> <event>` spellings, and the kind that generates the same event here,
 * for a SAM user's first try (service and event names from aws-sam-cli's generated_sample_events).
 */
const SAM_SPELLINGS: Readonly<Record<string, string>> = {
  'apigateway aws-proxy': 'apigw-rest',
  'apigateway http-api-proxy': 'http-api',
  'alb request': 'alb',
  'sqs receive-message': 'sqs',
  'sns notification': 'sns',
  's3 put': 's3',
  's3 delete': 's3 --event-name ObjectRemoved:Delete',
  'dynamodb update': 'dynamodb',
  'cloudwatch scheduled-event': 'schedule',
};

/** The event kind the words after `events generate` name, or a UserError saying which kind was meant. */
export function eventKind(words: readonly string[], kinds: readonly string[]): string {
  const [kind, ...rest] = words;
  if (kind === undefined) throw new UserError('Missing the event kind', { hint: `Kinds: ${kinds.join(', ')}`, exitCode: 2 });
  const sam = SAM_SPELLINGS[words.join(' ').toLowerCase()];
  if (sam) throw new UserError(`'${words.join(' ')}' is SAM CLI's name for it; here it is: pylambda events generate ${sam}`, { exitCode: 2 });
  if (kinds.includes(kind)) {
    if (rest.length > 0) throw new UserError(`Unexpected argument '${rest[0]}'`, { hint: 'Usage: pylambda events generate <kind> [options]', exitCode: 2 });
    return kind;
  }
  const lower = kind.toLowerCase();
  const known = kinds.includes(lower) ? lower : Object.keys(SAM_SPELLINGS).find((s) => s.startsWith(`${lower} `));
  const meant = known && !kinds.includes(known) ? SAM_SPELLINGS[known]!.split(' ')[0] : known;
  throw new UserError(`Unknown event kind '${kind}'`, { hint: `${meant ? `Did you mean ${meant}? ` : ''}Kinds: ${kinds.join(', ')}`, exitCode: 2 });
}
