import { isRecord, type FieldReader } from '../fields.js';
import type { ApiKeyModel } from '../project.js';
import { boolean } from '../values.js';

/**
 * `provider.apiGateway.apiKeys` with a `value`: the keys a request to a `private: true` route may send. An entry is a
 * name (AWS makes up its value), `{ name, value, enabled }`, or a usage plan's name over a list of those
 * (api-gateway/lib/api-keys.js). The Framework creates a key enabled unless `enabled: false`.
 */
export function readServerlessApiKeys(provider: Readonly<Record<string, unknown>>, r: FieldReader): ApiKeyModel[] {
  const gateway = isRecord(provider.apiGateway) ? provider.apiGateway : {};
  const at = 'provider.apiGateway.apiKeys';
  if (gateway.apiKeys === undefined) return [];
  const out: ApiKeyModel[] = [];
  const entry = (item: unknown, where: string): void => {
    if (typeof item === 'string' || !isRecord(item)) return;
    if (item.value === undefined) {
      // A usage plan: `- free: [key, ...]`.
      const [plan, ...others] = Object.entries(item);
      if (plan && others.length === 0 && Array.isArray(plan[1])) plan[1].forEach((k, i) => entry(k, `${where}.${plan[0]}[${i}]`));
      return;
    }
    const value = r.string(item.value, `${where}.value`);
    const name = r.string(item.name, `${where}.name`) ?? where;
    const enabled = item.enabled === undefined || boolean(item.enabled, `${where}.enabled`, r);
    if (value !== undefined && enabled) out.push({ name, value, source: { file: r.file, path: where } });
  };
  (r.list(gateway.apiKeys, at) ?? []).forEach((item, i) => entry(item, `${at}[${i}]`));
  return out;
}
