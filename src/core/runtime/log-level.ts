/**
 * Lambda's application log-level filtering (LoggingConfig.ApplicationLogLevel, only with the JSON log format).
 * Lambda, not the runtime, drops the lines under the level: "your function code must output log events to
 * stdout or stderr as JSON formatted objects that contain a key value pair with the key "level" ... If the
 * "level" value field is invalid or missing, Lambda will assign the log output the level INFO"
 * (monitoring-cloudwatchlogs-log-level), and "If you don't supply a valid timestamp, Lambda will assign the log the
 * level INFO" (the same page): a record without its `timestamp` is INFO. Its format is not checked here, a
 * leniency: Powertools' default ("2024-01-01 12:00:00,123+0000") is not RFC 3339, and a rule stricter than
 * the service's would hide a function's errors locally. A line that is not JSON is INFO too: with ApplicationLogLevel ERROR
 * a function's plain output never reaches CloudWatch (observed on provided.al2023, aws/aws-lambda-go#533:
 * "any unstructured log entry will ... set the log level to INFO").
 */

/** The levels, most detailed first (API_LoggingConfig: "TRACE is the highest level and FATAL is the lowest"). */
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
type Level = (typeof LEVELS)[number];

/**
 * Python's names for two of them: the runtime's own JSON records say WARNING and CRITICAL (logging's level
 * names), and Lambda keeps a warning at WARN for them (awslambdaric sends their level beside the record).
 */
const ALIASES: Readonly<Record<string, Level>> = { WARNING: 'WARN', CRITICAL: 'FATAL' };

/** The level Lambda gives one line of a function's output. */
export function lineLevel(text: string): Level {
  if (!text.trimStart().startsWith('{')) return 'INFO';
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return 'INFO';
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'INFO';
  const { level, timestamp } = record as Record<string, unknown>;
  if (typeof level !== 'string' || typeof timestamp !== 'string' || timestamp === '') return 'INFO';
  const name = level.toUpperCase();
  return ALIASES[name] ?? LEVELS.find((l) => l === name) ?? 'INFO';
}

/**
 * Whether a line of the function's output reaches the logs. `applicationLogLevel` is the function's
 * ApplicationLogLevel (set only with LogFormat JSON); without one nothing is filtered.
 */
export function passesLogLevel(text: string, applicationLogLevel: string | undefined): boolean {
  if (applicationLogLevel === undefined) return true;
  const threshold = LEVELS.indexOf(applicationLogLevel.toUpperCase() as Level);
  if (threshold < 0) return true;
  return LEVELS.indexOf(lineLevel(text)) >= threshold;
}
