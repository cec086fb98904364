import { isRecord, type FieldReader } from '../fields.js';

/**
 * A stage's throttling and caching, which pylambda dev does not apply, said once for each API (a dev request
 * past a limit reaches the function where API Gateway answers 429 `{"message":"Too Many Requests"}`; a request a
 * cache would answer runs the function again): a REST API's `MethodSettings` and `CacheClusterEnabled`, an HTTP
 * API's `DefaultRouteSettings` and `RouteSettings`.
 */
export function warnStageSettings(props: Record<string, unknown>, kind: 'rest' | 'http', at: (key: string) => string, r: FieldReader): void {
  if (kind === 'rest') {
    const list = (Array.isArray(props.MethodSettings) ? props.MethodSettings : []).filter(isRecord);
    if (list.some(throttled)) r.warn(at('MethodSettings'), THROTTLE, 'dev');
    const caching = list.some((s) => s.CachingEnabled === true || s.CachingEnabled === 'true');
    if (caching || props.CacheClusterEnabled === true || props.CacheClusterEnabled === 'true') r.warn(at(caching ? 'MethodSettings' : 'CacheClusterEnabled'), CACHE, 'dev');
    return;
  }
  if (isRecord(props.DefaultRouteSettings) && throttled(props.DefaultRouteSettings)) r.warn(at('DefaultRouteSettings'), THROTTLE, 'dev');
  for (const [route, setting] of Object.entries(isRecord(props.RouteSettings) ? props.RouteSettings : {})) {
    if (isRecord(setting) && throttled(setting)) r.warn(`${at('RouteSettings')}.${route}`, THROTTLE, 'dev');
  }
}

const THROTTLE = 'throttling is not applied locally: requests past its limits reach the function, where API Gateway answers 429 {"message":"Too Many Requests"}';
const CACHE = 'caching is not applied locally: every request reaches the function, where API Gateway answers repeated ones from its cache';

function throttled(setting: Record<string, unknown>): boolean {
  return setting.ThrottlingRateLimit !== undefined || setting.ThrottlingBurstLimit !== undefined;
}
