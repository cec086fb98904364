/** Reads the ELF facts of a file on disk: serves the pure parser only the byte ranges it asks for. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parseElf, type ElfResult } from '../core/packaging/elf.js';

export function readElfInfo(path: string): ElfResult {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const handle = fd;
    const size = fstatSync(handle).size;
    return parseElf({
      size,
      read(offset, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        let done = 0;
        while (done < buffer.length) {
          const n = readSync(handle, buffer, done, buffer.length - done, offset + done);
          if (n === 0) break;
          done += n;
        }
        return buffer.subarray(0, done);
      },
    });
  } catch (error) {
    return { ok: false, error: `cannot read ${path}: ${(error as Error).message}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
