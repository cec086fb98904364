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

/**
 * A function's LoggingConfig, checked as Lambda checks it when the stack deploys: a value outside its
 * lists is refused, and so is a log level with the Text format ("LogLevel is not supported when LogFormat
 * is set to "Text"", the CloudFormation error aws-cdk#28045 quotes; lambroll#414 met it too). Locally a
 * level without JSON did nothing, silently, and the deploy failed.
 */
export function readLoggingConfig(config: Readonly<Record<string, unknown>>, at: string, r: FieldReader): LoggingSettings {
  const logFormat = r.string(config.LogFormat, `${at}.LogFormat`);
  if (logFormat !== undefined && logFormat !== 'Text' && logFormat !== 'JSON') {
    r.error(`${at}.LogFormat`, `'${logFormat}' is not Text or JSON`);
  }
  const level = (key: string, allowed: readonly string[]) => {
    const value = r.string(config[key], `${at}.${key}`);
    if (value === undefined) return undefined;
    if (!allowed.includes(value)) {
      r.error(`${at}.${key}`, `'${value}' is not one of ${allowed.join(', ')}`);
      return undefined;
    }
    if (logFormat !== 'JSON') {
      r.error(`${at}.${key}`, `needs LogFormat: JSON: Lambda refuses a log level with the ${logFormat ?? 'default Text'} format ("LogLevel is not supported when LogFormat is set to "Text"")`);
      return undefined;
    }
    return value;
  };
  const applicationLevel = level('ApplicationLogLevel', APPLICATION_LOG_LEVELS);
  level('SystemLogLevel', SYSTEM_LOG_LEVELS);
  return {
    ...(logFormat === 'Text' || logFormat === 'JSON' ? { logFormat } : {}),
    ...(applicationLevel === undefined ? {} : { logLevel: applicationLevel }),
  };
}
