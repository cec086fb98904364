import { describe, expect, it } from 'vitest';
import { buildFailureSummary, errorSummary, hashMismatch, noWheelError, parseInstallFailure, parseInstallProgress, requirementName } from '../../src/core/packaging/installer-output.js';
import { packageTarget } from '../../src/core/packaging/platform.js';

const arm312 = packageTarget('python3.12', 'arm64');

/** Output as pip 23-25 prints it (captured from real runs with --only-binary=:all: and a foreign --platform). */
const PIP_PINNED = [
  'Looking in links: /opt/wheels',
  'ERROR: Could not find a version that satisfies the requirement pyyaml==5.4.1 (from versions: 6.0.1, 6.0.2rc1, 6.0.2, 6.0.3)',
  'ERROR: No matching distribution found for pyyaml==5.4.1',
].join('\n');
const PIP_NONE = [
  'Collecting orjson',
  '  Using cached orjson-3.10.7-cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64.whl (130 kB)',
  'ERROR: Could not find a version that satisfies the requirement nativepkg (from versions: none)',
  'ERROR: No matching distribution found for nativepkg',
].join('\n');
/** uv 0.5-0.13, without a terminal, and with one (box drawing, wrapped). */
const UV_PLAIN = [
  'Using CPython 3.11.7 interpreter at: /usr/bin/python3',
  'error: No solution found when resolving dependencies',
  '  cause: Because pyyaml==5.4.1 has no usable wheels and you require pyyaml==5.4.1, we can conclude that your requirements are unsatisfiable.',
  '',
  'hint: Wheels are required for `pyyaml` because building from source is disabled for all packages (i.e., with `--no-build`)',
].join('\n');
const UV_FANCY = [
  '  × No solution found when resolving dependencies:',
  "  ╰─▶ Because all versions of nativepkg have no wheels with a matching platform tag (e.g.,",
  '      `manylinux_2_34_aarch64`) and you require nativepkg, we can conclude that your requirements are',
  '      unsatisfiable.',
].join('\n');
const UV_TRANSITIVE = '  ╰─▶ Because pydantic==2.9.0 depends on pydantic-core==2.23.2 and pydantic-core==2.23.2 has no wheels with a matching Python ABI tag, we can conclude that pydantic==2.9.0 cannot be used.';
const UV_MISSING = 'error: No solution found when resolving dependencies\n  cause: Because nonexistent-pkg-xyz was not found in the package registry and you require nonexistent-pkg-xyz, we can conclude that your requirements are unsatisfiable.';

describe('parseInstallFailure', () => {
  it.each<[string, string, 'pip' | 'uv', unknown]>([
    ['pip, a version without a wheel', PIP_PINNED, 'pip', { kind: 'no-wheel', requirement: 'pyyaml==5.4.1', name: 'pyyaml', otherVersions: ['6.0.1', '6.0.2rc1', '6.0.2', '6.0.3'] }],
    ['pip, no usable file at all', PIP_NONE, 'pip', { kind: 'no-wheel', requirement: 'nativepkg', name: 'nativepkg', otherVersions: [] }],
    ['uv, plain', UV_PLAIN, 'uv', { kind: 'no-wheel', requirement: 'pyyaml==5.4.1', name: 'pyyaml', otherVersions: [] }],
    ['uv, drawn and wrapped', UV_FANCY, 'uv', { kind: 'no-wheel', requirement: 'nativepkg', name: 'nativepkg', otherVersions: [] }],
    ['uv, a dependency of a dependency', UV_TRANSITIVE, 'uv', { kind: 'no-wheel', requirement: 'pydantic-core==2.23.2', name: 'pydantic-core', otherVersions: [] }],
    ['uv, unknown name', UV_MISSING, 'uv', { kind: 'not-found', name: 'nonexistent-pkg-xyz' }],
    // uv 0.13 with `../libs/mylib` in the requirements and --only-binary :all:.
    ['uv, a local project it will not build', '  × Failed to build `mylib @ file:///tmp/p/libs/mylib`\n  ╰─▶ Building source distributions is disabled, but attempted to build `mylib`\n', 'uv',
      { kind: 'other', summary: 'uv builds no source under --only-binary :all:, and mylib has to be built (a local path, a repository or a source archive\'s URL?): pip builds those, so leave --installer uv out or give --installer pip' }],
    // uv 0.13 with `six @ https://.../six-1.16.0.tar.gz` and --only-binary :all:.
    ['uv, a source archive\'s URL it will not build', 'error: Failed to download and build `six @ https://files.pythonhosted.org/packages/71/39/x/six-1.16.0.tar.gz`\n  Caused by: Building source distributions for `six` is disabled\n', 'uv',
      { kind: 'other', summary: 'uv builds no source under --only-binary :all:, and six has to be built (a local path, a repository or a source archive\'s URL?): pip builds those, so leave --installer uv out or give --installer pip' }],
  ])('%s', (_name, output, installer, expected) => {
    expect(parseInstallFailure(output, installer)).toEqual(expected);
  });

  it('pip that could not reach its index: the connection error, not a missing wheel', () => {
    const retry = (total: number) => `WARNING: Retrying (Retry(total=${total}, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPConnection object at 0x7fed1d9e8610>: Failed to establish a new connection: [Errno 111] Connection refused')': /simple/six/`;
    const output = ['Looking in indexes: http://127.0.0.1:9/simple', retry(1), retry(0), 'ERROR: Could not find a version that satisfies the requirement six==1.16.0 (from versions: none)', 'ERROR: No matching distribution found for six==1.16.0', ''].join('\n');
    expect(parseInstallFailure(output, 'pip')).toEqual({ kind: 'other', summary: 'pip could not read the package index http://127.0.0.1:9/simple: Failed to establish a new connection: [Errno 111] Connection refused' });
    // A retry that got through: the index was read, and the failure is the version asked for.
    const recovered = [retry(1).replace('NewConnectionError', 'ReadTimeoutError'), 'ERROR: Could not find a version that satisfies the requirement requests==99.0 (from versions: 2.31.0, 2.32.3)', 'ERROR: No matching distribution found for requests==99.0'].join('\n');
    expect(parseInstallFailure(recovered, 'pip')).toMatchObject({ kind: 'no-wheel', name: 'requests', otherVersions: ['2.31.0', '2.32.3'] });
    const denied = 'ERROR: HTTP error 403 while getting https://private.example/simple/x/\nERROR: No matching distribution found for x\n';
    expect(parseInstallFailure(denied, 'pip')).toEqual({ kind: 'other', summary: 'pip could not read the package index: HTTP error 403 while getting https://private.example/simple/x/' });
  });

  it('anything else keeps the tool\'s own error lines', () => {
    const output = 'Collecting x\nERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n';
    expect(parseInstallFailure(output, 'pip')).toEqual({ kind: 'other', summary: 'ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device' });
    expect(errorSummary('a\nb\nerror: network unreachable\n  caused by: dns', 'uv')).toBe('error: network unreachable\n  caused by: dns');
    expect(errorSummary('only\nnoise', 'pip')).toBe('only\nnoise');
  });

  it("pip's own crash: its ERROR line and the exception its traceback ends with", () => {
    const crash = [
      'ERROR: Exception:',
      'Traceback (most recent call last):',
      '  File "/py/site-packages/pip/_internal/utils/encoding.py", line 34, in auto_decode',
      '    return data.decode(',
      '           ^^^^^^^^^^^^',
      "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 9: invalid continuation byte",
      '',
      '[notice] A new release of pip is available: 23.2.1 -> 25.0',
    ].join('\n');
    expect(parseInstallFailure(crash, 'pip')).toEqual({ kind: 'other', summary: "ERROR: Exception:\nUnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 9: invalid continuation byte" });
    // Cut short, with no line after the traceback: the ERROR line alone.
    expect(errorSummary('ERROR: Exception:\nTraceback (most recent call last):\n  File "x", line 1', 'pip')).toBe('ERROR: Exception:');
  });
});

describe('requirementName', () => {
  it.each([
    ['pyyaml==5.4.1', 'pyyaml'],
    ['Pydantic_Core>=2', 'pydantic-core'],
    ['pydantic[email]>=2', 'pydantic'],
    ['pkg @ https://x/pkg.whl', 'pkg'],
    ['six', 'six'],
  ])('%s -> %s', (requirement, name) => expect(requirementName(requirement)).toBe(name));
});

describe('parseInstallProgress', () => {
  it.each([
    ['Collecting pydantic-core==2.27.2 (from pydantic)', { kind: 'collecting', name: 'pydantic-core' }],
    ['Collecting orjson', { kind: 'collecting', name: 'orjson' }],
    ['Installing collected packages: typing-extensions, annotated-types, pydantic', { kind: 'resolved', count: 3 }],
    ['Resolved 12 packages in 480ms', { kind: 'resolved', count: 12 }],
    ['Installed 1 package in 3ms', { kind: 'installed', count: 1 }],
    ['Successfully installed orjson-3.10.7 six-1.16.0', { kind: 'installed', count: 2 }],
    ['  Downloading orjson-3.10.7.whl (130 kB)', undefined],
  ])('%s', (line, expected) => expect(parseInstallProgress(line)).toEqual(expected));
});

describe('noWheelError', () => {
  it('names the package, the platform and the ways out, versions with a wheel first', () => {
    const failure = parseInstallFailure(PIP_PINNED, 'pip');
    if (failure.kind !== 'no-wheel') throw new Error('unexpected');
    const { message, hint } = noWheelError(failure, arm312, { state: 'none' });
    expect(message).toBe('pyyaml==5.4.1 has no wheel for python3.12 on arm64 (manylinux_2_34_aarch64 or older), and no source distribution to build instead (check the name and version)');
    expect(hint.split('\n')).toEqual([
      '- versions of pyyaml with a wheel for this platform: 6.0.1, 6.0.2rc1, 6.0.2, 6.0.3; pin one of them',
      '- pin a version of pyyaml that publishes a manylinux wheel for aarch64 (see https://pypi.org/project/pyyaml/#files)',
      '- or replace pyyaml with a package that ships wheels',
      "- or build it for Lambda yourself (in the public.ecr.aws/lambda/python:3.12 image) and vendor the result into the function's directory",
    ]);
  });

  it('says why the source did not help', () => {
    const failure = { kind: 'no-wheel', requirement: 'x', name: 'x', otherVersions: [] } as const;
    expect(noWheelError(failure, arm312, { state: 'build-failed', summary: 'gcc: error: not found' }).message).toMatch(/, and its source distribution failed to build on this machine:\n  gcc: error: not found$/);
    expect(noWheelError(failure, arm312, { state: 'unavailable', why: 'pip is not installed' }).message).toMatch(/cannot be tried: pip is not installed$/);
    expect(noWheelError({ kind: 'not-found', name: 'nope' }, arm312, { state: 'none' }).message).toBe('nope was not found in the package index');
  });
});

describe('buildFailureSummary', () => {
  it('finds the cause inside pip\'s frame of the build backend\'s output', () => {
    const output = [
      'Collecting pyyaml==5.4.1',
      '  Getting requirements to build wheel: finished with status \'error\'',
      '  error: subprocess-exited-with-error',
      '  × Getting requirements to build wheel did not run successfully.',
      '  │ exit code: 1',
      '  ╰─> [62 lines of output]',
      '      running egg_info',
      '        File "<string>", line 201, in get_source_files',
      "      AttributeError: 'build_ext' object has no attribute 'cython_sources'",
      '      [end of output]',
      '  note: This error originates from a subprocess, and is likely not a problem with pip.',
      'error: subprocess-exited-with-error',
    ].join('\n');
    expect(buildFailureSummary(output)).toBe("AttributeError: 'build_ext' object has no attribute 'cython_sources'");
  });

  it('keeps a compiler\'s errors', () => {
    const output = [
      '  ╰─> [9 lines of output]',
      '      building \'nativepkg\' extension',
      '      nativepkg.c:2:10: fatal error: Python.h: No such file or directory',
      "      error: command '/usr/bin/gcc' failed with exit code 1",
      '      [end of output]',
      '  ERROR: Failed building wheel for nativepkg',
    ].join('\n');
    expect(buildFailureSummary(output)).toBe("nativepkg.c:2:10: fatal error: Python.h: No such file or directory\nerror: command '/usr/bin/gcc' failed with exit code 1");
  });

  it('falls back to the last lines', () => {
    expect(buildFailureSummary('a\nb\nc')).toBe('a\nb\nc');
  });
});

describe('hashMismatch', () => {
  it("keeps pip's lines naming the file and the hashes, without its scratch file", () => {
    const output = [
      'Collecting docopt==0.6.2 (from -r /s/sdist-docopt.txt (line 1))',
      'ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. If you have updated the package versions, please update the hashes. Otherwise, examine the package contents carefully; someone may have tampered with them.',
      '    docopt==0.6.2 from https://files.pythonhosted.org/packages/a2/55/docopt-0.6.2.tar.gz (from -r /s/sdist-docopt.txt (line 1)):',
      '        Expected sha256 59b3',
      '             Got        49b3',
      '',
    ].join('\n');
    expect(hashMismatch(output)).toBe('docopt==0.6.2 from https://files.pythonhosted.org/packages/a2/55/docopt-0.6.2.tar.gz:\n    Expected sha256 59b3\n         Got        49b3');
    expect(hashMismatch(PIP_NONE)).toBeUndefined();
  });
});
