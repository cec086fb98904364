import type { Report } from './report.js';

/** A line a runtime process wrote, attributed to the invocation it was serving. */
export interface OutputLine {
  readonly environmentId: number;
  /** The invocation being served when the line was written; undefined during init. */
  readonly requestId: string | undefined;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/**
 * What an emulated function logs: the function's own lines, and Lambda's platform lines. `functionId` is
 * the function as the project names it (a logical id, a serverless.yml key, a Chalice handler), as dev's
 * request lines and `invoke FUNCTION` do; `functionName` the Lambda function's name (`shop-dev`).
 */
export type LogEvent =
  | ({ readonly kind: 'function'; readonly functionId: string; readonly functionName: string } & OutputLine)
  | {
      readonly kind: 'platform';
      /** Which of Lambda's lines it is, in either log format (`message`: an error the platform writes, such as a timeout's). */
      readonly line: PlatformLine;
      readonly functionId: string;
      readonly functionName: string;
      readonly requestId: string;
      readonly text: string;
      readonly report?: Report;
    };

export type PlatformLine = 'start' | 'end' | 'report' | 'init-report' | 'message';
