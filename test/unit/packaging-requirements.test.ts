import { describe, expect, it } from 'vitest';
import { compileallArgs, isUncheckedHashPyc, missingBytecode, noBytecodeWarning, pycPath } from '../../src/core/packaging/bytecode.js';
import { installerEnvironment, resolutionEnvironment } from '../../src/core/packaging/installer-env.js';
import { sdistWheelArgs } from '../../src/core/packaging/installer-args.js';
import { packageTarget } from '../../src/core/packaging/platform.js';
import { builtWheelLine, hashedRequirementLine, relocatedRequirements, requirementNames, sourceOptions, usesHashes } from '../../src/core/packaging/requirements.js';
import { directoryExclusion } from '../../src/core/packaging/select.js';

const REQUIREMENTS = [
  '# the API',
  '--index-url https://pypi.example.com/simple',
  '--extra-index-url=https://extra.example.com/simple  # mirrors',
  '-f ./wheels',
  '--trusted-host pypi.example.com',
  '-r base.txt',
  'boto3>=1.34',
  'Pydantic[email]==2.9.0 ; python_version >= "3.9"',
  'python_dateutil',
  'mypkg @ https://example.com/mypkg-1.0-py3-none-any.whl',
  './local/dir',
  'https://example.com/anon.whl',
  '--no-index',
].join('\n');

describe('requirementNames', () => {
  it('lists the normalised names the file asks for, not options, paths or nameless URLs', () => {
    expect(requirementNames(REQUIREMENTS)).toEqual(['boto3', 'pydantic', 'python-dateutil', 'mypkg']);
  });
});

describe('sourceOptions', () => {
  it('keeps the options that choose where packages come from, in order, with their long names', () => {
    expect(sourceOptions(REQUIREMENTS)).toEqual([
      '--index-url', 'https://pypi.example.com/simple',
      '--extra-index-url', 'https://extra.example.com/simple',
      '--find-links', './wheels',
      '--trusted-host', 'pypi.example.com',
      '--no-index',
    ]);
  });

  it('go before the requirement in the sdist build', () => {
    expect(sdistWheelArgs('py', 'x==1', '/w', ['--find-links', './wheels']).slice(-3)).toEqual(['--find-links', './wheels', 'x==1']);
  });
});

describe('hash-pinned requirements', () => {
  const HASHED = [
    '--find-links ./wheels',
    '--find-links ./absent',
    '-c "my constraints.txt"',
    '-r https://example.com/base.txt',
    'six==1.16.0 \\',
    '    --hash=sha256:aa \\',
    '    --hash=sha256:bb',
    '    # via -r requirements.in',
    'Docopt[x]==0.6.2 ; python_version >= "3" --hash=sha256:cc',
  ].join('\n');

  it('hash-checking is on when one line of any file has --hash or the file says --require-hashes', () => {
    expect(usesHashes(['six==1.16.0\n', HASHED])).toBe(true);
    expect(usesHashes(['--require-hashes\n'])).toBe(true);
    expect(usesHashes(['six==1.16.0  # --hash=sha256:aa in a comment\n', 'hashlib-ng==1\n'])).toBe(false);
  });

  it('finds the line that pins a package by hash, continuations joined', () => {
    expect(hashedRequirementLine(HASHED, 'docopt')).toBe('Docopt[x]==0.6.2 ; python_version >= "3" --hash=sha256:cc');
    expect(hashedRequirementLine(HASHED, 'six')?.replace(/\s+/g, ' ')).toBe('six==1.16.0 --hash=sha256:aa --hash=sha256:bb');
    expect(hashedRequirementLine('docopt==0.6.2\n', 'docopt')).toBeUndefined();
  });

  it('pins a built wheel by its own hash, keeps the others, and makes paths relative to the file absolute', () => {
    const out = relocatedRequirements(HASHED, '/code', (p) => (p === './wheels' ? '/code/wheels' : p), (line) => builtWheelLine(line, [{ name: 'docopt', sha256: 'dd' }]));
    expect(out.split('\n').map((l) => l.replace(/\s+/g, ' '))).toEqual([
      '--find-links /code/wheels',
      '--find-links ./absent',
      '-c "/code/my constraints.txt"',
      '-r https://example.com/base.txt',
      'six==1.16.0 --hash=sha256:aa --hash=sha256:bb',
      'Docopt[x]==0.6.2 ; python_version >= "3" --hash=sha256:dd',
      '',
    ]);
  });

  it('the sdist build reads the hashed line from a file, in hash-checking mode', () => {
    expect(sdistWheelArgs('py', 'docopt==0.6.2', '/w', [], '/s/sdist-docopt.txt').slice(-3)).toEqual(['--require-hashes', '-r', '/s/sdist-docopt.txt']);
  });
});

describe('relocatedRequirements: the file written elsewhere, its relative paths made absolute', () => {
  it('rewrites -r, -c and --find-links, and each other line as asked', () => {
    const content = '-r base.txt\n--constraint "c d.txt"\n-f ./wheels\n.\nsix ; platform_machine == "aarch64"\n';
    expect(relocatedRequirements(content, '/code/', (p) => `/found/${p}`, (line) => (line === '.' ? 'shared @ file:///s/shared.whl' : line))).toBe(
      '-r /code/base.txt\n--constraint "/code/c d.txt"\n-f /found/./wheels\nshared @ file:///s/shared.whl\nsix ; platform_machine == "aarch64"\n',
    );
  });

  it('points an include at the copy that replaces it, and keeps the others', () => {
    const copies: Record<string, string> = { 'deps/base.txt': '/scratch/1-base.txt' };
    expect(relocatedRequirements('-r deps/base.txt\n-r other.txt\n-c deps/base.txt\n', '/code', (p) => p, (line) => line, (p) => copies[p])).toBe(
      '-r /scratch/1-base.txt\n-r /code/other.txt\n-c /scratch/1-base.txt\n',
    );
  });
});

describe('installerEnvironment', () => {
  it('keeps the user\'s tool configuration and drops what fights the platform flags', () => {
    const env = installerEnvironment({
      PATH: '/bin', HOME: '/h', PIP_INDEX_URL: 'https://i', HTTPS_PROXY: 'http://p', PYTHONPATH: '/x', PIP_USER: '1',
      PIP_REQUIRE_VIRTUALENV: 'true', PIP_ONLY_BINARY: 'none', UV_PYTHON: '3.9', UNSET: undefined,
    });
    expect(env).toEqual({ PATH: '/bin', HOME: '/h', PIP_INDEX_URL: 'https://i', HTTPS_PROXY: 'http://p', NO_COLOR: '1', UV_NO_PROGRESS: '1', PYTHONIOENCODING: 'utf-8' });
  });

  it('fingerprints only what changes the resolution', () => {
    expect(resolutionEnvironment({ PATH: '/bin', PIP_INDEX_URL: 'https://i', UV_INDEX: 'x', PIP_DEFAULT_TIMEOUT: '60', PIP_PRE: '' })).toEqual({ PIP_INDEX_URL: 'https://i', UV_INDEX: 'x' });
  });
});

describe('bytecode', () => {
  it.each([
    ['app.py', '3.12', '__pycache__/app.cpython-312.pyc'],
    ['pkg/sub/mod.py', '3.9', 'pkg/sub/__pycache__/mod.cpython-39.pyc'],
    ['data.json', '3.12', undefined],
  ])('pycPath(%s, %s)', (source, version, expected) => expect(pycPath(source, version)).toBe(expected));

  it('finds the modules compileall skipped', () => {
    expect(missingBytecode(['a.py', '__pycache__/a.cpython-312.pyc', 'p/b.py', 'p/__pycache__/b.cpython-311.pyc', 'c.txt'], '3.12')).toEqual(['p/b.py']);
  });

  it('compiles every module with relative names, unchecked hashes and all CPUs', () => {
    expect(compileallArgs('/py', '/t')).toEqual(['/py', '-m', 'compileall', '-j', '0', '--invalidation-mode', 'unchecked-hash', '-s', '/t', '/t']);
  });

  it('reads the PEP 552 flags', () => {
    const header = (flags: number) => new Uint8Array([0xcb, 0x0d, 0x0d, 0x0a, flags, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(isUncheckedHashPyc(header(1))).toBe(true);
    expect(isUncheckedHashPyc(header(3))).toBe(false); // checked hash
    expect(isUncheckedHashPyc(header(0))).toBe(false); // timestamp
    expect(isUncheckedHashPyc(header(1).subarray(0, 8))).toBe(false);
  });

  it('says what shipping no bytecode costs', () => {
    expect(noBytecodeWarning(packageTarget('python3.13', 'x86_64'), ['python3.13 on PATH'])).toMatch(/^No Python 3\.13 found .* 414 ms without them, 142 ms with them\)\. Install Python 3\.13/);
  });
});

describe('directoryExclusion', () => {
  it('skips the directories the file rules drop, a virtual environment by its pyvenv.cfg, and honours re-inclusion', () => {
    const skip = directoryExclusion({ ignoreFile: 'docs/\n!tests/\n' });
    expect(skip('.git', [])).toBe('version control');
    expect(skip('src/node_modules', [])).toBe('Node.js packages');
    expect(skip('env-3.12', ['bin', 'lib', 'pyvenv.cfg'])).toBe('a virtual environment (it has a pyvenv.cfg)');
    expect(skip('docs', [])).toBe('.pylambdaignore line 1: docs/');
    expect(skip('tests', [])).toBeUndefined();
    expect(skip('src', ['app.py'])).toBeUndefined();
  });
});

describe('pruning after uv', () => {
  it('drops the lock uv leaves at the top of the target, nothing of that name deeper', async () => {
    const { pruneDependencies } = await import('../../src/core/packaging/prune.js');
    const result = pruneDependencies(['.lock', 'pkg/.lock', 'pkg/__init__.py'], { target: packageTarget('python3.12', 'x86_64') });
    expect(result.remove.map((r) => r.path)).toEqual(['.lock']);
  });
});
