import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/runtime/logs.js';
import { formatLogEvent } from '../../src/ui/log-lines.js';

const plain = { dim: (s: string) => s, bold: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s, cyan: (s: string) => s };
const line = (text: string, fn = { functionId: 'Fn', functionName: 'Fn' }): LogEvent => ({ kind: 'function', ...fn, environmentId: 1, stream: 'stdout', requestId: 'abcdef12-3456', text });

describe('a function log event in a terminal', () => {
  it.each([
    ['a traceback joined with CR: one line each', '[ERROR] E: x\rTraceback (most recent call last):\r\u00a0\u00a0File "a.py"', '[ERROR] E: x\nTraceback (most recent call last):\n\u00a0\u00a0File "a.py"'],
    // Both runtime clients end their LAMBDA_WARNING line with a CR: no empty line after it.
    ['a CR at the end: no empty line', '[WARNING]\tt\t\tLAMBDA_WARNING: Unhandled exception.\r', '[WARNING]\tt\t\tLAMBDA_WARNING: Unhandled exception.'],
    ['CRLF is left to the terminal', 'a\r\nb', 'a\r\nb'],
  ])('%s', (_what, text, shown) => {
    expect(formatLogEvent(line(text), plain)).toBe(shown);
  });

  it('tags every line with the function and request when asked', () => {
    expect(formatLogEvent(line('one\rtwo\r'), plain, { tag: true })).toBe('[Fn abcdef12] one\n[Fn abcdef12] two');
  });

  it("names the function as the request lines do (a Chalice app's handler, not its Lambda name)", () => {
    expect(formatLogEvent(line('hi', { functionId: 'api_handler', functionName: 'shop-dev' }), plain, { tag: true })).toBe('[api_handler abcdef12] hi');
  });
});
