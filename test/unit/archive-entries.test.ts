import { describe, expect, it } from 'vitest';
import { entryNameProblem, entryType, linkProblem, unzippedSizeProblem, type EntryType } from '../../src/core/model/archive-entries.js';

const slip = (name: string, why: string) => `f.zip: the entry '${name}' ${why}, which would be written outside the directory it is unzipped into (zip slip), so the zip is not unzipped`;
const DOTS = "has a '..' in its path";
const ABSOLUTE = 'is an absolute path';

describe('entryNameProblem: the names a zip may give its entries', () => {
  it.each<[string, string | undefined]>([
    ['index.py', undefined],
    ['pkg/sub/mod.py', undefined],
    ['pkg/', undefined],
    ['./index.py', undefined],
    ['a..b/c..py', undefined],
    ['...', undefined],
    ['../evil.py', slip('../evil.py', DOTS)],
    ['pkg/../../evil.py', slip('pkg/../../evil.py', DOTS)],
    // Even one that comes back inside: Python's zipfile and SAM CLI would not write it where it says either.
    ['pkg/../index.py', slip('pkg/../index.py', DOTS)],
    ['pkg\\..\\evil.py', slip('pkg\\..\\evil.py', DOTS)],
    ['..', slip('..', DOTS)],
    ['/etc/cron.d/x', slip('/etc/cron.d/x', ABSOLUTE)],
    ['C:/Windows/x', slip('C:/Windows/x', ABSOLUTE)],
    ['c:evil', slip('c:evil', ABSOLUTE)],
    ['', "f.zip: the entry '' has no usable name, so the zip is not unzipped"],
    ['a\0b', "f.zip: the entry 'a\0b' has no usable name, so the zip is not unzipped"],
  ])('%j', (name, problem) => expect(entryNameProblem('f.zip', name)).toBe(problem));
});

describe('linkProblem: where a symbolic link entry may point', () => {
  const out = (name: string, target: string, why = 'outside the directory it is unzipped into') => `f.zip: the entry '${name}' is a symbolic link to '${target}', ${why}, so the zip is not unzipped`;
  it.each<[string, string, string | undefined]>([
    ['lib/libfoo.so', 'libfoo.so.1', undefined],
    ['bin/tool', '../lib/tool.py', undefined],
    ['a/b/c', '../../x', undefined],
    ['here', '.', undefined],
    ['a/b/c', '../../../x', out('a/b/c', '../../../x')],
    ['up', '..', out('up', '..')],
    ['sneaky', 'a/../../x', out('sneaky', 'a/../../x')],
    ['abs', '/etc/passwd', out('abs', '/etc/passwd', 'an absolute path outside the directory it is unzipped into')],
    ['empty', '', out('empty', '', 'which is no path')],
  ])('%s -> %s', (name, target, problem) => expect(linkProblem('f.zip', name, target)).toBe(problem));
});

describe('entryType: kind and mode from the zip attributes', () => {
  const unix = 3 << 8;
  it.each<[string, string, number, number, EntryType]>([
    ['a file from Windows (no Unix mode)', 'a.py', 0, 0x20, { kind: 'file', mode: 0o644 }],
    ["Python's writestr (no permission bits)", 'a.py', unix, 0, { kind: 'file', mode: 0o644 }],
    ['an executable', 'bin/tool', unix, (0o100755 << 16) >>> 0, { kind: 'file', mode: 0o755 }],
    ['owner-only read and execute: readable by all, execute kept', 'run.sh', unix, (0o100700 << 16) >>> 0, { kind: 'file', mode: 0o744 }],
    ['a directory by its name', 'pkg/', 0, 0x10, { kind: 'directory', mode: 0o755 }],
    ['a directory by its mode', 'pkg', unix, (0o040755 << 16) >>> 0, { kind: 'directory', mode: 0o755 }],
    ['a symbolic link', 'lib/x.so', unix, (0o120777 << 16) >>> 0, { kind: 'symlink', mode: 0o777 }],
    // Link bits from a zip not made on Unix mean nothing.
    ['link bits from another system', 'x', 0, (0o120777 << 16) >>> 0, { kind: 'file', mode: 0o644 }],
  ])('%s', (_what, name, madeBy, attributes, type) => expect(entryType(name, madeBy, attributes)).toEqual(type));
});

describe("unzippedSizeProblem: Lambda's 250 MB unzipped limit", () => {
  const MB = 1024 * 1024;
  it.each<[number, string | undefined]>([
    [0, undefined],
    [250 * MB, undefined],
    [250 * MB + 1, "f.zip holds 262144001 bytes unzipped, over the 262144000 bytes Lambda takes for a function's code and layers, so it is not unzipped"],
    [4096 * MB, "f.zip holds 4.0 GB unzipped, over the 250.0 MB Lambda takes for a function's code and layers, so it is not unzipped"],
  ])('%d bytes', (bytes, problem) => expect(unzippedSizeProblem('f.zip', bytes)).toBe(problem));
});
