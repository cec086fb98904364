import { UserError } from '../../errors.js';

/**
 * SAM CLI's parameter overrides: `Stage=prod Env=dev`, `Stage=prod`, or the long form
 * `ParameterKey=Stage,ParameterValue=prod`; values may be quoted. `origin` names where they were written
 * (`--parameter-overrides`, a samconfig.toml table) for the message about one that is not Key=Value.
 */
export function parseParameterOverrides(values: readonly string[], origin = '--parameter-overrides'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    for (const item of value.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
      const long = /^ParameterKey=([^,]+),ParameterValue=(.*)$/.exec(item);
      const eq = item.indexOf('=');
      if (!long && eq <= 0) throw new UserError(`${origin} '${item}' is not Key=Value`, { exitCode: 2 });
      const key = long ? long[1]! : item.slice(0, eq);
      out[key] = unquote(long ? long[2]! : item.slice(eq + 1));
    }
  }
  return out;
}

function unquote(text: string): string {
  return /^(["']).*\1$/s.test(text) ? text.slice(1, -1) : text;
}
