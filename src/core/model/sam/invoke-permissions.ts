import { isRecord } from '../fields.js';
import type { Route } from '../project.js';
import type { CfnResource } from '../cfn/intrinsics.js';

/**
 * Whether API Gateway may invoke a definition's route's function once deployed. SAM gives a function the
 * AWS::Lambda::Permission API Gateway needs only for its own Api and HttpApi events, each scoped to its API, method
 * and path (`{ApiId}/*\/GET/hello`, a path parameter or ANY as `*`: aws/serverless-application-model#3393), never for
 * an operation that only an OpenAPI definition routes to it. Such a route answers 500 on AWS ("Invalid permissions
 * on Lambda function" in the execution log) while `sam local start-api` and pylambda serve it: said in a warning.
 */

/** The functions an `AWS::Lambda::Permission` of the template names; undefined when one names a function by a literal name or ARN, which could be any. */
export function permittedFunctions(resources: Readonly<Record<string, CfnResource>>, functionIds: readonly string[]): Set<string> | undefined {
  const permitted = new Set<string>();
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::Lambda::Permission') continue;
    const named = strings(isRecord(resource.Properties) ? resource.Properties.FunctionName : undefined);
    const ids = functionIds.filter((id) => named.some((s) => s === id || s.startsWith(`${id}.`) || s.includes(`\${${id}}`) || s.includes(`\${${id}.`)));
    if (ids.length === 0) return undefined;
    for (const id of ids) permitted.add(id);
  }
  return permitted;
}

/** Whether the permission SAM writes for an event's route lets API Gateway invoke the function for `route`. */
export function eventPermits(event: Pick<Route, 'method' | 'path'>, route: Pick<Route, 'method' | 'path'>): boolean {
  const method = event.method === 'ANY' ? '*' : event.method;
  const path = event.path === '$default' ? '*' : event.path.replace(/\{[^}]*\}/g, '*');
  const body = `${method}${path}`.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 's').test(`${route.method}${route.path}`);
}

/**
 * The routes of an API's definition whose function no event on the API (nor a permission of the template) lets API
 * Gateway invoke, as `GET /items (ItemFn)`. `withRole`: the operations (`GET /items`) whose integration has
 * `credentials`, a role API Gateway invokes the function with, which needs no permission.
 */
export function uninvokable(definitionRoutes: readonly Route[], events: readonly Route[], permitted: ReadonlySet<string> | undefined, withRole: ReadonlySet<string>): string[] {
  if (!permitted) return [];
  return definitionRoutes
    .filter((route) => !withRole.has(`${route.method} ${route.path}`) && !permitted.has(route.functionId))
    .filter((route) => !events.some((e) => e.functionId === route.functionId && eventPermits(e, route)))
    .map((route) => `${route.method} ${route.path} (${route.functionId})`);
}

/** The warning for an API's uninvokable routes (at most `named` of them named), or undefined when there are none. */
export function uninvokableWarning(api: string, kind: 'rest' | 'http', routes: readonly string[], named: number): string | undefined {
  if (routes.length === 0) return undefined;
  const event = kind === 'rest' ? 'Api' : 'HttpApi';
  const list = `${routes.slice(0, named).join('; ')}${routes.length > named ? `; and ${routes.length - named} more` : ''}`;
  return `routes ${routes.length === 1 ? 'an operation' : `${routes.length} operations`} to a function that no ${event} event of its gives API Gateway permission to invoke there: ${list}. SAM writes that permission (an AWS::Lambda::Permission) only for a function's own events, so on AWS ${api} answers ${routes.length === 1 ? 'it' : 'them'} with 500 (Invalid permissions on Lambda function), where sam local start-api and pylambda serve ${routes.length === 1 ? 'it' : 'them'}: add an ${event} event with the same Path and Method to the function, or an AWS::Lambda::Permission`;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  return isRecord(value) ? Object.values(value).flatMap(strings) : [];
}
