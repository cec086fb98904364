import type { LogEvent } from '../core/runtime/logs.js';
import type { Style } from './io.js';

/**
 * A log event as a terminal shows it. The runtime joins a traceback's lines with CR so that CloudWatch
 * keeps them in one event; a terminal needs them on lines of their own.
 */
export function formatLogEvent(event: LogEvent, style: Style, options: { tag?: boolean } = {}): string {
  // A CR that ends the event (the runtime's LAMBDA_WARNING line has one) ends no line of its own.
  const text = event.text.replace(/\r$/, '').replace(/\r(?!\n)/g, '\n');
  if (!options.tag) return event.kind === 'platform' ? style.dim(text) : text;
  const id = event.requestId ? ` ${event.requestId.slice(0, 8)}` : ' init';
  // The name the request lines give the function: a Chalice app's log lines said `shop-dev`, its requests `api_handler`.
  const tag = style.cyan(`[${event.functionId}${id}]`);
  const body = event.kind === 'platform' ? style.dim(text) : text;
  return text.includes('\n') ? body.split('\n').map((l) => `${tag} ${l}`).join('\n') : `${tag} ${body}`;
}
