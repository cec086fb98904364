import { z } from 'zod';
import { UserError } from '../errors.js';

/**
 * An --env-vars file, in SAM CLI's format: `Parameters` applies to every function, a section named
 * after a function (its logical id or name) to that function only, and wins.
 */
const Scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const EnvVarsFile = z.record(z.string(), z.record(z.string(), Scalar));

export type EnvVars = Readonly<Record<string, Readonly<Record<string, string>>>>;

export function parseEnvVars(text: string, file: string): EnvVars {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = EnvVarsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.join('.');
    throw new UserError(`${file}: ${at ? `${at}: ` : ''}expected {"Parameters": {"NAME": "value"}, "<Function>": {...}}; ${issue.message}`);
  }
  return parsed.data;
}

export function envVarsFor(envVars: EnvVars | undefined, fn: { id: string; name: string }): Record<string, string> {
  if (!envVars) return {};
  return { ...envVars.Parameters, ...envVars[fn.id], ...(fn.name !== fn.id ? envVars[fn.name] : {}) };
}
