import { describe, expect, it } from 'vitest';
import { packageTarget } from '../../src/core/packaging/platform.js';
import { judgeBuiltWheel, parseWheelFilename, wheelCompatibility, type WheelName } from '../../src/core/packaging/wheel.js';

const x86 = packageTarget('python3.12', 'x86_64');
const arm = packageTarget('python3.12', 'arm64');
const al2 = packageTarget('python3.11', 'x86_64');

function wheel(filename: string): WheelName {
  const parsed = parseWheelFilename(filename);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.wheel;
}

describe('wheel file names', () => {
  it('splits the parts and the compressed tag sets', () => {
    expect(wheel('pydantic_core-2.27.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')).toEqual({
      filename: 'pydantic_core-2.27.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
      distribution: 'pydantic_core',
      version: '2.27.2',
      pythonTags: ['cp312'],
      abiTags: ['cp312'],
      platformTags: ['manylinux_2_17_x86_64', 'manylinux2014_x86_64'],
      pure: false,
    });
  });

  it('reads a build tag', () => {
    expect(wheel('pkg-1.0-1local-py3-none-any.whl').build).toBe('1local');
  });

  it.each([
    ['six-1.16.0-py2.py3-none-any.whl', true],
    ['requests-2.32.3-py3-none-any.whl', true],
    ['typing_extensions-4.12.2-cp312-none-any.whl', true],
    ['orjson-3.10.7-cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64.whl', false],
    ['cryptography-43.0.1-cp39-abi3-manylinux_2_28_x86_64.whl', false],
    ['pkg-1.0-py3-none-manylinux1_x86_64.whl', false],
  ])('%s is pure: %s', (filename, pure) => {
    expect(wheel(filename).pure).toBe(pure);
  });

  it.each([
    ['pkg-1.0.tar.gz', /not a wheel/],
    ['pkg-py3-none-any.whl', /not a valid wheel name/],
    ['a-b-c-d-e-f-g.whl', /not a valid wheel name/],
    ['pkg-1.0-local-py3-none-any.whl', /build tag/],
    ['pkg-1.0--none-any.whl', /empty part/],
  ])('rejects %s', (filename, error) => {
    const parsed = parseWheelFilename(filename);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});

describe('wheel compatibility with the target', () => {
  it.each([
    ['pure, any Python 3', 'six-1.16.0-py2.py3-none-any.whl', x86, true],
    ['exact ABI, manylinux2014', 'orjson-3.10.7-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', x86, true],
    ['stable ABI from 3.9', 'cryptography-43.0.1-cp39-abi3-manylinux_2_34_x86_64.whl', x86, true],
    ['stable ABI from a newer Python', 'pkg-1.0-cp313-abi3-manylinux_2_17_x86_64.whl', x86, false],
    ['manylinux1 only', 'old-1.0-cp312-cp312-manylinux1_x86_64.whl', x86, true],
    ['needs glibc 2.28 on Amazon Linux 2', 'cryptography-43.0.1-cp39-abi3-manylinux_2_28_x86_64.whl', al2, false],
    ['2.28 on Amazon Linux 2023', 'cryptography-43.0.1-cp39-abi3-manylinux_2_28_x86_64.whl', x86, true],
    ['another Python version', 'orjson-3.10.7-cp311-cp311-manylinux_2_17_x86_64.whl', x86, false],
    ['another CPU', 'orjson-3.10.7-cp312-cp312-manylinux_2_17_aarch64.whl', x86, false],
    ['aarch64 on arm64', 'orjson-3.10.7-cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64.whl', arm, true],
    ['musl', 'orjson-3.10.7-cp312-cp312-musllinux_1_2_x86_64.whl', x86, false],
    ['macOS', 'orjson-3.10.7-cp312-cp312-macosx_11_0_arm64.whl', arm, false],
    ['a plain linux wheel', 'pkg-1.0-cp312-cp312-linux_x86_64.whl', x86, false],
    ['py312-none-any', 'pkg-1.0-py312-none-any.whl', x86, true],
    ['py313-none-any', 'pkg-1.0-py313-none-any.whl', x86, false],
    ['Python 2 only', 'pkg-1.0-py2-none-any.whl', x86, false],
    ['cp312-none-any', 'pkg-1.0-cp312-none-any.whl', x86, true],
  ] as const)('%s', (_, filename, target, compatible) => {
    expect(wheelCompatibility(wheel(filename), target).compatible).toBe(compatible);
  });

  it.each([
    ['orjson-3.10.7-cp312-cp312-manylinux_2_17_aarch64.whl', x86, 'it is built for aarch64, not x86_64'],
    ['pkg-1.0-cp311-abi3-manylinux_2_28_x86_64.whl', al2, 'it needs glibc 2.28 but python3.11 runs on glibc 2.26'],
    ['orjson-3.10.7-cp311-cp311-manylinux_2_17_x86_64.whl', x86, 'it is built for cp311-cp311, not CPython 3.12 (cp312)'],
    ['orjson-3.10.7-cp312-cp312-macosx_11_0_arm64.whl', x86, "its platform macosx_11_0_arm64 is not Lambda's (manylinux_2_34_x86_64 or older)"],
  ] as const)('says why %s does not fit', (filename, target, reason) => {
    expect(wheelCompatibility(wheel(filename), target)).toEqual({ compatible: false, reason });
  });
});

describe('a wheel built from an sdist', () => {
  it('is accepted when pure Python', () => {
    const judged = judgeBuiltWheel('/tmp/wheels/legacy_pkg-0.3-py3-none-any.whl', x86);
    expect(judged.ok).toBe(true);
  });

  it('fails when native, with the package name and the ways out', () => {
    const judged = judgeBuiltWheel('fastthing-1.2-cp311-cp311-linux_x86_64.whl', al2);
    expect(judged.ok).toBe(false);
    if (judged.ok) return;
    expect(judged.message).toBe(
      'fastthing 1.2 has no wheel for python3.11 on x86_64, and its source distribution contains native code (it builds fastthing-1.2-cp311-cp311-linux_x86_64.whl), which cannot be built for Lambda on this machine',
    );
    expect(judged.hint).toContain('https://pypi.org/project/fastthing/#files');
    expect(judged.hint).toContain('public.ecr.aws/lambda/python:3.11');
  });

  it('fails when pure but for another Python', () => {
    const judged = judgeBuiltWheel('oldpkg-0.1-py2-none-any.whl', x86);
    expect(judged.ok).toBe(false);
    if (!judged.ok) expect(judged.message).toContain('which does not load there: it is built for py2-none');
  });
});
