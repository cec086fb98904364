import { describe, expect, it } from 'vitest';
import { copiedForBuild, shownLine, sourceKind, sourceLines, sourceRequirement, sourceWheelLine, splitSourceLine, unhashableReason, type SourceLine, type SourceWheel } from '../../src/core/packaging/source-requirements.js';

describe('sourceKind: requirement lines only a build here installs (pip builds them, uv under --only-binary :all: does not)', () => {
  it.each<[string, string | undefined]>([
    ['requests==2.32.3', undefined],
    ['requests[socks]>=2 ; python_version < "3.10"', undefined],
    ['pkg @ https://example.com/pkg-1.0-py3-none-any.whl', undefined],
    ['https://example.com/pkg-1.0-py3-none-any.whl', undefined],
    ['-r base/requirements.txt', undefined],
    ['--find-links=./wheels', undefined],
    ['--index-url https://pypi.example.com/simple', undefined],
    ['-e ./libs/shared', undefined],
    ['./libs/shared', 'local path'],
    ['../libs/shared[extra]', 'local path'],
    ['.', 'local path'],
    ['..', 'local path'],
    ['./', 'local path'],
    ['. ; sys_platform == "linux"', 'local path'],
    ['libs/shared', 'local path'],
    ['/abs/libs/shared', 'local path'],
    ['shared @ file:///src/shared', 'local path'],
    ['file:///src/shared', 'local path'],
    ['git+https://github.com/o/r.git@v1#egg=r', 'repository'],
    ['r @ git+ssh://git@github.com/o/r.git@0123456789abcdef0123456789abcdef01234567', 'repository'],
    ['hg+https://hg.example.com/r#egg=r', 'repository'],
    ['six @ https://files.pythonhosted.org/packages/71/39/x/six-1.16.0.tar.gz', 'source archive'],
    ['https://example.com/pkg-1.0.zip#sha256=abc', 'source archive'],
    ['pkg @ https://example.com/pkg-1.0.tar.gz ; python_version >= "3.9"', 'source archive'],
  ])('%s', (line, kind) => {
    expect(sourceKind(line)).toBe(kind);
  });

  it('finds the first one of a file as pip reads it', () => {
    expect(sourceRequirement('# libs\nrequests\n-e ../dev\nr @ git+https://x/r \\\n  ; python_version > "3"\n./libs/a\n')).toEqual({ line: 'r @ git+https://x/r   ; python_version > "3"', kind: 'repository' });
    expect(sourceRequirement('requests\n')).toBeUndefined();
  });
});

describe('splitSourceLine: what pip wheel builds, and the extras and marker the install keeps', () => {
  it.each<[string, Omit<SourceLine, 'line' | 'kind'>]>([
    ['.', { requirement: '.', extras: '', path: '.' }],
    ['./', { requirement: './', extras: '', path: './' }],
    ['. ; sys_platform == "linux"', { requirement: '.', extras: '', marker: 'sys_platform == "linux"', path: '.' }],
    ['../libs/shared[aws, s3]', { requirement: '../libs/shared[aws, s3]', extras: '[aws,s3]', path: '../libs/shared' }],
    ['.[aws]', { requirement: '.[aws]', extras: '[aws]', path: '.' }],
    ['libs/shared ; platform_machine == "aarch64"', { requirement: 'libs/shared', extras: '', marker: 'platform_machine == "aarch64"', path: 'libs/shared' }],
    ['shared[x] @ file:///src/shared', { requirement: 'shared[x] @ file:///src/shared', extras: '[x]', path: '/src/shared' }],
    ['file:///src/shared', { requirement: 'file:///src/shared', extras: '', path: '/src/shared' }],
    ['r @ git+https://x/r.git@v1 ;python_version > "3"', { requirement: 'r @ git+https://x/r.git@v1', extras: '', marker: 'python_version > "3"' }],
    ['git+https://x/r.git@v1#egg=r', { requirement: 'git+https://x/r.git@v1#egg=r', extras: '' }],
    ['pkg[a] @ https://e.com/pkg-1.0.tar.gz ; python_version >= "3.9"', { requirement: 'pkg[a] @ https://e.com/pkg-1.0.tar.gz', extras: '[a]', marker: 'python_version >= "3.9"' }],
    // pip-compile --generate-hashes, continuation joined: the options are not part of the requirement.
    ['six @ https://e.com/six-1.16.0.tar.gz   --hash=sha256:1e61 --hash sha256:8abb', { requirement: 'six @ https://e.com/six-1.16.0.tar.gz', extras: '', hashes: ['sha256:1e61', 'sha256:8abb'] }],
    ['pkg @ https://e.com/pkg-1.0.tar.gz ; python_version >= "3.9" --hash=sha256:ab', { requirement: 'pkg @ https://e.com/pkg-1.0.tar.gz', extras: '', marker: 'python_version >= "3.9"', hashes: ['sha256:ab'] }],
    ['./lib --hash=sha256:ab', { requirement: './lib', extras: '', path: './lib', hashes: ['sha256:ab'] }],
  ])('%s', (line, expected) => {
    const kind = sourceKind(line)!;
    expect(splitSourceLine(line, kind)).toEqual({ line, kind, ...expected });
  });

  it('sourceLines lists every one, in order, continuations joined', () => {
    expect(sourceLines('requests\n./a\ngit+https://x/r \\\n  ; python_version > "3"\n-e ./dev\n').map((s) => s.requirement)).toEqual(['./a', 'git+https://x/r']);
  });
});

describe('hash-checked source lines (pip --require-hashes)', () => {
  it.each<[string, string | undefined]>([
    ['six @ https://e.com/six-1.16.0.tar.gz --hash=sha256:1e61', undefined],
    ['six @ https://e.com/six-1.16.0.tar.gz', 'it has no --hash, and in hash-checking mode every requirement must have one'],
    ['./lib --hash=sha256:ab', 'a local directory has no archive whose hash could be checked'],
    ['r @ git+https://x/r.git@v1', "a repository's code has no archive whose hash could be checked"],
  ])('%s', (line, reason) => {
    expect(unhashableReason(splitSourceLine(line, sourceKind(line)!))).toBe(reason);
  });

  it('are shown without their hashes', () => {
    const line = 'pkg @ https://e.com/pkg-1.0.tar.gz ; os_name == "posix" --hash=sha256:ab';
    expect(shownLine(splitSourceLine(line, 'source archive'))).toBe('pkg @ https://e.com/pkg-1.0.tar.gz ; os_name == "posix"');
    expect(shownLine(splitSourceLine('./lib ; os_name == "posix"', 'local path'))).toBe('./lib ; os_name == "posix"');
  });
});

describe('sourceWheelLine: the built wheel in place of its line', () => {
  it.each<[SourceWheel, string]>([
    [{ line: '.', name: 'shared', extras: '', wheel: '/s/shared-1.0-py3-none-any.whl' }, 'shared @ file:///s/shared-1.0-py3-none-any.whl'],
    [{ line: '.[aws] ; os_name == "posix"', name: 'shared', extras: '[aws]', marker: 'os_name == "posix"', wheel: '/s/w.whl' }, 'shared[aws] @ file:///s/w.whl ; os_name == "posix"'],
    [{ line: 'six @ https://e.com/six.tar.gz ; os_name == "posix" --hash=sha256:1e', name: 'six', extras: '', marker: 'os_name == "posix"', wheel: '/s/six.whl', sha256: 'ab' }, 'six @ file:///s/six.whl ; os_name == "posix" --hash=sha256:ab'],
  ])('%s', (built, line) => {
    expect(sourceWheelLine(built)).toBe(line);
  });
});

describe('copiedForBuild: a local directory is built from a copy without its caches and stale build output', () => {
  it.each<[string, boolean]>([
    ['', true],
    ['shared.py', true],
    ['pkg/build/x.py', true],
    ['pkg/__pycache__/x.pyc', false],
    ['build', false],
    ['build/lib/shared.py', false],
    ['shared.egg-info', false],
    ['src/shared.egg-info', true],
    ['.aws-sam', false],
    ['.venv', false],
    ['node_modules/x', false],
    ['.git', true],
  ])('%s → %s', (path, copied) => {
    expect(copiedForBuild(path)).toBe(copied);
  });
});
