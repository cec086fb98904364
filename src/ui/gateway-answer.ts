import { isUtf8 } from 'node:buffer';
import type { AuthorizerAnswer, GatewayAnswer } from '../api/invoke.js';
import type { Style } from './io.js';

/** Longest body shown in the line: the function's whole result is on stdout already. */
const SHOWN_BODY = 200;

/**
 * What `pylambda invoke` says, on stderr, of the HTTP response the project's gateway makes of the function's output for
 * the sample request: the status a client gets, and why when the gateway answers with its own error (a malformed
 * result is a 502 on AWS, where the function's log shows nothing wrong).
 */
export function gatewayAnswerLine(answer: GatewayAnswer, style: Style): string {
  const { gateway, request, response } = answer;
  const head = `the ${gateway} answers ${request.method} ${request.path} with ${response.statusCode}`;
  if (response.problem) return `${style.yellow('warning:')} ${head} ${shownBody(response.body)}: ${response.problem}`;
  const type = response.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return style.dim(`${head}${type ? `, content-type ${type}` : ''}, ${response.body.length} bytes of body`);
}

export function gatewayAnswerJson(answer: GatewayAnswer): Record<string, unknown> {
  const { response } = answer;
  return {
    gateway: answer.gateway,
    method: answer.request.method,
    path: answer.request.path,
    statusCode: response.statusCode,
    headers: response.headers.map(([name, value]) => [name, value]),
    ...(isUtf8(response.body) ? { body: response.body.toString('utf8') } : { bodyBase64: response.body.toString('base64') }),
    ...(response.problem ? { problem: response.problem } : {}),
  };
}

function shownBody(body: Buffer): string {
  if (!isUtf8(body)) return `(${body.length} bytes)`;
  // One line: an ALB's own error page is HTML on several.
  const text = body.toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > SHOWN_BODY ? `${text.slice(0, SHOWN_BODY)}...` : text;
}

/** What `pylambda invoke` says of a Lambda authorizer's answer: the route's function runs with its context, or the gateway answers. */
export function authorizerAnswerLine(answer: AuthorizerAnswer, style: Style): string {
  const { gateway, route, decision } = answer;
  if (decision.kind === 'allow') {
    return style.dim(`the ${gateway} lets ${route} through to its function, whose event has requestContext.authorizer ${JSON.stringify(authorizerContext(decision.event))}`);
  }
  const line = `the ${gateway} answers ${route} with ${decision.response.statusCode} ${shownBody(decision.response.body)}: ${decision.reason}`;
  // 401 and 403 are what an authorizer is for; a 500 is an answer the gateway cannot read.
  return decision.response.statusCode >= 500 ? `${style.yellow('warning:')} ${line}` : line;
}

export function authorizerAnswerJson(answer: AuthorizerAnswer): Record<string, unknown> {
  const { decision } = answer;
  return {
    gateway: answer.gateway,
    route: answer.route,
    ...(decision.kind === 'allow'
      ? { allowed: true, authorizer: authorizerContext(decision.event) }
      : { allowed: false, statusCode: decision.response.statusCode, body: decision.response.body.toString('utf8'), reason: decision.reason }),
  };
}

/** `requestContext.authorizer` of the route function's event. */
function authorizerContext(event: Buffer): unknown {
  const parsed = JSON.parse(event.toString('utf8')) as { requestContext?: { authorizer?: unknown } };
  return parsed.requestContext?.authorizer ?? null;
}
