/**
 * A UTF-16 byte order mark (FF FE or FE FF): what Windows PowerShell 5's `>` and Out-File write by
 * default. JSON is UTF-8 (RFC 8259 8.1): such a file is refused with how to save it again.
 */
export function startsWithUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

export const SAVE_AS_UTF8_HINT = 'Save it as UTF-8 (in PowerShell: Set-Content -Encoding utf8, or Out-File -Encoding utf8).';

/** The offset of the first byte that is not part of UTF-8 text; undefined when every byte is. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  for (let at = 0; at < bytes.length;) {
    const lead = bytes[at]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return at;
    // The second byte's range is narrower after E0, ED, F0 and F4: no overlong forms, surrogates or code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let i = 1; i < length; i++) {
      const byte = bytes[at + i];
      if (byte === undefined || byte < (i === 1 ? low : 0x80) || byte > (i === 1 ? high : 0xbf)) return at;
    }
    at += length;
  }
  return undefined;
}

export type DecodedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string };

/**
 * A configuration file's text (a template, serverless.yml, samconfig.toml, an --env-vars file), or why it is not
 * UTF-8. SAM CLI opens a template as UTF-8 and stops at another byte; a lenient decoding would go on with U+FFFD
 * in its place (a variable's value, a route), or read UTF-16 as one line of noise that "is not a template". A
 * UTF-8 byte order mark, which Windows editors write, is dropped.
 */
export function decodeUtf8Text(bytes: Uint8Array): DecodedText {
  if (startsWithUtf16Bom(bytes)) return { ok: false, problem: 'is UTF-16 text, not UTF-8' };
  const at = firstInvalidUtf8(bytes);
  if (at === undefined) return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const byte = bytes[at]!.toString(16).toUpperCase().padStart(2, '0');
  // 0x80-0xFF alone is most often a Latin-1 or Windows-1252 letter (an é typed in a Windows editor).
  return { ok: false, problem: `is not UTF-8 text: byte 0x${byte} on line ${line}, column ${column} (saved as Latin-1 or Windows-1252?)` };
}
