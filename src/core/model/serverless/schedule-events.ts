import { isRecord, type FieldReader } from '../fields.js';
import type { EventSource } from '../event-sources.js';
import { strings, targetInput } from '../values.js';

const METHODS = ['eventBus', 'scheduler'];

/**
 * `schedule: rate(...)` or `schedule: { rate, name, input, method, ... }`, one trigger per rate, as the
 * Framework compiles them (aws/package/compile/events/schedule.js): an EventBridge rule, or with
 * `method: scheduler` an EventBridge Scheduler schedule (AWS::Scheduler::Schedule, no GroupName: the default
 * group), which sends the function another event (see schedulerEvent). What the Framework refuses to
 * package is an error here too, with its reason.
 */
export function scheduleEvents(spec: unknown, at: string, id: string, r: FieldReader): EventSource[] {
  const props = isRecord(spec) ? spec : { rate: spec };
  const rates = strings(props.rate, isRecord(spec) ? `${at}.rate` : at, r);
  if (rates.length === 0) r.error(isRecord(spec) ? `${at}.rate` : at, 'is required (for example rate(5 minutes))');
  if (!isRecord(spec)) return rates.map((rate, n) => ({ kind: 'schedule', id: rates.length > 1 ? `${id}.${n + 1}` : id, schedule: rate }));
  const rule = r.string(props.name, `${at}.name`);
  const method = props.method === undefined ? undefined : r.string(props.method, `${at}.method`);
  if (method !== undefined && !METHODS.includes(method)) r.error(`${at}.method`, `must be eventBus or scheduler, not '${method}'`);
  const scheduler = method === 'scheduler';
  if (scheduler) {
    // EventBridge Scheduler has no InputPath nor InputTransformer (SCHEDULE_PARAMETER_NOT_SUPPORTED).
    for (const field of ['inputPath', 'inputTransformer']) {
      if (props[field] !== undefined) r.error(`${at}.${field}`, 'is not supported with method: scheduler (an EventBridge Scheduler schedule has no such setting); the Framework refuses it');
    }
  } else if (props.timezone !== undefined) {
    r.error(`${at}.timezone`, 'is supported only with method: scheduler (an EventBridge rule has no time zone); the Framework refuses it');
  }
  const input = scheduleInput(props.input, `${at}.input`, r);
  return rates.map((rate, n) => ({
    kind: 'schedule', id: rates.length > 1 ? `${id}.${n + 1}` : id, schedule: rate, ...(rule ? { rule } : {}), ...(scheduler ? { scheduler: {} } : {}), ...input,
  }));
}

/**
 * The target's Input. An `input: { body: '<JSON>' }` sends the body as the JSON it holds, not as a string: the
 * Framework parses it (`Input.body = JSON.parse(Input.body)`) before it writes the Input, and fails on text
 * that is not JSON.
 */
function scheduleInput(value: unknown, at: string, r: FieldReader): { input?: string } {
  if (!isRecord(value) || typeof value.body !== 'string') return targetInput(value, at, r);
  try {
    return { input: JSON.stringify({ ...value, body: JSON.parse(value.body) as unknown }) };
  } catch {
    r.error(`${at}.body`, 'is not JSON: the Framework parses it to send the function that JSON, and fails on this text');
    return {};
  }
}
