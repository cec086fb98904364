import { describe, expect, it } from 'vitest';
import { decodeUtf8Text, firstInvalidUtf8 } from '../../src/core/model/text-encoding.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('decodeUtf8Text: a configuration file as SAM CLI reads it, UTF-8 or refused', () => {
  it.each<[string, Buffer, string]>([
    ['ASCII', bytes('Resources: {}\n'), 'Resources: {}\n'],
    ['UTF-8 with letters outside ASCII', bytes('Description: café ☕ 𝄞\n'), 'Description: café ☕ 𝄞\n'],
    ['a UTF-8 byte order mark (a Windows editor\'s), dropped', bytes([0xef, 0xbb, 0xbf], 'Resources: {}'), 'Resources: {}'],
    ['empty', bytes(''), ''],
  ])('%s: its text', (_what, input, text) => {
    expect(decodeUtf8Text(input)).toEqual({ ok: true, text });
  });

  it.each<[string, Buffer, string]>([
    ['UTF-16 LE with its mark (PowerShell 5\'s >)', Buffer.from('\uFEFFResources: {}', 'utf16le'), 'is UTF-16 text, not UTF-8'],
    ['UTF-16 BE with its mark', Buffer.from([0xfe, 0xff, 0x00, 0x52]), 'is UTF-16 text, not UTF-8'],
    ['Latin-1 é on the second line', bytes('A: 1\nDescription: caf', [0xe9], '\n'), 'is not UTF-8 text: byte 0xE9 on line 2, column 17 (saved as Latin-1 or Windows-1252?)'],
    ['Windows-1252 quote after a UTF-8 letter', bytes('é ', [0x93], 'x'), 'is not UTF-8 text: byte 0x93 on line 1, column 3 (saved as Latin-1 or Windows-1252?)'],
    ['a sequence cut at the end', bytes('ok ', [0xe2, 0x98]), 'is not UTF-8 text: byte 0xE2 on line 1, column 4 (saved as Latin-1 or Windows-1252?)'],
  ])('%s: refused, saying where', (_what, input, problem) => {
    expect(decodeUtf8Text(input)).toEqual({ ok: false, problem });
  });
});

describe('firstInvalidUtf8: the first byte no UTF-8 decoder takes', () => {
  it.each<[string, number[], number | undefined]>([
    ['valid two, three and four byte sequences', [0xc3, 0xa9, 0xe2, 0x98, 0x95, 0xf0, 0x9d, 0x84, 0x9e], undefined],
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong 2-byte form (C0 80)', [0xc0, 0x80], 0],
    ['an overlong 3-byte form (E0 80 80)', [0xe0, 0x80, 0x80], 0],
    ['a UTF-16 surrogate (ED A0 80)', [0xed, 0xa0, 0x80], 0],
    ['past U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], 0],
    ['F5, never a lead byte', [0x61, 0xf5, 0x80, 0x80, 0x80], 1],
  ])('%s', (_what, input, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(input))).toBe(at);
    // As the platform's strict decoder judges the same bytes.
    let strictFails = false;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(input));
    } catch {
      strictFails = true;
    }
    expect(strictFails).toBe(at !== undefined);
  });
});
