/**
 * Serverless Framework plugins a Python service lists, which pylambda does not run: what each changes locally, if
 * anything, is said once, with what to do instead; one that acts on deploys only is not worth a warning at every start.
 */
import type { FieldReader } from '../fields.js';
import { isRecord } from '../fields.js';
import { WSGI_PLUGIN } from './wsgi.js';

export const LIFT_PLUGIN = 'serverless-lift';
export const DOTENV_PLUGIN = 'serverless-dotenv-plugin';

/**
 * Plugins pylambda stands in for: serverless-offline (`pylambda dev`), serverless-python-requirements
 * (`pylambda package` installs requirements.txt for Lambda's platform, without Docker, so `dockerizePip` is what it
 * does anyway), serverless-wsgi (its handler files are put beside the code from node_modules, as it does: wsgi.ts)
 * and serverless-dotenv-plugin (its .env files' variables are the functions': dotenv-plugin.ts).
 */
const COVERED = new Set(['serverless-offline', 'serverless-python-requirements', WSGI_PLUGIN, DOTENV_PLUGIN]);

/**
 * Plugins that change only what a deploy does around the functions: old versions pruned (serverless-prune-plugin),
 * a custom domain (serverless-domain-manager), an IAM role per function (serverless-iam-roles-per-function; locally
 * every function has the shell's credentials, whatever its role), the deployment bucket, termination protection.
 */
const DEPLOY_ONLY = new Set(['serverless-prune-plugin', 'serverless-domain-manager', 'serverless-iam-roles-per-function',
  'serverless-deployment-bucket', 'serverless-stack-termination-protection', 'serverless-plugin-log-retention']);

const WARMUP = 'serverless-plugin-warmup';

/** `plugins: [a, b]`, or `plugins: { localPath, modules: [a, b] }`. */
export function listedPlugins(value: unknown): string[] {
  const list: unknown[] = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.modules) ? value.modules : [];
  return list.filter((p): p is string => typeof p === 'string');
}

/** Serverless plugins are not run: one that changes the functions, their environment or their package is said. */
export function pluginWarnings(config: Record<string, unknown>, liftWorkers: readonly string[], r: FieldReader): void {
  const listed = listedPlugins(config.plugins);
  if (liftWorkers.length > 0) {
    r.warn('plugins', `${LIFT_PLUGIN} is not run by pylambda: the workers of its queue constructs run (${liftWorkers.join(', ')}, with the queue's SQS event) and \${construct:<id>.queueUrl} names the queue, but its other constructs are not reproduced locally`);
  }
  if (listed.includes(WARMUP)) {
    // The plugin's warmer invokes each function with its payload, by default {"source": "serverless-plugin-warmup"}
    // (its README, "Configuration"), which the function's own early return looks for.
    const warmers = isRecord(config.custom) && isRecord(config.custom.warmup) ? config.custom.warmup : {};
    const payload = Object.values(warmers).find((w) => isRecord(w) && w.payload !== undefined) as Record<string, unknown> | undefined;
    const data = JSON.stringify(payload?.payload ?? { source: WARMUP });
    r.warn('plugins', `${WARMUP} is not run by pylambda: no warmer function invokes the functions (dev keeps an environment warm between requests, as Lambda does); try a function's warm-up answer with pylambda invoke NAME -d '${data}'`);
  }
  const others = listed.filter((p) => !COVERED.has(p) && !DEPLOY_ONLY.has(p) && p !== WARMUP && (p !== LIFT_PLUGIN || liftWorkers.length === 0));
  if (others.length === 0) return;
  r.warn('plugins', `${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} not run by pylambda: what ${others.length === 1 ? 'it changes' : 'they change'} in the functions or their package is not reproduced locally`);
}
