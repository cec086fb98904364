/**
 * What a reloaded template asks of a local AWS endpoint that already holds resources (`pylambda dev`
 * reads the template again on every change). New resources are created; a bucket's notifications are set
 * again (a put replaces them, as CloudFormation's update does); a table or queue whose definition changed
 * keeps the one it was created with, and the user is told so, instead of the function failing later with
 * an error far from the cause ("The table does not have the specified index").
 */
import type { Diagnostic } from '../errors.js';
import type { LocalAwsSpec, LocalBucket, LocalQueue, LocalTable } from './resources.js';

/** `kind:name` (as the endpoint reports what it created) to the resource's definition, compared as text. */
export type Definitions = ReadonlyMap<string, string>;

export function resourceDefinitions(spec: LocalAwsSpec): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of spec.tables) out.set(`table:${t.TableName}`, canonical(tableSettings(t)));
  for (const b of spec.buckets) out.set(`bucket:${b.name}`, canonical(b.notifications ?? []));
  for (const q of spec.queues) out.set(`queue:${q.name}`, canonical(q.attributes));
  for (const p of spec.parameters) out.set(`parameter:${p.Name}`, canonical({ Type: p.Type, Value: p.Value }));
  for (const s of spec.secrets) out.set(`secret:${s.Name}`, '');
  for (const s of spec.streams) out.set(`stream:${s.StreamName}`, '');
  return out;
}

export function reloadPlan(known: Definitions, spec: LocalAwsSpec, file: string): { wanted: LocalAwsSpec; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const kept = (id: string, what: string, fields: readonly string[]) =>
    diagnostics.push({
      severity: 'warning',
      file,
      path: `Resources.${id}`,
      message: `not changed in the local AWS endpoint: the ${what} keeps the ${fields.join(', ')} it was created with; `
        + 'restart pylambda dev to create it as the template says (its data is lost)',
    });
  const tables: LocalTable[] = [];
  for (const t of spec.tables) {
    const before = known.get(`table:${t.TableName}`);
    if (before === undefined) tables.push(t);
    else if (before !== canonical(tableSettings(t))) kept(t.id, `table ${t.TableName}`, changedKeys(JSON.parse(before) as Record<string, unknown>, tableSettings(t)));
  }
  const buckets: LocalBucket[] = [];
  for (const b of spec.buckets) {
    const before = known.get(`bucket:${b.name}`);
    // An empty list clears what the bucket had (the endpoint puts an empty configuration).
    if (before === undefined) buckets.push(b);
    else if (before !== canonical(b.notifications ?? [])) buckets.push({ ...b, notifications: b.notifications ?? [] });
  }
  const queues: LocalQueue[] = [];
  for (const q of spec.queues) {
    const before = known.get(`queue:${q.name}`);
    if (before === undefined) queues.push(q);
    else if (before !== canonical(q.attributes)) kept(q.id, `queue ${q.name}`, changedKeys(JSON.parse(before) as Record<string, unknown>, q.attributes));
  }
  // A parameter whose Value changed is put again (PutParameter overwrites); a secret or stream is made once.
  const parameters = spec.parameters.filter((p) => known.get(`parameter:${p.Name}`) !== canonical({ Type: p.Type, Value: p.Value }));
  const secrets = spec.secrets.filter((s) => !known.has(`secret:${s.Name}`));
  const streams = spec.streams.filter((s) => !known.has(`stream:${s.StreamName}`));
  return { wanted: { tables, buckets, queues, parameters, secrets, streams }, diagnostics };
}

/** A table's settings under the template's property names (`timeToLive` is TimeToLiveSpecification's attribute). */
function tableSettings(t: LocalTable): Record<string, unknown> {
  const { id: _id, TableName: _name, timeToLive, ...rest } = t;
  return { ...rest, ...(timeToLive !== undefined ? { TimeToLiveSpecification: timeToLive } : {}) };
}

function changedKeys(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((k) => canonical(before[k]) !== canonical(after[k])).sort();
}

/** JSON with object keys sorted: a template that only reorders keys changes nothing. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  ) ?? 'null';
}
