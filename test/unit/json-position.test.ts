import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, notValidJson } from '../../src/core/json-position.js';

/** What a reader says of `text`, with the error JSON.parse really throws for it. */
function said(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return notValidJson(error, text);
  }
  throw new Error(`${text} is JSON`);
}

describe('notValidJson', () => {
  // Node 20's V8 gives no position for an unexpected token, and quotes the text around it, raw lines and all.
  it.each<[string, string, string]>([
    ['an array with a trailing comma', '{\n  "a": 1,\n  "b": [1,2,],\n}\n', "is not valid JSON (line 3, column 13): Unexpected token ']'"],
    ['text that is not JSON', 'not json\n', "is not valid JSON (line 1, column 2): Unexpected token 'o'"],
    ['single quotes', "{\n  \"a\": 'x'\n}", "is not valid JSON (line 2, column 8): Unexpected token '''"],
    ['a long line', `{"a": "${'x'.repeat(40)}", "b": nope}`, "is not valid JSON (line 1, column 57): Unexpected token 'o'"],
    // V8 gives these a position, which is kept.
    ['an object with a trailing comma', '{\n  "a": 1,\n}', "is not valid JSON (line 3, column 1): Expected double-quoted property name in JSON at position 12"],
    ['text after the JSON', '{} {}', 'is not valid JSON (line 1, column 4): Unexpected non-whitespace character after JSON at position 3'],
    ['an early end, which has no place', '{"Parameters": ', 'is not valid JSON: Unexpected end of JSON input'],
  ])('%s', (_what, text, expected) => {
    expect(said(text)).toBe(expected);
  });
});

describe('jsonErrorOffset', () => {
  it.each(['{}', ' [ ] ', '0', '-0.5e+3', '"a\\u00e9\\n\\"\\\\\\/"', '[1, -2.5E3, "x", true, false, null, {"k": [{}], "l": {"m": "n"}}]'])('%s is JSON', (text) => {
    expect(jsonErrorOffset(text)).toBeUndefined();
  });

  it.each<[string, number]>([
    ['', 0], ['01', 1], ['[1 2]', 3], ['{"a" 1}', 5], ['{a: 1}', 1], ['"a\u0001"', 2], ['"\\x"', 2], ['"\\u12g4"', 5],
    ['tru', 3], ['nul!', 3], ['1.', 1], ['-', 0], ['[1,]', 3], ['{"a":1,}', 7], ['"abc', 4], ['[', 1], ['{} x', 3],
  ])('%j: at %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('gives up on nesting deeper than the stack, where JSON.parse has its own message', () => {
    expect(jsonErrorOffset(`${'['.repeat(200_000)}x`)).toBeUndefined();
  });
});
