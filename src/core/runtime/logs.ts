import type { Report } from './report.js';

/** A line a runtime process wrote, attributed to the invocation it was serving. */
export interface OutputLine {
  readonly environmentId: number;
  /** The invocation being served when the line was written; undefined during init. */
  readonly requestId: string | undefined;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** What an emulated function logs: the function's own lines, and Lambda's platform lines. */
export type LogEvent =
  | ({ readonly kind: 'function'; readonly functionName: string } & OutputLine)
  | { readonly kind: 'platform'; readonly functionName: string; readonly requestId: string; readonly text: string; readonly report?: Report };
