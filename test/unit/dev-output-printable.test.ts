import { describe, expect, it } from 'vitest';
import { printable } from '../../src/ui/dev-output.js';

// A request line holds whatever bytes its client chose; the dev log shows them without letting them drive the terminal.
describe('printable', () => {
  it.each([
    ['/plain/path', '/plain/path'],
    ['/\x1b]0;pwned\x07', '/\\x1b]0;pwned\\x07'],
    ['/a\x1b[2J', '/a\\x1b[2J'],
    ['/a\x00b\x7f', '/a\\x00b\\x7f'],
    ['/c1\x9b31m', '/c1\\x9b31m'],
    ['/caf\u00e9/\u65e5\u672c', '/caf\u00e9/\u65e5\u672c'],
  ])('%j -> %j', (text, shown) => {
    expect(printable(text)).toBe(shown);
  });
});
