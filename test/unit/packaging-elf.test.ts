import { describe, expect, it } from 'vitest';
import { EM_AARCH64, EM_X86_64, parseElf, type ElfInfo } from '../../src/core/packaging/elf.js';
import type { Architecture } from '../../src/core/model/project.js';
import { packageTarget } from '../../src/core/packaging/platform.js';
import { checkSharedObject, extensionSuffixProblem, foreignProgramWarning, isSharedObjectPath } from '../../src/core/packaging/shared-objects.js';
import { buildElf, type ElfSpec } from '../fixtures/packaging/elf-builder.js';

const libc = (...versions: string[]) => ({ file: 'libc.so.6', versions });

function info(spec: ElfSpec): ElfInfo {
  const result = parseElf(buildElf(spec));
  if (!result.ok) throw new Error(result.error);
  return result.info;
}

describe('ELF header', () => {
  it.each([
    [{ is64: true, little: true, machine: EM_X86_64 }, 64, 'little', 'x86_64'],
    [{ is64: true, little: true, machine: EM_AARCH64 }, 64, 'little', 'aarch64'],
    [{ is64: false, little: true, machine: 3 }, 32, 'little', 'i386'],
    [{ is64: true, little: false, machine: 21 }, 64, 'big', 'ppc64'],
    [{ is64: false, little: false, machine: 8 }, 32, 'big', 'mips'],
    [{ machine: 9999 }, 64, 'little', 'machine 9999'],
  ] as const)('%o', (spec, elfClass, endianness, machineName) => {
    const parsed = info(spec);
    expect([parsed.elfClass, parsed.endianness, parsed.machineName, parsed.type]).toEqual([elfClass, endianness, machineName, 3]);
  });
});

describe('GLIBC versions needed', () => {
  const needs = [libc('GLIBC_2.2.5', 'GLIBC_2.14', 'GLIBC_2.34', 'GLIBC_2.4'), { file: 'libm.so.6', versions: ['GLIBC_2.29'] }];

  it.each(['sections', 'dynamic'] as const)('reads every entry and the highest version (%s)', (layout) => {
    for (const [is64, little] of [[true, true], [false, true], [true, false], [false, false]] as const) {
      const parsed = info({ is64, little, layout, needs });
      expect(parsed.needs).toEqual(needs);
      expect(parsed.glibc).toEqual({ major: 2, minor: 34, patch: 0, symbol: 'GLIBC_2.34' });
    }
  });

  it('compares versions numerically, patch included', () => {
    expect(info({ needs: [libc('GLIBC_2.2.5', 'GLIBC_2.3')] }).glibc?.symbol).toBe('GLIBC_2.3');
    expect(info({ needs: [libc('GLIBC_2.3.4', 'GLIBC_2.3.2')] }).glibc?.symbol).toBe('GLIBC_2.3.4');
    expect(info({ needs: [libc('GLIBC_2.9', 'GLIBC_2.10')] }).glibc?.symbol).toBe('GLIBC_2.10');
  });

  it("ignores other libraries' versions and GLIBC_PRIVATE", () => {
    const parsed = info({ needs: [{ file: 'libstdc++.so.6', versions: ['GLIBCXX_3.4.30', 'CXXABI_1.3.9'] }, libc('GLIBC_PRIVATE', 'GLIBC_2.17')] });
    expect(parsed.glibc?.symbol).toBe('GLIBC_2.17');
    expect(parsed.glibcAbi).toEqual([]);
  });

  it('counts GLIBC_ABI_DT_RELR as glibc 2.36 and reports unknown ABI markers', () => {
    expect(info({ needs: [libc('GLIBC_2.34', 'GLIBC_ABI_DT_RELR')] }).glibc).toEqual({ major: 2, minor: 36, patch: 0, symbol: 'GLIBC_ABI_DT_RELR' });
    expect(info({ needs: [libc('GLIBC_2.17', 'GLIBC_ABI_GNU_TLS')] }).glibcAbi).toEqual(['GLIBC_ABI_GNU_TLS']);
  });

  it('has no need when the object has no version section', () => {
    const parsed = info({ needs: [] });
    expect(parsed.needs).toEqual([]);
    expect(parsed.glibc).toBeUndefined();
  });
});

describe('bad input gives an error value, never an exception', () => {
  const good = buildElf({ needs: [libc('GLIBC_2.17')] });

  it.each([
    ['empty', new Uint8Array(0), /no ELF magic/],
    ['text', new TextEncoder().encode('#!/bin/sh\necho hi\n'), /no ELF magic/],
    ['a bare ident', good.subarray(0, 16), /truncated/],
    ['a cut header', good.subarray(0, 40), /truncated/],
    ['no section table', good.subarray(0, good.length - 10), /truncated/],
  ])('%s', (_, bytes, error) => {
    const result = parseElf(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it('an unknown class or byte order', () => {
    const bytes = good.slice();
    bytes[4] = 7;
    expect(parseElf(bytes)).toEqual({ ok: false, error: 'not a valid ELF file: unknown class 7' });
    const other = good.slice();
    other[5] = 0;
    expect(parseElf(other)).toEqual({ ok: false, error: 'not a valid ELF file: unknown byte order 0' });
  });

  it('survives random corruption of every byte after the ident', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 2000; round++) {
      const bytes = good.slice();
      for (let i = 0; i < 4; i++) bytes[16 + Math.floor(random() * (bytes.length - 16))] = Math.floor(random() * 256);
      expect(() => parseElf(bytes)).not.toThrow();
    }
  });

  it('survives a cut at every length, in both layouts', () => {
    for (const layout of ['sections', 'dynamic'] as const) {
      const bytes = buildElf({ layout, needs: [libc('GLIBC_2.17', 'GLIBC_2.28')] });
      for (let n = 0; n < bytes.length; n++) expect(parseElf(bytes.subarray(0, n)).ok, `${layout} cut at ${n}`).toBe(false);
      expect(parseElf(bytes).ok).toBe(true);
    }
  });

  it('a string table offset out of range', () => {
    const spec = { needs: [libc('GLIBC_2.17')] };
    const bytes = buildElf(spec);
    const view = new DataView(bytes.buffer);
    // The section table is last; section 2 (.gnu.version_r) links to section 1: point it at section 9.
    const shoff = Number(view.getBigUint64(40, true));
    view.setUint32(shoff + 2 * 64 + 40, 9, true);
    expect(parseElf(bytes)).toEqual({ ok: false, error: 'not a valid ELF file: version section links to no string table' });
  });

  it('a source whose reads fail', () => {
    const result = parseElf({ size: 100, read: () => { throw new Error('EIO'); } });
    expect(result).toEqual({ ok: false, error: 'cannot read ELF file: Error: EIO' });
  });
});

describe('shared object check', () => {
  const py312 = packageTarget('python3.12', 'x86_64');
  const py311arm = packageTarget('python3.11', 'arm64');
  const path = 'orjson/orjson.cpython-312-x86_64-linux-gnu.so';

  it('accepts the right machine and an old enough glibc', () => {
    expect(checkSharedObject(path, info({ needs: [libc('GLIBC_2.34')] }), py312)).toEqual([]);
  });

  it('names the file, the machine and the glibc', () => {
    expect(checkSharedObject(path, info({ machine: EM_AARCH64, needs: [libc('GLIBC_2.35')] }), py312)).toEqual([
      `${path} is built for aarch64, but the function runs on x86_64 (x86_64)`,
      `${path} needs GLIBC_2.35 but python3.12 runs on glibc 2.34`,
    ]);
    expect(checkSharedObject('lib/x.so', info({ machine: EM_AARCH64, needs: [libc('GLIBC_2.28')] }), py311arm)).toEqual([
      'lib/x.so needs GLIBC_2.28 but python3.11 runs on glibc 2.26',
    ]);
  });

  it('rejects 32-bit and big-endian objects for the same machine family', () => {
    expect(checkSharedObject('a.so', info({ is64: false, machine: EM_X86_64 }), py312)).toEqual([
      'a.so is built for x86_64, 32-bit, but the function runs on x86_64 (x86_64)',
    ]);
  });

  it('rejects GLIBC_ABI markers Amazon Linux does not have', () => {
    expect(checkSharedObject('a.so', info({ needs: [libc('GLIBC_ABI_DT_RELR')] }), py312)).toEqual([
      'a.so needs GLIBC_ABI_DT_RELR but python3.12 runs on glibc 2.34',
    ]);
  });

  it.each([
    ['pkg/_x.cpython-312-x86_64-linux-gnu.so', undefined],
    ['pkg/_x.abi3.so', undefined],
    ['pkg/libfoo.so.1', undefined],
    ['pkg/_x.cpython-311-x86_64-linux-gnu.so', 'pkg/_x.cpython-311-x86_64-linux-gnu.so is an extension module for Python 3.11; python3.12 will not import it'],
    ['pkg/_x.cpython-313t-x86_64-linux-gnu.so', 'pkg/_x.cpython-313t-x86_64-linux-gnu.so is an extension module for Python 3.13 (free-threaded); python3.12 will not import it'],
    ['pkg/_x.cpython-312-aarch64-linux-gnu.so', 'pkg/_x.cpython-312-aarch64-linux-gnu.so is an extension module for aarch64; the function runs on x86_64'],
  ])('extension suffix of %s', (file, problem) => {
    expect(extensionSuffixProblem(file, py312)).toBe(problem);
  });

  it.each([
    ['a/b.so', true],
    ['numpy.libs/libgfortran-040039e1.so.5.0.0', true],
    ['a/b.cpython-312-x86_64-linux-gnu.so', true],
    ['a/so.py', false],
    ['a/b.sources', false],
  ])('%s is a shared object: %s', (file, expected) => {
    expect(isSharedObjectPath(file)).toBe(expected);
  });
});

describe('foreignProgramWarning: a program in bin/ for another machine than the target', () => {
  it.each<[string, number, Architecture, string | undefined]>([
    ['x86_64 program, x86_64 function', EM_X86_64, 'x86_64', undefined],
    ['aarch64 program, arm64 function', EM_AARCH64, 'arm64', undefined],
    ['x86_64 program, arm64 function', EM_X86_64, 'arm64', 'bin/tool is a program for x86_64, but the function runs on aarch64 (arm64): running it there fails with "Exec format error"'],
    ['aarch64 program, x86_64 function', EM_AARCH64, 'x86_64', 'bin/tool is a program for aarch64, but the function runs on x86_64 (x86_64): running it there fails with "Exec format error"'],
  ])('%s', (_, machine, architecture, warning) => {
    expect(foreignProgramWarning('bin/tool', info({ machine }), packageTarget('python3.12', architecture))).toBe(warning);
  });
});
