/**
 * ALB listener rule path patterns (CloudFormation, ListenerRule PathPatternConfig: "The maximum size of each
 * string is 128 characters. The comparison is case sensitive. The following wildcard characters are supported:
 * * (matches 0 or more characters) and ? (matches exactly 1 character)." The pattern is compared with the path
 * only, not the query string.)
 */

export const ALB_PATTERN_MAX_LENGTH = 128;
export const ALB_PRIORITY_MIN = 1;
export const ALB_PRIORITY_MAX = 50_000;

/** Everything an ALB-style pattern can say: one regular expression, anchored at both ends. */
export function albPatternRegExp(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/** A `*`/`?` pattern matched without regard to case (ALB host, header and query conditions). */
export function matchesIgnoringCase(pattern: string, text: string): boolean {
  return albPatternRegExp(pattern.toLowerCase()).test(text.toLowerCase());
}

export function albPatternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'must not be empty';
  if (pattern.length > ALB_PATTERN_MAX_LENGTH) {
    return `is ${pattern.length} characters long; an ALB path pattern has at most ${ALB_PATTERN_MAX_LENGTH}`;
  }
  return undefined;
}
