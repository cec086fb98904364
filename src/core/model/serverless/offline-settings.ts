/**
 * serverless.yml's `custom.serverless-offline`: the settings serverless-offline (v13) takes there as defaults of its
 * command-line options (src/ServerlessOffline.js #mergeOptions: command line, then custom, then
 * src/config/defaultOptions.js), read for `pylambda dev`, which stands in for `serverless offline`.
 */
import type { Diagnostic } from '../../errors.js';
import { didYouMean } from '../../did-you-mean.js';
import { isRecord } from '../fields.js';
import { portNumber } from '../port.js';
import type { RefusedPorts } from '../project.js';

export const OFFLINE_SETTINGS_PATH = 'custom.serverless-offline';

/** What dev takes from the settings: where it listens when the command line does not say. */
export interface OfflineSettings {
  /** `httpPort`: the first endpoint's port. */
  readonly port?: number;
  /** `host`: the address dev listens on. */
  readonly host?: string;
  /** `lambdaPort`: the Lambda Invoke API's port (boto3's endpoint_url), as serverless-offline serves it. */
  readonly lambdaPort?: number;
  /** A port setting that is not a port, by option: what is wrong with it (dev refuses to start on it, unless --port says another). */
  readonly refused?: RefusedPorts;
  /** The settings dev does not honour, each with what it does instead, and those that are wrong: dev says them at start. */
  readonly diagnostics: readonly Diagnostic[];
}

const CORS = "CORS is the http events' cors and provider.httpApi.cors, as API Gateway answers it";

/**
 * What dev does in place of each setting it does not honour, when the setting asks for something else than
 * serverless-offline's default. dev is API Gateway and Lambda locally: their limits, authorizers and CORS apply.
 */
const NOT_HONOURED: Readonly<Record<string, { readonly unless: unknown; readonly instead: string }>> = {
  noTimeout: { unless: false, instead: "a function ends at its timeout, as on Lambda; --debug-port lifts it" },
  noAuth: { unless: false, instead: 'authorizers run, as on API Gateway' },
  prefix: { unless: '', instead: 'routes are at their API Gateway paths' },
  corsAllowOrigin: { unless: '*', instead: CORS },
  corsAllowHeaders: { unless: 'accept,content-type,x-api-key,authorization', instead: CORS },
  corsExposedHeaders: { unless: 'WWW-Authenticate,Server-Authorization', instead: CORS },
  corsDisallowCredentials: { unless: true, instead: CORS },
  enforceSecureCookies: { unless: false, instead: 'cookies reach the function as API Gateway passes them' },
  albPort: { unless: undefined, instead: 'each API, load balancer listener and function URL takes the next port after httpPort' },
  websocketPort: { unless: undefined, instead: "each WebSocket API takes a port after the Lambda API's" },
  httpsProtocol: { unless: null, instead: 'dev serves HTTP' },
  useInProcess: { unless: false, instead: 'each environment is a Python process of its own, as on Lambda' },
  useDocker: { unless: false, instead: "pylambda runs no container: the project's Python runs the functions" },
  localEnvironment: { unless: false, instead: "the functions get serverless.yml's environment, not the shell's, as on Lambda" },
  terminateIdleLambdaTime: { unless: undefined, instead: 'an idle environment stops after 5 minutes' },
  preLoadModules: { unless: '', instead: "each environment imports the handler's modules at its cold start" },
  webSocketHardTimeout: { unless: 7200, instead: "API Gateway's 2 hours apply" },
  webSocketIdleTimeout: { unless: 600, instead: "API Gateway's 10 minutes apply" },
};

/** Settings dev has no need of: what they ask for is how it always behaves. */
const ALREADY = new Set(['httpPort', 'host', 'lambdaPort', 'noPrependStageInUrl', 'reloadHandler', 'ignoreJWTSignature', 'disableCookieValidation',
  'resourceRoutes', 'dockerHost', 'dockerHostServicePath', 'dockerNetwork', 'dockerReadOnly', 'layersDir', 'noSponsor', 'noStripTrailingSlashInUrl']);

/**
 * The settings, after serverless.yml's variables are resolved. A port that is not one is refused where dev would
 * listen on it, as serverless-offline 13 refuses it (it gives the setting to hapi's Server as is: `abc` or 1.5 is
 * "Invalid server options", 70000 Node's RangeError as it starts, and it exits; 0 is a free port, as here). A host
 * that is not one is said and left out; a setting serverless-offline does not know is said with the one meant.
 */
export function offlineSettings(custom: unknown, file: string): OfflineSettings {
  const settings = isRecord(custom) ? custom['serverless-offline'] : undefined;
  if (!isRecord(settings)) return { diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const refused: Partial<Record<keyof RefusedPorts, string>> = {};
  const port = (key: string, option: keyof RefusedPorts): number | undefined => {
    const value = settings[key];
    if (value === undefined) return undefined;
    const n = portNumber(value);
    if (n === undefined) refused[option] = `must be a port number (0-65535), not ${JSON.stringify(value)}`;
    return n;
  };
  const httpPort = port('httpPort', 'port');
  const lambdaPort = port('lambdaPort', 'lambdaPort');
  const host = typeof settings.host === 'string' && settings.host !== '' ? settings.host : undefined;
  if (settings.host !== undefined && host === undefined) {
    diagnostics.push({ severity: 'warning', file, path: `${OFFLINE_SETTINGS_PATH}.host`, message: `${JSON.stringify(settings.host)} is not an address to listen on (localhost, 0.0.0.0, ...): dev does not take it` });
  }
  // Keys that dev replaces with the same behaviour are said together: `corsAllowOrigin, corsAllowHeaders (CORS is ...)`.
  const ignored = new Map<string, string[]>();
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const rule = NOT_HONOURED[key];
    if (rule) {
      if (value !== rule.unless && value !== undefined) ignored.set(rule.instead, [...(ignored.get(rule.instead) ?? []), key]);
    } else if (!ALREADY.has(key)) {
      const meant = didYouMean(key, [...ALREADY, ...Object.keys(NOT_HONOURED)]);
      unknown.push(meant ? `${key} (did you mean ${meant}?)` : key);
    }
  }
  if (ignored.size > 0) {
    const said = [...ignored].map(([instead, keys]) => `${keys.join(', ')} (${instead})`);
    diagnostics.push({ severity: 'warning', file, path: OFFLINE_SETTINGS_PATH, message: `pylambda dev does not honour ${said.join(', ')}` });
  }
  if (unknown.length > 0) diagnostics.push({ severity: 'warning', file, path: OFFLINE_SETTINGS_PATH, message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is no setting' : 'are no settings'} of serverless-offline 13, which ignores ${unknown.length === 1 ? 'it' : 'them'}` });
  const wrong = Object.keys(refused).length > 0 ? { refused } : {};
  return { ...(httpPort !== undefined ? { port: httpPort } : {}), ...(host ? { host } : {}), ...(lambdaPort !== undefined ? { lambdaPort } : {}), ...wrong, diagnostics };
}
