import type { DevEvent, EndpointInfo } from '../api/dev.js';
import type { WebSocketInfo } from '../api/dev-websockets.js';
import type { PolledTrigger } from '../api/dev-types.js';
import { formatDiagnostic } from '../core/errors.js';
import { ENDPOINT_LABEL } from '../core/model/project.js';
import type { Style } from './io.js';
import { internalErrorText } from './internal-error.js';
import { formatLogEvent } from './log-lines.js';
import { missingRequirementNote } from './missing-requirement.js';
import { handlerMeantText } from './handler-meant.js';
import { userErrorJson, userErrorText } from './user-error.js';


/**
 * What a client sent, safe for the terminal: C0 and C1 control characters as `\xNN`. A request line holds
 * whatever bytes the client chose (`GET /\x1b]0;title\x07`), and with --host 0.0.0.0 any machine can send one.
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The terminal view of a dev session: the routes once, then a line per request and the functions' logs. */
export function formatDevEvent(event: DevEvent, style: Style, options: { verbose: boolean; cwd?: string; debug?: boolean }): string | undefined {
  switch (event.type) {
    case 'ready':
      // Each save of a Chalice app reads its routes again: forty lines reprinted for none changed helped no one.
      return event.unchanged ? style.dim(`the routes are unchanged${settingsChanged(event.settingsChanged ?? [])}`) : banner(event, style);
    case 'request': {
      const status = statusText(event.status, style);
      const temperature = event.cold === undefined ? '' : event.cold ? style.cyan('cold') : 'warm';
      const target = event.functionId ? ` ${event.functionId}` : '';
      // A reason may quote the client's bytes (an Expect header): printable, as the path is.
      const reason = event.reason ? style.dim(` (${printable(event.reason)})`) : '';
      const url = printable(event.query === undefined ? event.path : `${event.path}?${event.query}`);
      const warning = event.warning ? ` ${style.yellow(`warning: ${event.warning}`)}` : '';
      return `${printable(event.method)} ${url} ${status} ${event.durationMs.toFixed(1)} ms ${temperature}${target}${reason}${warning}`.replace(/ {2,}/g, ' ');
    }
    case 'websocket': {
      const temperature = event.cold === undefined ? '' : event.cold ? style.cyan('cold') : 'warm';
      const target = event.functionId ? ` ${event.functionId}` : '';
      const reason = event.reason ? style.dim(` (${printable(event.reason)})`) : '';
      return `WS ${event.apiId} ${printable(event.routeKey)} ${event.connectionId} ${statusText(event.status, style)} ${event.durationMs.toFixed(1)} ms ${temperature}${target}${reason}`.replace(/ {2,}/g, ' ');
    }
    case 'invoke': {
      const type = event.invocationType && event.invocationType !== 'RequestResponse' ? ` (${event.invocationType})` : '';
      const temperature = event.cold === undefined ? '' : event.cold ? style.cyan('cold') : 'warm';
      const reason = event.reason ? style.dim(` (${printable(event.reason)})`) : '';
      return `Invoke ${printable(event.name)}${type} ${statusText(event.status, style)} ${event.durationMs.toFixed(1)} ms ${temperature}${reason}`.replace(/ {2,}/g, ' ').trimEnd();
    }
    case 'queue': {
      const filtered = event.filtered ? `${event.filtered} filtered out` : '';
      if (event.messages === 0) return `SQS ${printable(event.queue)} -> ${event.functionId} ${filtered}${style.dim(' (deleted without an invocation)')}`;
      const temperature = event.cold === undefined ? '' : event.cold ? style.cyan('cold') : 'warm';
      const kept = event.messages - event.deleted;
      const fate = kept === 0 ? 'deleted' : event.deleted === 0 ? 'left in the queue for redelivery' : `${event.deleted} deleted, ${kept} left for redelivery`;
      const reason = event.reason ? `: ${printable(event.reason)}` : '';
      const also = filtered ? `; ${filtered} and deleted` : '';
      return `SQS ${printable(event.queue)} -> ${event.functionId} ${event.messages} message${event.messages === 1 ? '' : 's'} ${event.durationMs.toFixed(1)} ms ${temperature}${style.dim(` (${fate}${reason}${also})`)}`.replace(/ {2,}/g, ' ');
    }
    case 'async': {
      const text = `Event ${event.functionId} ${event.requestId}: ${printable(event.text)}`;
      // A retry cancelled and a record that went nowhere are notes; a retry, a drop, a failure and a delivery are what happened.
      return event.outcome === 'cancelled' || event.outcome === 'not-delivered' ? style.dim(text) : text;
    }
    case 'stream': {
      const temperature = event.cold === undefined ? '' : event.cold ? style.cyan('cold') : 'warm';
      const notes = [event.reason, event.onFailure].flatMap((note) => (note ? [printable(note)] : [])).join('; ');
      const reason = notes ? `: ${notes}` : '';
      const source = event.service === 'kinesis' ? `Kinesis ${printable(event.stream)}` : `DynamoDB ${printable(event.stream)} stream`;
      return `${source} -> ${event.functionId} ${event.records} record${event.records === 1 ? '' : 's'} ${event.durationMs.toFixed(1)} ms ${temperature}${style.dim(` (${streamFate(event)}${reason})`)}`.replace(/ {2,}/g, ' ');
    }
    case 'log': {
      const log = event.event;
      if (log.kind === 'platform') {
        if (log.line === 'start' || log.line === 'end') return undefined;
        if (log.line === 'report' && !options.verbose) return undefined;
      }
      return formatLogEvent(log, style, { tag: true });
    }
    case 'reload': {
      const files = `${event.files.slice(0, 3).join(', ')}${event.files.length > 3 ? ', ...' : ''}`;
      // A new configuration may fail to load: what follows says whether it did (the routes, or why not).
      return style.dim(event.reason === 'config' ? `configuration changed (${files}): reading it again` : `code changed (${files}): the next request runs it`);
    }
    case 'local-aws-starting':
      return style.dim('Starting local AWS (moto)...');
    case 'local-aws': {
      const created = event.created.length > 0
        ? `: ${event.created.map((c) => `${c.kind} ${c.name}`).join(', ')}`
        : ' (empty: the template declares no DynamoDB table, S3 bucket, SQS queue, SSM parameter, secret or Kinesis stream to create)';
      return `Local AWS (moto) at ${style.cyan(event.endpoint)}${created}; functions use it through AWS_ENDPOINT_URL`;
    }
    case 'reload-waiting':
      return style.dim(event.file ? `reading ${event.file}: it is still running (${event.seconds} s)` : `reading app.py's routes: its import is still running (${event.seconds} s)`);
    case 'reload-failed':
      return event.codeRuns
        ? `${style.red('reload failed, the routes stay as they were and requests run the changed code until it is fixed:')} ${event.message}`
        : `${style.red('reload failed, still serving the previous version:')} ${event.message}`;
    case 'warning':
      return `${style.yellow('warning:')} ${formatDiagnostic({ ...event.diagnostic, severity: 'error' })}`;
    case 'missing-requirement':
      return missingRequirementNote(event.missing, options.cwd ?? event.missing.root, style, { dev: true });
    case 'handler-meant':
      return `${style.yellow('note:')} ${event.functionId}: ${handlerMeantText(event.meant)}`;
    case 'blueprint-note':
      return `${style.yellow('note:')} ${event.functionId}: ${event.note}`;
    case 'error':
      return internalErrorText(event.error, style, options.debug === true);
    case 'start-failed':
      return userErrorText(event.error, style).trimEnd();
    case 'waiting-for-fix':
      return style.dim('pylambda dev: waiting for a change to fix this (Ctrl-C to stop)');
  }
}

/** The functions a reload gave other settings, after "the routes are unchanged". */
function settingsChanged(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  return ids.length === 1
    ? `; ${ids[0]!}'s settings changed: its next request starts a new environment`
    : `; the settings of ${ids.join(', ')} changed: their next requests start new environments`;
}

function statusText(status: number, style: Style): string {
  return status >= 500 ? style.red(String(status)) : status >= 400 ? style.yellow(String(status)) : style.green(String(status));
}

/** A polled trigger's source in the words of the `queue` and `stream` lines (SQS jobs -> Worker, DynamoDB Orders stream -> Fn). */
const TRIGGER_SOURCE: Readonly<Record<PolledTrigger['service'], (name: string) => string>> = {
  sqs: (name) => `SQS ${printable(name)}`,
  kinesis: (name) => `Kinesis ${printable(name)}`,
  dynamodb: (name) => `DynamoDB ${printable(name)} stream`,
};

function banner(event: Extract<DevEvent, { type: 'ready' }>, style: Style): string {
  const lines = [`${style.bold('pylambda dev')}: ${event.configFile} (${event.style}), Python ${event.python.version}`];
  for (const endpoint of event.endpoints) lines.push('', ...endpointLines(endpoint, style));
  for (const api of event.webSockets ?? []) lines.push('', ...webSocketLines(api, style));
  if (event.apiKeys?.length) lines.push('', ...event.apiKeys.map((key) => apiKeyLine(key, style)));
  if (event.anyAuthorizerKey?.length) {
    lines.push(`  API key from the Lambda authorizer (usageIdentifierKey): any it returns  ${style.dim(`(${event.anyAuthorizerKey.join(', ')}: ApiKeySourceType AUTHORIZER, and the project has no key for it; with --api-key VALUE, only VALUE)`)}`);
  }
  const unservedApis = event.unservedApis ?? [];
  if (event.endpoints.length === 0 && !event.webSockets?.length) {
    // An API whose routes are all in an OpenAPI definition pylambda cannot serve is there, not missing.
    lines.push('', unservedApis.length > 0
      ? `No HTTP endpoints: no route of ${unservedApis.join(', ')} can be served locally (see the warnings above).`
      : noEndpoints(event));
  } else if (unservedApis.length > 0) {
    lines.push('', style.dim(`Not served (see the warnings above): ${unservedApis.join(', ')}`));
  }
  // Said when there is a function to invoke (a project with none has nothing behind it).
  const served = event.endpoints.length > 0 || (event.webSockets?.length ?? 0) > 0;
  const invocable = served || event.unserved.length > 0;
  if (event.lambdaApi && invocable) lines.push('', `  Lambda API: ${style.cyan(event.lambdaApi)} ${style.dim(`(boto3: endpoint_url=${event.lambdaApi})`)}`);
  if (event.debugger) {
    const { functionId, address } = event.debugger;
    lines.push('', `  Debugger: ${style.cyan(address)} (debugpy) for ${functionId}  ${style.dim('(VS Code: "Python Debugger: Remote Attach")')}`,
      style.dim(`    each new environment of ${functionId} waits there for a debugger before it imports the code; no timeout applies to ${functionId}`));
  }
  // A function a poller of dev invokes is served by it: named with its queue or stream, as its invocations' lines name them.
  const triggered = event.triggered ?? [];
  if (triggered.length > 0) lines.push('', `  Triggered by dev's pollers: ${triggered.map((t) => `${t.functionId} (${TRIGGER_SOURCE[t.service](t.name)})`).join(', ')}`);
  const uninvoked = event.unserved.filter((id) => !triggered.some((t) => t.functionId === id));
  if (uninvoked.length > 0) lines.push('', style.dim(`Not behind HTTP (invoke them through the Lambda API, or with pylambda invoke): ${uninvoked.join(', ')}`));
  // Without a watcher and with nothing served, dev stops at once (the CLI says why).
  if (event.watching || served || (event.lambdaApi && invocable)) lines.push('', style.dim(event.watching ? 'Watching for changes. Ctrl-C stops.' : 'Not watching for changes (--no-watch). Ctrl-C stops.'));
  return lines.join('\n');
}

/** Why there is nothing to serve: a function pylambda skips may have had the events (a container image's Api event). */
function noEndpoints(event: Extract<DevEvent, { type: 'ready' }>): string {
  // A CDK stack of EC2 instances behind a load balancer has an ALB, and no function at all.
  if (!event.skipped?.length && event.unserved.length === 0) return 'No HTTP endpoints: the project defines no Lambda function.';
  if (!event.skipped?.length) return 'No HTTP endpoints: the project has no API, ALB or function URL events.';
  if (event.unserved.length === 0) return 'No HTTP endpoints: the project has no function pylambda can run (see the warnings above).';
  return 'No HTTP endpoints: the functions pylambda runs have no API, ALB or function URL events (those it skips are in the warnings above).';
}

function webSocketLines(api: WebSocketInfo, style: Style): string[] {
  const width = Math.max(0, ...api.routes.map((r) => r.routeKey.length));
  const routes = api.routes.map((r) => `    ${r.routeKey.padEnd(width)}  ${r.functionId}${r.respond ? style.dim('  (route response: its body is sent back)') : ''}`);
  return [`  WebSocket API ${api.id}, stage ${api.stage}  ${style.cyan(api.url)}  ${style.dim(`(@connections: ${api.connections}; routes by ${api.routeSelectionExpression})`)}`, ...routes];
}

function endpointLines(endpoint: EndpointInfo, style: Style): string[] {
  const stage = endpoint.kind === 'rest' || (endpoint.kind === 'http' && endpoint.stage !== '$default') ? `, stage ${endpoint.stage}` : '';
  const head = `${ENDPOINT_LABEL[endpoint.kind]} ${endpoint.id}${stage}  ${style.cyan(endpoint.url)}`;
  const width = Math.max(0, ...endpoint.routes.map((r) => r.path.length));
  const fnWidth = Math.max(0, ...endpoint.routes.map((r) => r.functionId.length));
  const routes = endpoint.routes.map((r) => {
    const url = tryUrl(endpoint, r);
    const link = url ? style.dim(`  ${url}`) : '';
    const keyed = r.apiKeyRequired ? style.dim('  (API key)') : '';
    return `    ${r.method.padEnd(7)} ${r.path.padEnd(width)}  ${link || keyed ? r.functionId.padEnd(fnWidth) : r.functionId}${link}${keyed}`;
  });
  return [`  ${head}`, ...routes];
}

/** A key the routes marked `(API key)` accept, as serverless-offline prints its "Key with token". */
function apiKeyLine(key: NonNullable<Extract<DevEvent, { type: 'ready' }>['apiKeys']>[number], style: Style): string {
  const apis = key.apis?.join(', ');
  const from = key.origin === 'made-up'
    ? `made up by pylambda dev${apis ? ` for ${apis}, which no key of the project opens` : ''}; --api-key KEY sets one`
    : key.origin === 'option' ? '--api-key' : `${key.name}${key.apis === undefined ? '' : apis ? `, for ${apis}` : ', in no usage plan'}`;
  return `  API key (x-api-key header): ${style.cyan(key.value)}  ${style.dim(`(${from})`)}`;
}

/** Paths that send every request to the function: an ALB rule without a path pattern (or `*`), a function URL, an HTTP API's `$default`. */
const CATCH_ALL = new Set(['*', '/*', '$default']);

/**
 * A URL to try for a route: its own path when that is a literal one; the endpoint's root for a catch-all,
 * where any path reaches the function (which paths the function itself serves, dev cannot know). None for
 * a route with parameters or wildcards, nor for one the load balancer answers itself (dev names those
 * `(fixed-response 404)`, `(redirect 301)`: no function id starts with a parenthesis).
 */
function tryUrl(endpoint: EndpointInfo, route: EndpointInfo['routes'][number]): string | undefined {
  if (route.functionId.startsWith('(')) return undefined;
  if (CATCH_ALL.has(route.path)) return `${endpoint.url}/`;
  if (!route.path.startsWith('/') || /[{*]/.test(route.path)) return undefined;
  // In an ALB path pattern `?` matches one character; in a URL it would start a query string.
  if (endpoint.kind === 'alb' && route.path.includes('?')) return undefined;
  return `${endpoint.url}${route.path}`;
}

/** The same events as NDJSON for --json: one object per line. */
export function devEventJson(event: DevEvent): string {
  switch (event.type) {
    case 'log': {
      const { event: log } = event;
      return JSON.stringify({ type: 'log', kind: log.kind, function: log.functionName, functionId: log.functionId, requestId: log.requestId ?? null, text: log.text, ...(log.kind === 'platform' ? { line: log.line } : {}), ...(log.kind === 'platform' && log.report ? { report: log.report } : {}) });
    }
    case 'warning':
      return JSON.stringify({ type: 'warning', path: event.diagnostic.path, message: event.diagnostic.message });
    case 'error':
      return JSON.stringify({ type: 'error', message: event.error.message });
    case 'start-failed':
      return JSON.stringify({ type: 'start-failed', error: userErrorJson(event.error) });
    default:
      return JSON.stringify(event);
  }
}

/** `checkpointed`, `retrying (retry 2)`, `1 checkpointed, 2 retrying`, `skipped after its retries`. */
function streamFate(event: Extract<DevEvent, { type: 'stream' }>): string {
  if (event.final) return `window's final invocation${event.early ? ', ended early' : ''}${event.reason ? ', again' : ''}`;
  const parts = [
    ...(event.processed > 0 && event.processed < event.records ? [`${event.processed} checkpointed`] : event.processed > 0 ? ['checkpointed'] : []),
    ...(event.skipped > 0 ? [`${event.skipped === event.records ? '' : `${event.skipped} `}skipped`] : []),
    ...(event.retrying > 0 ? [`${event.retrying === event.records ? '' : `${event.retrying} `}retrying (retry ${event.attempt ?? 1})`] : []),
  ];
  return parts.join(', ') || 'filtered out';
}
