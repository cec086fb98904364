import { DEFAULT_ROUTE } from '../model/websocket-api.js';

/**
 * The route a WebSocket message takes (API Gateway developer guide, "Working with routes for WebSocket APIs"): the
 * route selection expression is evaluated against the message as JSON; the route with that key takes it, else
 * `$default`; with neither, API Gateway answers the client with an error frame and invokes nothing.
 * `$request.body.action` reads one property (a dotted path: `$request.body.message.action`); `${request.body.x}`
 * placeholders build a key from several (`${request.body.service}/${request.body.action}`).
 */
export function selectRouteKey(expression: string, message: string, routeKeys: ReadonlySet<string>): string | undefined {
  const key = evaluate(expression, message);
  if (key !== undefined && routeKeys.has(key) && !key.startsWith('$')) return key;
  return routeKeys.has(DEFAULT_ROUTE) ? DEFAULT_ROUTE : undefined;
}

/** The key the expression names for the message, or undefined (not JSON, a property missing or not a scalar). */
export function evaluate(expression: string, message: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return undefined;
  }
  const whole = /^\$request\.body\.(.+)$/.exec(expression);
  if (whole) return scalar(at(body, whole[1]!));
  let missing = false;
  const key = expression.replace(/\$\{request\.body\.([^}]+)\}/g, (_, path: string) => {
    const value = scalar(at(body, path));
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : key;
}

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, part) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[part] : undefined), value);
}

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}
