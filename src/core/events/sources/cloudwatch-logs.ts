import { gzipSync } from 'node:zlib';
import { UserError } from '../../errors.js';
import type { GenerateContext } from './context.js';

/**
 * What a CloudWatch Logs subscription filter delivers: `awslogs.data` is the base64 of the gzip of a JSON
 * document (Logs user guide, "Using CloudWatch Logs subscription filters", Lambda example; sample: powertools
 * cloudWatchLogEvent.json). One log event per message, a millisecond apart.
 */
export function cloudWatchLogsEvent(ctx: GenerateContext, options: { logGroup?: string; messages?: readonly string[]; filter?: string } = {}) {
  const logGroup = options.logGroup ?? '/aws/lambda/my-function';
  // Log group names: 1-512 of [\.\-_/#A-Za-z0-9] (CreateLogGroup, logGroupName).
  if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(logGroup)) {
    throw new UserError(`--log-group must be a log group name (1-512 of letters, digits and . - _ / #), not '${logGroup}'`, { exitCode: 2 });
  }
  const messages = options.messages?.length ? options.messages : ['Hello from CloudWatch Logs!'];
  const document = {
    messageType: 'DATA_MESSAGE',
    owner: ctx.accountId,
    logGroup,
    logStream: `${new Date(ctx.nowMs).toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${ctx.newId().replaceAll('-', '')}`,
    subscriptionFilters: [options.filter ?? 'my-subscription-filter'],
    logEvents: messages.map((message, i) => ({ id: logEventId(ctx.nowMs + i, i), timestamp: ctx.nowMs + i, message })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(document)).toString('base64') } };
}

/** Log event ids are 56-digit decimal strings in captured subscriptions. */
function logEventId(ms: number, index: number): string {
  return `${String(ms).padStart(13, '0')}${String(index).padStart(43, '0')}`;
}
