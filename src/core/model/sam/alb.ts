import { isRecord, type FieldReader } from '../fields.js';
import { skippedRoute, type AlbAnswer, type AlbConditions, type Endpoint, type FunctionModel, type Route } from '../project.js';
import { rawProperties, readTargetGroups, reference, type LambdaTargetGroup } from './alb-targets.js';
import { strings } from '../values.js';
import { resourceProperties, type ParsedTemplate } from './template.js';

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';

interface ListenerRoutes {
  readonly id: string;
  readonly source: string;
  readonly routes: Route[];
}

/**
 * One `alb` endpoint per listener with a Lambda target: its rules in priority order, then its default
 * action. A listener is the unit that orders rules (priorities are per listener) and owns a port, so two
 * listeners of one load balancer are two endpoints. A rule on a listener outside the template (an ARN)
 * makes an endpoint named by that ARN.
 */
export function readAlbEndpoints(template: ParsedTemplate, functions: readonly FunctionModel[], r: FieldReader, skipped: Readonly<Record<string, string>> = {}): Endpoint[] {
  const groups = readTargetGroups(template, functions, r, skipped);
  if (groups.size === 0) return [];
  const listeners = new Map<string, ListenerRoutes>();
  const listenerFor = (id: string, source: string) => {
    const found = listeners.get(id) ?? { id, source, routes: [] };
    listeners.set(id, found);
    return found;
  };
  for (const [id, resource] of Object.entries(template.resources)) {
    if (resource.Type !== LISTENER_RULE) continue;
    const at = `Resources.${id}.Properties`;
    const props = resourceProperties(template, id);
    const raw = rawProperties(template, id);
    const group = forwardTarget(template, raw.Actions, props.Actions, `${at}.Actions`, groups, r);
    const listener = reference(template, raw.ListenerArn, props.ListenerArn);
    if (!listener && props.ListenerArn === undefined) r.error(`${at}.ListenerArn`, 'is required');
    else if (!listener) r.string(props.ListenerArn, `${at}.ListenerArn`);
    const priority = r.integer(props.Priority, `${at}.Priority`);
    if (props.Priority === undefined) r.error(`${at}.Priority`, 'is required');
    const conditions = readConditions(props.Conditions, `${at}.Conditions`, r);
    // A rule that answers itself keeps its place: what it matches never reaches a lower rule's function.
    const functionId = group?.functionId ?? group?.skipped;
    const answer = functionId ? undefined : albAnswer(props.Actions, `${at}.Actions`, r);
    if ((!functionId && !answer) || !listener || priority === undefined) continue;
    const key = 'id' in listener ? listener.id : listener.arn;
    const target = listenerFor(key, 'id' in listener ? `Resources.${key}` : `Resources.${id}`);
    for (const path of conditions.paths.length ? conditions.paths : ['*']) {
      for (const method of conditions.methods.length ? conditions.methods : ['ANY']) {
        target.routes.push({
          method, path, functionId: functionId ?? '', priority,
          ...(group ? { multiValueHeaders: group.multiValueHeaders, targetGroup: group.id } : { albAnswer: answer }),
          ...(conditions.conditions ? { albConditions: conditions.conditions } : {}), source: { file: r.file, path: `Resources.${id}` },
        });
      }
    }
  }
  for (const [id, resource] of Object.entries(template.resources)) {
    if (resource.Type !== LISTENER) continue;
    const at = `Resources.${id}.Properties.DefaultActions`;
    const group = forwardTarget(template, rawProperties(template, id).DefaultActions, resourceProperties(template, id).DefaultActions, at, groups, r);
    // The default action answers what no rule matches: a catch-all after every rule (a fixed response, say).
    const functionId = group?.functionId ?? group?.skipped;
    const answer = functionId ? undefined : listenerDefaultAnswer(template, id, at, r);
    if (group && functionId) {
      listenerFor(id, `Resources.${id}`).routes.push({ method: 'ANY', path: '*', functionId, multiValueHeaders: group.multiValueHeaders, targetGroup: group.id, source: { file: r.file, path: at } });
    } else if (answer && listeners.has(id)) {
      listenerFor(id, `Resources.${id}`).routes.push({ method: 'ANY', path: '*', functionId: '', albAnswer: answer, source: { file: r.file, path: at } });
    }
  }
  // A listener is served for the functions behind it; one whose rules all answer themselves, or forward only to
  // functions pylambda skips, is not. A skipped function's rules stay the listener's: dev answers them 502 with why.
  const isSkipped = (route: Route) => skipped[route.functionId] !== undefined;
  return [...listeners.values()].filter((l) => l.routes.some((route) => route.functionId !== '' && !isSkipped(route))).map((l) => {
    const served = l.routes.filter((route) => !isSkipped(route));
    const shapes = new Set(served.filter((route) => !route.albAnswer).map((route) => route.multiValueHeaders));
    const [only] = shapes;
    const unserved = l.routes.filter(isSkipped).map((route) => skippedRoute(route, `${route.functionId} is skipped: ${skipped[route.functionId]}`));
    return {
      id: l.id,
      kind: 'alb',
      stage: '$default',
      binaryMediaTypes: [],
      ...(shapes.size === 1 && only !== undefined ? { multiValueHeaders: only } : {}),
      routes: served,
      ...(unserved.length > 0 ? { unservedRoutes: unserved } : {}),
      source: { file: r.file, path: l.source },
    };
  });
}

/**
 * What a listener of the template answers itself to a request no rule matches: its DefaultActions' fixed response
 * or redirect (undefined for a forward, or a resource that is not a listener). The serverless.yml reader asks it of
 * the listener its `alb` events name, so both readers answer the same. `at` is the DefaultActions' path in its file.
 */
export function listenerDefaultAnswer(template: ParsedTemplate, id: string, at: string, r: FieldReader): AlbAnswer | undefined {
  if (template.resources[id]?.Type !== LISTENER) return undefined;
  return albAnswer(resourceProperties(template, id).DefaultActions, at, r);
}

/** The first fixed-response or redirect action of a list (authentication actions before it are not performed). */
function albAnswer(actions: unknown, path: string, r: FieldReader): AlbAnswer | undefined {
  for (const [i, action] of (Array.isArray(actions) ? actions : []).entries()) {
    if (!isRecord(action)) continue;
    const type = String(action.Type);
    const at = `${path}[${i}]`;
    if (type === 'fixed-response') {
      const config = isRecord(action.FixedResponseConfig) ? action.FixedResponseConfig : {};
      const status = Number(config.StatusCode);
      if (!Number.isInteger(status) || status < 200 || status > 599) {
        r.error(`${at}.FixedResponseConfig.StatusCode`, 'must be a status code from 200 to 599 (2XX, 4XX or 5XX)');
        return undefined;
      }
      return { kind: 'fixed-response', statusCode: status, contentType: typeof config.ContentType === 'string' ? config.ContentType : 'text/plain', body: typeof config.MessageBody === 'string' ? config.MessageBody : '' };
    }
    if (type === 'redirect') {
      const config = isRecord(action.RedirectConfig) ? action.RedirectConfig : {};
      const part = (key: string, fallback: string) => (typeof config[key] === 'string' ? (config[key] as string) : fallback);
      const statusCode = config.StatusCode === 'HTTP_301' ? 301 : 302;
      if (config.StatusCode !== 'HTTP_301' && config.StatusCode !== 'HTTP_302') r.error(`${at}.RedirectConfig.StatusCode`, 'must be HTTP_301 or HTTP_302');
      return { kind: 'redirect', statusCode, protocol: part('Protocol', '#{protocol}'), host: part('Host', '#{host}'), port: part('Port', '#{port}'), path: part('Path', '/#{path}'), query: part('Query', '#{query}') };
    }
    if (type === 'forward') return undefined;
  }
  return undefined;
}

/**
 * The lambda target group an action list forwards to: `TargetGroupArn`, or the heaviest of
 * `ForwardConfig.TargetGroups` (weighted forwarding is not random locally). Authentication actions before
 * it are not performed.
 */
function forwardTarget(
  template: ParsedTemplate,
  raw: unknown,
  resolved: unknown,
  path: string,
  groups: ReadonlyMap<string, LambdaTargetGroup>,
  r: FieldReader,
): LambdaTargetGroup | undefined {
  const actions = r.list(resolved, path) ?? [];
  const rawActions = Array.isArray(raw) ? raw : [];
  for (const [i, action] of actions.entries()) {
    if (!isRecord(action)) continue;
    const rawAction = isRecord(rawActions[i]) ? rawActions[i] : {};
    const type = String(action.Type);
    if (type.startsWith('authenticate-')) {
      r.warn(`${path}[${i}].Type`, `${type} is not performed locally; requests reach the function unauthenticated`, 'dev');
      continue;
    }
    if (type !== 'forward') return undefined;
    const candidates: { raw: unknown; resolved: unknown; weight: number }[] = [];
    if (action.TargetGroupArn !== undefined) candidates.push({ raw: rawAction.TargetGroupArn, resolved: action.TargetGroupArn, weight: 1 });
    const config = isRecord(action.ForwardConfig) ? action.ForwardConfig : {};
    const rawConfig = isRecord(rawAction.ForwardConfig) ? rawAction.ForwardConfig : {};
    const rawGroups = Array.isArray(rawConfig.TargetGroups) ? rawConfig.TargetGroups : [];
    for (const [j, tg] of (Array.isArray(config.TargetGroups) ? config.TargetGroups : []).entries()) {
      if (!isRecord(tg)) continue;
      const rawTg = isRecord(rawGroups[j]) ? rawGroups[j] : {};
      candidates.push({ raw: rawTg.TargetGroupArn, resolved: tg.TargetGroupArn, weight: typeof tg.Weight === 'number' ? tg.Weight : 1 });
    }
    const lambda = candidates
      .map((c) => ({ ...c, ref: reference(template, c.raw, c.resolved) }))
      .filter((c) => c.ref && 'id' in c.ref && groups.has(c.ref.id))
      .sort((a, b) => b.weight - a.weight);
    const chosen = lambda[0]?.ref;
    if (lambda.length > 1) r.warn(`${path}[${i}].ForwardConfig`, 'spreads requests over several target groups; pylambda sends them all to the heaviest');
    return chosen && 'id' in chosen ? groups.get(chosen.id) : undefined;
  }
  return undefined;
}

/** `path-pattern`, `http-request-method`, `host-header`, `http-header` and `query-string` conditions; `source-ip` cannot be checked locally. */
function readConditions(value: unknown, path: string, r: FieldReader): { paths: string[]; methods: string[]; conditions?: AlbConditions } {
  const paths: string[] = [];
  const methods: string[] = [];
  const hosts: string[] = [];
  const headers: Array<{ name: string; values: string[] }> = [];
  const query: Array<{ key?: string; value: string }> = [];
  for (const [i, condition] of (r.list(value, path) ?? []).entries()) {
    const at = `${path}[${i}]`;
    if (!isRecord(condition)) {
      r.error(at, 'must be a mapping with a Field');
      continue;
    }
    const field = r.string(condition.Field, `${at}.Field`);
    const config = (key: string) => (isRecord(condition[key]) ? (condition[key] as Record<string, unknown>) : undefined);
    if (field === 'path-pattern') {
      const pattern = config('PathPatternConfig');
      if (pattern?.RegexValues !== undefined) r.warn(`${at}.PathPatternConfig.RegexValues`, 'is not supported locally; only Values are matched', 'dev');
      const [key, list] = pattern?.Values !== undefined ? ['PathPatternConfig.Values', pattern.Values] : ['Values', condition.Values];
      paths.push(...strings(list, `${at}.${key}`, r));
    } else if (field === 'http-request-method') {
      const method = config('HttpRequestMethodConfig');
      const [key, list] = method?.Values !== undefined ? ['HttpRequestMethodConfig.Values', method.Values] : ['Values', condition.Values];
      methods.push(...strings(list, `${at}.${key}`, r));
    } else if (field === 'host-header') {
      const host = config('HostHeaderConfig');
      const [key, list] = host?.Values !== undefined ? ['HostHeaderConfig.Values', host.Values] : ['Values', condition.Values];
      hosts.push(...strings(list, `${at}.${key}`, r));
    } else if (field === 'http-header') {
      const header = config('HttpHeaderConfig');
      const name = r.string(header?.HttpHeaderName, `${at}.HttpHeaderConfig.HttpHeaderName`);
      const values = strings(header?.Values, `${at}.HttpHeaderConfig.Values`, r);
      if (name !== undefined) headers.push({ name, values });
    } else if (field === 'query-string') {
      for (const [j, pair] of (r.list(config('QueryStringConfig')?.Values, `${at}.QueryStringConfig.Values`) ?? []).entries()) {
        const item = isRecord(pair) ? pair : {};
        const value = r.string(item.Value, `${at}.QueryStringConfig.Values[${j}].Value`);
        const key = item.Key === undefined ? undefined : r.string(item.Key, `${at}.QueryStringConfig.Values[${j}].Key`);
        if (value !== undefined) query.push({ ...(key === undefined ? {} : { key }), value });
      }
    } else if (field !== undefined) {
      r.warn(`${at}.Field`, `${field} conditions are not checked locally; the rule matches as if they held`, 'dev');
    }
  }
  const conditions: AlbConditions = { ...(hosts.length ? { hosts } : {}), ...(headers.length ? { headers } : {}), ...(query.length ? { query } : {}) };
  return { paths, methods, ...(Object.keys(conditions).length ? { conditions } : {}) };
}
