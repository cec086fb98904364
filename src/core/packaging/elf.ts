/**
 * Just enough of ELF (the System V gABI, plus the GNU symbol versioning of the LSB) to say what a
 * shared object was built for and which glibc it needs: class, byte order, machine, and the
 * `GLIBC_x.y` versions in its version-needed entries (`SHT_GNU_verneed`, named through the linked
 * string table, normally `.dynstr`). The same numbers `readelf -h -V` prints.
 *
 * Never throws: garbage, truncated or hostile input gives `{ ok: false, error }`. Reads through a
 * `ByteSource` so an adapter can serve only the few ranges needed from a 400 MB library.
 */
import type { GlibcVersion } from './platform.js';

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** `e_machine` values (gABI): the two Lambda runs, and a few a wrong wheel may carry. */
export const ELF_MACHINES: Readonly<Record<number, string>> = {
  3: 'i386',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  22: 's390x',
  40: 'arm',
  62: 'x86_64',
  183: 'aarch64',
  243: 'riscv',
  258: 'loongarch',
};
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

export interface VersionNeed {
  /** The library the versions come from (`libc.so.6`). */
  readonly file: string;
  readonly versions: readonly string[];
}

export interface GlibcNeed extends GlibcVersion {
  readonly patch: number;
  /** `GLIBC_2.34` */
  readonly symbol: string;
}

export interface ElfInfo {
  readonly elfClass: 32 | 64;
  readonly endianness: 'little' | 'big';
  /** `e_type`: 3 is a shared object (ET_DYN). */
  readonly type: number;
  readonly machine: number;
  readonly machineName: string;
  readonly needs: readonly VersionNeed[];
  /** The highest `GLIBC_x.y(.z)` needed, if any. */
  readonly glibc?: GlibcNeed;
  /** `GLIBC_ABI_*` markers (`GLIBC_ABI_DT_RELR`): not numbered, yet each exists only in newer glibc. */
  readonly glibcAbi: readonly string[];
}

export type ElfResult = { readonly ok: true; readonly info: ElfInfo } | { readonly ok: false; readonly error: string };

const SHT_GNU_VERNEED = 0x6ffffffe;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const DT_NULL = 0;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_VERNEED = 0x6ffffffe;
const DT_VERNEEDNUM = 0x6fffffff;
/** Bounds against hostile input: real libraries have a handful of needed files and a few dozen versions. */
const MAX_ENTRIES = 4096;
const MAX_NAME = 1024;

class Malformed extends Error {}

/** Reads fixed-size fields from one range of the file, bounds-checked. */
class View {
  private readonly view: DataView;
  constructor(
    bytes: Uint8Array,
    private readonly little: boolean,
    private readonly is64: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private check(offset: number, width: number): void {
    if (offset < 0 || offset + width > this.view.byteLength) throw new Malformed('truncated');
  }
  u16(offset: number): number {
    this.check(offset, 2);
    return this.view.getUint16(offset, this.little);
  }
  u32(offset: number): number {
    this.check(offset, 4);
    return this.view.getUint32(offset, this.little);
  }
  /** An address, offset or size: 4 or 8 bytes by class; beyond 2^53 it cannot be a real file offset. */
  word(offset: number): number {
    if (!this.is64) return this.u32(offset);
    this.check(offset, 8);
    const value = this.view.getBigUint64(offset, this.little);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Malformed('offset out of range');
    return Number(value);
  }
}

export function parseElf(input: ByteSource | Uint8Array): ElfResult {
  const source = input instanceof Uint8Array ? bytesSource(input) : input;
  try {
    return { ok: true, info: parse(source) };
  } catch (error) {
    return { ok: false, error: error instanceof Malformed ? `not a valid ELF file: ${error.message}` : `cannot read ELF file: ${String(error)}` };
  }
}

function parse(source: ByteSource): ElfInfo {
  const ident = source.read(0, 16);
  if (ident.length < 16 || ident[0] !== 0x7f || ident[1] !== 0x45 || ident[2] !== 0x4c || ident[3] !== 0x46) {
    throw new Malformed('no ELF magic');
  }
  if (ident[4] !== 1 && ident[4] !== 2) throw new Malformed(`unknown class ${ident[4]}`);
  if (ident[5] !== 1 && ident[5] !== 2) throw new Malformed(`unknown byte order ${ident[5]}`);
  const is64 = ident[4] === 2;
  const little = ident[5] === 1;
  const read = (offset: number, length: number): View => {
    if (offset < 0 || length < 0 || offset + length > source.size) throw new Malformed('truncated');
    const bytes = source.read(offset, length);
    if (bytes.length < length) throw new Malformed('truncated');
    return new View(bytes, little, is64);
  };
  const h = read(0, is64 ? 64 : 52);
  const machine = h.u16(18);
  const header = {
    phoff: h.word(is64 ? 32 : 28),
    shoff: h.word(is64 ? 40 : 32),
    phentsize: h.u16(is64 ? 54 : 42),
    phnum: h.u16(is64 ? 56 : 44),
    shentsize: h.u16(is64 ? 58 : 46),
    shnum: h.u16(is64 ? 60 : 48),
  };
  const location = header.shoff !== 0
    ? verneedFromSections(read, is64, header)
    : verneedFromDynamic(read, is64, header);
  const needs = location ? readVerneed(read, source, location) : [];
  return {
    elfClass: is64 ? 64 : 32,
    endianness: little ? 'little' : 'big',
    type: h.u16(16),
    machine,
    machineName: ELF_MACHINES[machine] ?? `machine ${machine}`,
    needs,
    ...glibcOf(needs),
  };
}

type Read = (offset: number, length: number) => View;

interface VerneedLocation {
  readonly offset: number;
  /** Bytes the entries may occupy (the section size, or the rest of the file). */
  readonly size: number;
  readonly count: number;
  readonly strtab: number;
  readonly strsz: number;
}

interface Header {
  readonly phoff: number;
  readonly shoff: number;
  readonly phentsize: number;
  readonly phnum: number;
  readonly shentsize: number;
  readonly shnum: number;
}

function verneedFromSections(read: Read, is64: boolean, h: Header): VerneedLocation | undefined {
  const entsize = is64 ? 64 : 40;
  if (h.shentsize < entsize) throw new Malformed(`section header size ${h.shentsize}`);
  // With 0xff00 sections or more, e_shnum is 0 and section 0's sh_size holds the count (gABI).
  const shnum = h.shnum !== 0 ? h.shnum : read(h.shoff, entsize).word(is64 ? 32 : 20);
  if (shnum > 0x10000) throw new Malformed(`${shnum} sections`);
  const table = read(h.shoff, shnum * h.shentsize);
  const section = (i: number) => {
    const at = i * h.shentsize;
    return {
      type: table.u32(at + 4),
      offset: table.word(at + (is64 ? 24 : 16)),
      size: table.word(at + (is64 ? 32 : 20)),
      link: table.u32(at + (is64 ? 40 : 24)),
      info: table.u32(at + (is64 ? 44 : 28)),
    };
  };
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (s.type !== SHT_GNU_VERNEED) continue;
    if (s.link >= shnum) throw new Malformed('version section links to no string table');
    const strings = section(s.link);
    return { offset: s.offset, size: s.size, count: s.info, strtab: strings.offset, strsz: strings.size };
  }
  return undefined;
}

/** A library stripped of its section headers still has a dynamic segment (`DT_VERNEED`, `DT_STRTAB`). */
function verneedFromDynamic(read: Read, is64: boolean, h: Header): VerneedLocation | undefined {
  const entsize = is64 ? 56 : 32;
  if (h.phnum === 0) return undefined;
  if (h.phentsize < entsize) throw new Malformed(`program header size ${h.phentsize}`);
  const table = read(h.phoff, h.phnum * h.phentsize);
  const segments = Array.from({ length: h.phnum }, (_, i) => {
    const at = i * h.phentsize;
    return {
      type: table.u32(at),
      offset: table.word(at + (is64 ? 8 : 4)),
      vaddr: table.word(at + (is64 ? 16 : 8)),
      filesz: table.word(at + (is64 ? 32 : 16)),
    };
  });
  const dynamic = segments.find((s) => s.type === PT_DYNAMIC);
  if (!dynamic) return undefined;
  const dynsize = is64 ? 16 : 8;
  const count = Math.min(Math.floor(dynamic.filesz / dynsize), MAX_ENTRIES);
  const entries = read(dynamic.offset, count * dynsize);
  const tags = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const tag = is64 ? entries.word(i * 16) : entries.u32(i * 8);
    if (tag === DT_NULL) break;
    tags.set(tag, is64 ? entries.word(i * 16 + 8) : entries.u32(i * 8 + 4));
  }
  const verneed = tags.get(DT_VERNEED);
  const strtab = tags.get(DT_STRTAB);
  if (verneed === undefined || strtab === undefined) return undefined;
  const toOffset = (vaddr: number): number => {
    const load = segments.find((s) => s.type === PT_LOAD && vaddr >= s.vaddr && vaddr < s.vaddr + s.filesz);
    if (!load) throw new Malformed('dynamic address outside the loaded segments');
    return vaddr - load.vaddr + load.offset;
  };
  const offset = toOffset(verneed);
  return { offset, size: Number.MAX_SAFE_INTEGER, count: tags.get(DT_VERNEEDNUM) ?? 0, strtab: toOffset(strtab), strsz: tags.get(DT_STRSZ) ?? MAX_NAME };
}

/** Walks the `Elf_Verneed` chain and each entry's `Elf_Vernaux` chain (both 16 bytes, any class). */
function readVerneed(read: Read, source: ByteSource, at: VerneedLocation): VersionNeed[] {
  if (at.count > MAX_ENTRIES) throw new Malformed(`${at.count} version needs`);
  const end = Math.min(at.offset + at.size, source.size);
  const entry = (offset: number): View => {
    if (offset + 16 > end) throw new Malformed('version entry outside its section');
    return read(offset, 16);
  };
  const name = (offset: number): string => stringAt(source, at, offset);
  const needs: VersionNeed[] = [];
  let offset = at.offset;
  for (let i = 0; i < at.count; i++) {
    const vn = entry(offset);
    const auxCount = vn.u16(2);
    if (auxCount > MAX_ENTRIES) throw new Malformed(`${auxCount} versions in one entry`);
    const versions: string[] = [];
    let aux = offset + vn.u32(8);
    for (let j = 0; j < auxCount; j++) {
      const vna = entry(aux);
      versions.push(name(vna.u32(8)));
      const next = vna.u32(12);
      if (next === 0) break;
      aux += next;
    }
    needs.push({ file: name(vn.u32(4)), versions });
    const next = vn.u32(12);
    if (next === 0) break;
    offset += next;
  }
  return needs;
}

function stringAt(source: ByteSource, at: VerneedLocation, offset: number): string {
  if (offset >= at.strsz) throw new Malformed('name outside its string table');
  const start = at.strtab + offset;
  const bytes = source.read(start, Math.min(MAX_NAME, at.strsz - offset, Math.max(0, source.size - start)));
  const nul = bytes.indexOf(0);
  if (nul < 0) throw new Malformed('unterminated name');
  let text = '';
  for (let i = 0; i < nul; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/**
 * `GLIBC_ABI_DT_RELR` marks objects that use packed relative relocations; glibc gained it in 2.36
 * (glibc 2.36 NEWS), so it counts as a need for 2.36. Other `GLIBC_ABI_*` markers are reported as they are.
 */
const GLIBC_ABI_VERSIONS: Readonly<Record<string, string>> = { GLIBC_ABI_DT_RELR: '2.36' };

function glibcOf(needs: readonly VersionNeed[]): { glibc?: GlibcNeed; glibcAbi: string[] } {
  let best: GlibcNeed | undefined;
  const abi: string[] = [];
  for (const symbol of needs.flatMap((n) => n.versions)) {
    if (symbol.startsWith('GLIBC_ABI_') && !GLIBC_ABI_VERSIONS[symbol]) {
      if (!abi.includes(symbol)) abi.push(symbol);
      continue;
    }
    const m = /^GLIBC_(\d+)\.(\d+)(?:\.(\d+))?$/.exec(symbol) ?? /^(\d+)\.(\d+)()$/.exec(GLIBC_ABI_VERSIONS[symbol] ?? '');
    if (!m) continue; // GLIBC_PRIVATE and other libraries' versions (GLIBCXX_3.4, CXXABI_1.3)
    const need = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] || 0), symbol };
    if (!best || (need.major - best.major || need.minor - best.minor || need.patch - best.patch) > 0) best = need;
  }
  return { ...(best ? { glibc: best } : {}), glibcAbi: abi };
}
