import { describe, expect, it } from 'vitest';
import { compareUtf8, validArchivePath } from '../../src/core/packaging/paths.js';
import { EXECUTABLE_MODE, FILE_MODE, LAYER_PREFIX, ZIP_TIMESTAMP, overlay, zipPlan, type ZipEntry } from '../../src/core/packaging/zip-plan.js';

function entries(plan: ReturnType<typeof zipPlan>): readonly ZipEntry[] {
  if (!plan.ok) throw new Error(plan.errors.join('\n'));
  return plan.entries;
}

describe('zip plan', () => {
  it('sorts by the bytes of the path, whatever order the walk gave', () => {
    const paths = ['b.py', 'a/z.py', 'a.py', 'A.py', 'a/b/c.py', 'é.py', '😀.py', '\uffee.py', '_x.py', 'a-b.py'];
    const plan = entries(zipPlan(paths.map((path) => ({ path, mode: 0o644, size: 1 }))));
    expect(plan.map((e) => e.path)).toEqual(['A.py', '_x.py', 'a-b.py', 'a.py', 'a/b/c.py', 'a/z.py', 'b.py', 'é.py', '\uffee.py', '😀.py']);
    // JavaScript's default string order puts U+FFEE after the surrogate pair of 😀; UTF-8 bytes do not.
    expect(['\uffee', '😀'].sort()).toEqual(['😀', '\uffee']);
  });

  it.each([
    [0o100644, FILE_MODE],
    [0o100600, FILE_MODE],
    [0o100664, FILE_MODE],
    [0o640, FILE_MODE],
    [0o100755, EXECUTABLE_MODE],
    [0o100700, EXECUTABLE_MODE],
    [0o104755, EXECUTABLE_MODE],
    [0o100744, EXECUTABLE_MODE],
    [0o100655, FILE_MODE],
  ])('mode %o becomes %o', (mode, expected) => {
    const [entry] = entries(zipPlan([{ path: 'f', mode, size: 0 }]));
    expect(entry!.mode).toBe(expected);
    expect(entry!.externalAttributes).toBe(expected * 65536);
    expect((entry!.externalAttributes >>> 16).toString(8)).toBe(expected.toString(8));
  });

  it('has no directory entries and counts the unzipped bytes', () => {
    const plan = zipPlan([{ path: 'pkg/a.py', mode: 0o644, size: 10 }, { path: 'pkg/sub/b.py', mode: 0o644, size: 5 }]);
    expect(plan.ok && plan.entries.map((e) => e.path)).toEqual(['pkg/a.py', 'pkg/sub/b.py']);
    expect(plan.ok && plan.unzippedBytes).toBe(15);
  });

  it('keeps the source apart from the archive path', () => {
    const [entry] = entries(zipPlan([{ path: 'chalice/app.py', source: '/venv/site-packages/chalice/app.py', mode: 0o644, size: 3 }]));
    expect(entry).toEqual({ path: 'chalice/app.py', source: '/venv/site-packages/chalice/app.py', mode: FILE_MODE, externalAttributes: FILE_MODE * 65536, size: 3 });
  });

  it('puts a layer under python/', () => {
    const plan = entries(zipPlan([{ path: 'requests/__init__.py', mode: 0o644, size: 1 }], { prefix: LAYER_PREFIX }));
    expect(plan.map((e) => [e.path, e.source])).toEqual([['python/requests/__init__.py', 'requests/__init__.py']]);
  });

  it('reports every bad input at once', () => {
    const plan = zipPlan([
      { path: 'ok.py', mode: 0o644, size: 1 },
      { path: '../escape.py', mode: 0o644, size: 1 },
      { path: '/abs.py', mode: 0o644, size: 1 },
      { path: 'link', mode: 0o120777, size: 1 },
      { path: 'dir', mode: 0o40755, size: 0 },
      { path: 'neg', mode: 0o644, size: -1 },
      { path: 'ok.py', mode: 0o644, size: 1 },
    ], { prefix: 'python' });
    expect(plan).toEqual({
      ok: false,
      errors: [
        'invalid prefix "python": a relative directory ending in /',
        '"../escape.py" is not a relative POSIX path',
        '"/abs.py" is not a relative POSIX path',
        'link is not a regular file (mode 120777)',
        'dir is not a regular file (mode 40755)',
        'neg has an invalid size -1',
        'pythonok.py is in the package twice',
      ],
    });
  });

  it('uses the first date a zip can hold', () => {
    expect(ZIP_TIMESTAMP).toEqual({ year: 1980, month: 1, day: 1, hour: 0, minute: 0, second: 0 });
  });
});

describe('paths', () => {
  it.each([
    ['a/b.py', true],
    ['a', true],
    ['', false],
    ['a//b', false],
    ['a/', false],
    ['./a', false],
    ['a/../b', false],
    ['a\\b', false],
    ['a\0b', false],
  ])('%j is valid: %s', (path, valid) => {
    expect(validArchivePath(path)).toBe(valid);
  });

  it('compares prefixes first', () => {
    expect(compareUtf8('a', 'ab')).toBeLessThan(0);
    expect(compareUtf8('ab', 'ab')).toBe(0);
  });
});

describe('overlay', () => {
  it('lets later groups win a path, and says so', () => {
    const result = overlay([
      { name: 'dependencies', files: [{ source: '/deps/six.py', archivePath: 'six.py' }, { source: '/deps/requests/api.py', archivePath: 'requests/api.py' }] },
      { name: 'app', files: [{ source: 'app.py', archivePath: 'app.py' }] },
      { name: 'vendor', files: [{ source: 'vendor/six.py', archivePath: 'six.py' }] },
    ]);
    expect(result.files).toEqual([
      { source: 'vendor/six.py', archivePath: 'six.py' },
      { source: '/deps/requests/api.py', archivePath: 'requests/api.py' },
      { source: 'app.py', archivePath: 'app.py' },
    ]);
    expect(result.shadowed).toEqual([{ archivePath: 'six.py', winner: 'vendor', loser: 'dependencies' }]);
  });
});
