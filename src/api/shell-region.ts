import { readTextIfThere } from '../adapters/fs.js';
import { profileName, profileRegion, sharedConfigPath } from '../core/runtime/shared-config.js';

/**
 * The region of the shell's AWS profile when no variable names one (AWS_REGION, AWS_DEFAULT_REGION win, as they do
 * for boto3): where `sam local` runs a SAM or Chalice project's functions and `sam deploy` and `chalice deploy` put
 * them. Undefined when a variable names the region, or the profile has none.
 */
export async function shellProfileRegion(env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  if (env.AWS_REGION || env.AWS_DEFAULT_REGION) return undefined;
  const path = sharedConfigPath(env);
  const text = path === undefined ? undefined : await readTextIfThere(path);
  return text === undefined ? undefined : profileRegion(text, profileName(env));
}
