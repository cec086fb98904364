import { describe, type FieldReader } from '../fields.js';
import type { CorsConfig } from '../project.js';
import { boolean, strings } from '../values.js';

/**
 * CORS settings as SAM writes them, normalised. Rules and messages follow SAM's translator
 * (samtranslator/model/api/api_generator.py and http_api_generator.py, `_add_cors`).
 */

const REST_KEYS = new Set(['AllowMethods', 'AllowHeaders', 'AllowOrigin', 'MaxAge', 'AllowCredentials']);
const LIST_KEYS = new Set(['AllowOrigins', 'AllowMethods', 'AllowHeaders', 'ExposeHeaders', 'MaxAge', 'AllowCredentials']);

/**
 * `AWS::Serverless::Api` `Cors`: a string is the allowed origin; a mapping has AllowOrigin, AllowMethods,
 * AllowHeaders (each a quoted header value such as `"'GET,POST'"`: API Gateway takes them as literal
 * expressions), MaxAge and AllowCredentials.
 */
export function restCors(value: unknown, path: string, r: FieldReader): CorsConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    const origin = quoted(value, path, r);
    return origin === undefined ? undefined : cors([origin], [], [], [], false);
  }
  const props = r.record(value, path);
  if (!props) return undefined;
  unknownKeys(props, REST_KEYS, path, r);
  const text = (key: string) => {
    const raw = r.string(props[key], `${path}.${key}`);
    return raw === undefined ? undefined : quoted(raw, `${path}.${key}`, r);
  };
  const origin = text('AllowOrigin');
  if (props.AllowOrigin === undefined) r.error(`${path}.AllowOrigin`, 'is required when Cors is a mapping (for example "\'*\'")');
  const methods = text('AllowMethods');
  const headers = text('AllowHeaders');
  // SAM documents MaxAge as a string and, like the others, passes it to API Gateway as a literal
  // expression ("'600'"); a plain number is taken as well.
  const maxAge = typeof props.MaxAge === 'string' ? wholeNumber(quoted(props.MaxAge, `${path}.MaxAge`, r), `${path}.MaxAge`, r) : r.integer(props.MaxAge, `${path}.MaxAge`);
  const credentials = samAllowCredentials(props.AllowCredentials, `${path}.AllowCredentials`, r);
  if (origin === undefined) return undefined;
  if (credentials && origin === '*') {
    r.error(`${path}.AllowCredentials`, "cannot be true when AllowOrigin is \"'*'\" (browsers refuse credentials with a wildcard origin)");
  }
  return cors([origin], split(methods).map((m) => m.toUpperCase()), split(headers), [], credentials, maxAge);
}

/**
 * SAM's `AllowCredentials`: SAM's transform sends Access-Control-Allow-Credentials only for the boolean true
 * (samtranslator swagger.py and open_api.py `add_cors`: `if allow_credentials is not True: allow_credentials = False`),
 * so `"'true'"`, quoted like the other Cors values, or the string `"true"` deploy an API without it.
 */
function samAllowCredentials(value: unknown, path: string, r: FieldReader): boolean {
  if (value === true) return true;
  const meantFalse = value === undefined || value === null || value === false || (typeof value === 'string' && /^\s*'?\s*false\s*'?\s*$/i.test(value));
  if (!meantFalse) {
    r.warn(path, `is ${describe(value)}, not the boolean true: SAM deploys the API without Access-Control-Allow-Credentials, and so does pylambda; write AllowCredentials: true`, 'dev');
  }
  return false;
}

function wholeNumber(text: string | undefined, path: string, r: FieldReader): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  r.error(path, `'${text}' is not a whole number of seconds`);
  return undefined;
}

/**
 * An HTTP API's `CorsConfiguration`: `true` allows every origin; a mapping holds lists. `sam`: an
 * `AWS::Serverless::HttpApi`'s, read by SAM's transform (samAllowCredentials), not by CloudFormation.
 */
export function httpCors(value: unknown, path: string, r: FieldReader, sam = false): CorsConfig | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (value === true) return cors(['*'], [], [], [], false);
  const config = listCors(value, path, r, sam ? samAllowCredentials : boolean);
  if (config?.allowCredentials && config.allowOrigins.includes('*')) {
    r.error(`${path}.AllowCredentials`, "cannot be true when AllowOrigins is '*' or not set");
  }
  return config;
}

/** `FunctionUrlConfig.Cors`: the same lists as an HTTP API (SAM's `_validate_cors_config_parameter`). */
export function listCors(value: unknown, path: string, r: FieldReader, credentials = boolean): CorsConfig | undefined {
  const props = r.record(value, path);
  if (!props) return undefined;
  unknownKeys(props, LIST_KEYS, path, r);
  const list = (key: string) => strings(props[key], `${path}.${key}`, r);
  const origins = props.AllowOrigins === undefined ? ['*'] : list('AllowOrigins');
  return cors(
    origins,
    list('AllowMethods').map((m) => m.toUpperCase()),
    list('AllowHeaders'),
    list('ExposeHeaders'),
    credentials(props.AllowCredentials, `${path}.AllowCredentials`, r),
    r.integer(props.MaxAge, `${path}.MaxAge`),
  );
}

function cors(origins: string[], methods: string[], headers: string[], expose: string[], credentials: boolean, maxAge?: number): CorsConfig {
  return {
    allowOrigins: origins,
    allowMethods: methods,
    allowHeaders: headers,
    exposeHeaders: expose,
    allowCredentials: credentials,
    ...(maxAge === undefined ? {} : { maxAge }),
  };
}

function unknownKeys(props: Record<string, unknown>, allowed: ReadonlySet<string>, path: string, r: FieldReader): void {
  for (const key of Object.keys(props).filter((k) => !allowed.has(k))) {
    r.error(`${path}.${key}`, `is not a CORS setting (known: ${[...allowed].join(', ')})`);
  }
}

/** API Gateway reads REST CORS values as expressions: a literal is in single quotes, `"'*'"`. */
function quoted(text: string, path: string, r: FieldReader): string | undefined {
  const match = /^\s*'(.*)'\s*$/s.exec(text);
  if (match) return match[1]!;
  r.error(path, `must be quoted for API Gateway, as in "'${text}'" (single quotes inside the string)`);
  return undefined;
}

function split(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
