/**
 * A UTF-16 byte order mark (FF FE or FE FF): what Windows PowerShell 5's `>` and Out-File write by
 * default. JSON is UTF-8 (RFC 8259 8.1): such a file is refused with how to save it again.
 */
export function startsWithUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

export const SAVE_AS_UTF8_HINT = 'Save it as UTF-8 (in PowerShell: Set-Content -Encoding utf8, or Out-File -Encoding utf8).';
