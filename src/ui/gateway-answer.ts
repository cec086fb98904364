import { isUtf8 } from 'node:buffer';
import type { GatewayAnswer } from '../api/invoke.js';
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
  const text = body.toString('utf8');
  return text.length > SHOWN_BODY ? `${text.slice(0, SHOWN_BODY)}...` : text;
}
