/** Paths inside a package: relative, POSIX, and ordered by their bytes. */

/** A relative POSIX path with no empty, `.` or `..` segment, no backslash and no NUL. */
export function validArchivePath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.includes('\\') && !path.includes('\0')
    && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

const encoder = new TextEncoder();

/** Byte order of the UTF-8 encodings (what `LC_ALL=C sort` gives; `<` on strings differs beyond U+FFFF). */
export function compareUtf8(a: string, b: string): number {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
