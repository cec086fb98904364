/** What a generated event needs from outside: time and ids are arguments, so generators stay pure. */
export interface GenerateContext {
  readonly nowMs: number;
  /** A new unique id (a UUID in real use). */
  readonly newId: () => string;
  readonly region: string;
  readonly accountId: string;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** `2019-01-02T12:45:07Z`: EventBridge's time, without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
