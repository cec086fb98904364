import { describe, expect, it } from 'vitest';
import { jsonWithPayload } from '../../src/cli/commands/invoke.js';

const doc = (payload: Buffer | string) => jsonWithPayload({ function: 'Fn', cold: true }, Buffer.from(payload), { report: { durationMs: 1 }, logs: [] });

describe("invoke --json: the function's result as it returned it", () => {
  it.each([
    // Numbers JavaScript cannot hold: a snowflake id, a Decimal's trailing zero, a float's digits.
    ['{"id": 12345678901234567890, "price": 1.10, "e": 1e400}', '{"id": 12345678901234567890, "price": 1.10, "e": 1e400}'],
    ['"text"', '"text"'],
    ['null', 'null'],
    ['  [1, 2]  ', '[1, 2]'],
  ])('keeps the JSON text %s', (payload, inDocument) => {
    const out = doc(payload);
    expect(out).toBe(`{"function":"Fn","cold":true,"payload":${inDocument},"report":{"durationMs":1},"logs":[]}`);
    expect(() => JSON.parse(out) as unknown).not.toThrow();
  });

  it('makes a result that is not JSON a string, and one that is not UTF-8 base64', () => {
    expect(JSON.parse(doc('plain text'))).toMatchObject({ payload: 'plain text' });
    const bytes = JSON.parse(doc(Buffer.from([0, 0xff, 0x72]))) as Record<string, unknown>;
    expect(bytes).toMatchObject({ payloadBase64: 'AP9y' });
    expect(bytes).not.toHaveProperty('payload');
  });

  it('keeps the document on one line when the result spans several, its numbers as written', () => {
    expect(doc('{\n  "id": 12345678901234567890,\r\n  "s": "a\\nb"\n}')).toBe('{"function":"Fn","cold":true,"payload":{ "id": 12345678901234567890, "s": "a\\nb" },"report":{"durationMs":1},"logs":[]}');
  });

  it('closes the document when nothing follows the payload', () => {
    expect(jsonWithPayload({}, Buffer.from('1.50'), {})).toBe('{"payload":1.50}');
  });
});
