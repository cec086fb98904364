import type { FieldReader } from './fields.js';
import type { LogFormat } from './project.js';

/** Lambda's values (API_LoggingConfig): the application's levels, and the platform's. */
const APPLICATION_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN'];

export interface LoggingSettings {
  readonly logFormat?: LogFormat;
  /** ApplicationLogLevel: the runtime's AWS_LAMBDA_LOG_LEVEL. */
  readonly logLevel?: string;
}

/** The names a configuration gives LoggingConfig's fields: CloudFormation's, or serverless.yml's `logs`. */
export interface LoggingKeys {
  readonly format: string;
  readonly application: string;
  readonly system: string;
}

const CFN_KEYS: LoggingKeys = { format: 'LogFormat', application: 'ApplicationLogLevel', system: 'SystemLogLevel' };

/**
 * A function's LoggingConfig, checked as Lambda checks it when the stack deploys: a value outside its
 * lists is refused, and so is a log level with the Text format ("LogLevel is not supported when LogFormat
 * is set to "Text"", the CloudFormation error aws-cdk#28045 quotes; lambroll#414 met it too). Locally a
 * level without JSON did nothing, silently, and the deploy failed.
 */
export function readLoggingConfig(config: Readonly<Record<string, unknown>>, at: string, r: FieldReader, keys: LoggingKeys = CFN_KEYS): LoggingSettings {
  const logFormat = r.string(config[keys.format], `${at}.${keys.format}`);
  if (logFormat !== undefined && logFormat !== 'Text' && logFormat !== 'JSON') {
    r.error(`${at}.${keys.format}`, `'${logFormat}' is not Text or JSON`);
  }
  const level = (key: string, allowed: readonly string[]) => {
    const value = r.string(config[key], `${at}.${key}`);
    if (value === undefined) return undefined;
    if (!allowed.includes(value)) {
      r.error(`${at}.${key}`, `'${value}' is not one of ${allowed.join(', ')}`);
      return undefined;
    }
    if (logFormat !== 'JSON') {
      r.error(`${at}.${key}`, `needs ${keys.format}: JSON: Lambda refuses a log level with the ${logFormat ?? 'default Text'} format ("LogLevel is not supported when LogFormat is set to "Text"")`);
      return undefined;
    }
    return value;
  };
  const applicationLevel = level(keys.application, APPLICATION_LOG_LEVELS);
  if (applicationLevel !== undefined && APPLICATION_LOG_LEVELS.indexOf(applicationLevel) > APPLICATION_LOG_LEVELS.indexOf('INFO')) {
    // sam local shows every line whatever the level; Lambda drops those under it, and a print is INFO to it
    // (log-level.ts): said once, or a print that never shows looks like pylambda losing output. An EMF line has no
    // level either, so the metrics Powertools' Metrics flushes are dropped with it, deployed as well.
    r.warn(`${at}.${keys.application}`, `${applicationLevel} drops the function's lines under it, locally as on Lambda: a print() counts as INFO, so it is not shown, and so does an EMF metrics line (Powertools' Metrics), whose metrics then never reach CloudWatch (log at ${applicationLevel} or lower the level to see it)`);
  }
  level(keys.system, SYSTEM_LOG_LEVELS);
  return {
    ...(logFormat === 'Text' || logFormat === 'JSON' ? { logFormat } : {}),
    ...(applicationLevel === undefined ? {} : { logLevel: applicationLevel }),
  };
}
