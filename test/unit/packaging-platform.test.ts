import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { manylinuxGlibc, manylinuxTags, markerWarning, packageTarget } from '../../src/core/packaging/platform.js';
import { pipArgs, sdistWheelArgs, sourceWheelArgs, uvArgs, uvPlatform, uvPlatformNote, versionAtLeast } from '../../src/core/packaging/installer-args.js';

const py312 = packageTarget('python3.12', 'x86_64');
const py311arm = packageTarget('python3.11', 'arm64');

describe('package target', () => {
  it.each([
    ['python3.8', 'arm64', '3.8', 'cp38', 'aarch64', '2.26'],
    ['python3.9', 'x86_64', '3.9', 'cp39', 'x86_64', '2.26'],
    ['python3.11', 'arm64', '3.11', 'cp311', 'aarch64', '2.26'],
    ['python3.12', 'x86_64', '3.12', 'cp312', 'x86_64', '2.34'],
    ['python3.14', 'arm64', '3.14', 'cp314', 'aarch64', '2.34'],
  ] as const)('%s on %s', (runtime, arch, version, abi, machine, glibc) => {
    const t = packageTarget(runtime, arch);
    expect([t.pythonVersion, t.abi, t.machine, `${t.glibc.major}.${t.glibc.minor}`]).toEqual([version, abi, machine, glibc]);
  });

  it('rejects a runtime that is not Python, naming the ones that exist', () => {
    expect(() => packageTarget('nodejs20.x', 'x86_64')).toThrow(UserError);
    expect(() => packageTarget('python2.7', 'x86_64')).toThrow(/python3\.9, .*python3\.14/);
  });
});

describe('manylinux tags', () => {
  it('lists every glibc from 2.34 down to 2.5 on x86_64, legacy aliases after their twins', () => {
    const tags = manylinuxTags(py312);
    expect(tags.slice(0, 3)).toEqual(['manylinux_2_34_x86_64', 'manylinux_2_33_x86_64', 'manylinux_2_32_x86_64']);
    expect(tags).toContain('manylinux_2_28_x86_64');
    expect(tags.slice(tags.indexOf('manylinux_2_17_x86_64'), tags.indexOf('manylinux_2_17_x86_64') + 2)).toEqual(['manylinux_2_17_x86_64', 'manylinux2014_x86_64']);
    expect(tags.slice(tags.indexOf('manylinux_2_12_x86_64'), tags.indexOf('manylinux_2_12_x86_64') + 2)).toEqual(['manylinux_2_12_x86_64', 'manylinux2010_x86_64']);
    expect(tags.slice(-2)).toEqual(['manylinux_2_5_x86_64', 'manylinux1_x86_64']);
    expect(tags).toHaveLength(30 + 3);
    expect(tags.some((t) => t.startsWith('linux_'))).toBe(false);
  });

  it('stops at 2.26 for Amazon Linux 2 runtimes: no manylinux_2_28 wheels there', () => {
    const tags = manylinuxTags(packageTarget('python3.11', 'x86_64'));
    expect(tags[0]).toBe('manylinux_2_26_x86_64');
    expect(tags).not.toContain('manylinux_2_28_x86_64');
  });

  it('stops at manylinux2014 on aarch64: manylinux1 and 2010 never existed there', () => {
    const tags = manylinuxTags(py311arm);
    expect(tags[0]).toBe('manylinux_2_26_aarch64');
    expect(tags.slice(-2)).toEqual(['manylinux_2_17_aarch64', 'manylinux2014_aarch64']);
    expect(tags).toHaveLength(10 + 1);
  });

  it.each([
    ['manylinux_2_28_aarch64', '2.28', 'aarch64'],
    ['manylinux2014_x86_64', '2.17', 'x86_64'],
    ['manylinux2010_x86_64', '2.12', 'x86_64'],
    ['manylinux1_x86_64', '2.5', 'x86_64'],
  ])('%s needs glibc %s', (tag, glibc, machine) => {
    const parsed = manylinuxGlibc(tag)!;
    expect(`${parsed.glibc.major}.${parsed.glibc.minor}`).toBe(glibc);
    expect(parsed.machine).toBe(machine);
  });

  it('knows no glibc for other platforms', () => {
    expect(manylinuxGlibc('musllinux_1_2_x86_64')).toBeUndefined();
    expect(manylinuxGlibc('any')).toBeUndefined();
  });
});

describe('pip argv', () => {
  const argv = pipArgs('/usr/bin/python3.12', { target: py312, targetDir: '/cache/deps', requirementsFile: 'requirements.txt' });

  it('installs into the target for CPython 3.12 wheels only', () => {
    expect(argv.slice(0, 14)).toEqual([
      '/usr/bin/python3.12', '-m', 'pip', 'install',
      '--target', '/cache/deps',
      '--implementation', 'cp', '--python-version', '3.12', '--abi', 'cp312',
      '--only-binary=:all:',
      '--platform',
    ]);
    expect(argv.slice(-2)).toEqual(['-r', 'requirements.txt']);
    expect(argv).toEqual(expect.arrayContaining(['--no-compile', '--upgrade', '--no-input', '--disable-pip-version-check']));
    expect(argv).not.toContain('--no-deps');
  });

  it('passes every acceptable tag literally, newest first', () => {
    const platforms = argv.flatMap((a, i) => (a === '--platform' ? [argv[i + 1]] : []));
    expect(platforms).toEqual(manylinuxTags(py312));
  });

  it('offers locally built pure wheels', () => {
    const withLinks = pipArgs('python', { target: py312, targetDir: 't', requirementsFile: 'r.txt', findLinks: ['/w1', '/w2'] });
    expect(withLinks.join(' ')).toContain('--find-links /w1 --find-links /w2 -r r.txt');
  });
});

describe('uv argv', () => {
  it.each([
    ['python3.12', 'x86_64', 'x86_64-manylinux_2_34', true],
    ['python3.13', 'arm64', 'aarch64-manylinux_2_34', true],
    // uv has no manylinux_2_26 value: the newest one below it.
    ['python3.9', 'x86_64', 'x86_64-manylinux_2_17', false],
    ['python3.11', 'arm64', 'aarch64-manylinux_2_17', false],
  ] as const)('%s on %s -> %s', (runtime, arch, value, exact) => {
    const platform = uvPlatform(packageTarget(runtime, arch));
    expect(platform.value).toBe(value);
    expect(platform.exact).toBe(exact);
  });

  it('explains what the lower platform misses', () => {
    expect(uvPlatformNote(py312)).toBeUndefined();
    expect(uvPlatformNote(py311arm)).toBe('uv has no platform for glibc 2.26; using aarch64-manylinux_2_17, which skips wheels that need glibc 2.17 to 2.26');
  });

  it('installs with uv for the target', () => {
    expect(uvArgs('uv', { target: py312, targetDir: '/cache/deps', requirementsFile: 'requirements.txt', python: '/usr/bin/python3.12', findLinks: ['/w'] })).toEqual([
      'uv', 'pip', 'install',
      '--target', '/cache/deps',
      '--python', '/usr/bin/python3.12',
      '--python-version', '3.12',
      '--python-platform', 'x86_64-manylinux_2_34',
      '--only-binary', ':all:',
      '--link-mode', 'copy',
      '--find-links', '/w',
      '-r', 'requirements.txt',
    ]);
  });

  it('refuses, with hashed requirements, any distribution without a hash, as pip does (uv alone checks only those given)', () => {
    const argv = uvArgs('uv', { target: py312, targetDir: '/t', requirementsFile: 'r.txt', requireHashes: true });
    expect(argv.slice(argv.indexOf('copy') + 1)).toEqual(['--require-hashes', '-r', 'r.txt']);
    expect(pipArgs('python3', { target: py312, targetDir: '/t', requirementsFile: 'r.txt', requireHashes: true })).toEqual(pipArgs('python3', { target: py312, targetDir: '/t', requirementsFile: 'r.txt' }));
  });
});

describe('sdist build argv', () => {
  it.each([
    ['pyjwt==2.8.0', 'pyjwt'],
    ['My.Package>=1', 'My.Package'],
    ['pkg[extra]==1.0', 'pkg'],
    ['pkg ; python_version < "3.13"', 'pkg'],
  ])('%s builds from source only for %s', (requirement, name) => {
    expect(sdistWheelArgs('python3', requirement, '/tmp/wheels')).toEqual([
      'python3', '-m', 'pip', 'wheel', '--no-deps', '--no-binary', name, '--wheel-dir', '/tmp/wheels',
      '--no-input', '--disable-pip-version-check', requirement,
    ]);
  });
});

describe('sourceWheelArgs: one source requirement into a wheel, its dependencies left to uv', () => {
  it('builds the requirement alone, looking where the requirements file says', () => {
    expect(sourceWheelArgs('python3', '/scratch/copy', '/scratch/wheel', ['--index-url', 'https://pypi.example.com/simple'])).toEqual([
      'python3', '-m', 'pip', 'wheel', '--no-deps', '--ignore-requires-python', '--wheel-dir', '/scratch/wheel', '--no-input', '--disable-pip-version-check',
      '--index-url', 'https://pypi.example.com/simple', '/scratch/copy',
    ]);
  });

  it('reads a hashed line from a file, so pip checks the archive it downloads', () => {
    expect(sourceWheelArgs('python3', 'six @ https://e.com/six-1.16.0.tar.gz', '/w', [], '/scratch/hashed.txt').slice(-4)).toEqual(['--disable-pip-version-check', '--require-hashes', '-r', '/scratch/hashed.txt']);
  });
});

describe('installer checks', () => {
  it.each([
    ['24.0', '20.3', true],
    ['20.3', '20.3', true],
    ['20.2.4', '20.3', false],
    ['0.5.10', '0.5.4', true],
    ['0.4.30', '0.5.4', false],
  ])('%s >= %s is %s', (version, minimum, expected) => {
    expect(versionAtLeast(version, minimum)).toBe(expected);
  });

  const linux = { os: 'linux', arch: 'x64' };
  it.each<[string, string, { os: string; arch: string }, string | undefined]>([
    ['3.12.4', 'x86_64', linux, undefined],
    ['3.11.7', 'x86_64', linux, 'Python 3.11, not 3.12 (python_version markers). Dependencies conditional on them may be skipped or added wrongly: install uv, which evaluates them for the target, or use Python 3.12'],
    // pip issue 11664: `six ; platform_machine == "aarch64"` is dropped from an arm64 package built on x86_64.
    ['3.12.4', 'arm64', linux, 'x86_64, not aarch64 (platform_machine markers). Dependencies conditional on them may be skipped or added wrongly: install uv, which evaluates them for the target'],
    ['3.12.4', 'x86_64', { os: 'darwin', arch: 'arm64' }, 'macOS, not Linux (sys_platform and platform_system markers); aarch64, not x86_64 (platform_machine markers). Dependencies'],
    ['3.12.4', 'arm64', { os: 'linux', arch: 'arm64' }, undefined],
  ])('warns when pip runs under Python %s for %s on another machine: %j', (python, architecture, host, tail) => {
    const message = markerWarning(python, packageTarget('python3.12', architecture as 'x86_64' | 'arm64'), 'pip', host);
    if (tail === undefined) expect(message).toBeUndefined();
    else expect(message).toContain(`pip evaluates environment markers for the machine it runs on, which differs from python3.12 on ${architecture}: ${tail}`);
  });

  it('never warns for uv, which evaluates markers for the target', () => {
    expect(markerWarning('3.11.7', py312, 'uv', { os: 'darwin', arch: 'arm64' })).toBeUndefined();
  });
});
