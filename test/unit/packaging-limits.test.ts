import { describe, expect, it } from 'vitest';
import { PACKAGE_LIMITS, checkPackageSize, formatBytes, topLevelSizes } from '../../src/core/packaging/limits.js';

const MB = 1024 * 1024;

describe('sizes per top-level package', () => {
  it('folds a package, its .libs and its dist-info together, largest first', () => {
    const sizes = topLevelSizes([
      { path: 'numpy/core/_multiarray_umath.cpython-312-x86_64-linux-gnu.so', size: 30 * MB },
      { path: 'numpy.libs/libopenblas64_p-r0.so', size: 25 * MB },
      { path: 'numpy-2.1.0.dist-info/RECORD', size: 100 },
      { path: 'pydantic_core-2.27.2.dist-info/RECORD', size: 10 },
      { path: 'pydantic_core/_pydantic_core.cpython-312-x86_64-linux-gnu.so', size: 4 * MB },
      { path: 'six.py', size: 34_000 },
      { path: 'six-1.16.0.dist-info/METADATA', size: 1000 },
      { path: '_cffi_backend.cpython-312-x86_64-linux-gnu.so', size: 200_000 },
      { path: 'PyYAML-6.0.2.dist-info/RECORD', size: 50 },
      { path: 'yaml/__init__.py', size: 12_000 },
    ]);
    expect(sizes).toEqual([
      { name: 'numpy', bytes: 55 * MB + 100 },
      { name: 'pydantic_core', bytes: 4 * MB + 10 },
      { name: '_cffi_backend', bytes: 200_000 },
      { name: 'six', bytes: 35_000 },
      { name: 'yaml', bytes: 12_000 },
      { name: 'PyYAML', bytes: 50 },
    ]);
  });

  it('skips a layer prefix', () => {
    expect(topLevelSizes([{ path: 'python/requests/api.py', size: 5 }], 'python/')).toEqual([{ name: 'requests', bytes: 5 }]);
  });
});

describe('size check', () => {
  const packages = Array.from({ length: 12 }, (_, i) => ({ name: `pkg${i}`, bytes: (12 - i) * 10 * MB }));

  it('passes under both limits and gives the budget left', () => {
    expect(checkPackageSize({ zippedBytes: 10 * MB, unzippedBytes: 40 * MB, layersUnzippedBytes: 10 * MB, packages: packages.slice(0, 2) })).toEqual({
      ok: true,
      problems: [],
      warnings: [],
      unzippedLeft: 200 * MB,
      zippedLeft: 40 * MB,
      largest: packages.slice(0, 2),
    });
  });

  it('fails over 250 MB unzipped with layers, naming the ten largest', () => {
    const check = checkPackageSize({ zippedBytes: 45 * MB, unzippedBytes: 240 * MB, layersUnzippedBytes: 20 * MB, packages });
    expect(check.ok).toBe(false);
    expect(check.unzippedLeft).toBe(-10 * MB);
    expect(check.largest).toHaveLength(10);
    expect(check.problems[0]).toBe('The package is 260.0 MB unzipped with 20.0 MB of layers; Lambda allows 250.0 MB including layers');
    expect(check.problems[1]!.split('\n')).toEqual([
      'The largest packages:',
      '  pkg0   120.0 MB',
      '  pkg1   110.0 MB',
      '  pkg2   100.0 MB',
      '  pkg3    90.0 MB',
      '  pkg4    80.0 MB',
      '  pkg5    70.0 MB',
      '  pkg6    60.0 MB',
      '  pkg7    50.0 MB',
      '  pkg8    40.0 MB',
      '  pkg9    30.0 MB',
    ]);
  });

  it.each([
    ['at the direct-upload limit', PACKAGE_LIMITS.zippedDirectUploadBytes, 100 * MB, true, 0],
    ['one byte over it: deployable through S3, a warning', PACKAGE_LIMITS.zippedDirectUploadBytes + 1, 100 * MB, true, 1],
    ['far over it, within 250 MB unzipped', 120 * MB, 240 * MB, true, 1],
    ['over both: the unzipped limit is the error', 120 * MB, 260 * MB, false, 1],
  ])('zipped size %s', (_what, zippedBytes, unzippedBytes, ok, warnings) => {
    const check = checkPackageSize({ zippedBytes, unzippedBytes, packages });
    expect(check.ok).toBe(ok);
    expect(check.problems.some((p) => /^The zip/i.test(p))).toBe(false);
    expect(check.warnings).toHaveLength(warnings);
    expect(check.zippedLeft).toBe(PACKAGE_LIMITS.zippedDirectUploadBytes - zippedBytes);
  });

  it('says a zip over 50 MB must be deployed through S3', () => {
    expect(checkPackageSize({ zippedBytes: 60 * MB, unzippedBytes: 100 * MB, packages }).warnings).toEqual([
      'the zip is 60.0 MB, over the 50.0 MB Lambda takes in a direct upload (console, aws lambda update-function-code --zip-file): deploy it through S3, as sam deploy and serverless deploy do',
    ]);
  });

  it('uses the byte counts of the Lambda API', () => {
    expect(PACKAGE_LIMITS.unzippedBytes).toBe(262_144_000);
    expect(PACKAGE_LIMITS.zippedDirectUploadBytes).toBe(52_428_800);
    expect(checkPackageSize({ zippedBytes: 0, unzippedBytes: 262_144_000, packages: [] }).ok).toBe(true);
    expect(checkPackageSize({ zippedBytes: 0, unzippedBytes: 262_144_001, packages: [] }).ok).toBe(false);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [1024 * 1024 - 1, '1.0 MB'],
    [52_428_800, '50.0 MB'],
    [262_144_000, '250.0 MB'],
    [3 * 1024 ** 3, '3.0 GB'],
    [-10 * MB, '-10.0 MB'],
  ])('%d -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
