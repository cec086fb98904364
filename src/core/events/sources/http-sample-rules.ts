import type { EndpointKind } from '../../model/project.js';
import { CONTROL_CHARACTERS } from '../http/headers.js';

/**
 * The request methods each front door passes to a function. API Gateway's REST and HTTP APIs take these seven
 * ("HTTP methods supported: ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT": ANY is a route's, never a
 * request's), and so does a function URL (its CORS AllowMethods). An ALB forwards any method token; its rules
 * match one of A-Z, - and _, up to 40 characters (ELB user guide, "HTTP request method conditions").
 */
const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const GATEWAY_METHODS: Readonly<Record<EndpointKind, { readonly name: string; readonly methods?: readonly string[] }>> = {
  rest: { name: 'an API Gateway REST API', methods: API_METHODS },
  http: { name: 'an API Gateway HTTP API', methods: API_METHODS },
  url: { name: 'a function URL', methods: API_METHODS },
  alb: { name: 'an Application Load Balancer' },
};
const ALB_METHOD = /^[A-Z_-]{1,40}$/;

const list = (items: readonly string[]) => `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;

/** Why `--method` (upper-cased) is not a method the front door sends a function, or undefined when it is. */
export function methodProblem(method: string, via: EndpointKind | undefined): string | undefined {
  // No front door named (a caller's own request): the method's syntax is all there is to check.
  if (!via) return undefined;
  const gateway = GATEWAY_METHODS[via];
  if (!gateway.methods) {
    return ALB_METHOD.test(method) ? undefined : `--method '${method}' is not a method ${gateway.name} takes: up to 40 of A-Z, - and _ (GET, POST ...)`;
  }
  if (gateway.methods.includes(method)) return undefined;
  const any = method === 'ANY' ? ' (ANY is a route\'s method, matching each of them: a request has one)' : '';
  return `--method '${method}' is not one ${gateway.name} takes: ${list(gateway.methods)}${any}`;
}

/**
 * Why `--path` is not a request target a client sends, or undefined: it starts with `/`, holds no space or
 * control character (RFC 9112 3.2: a client writes them %-escaped) and no `#` (a fragment stays in the
 * client), and each `%` starts an escape of two hex digits (API Gateway answers 400 to `%zz`).
 */
export function pathProblem(target: string): string | undefined {
  if (!target.startsWith('/')) return `--path must start with '/' (got '${target}')`;
  if (/\s/.test(target) || CONTROL_CHARACTERS.test(target)) return `--path '${printable(target)}' holds a space or a control character: write it %-escaped, as a client sends it (a space is %20)`;
  if (target.includes('#')) return `--path '${target}' holds a '#': a fragment is the client's and is never sent (write %23 for a '#' in the path)`;
  if (/%(?![0-9A-Fa-f]{2})/.test(target)) return `--path '${target}' has a '%' that starts no escape (%XX, two hex digits): write %25 for a '%'`;
  return undefined;
}

/** `--query key=value`: why it is not one (a name before `=`; the value may be empty), or undefined. */
export function queryProblem(pair: string): string | undefined {
  const eq = pair.indexOf('=');
  if (eq <= 0) return `--query '${pair}' is not key=value (a name, '=', then the value, which may be empty: flag=)`;
  if (CONTROL_CHARACTERS.test(pair)) return `--query '${printable(pair)}' holds a control character`;
  // A lone UTF-16 surrogate cannot be %-encoded (encodeURIComponent throws).
  if (LONE_SURROGATE.test(pair)) return `--query '${printable(pair)}' is not well-formed Unicode`;
  return undefined;
}

/** A Content-Length header must count --body's bytes: a gateway refuses one that does not (400). */
export function contentLengthProblem(value: string, bodyBytes: number): string | undefined {
  if (value === String(bodyBytes)) return undefined;
  return `--header 'Content-Length: ${value}' does not count --body, which has ${bodyBytes} bytes: leave the header out (it is written for the body), or give ${bodyBytes}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const printable = (text: string) => JSON.stringify(text).slice(1, -1);
