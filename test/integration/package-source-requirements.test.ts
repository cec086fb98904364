// Requirements only a build installs, with uv on PATH as the default installer: uv builds no source under
// --only-binary :all: ("Building source distributions ... is disabled"), so pip builds each into a wheel
// and uv installs the wheels with the rest for the target.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testPython } from '../helpers.js';
import { cli, makeProject, removeTemporary, temporary, testRuntime, zipNames, pypiWithUv, UV_ENV } from './package-helpers.js';

const { runtime, version } = testRuntime();
const env = UV_ENV;

const { online, skipped } = await pypiWithUv('setuptools');

afterAll(removeTemporary);

const SIX_SDIST = 'https://files.pythonhosted.org/packages/71/39/171f1c67cd00715f190ba0b100d606d440a28c93c7714febeca8b79af85e/six-1.16.0.tar.gz';

/** A repository of one pure-Python package, on this machine. */
function repository(): string {
  const repo = temporary('pylambda-repo-');
  writeFileSync(join(repo, 'pyproject.toml'), '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "greeter"\nversion = "0.3.0"\n');
  writeFileSync(join(repo, 'greeter.py'), 'def greet():\n    return "hi"\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'greeter');
  return repo;
}

describe.skipIf(!online)(`a repository and a source archive's URL in requirements.txt${skipped}`, () => {
  it('are built into wheels by pip and installed by uv, also with --installer uv, and said', async () => {
    const requirements = `git+file://${repository()}#egg=greeter\nsix @ ${SIX_SDIST}\n`;
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler', runtime } }, files: { 'src/app.py': 'import greeter, six\n\ndef handler(event, context):\n    return greeter.greet()\n', 'src/requirements.txt': requirements } });
    const { code, stderr } = await cli(['package', '--python', testPython()], dir, env);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`note: ${requirements.split('\n')[0]} is a repository: pip built it into greeter-0.3.0-py3-none-any.whl, and uv installs that with its dependencies for ${runtime} x86_64`);
    const names = zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'));
    expect(names.filter((n) => /^[^/]+\.dist-info\/METADATA$/.test(n))).toEqual(['greeter-0.3.0.dist-info/METADATA', 'six-1.16.0.dist-info/METADATA']);
    expect(names).toContain('greeter.py');

    writeFileSync(join(dir, 'src', 'requirements.txt'), `six @ ${SIX_SDIST}\n`);
    const forced = await cli(['package', '--python', testPython(), '--installer', 'uv'], dir, env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain(`note: six @ ${SIX_SDIST} is a source archive: pip built it into six-1.16.0-py2.py3-none-any.whl, and uv installs that with its dependencies for ${runtime} x86_64`);
  }, 120_000);
});

// The other machine than this one: markers of the requirements and of a built wheel's own dependencies
// must be judged for it (pip installing everything judged them for this machine and left six out).
const other = arch() === 'arm64' ? { architecture: 'x86_64' as const, machine: 'x86_64' } : { architecture: 'arm64' as const, machine: 'aarch64' };

describe.skipIf(!online)(`a local directory in requirements.txt, packaged for the other architecture${skipped}`, () => {
  it("is built from a copy (the code directory is left as it was) and uv judges its dependencies' markers for the target", async () => {
    const marker = `platform_machine == "${other.machine}"`;
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime, architecture: other.architecture } },
      files: {
        'src/app.py': 'import shared\n\ndef handler(event, context):\n    return shared.NAME\n',
        'src/requirements.txt': `.\nsix==1.16.0 ; ${marker}\n`,
        'src/pyproject.toml': `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "shared"\nversion = "1.0.0"\ndependencies = ['python-dateutil==2.9.0.post0 ; ${marker}']\n[tool.setuptools]\npy-modules = ["shared"]\n`,
        'src/shared.py': 'NAME = "shared"\n',
      },
    });
    const before = listing(join(dir, 'src'));
    const { code, stderr } = await cli(['package', '--python', testPython()], dir, env);
    expect(code, stderr).toBe(0);
    expect(listing(join(dir, 'src'))).toEqual(before);
    expect(stderr).toContain(`note: . is a local path: pip built it into shared-1.0.0-py3-none-any.whl, and uv installs that with its dependencies for ${runtime} ${other.architecture}`);
    const names = zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'));
    expect(names.filter((n) => /^[^/]+\.dist-info\/METADATA$/.test(n)).sort()).toEqual(['python_dateutil-2.9.0.post0.dist-info/METADATA', 'shared-1.0.0.dist-info/METADATA', 'six-1.16.0.dist-info/METADATA']);
    expect(names.filter((n) => /^(build|[^/]*\.egg-info)\//.test(n))).toEqual([]);
    expect(names.filter((n) => !n.includes('/')).sort()).toEqual(['app.py', 'pyproject.toml', 'requirements.txt', 'shared.py', 'six.py']);
  }, 180_000);
});

describe.skipIf(!online)(`a local directory whose requires-python leaves out the runtime${skipped}`, () => {
  it('fails naming the runtime and the specifier, before uv resolves anything', async () => {
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime } },
      files: {
        'src/app.py': 'def handler(event, context):\n    return 1\n',
        'src/requirements.txt': '.\n',
        'src/pyproject.toml': `[project]\nname = "shared"\nversion = "1.0.0"\nrequires-python = "<${version}"\n`,
      },
    });
    const { code, stderr } = await cli(['package', '--python', testPython()], dir, env);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(new RegExp(`error: \\. \\(\\S+/src/pyproject\\.toml\\) has requires-python = "<${version.replace('.', '\\.')}", which excludes the function's runtime ${runtime} \\(Python ${version.replace('.', '\\.')}\\)\n`));
    expect(stderr).toContain(`Give the function a runtime that <${version} allows, or widen requires-python if the code runs on Python ${version}.`);
    expect(stderr).not.toContain('    at ');
  }, 120_000);
});

// A runtime one minor version past this machine's Python: what the library requires is the runtime's, not the builder's.
const [major, minor] = version.split('.').map(Number);
const newer = `${major}.${minor! + 1}`;
// Lambda's newest Python runtime is python3.14: past it there is no runtime to package for.
const newerIsRuntime = minor! + 1 <= 14;

describe.skipIf(!online || !newerIsRuntime)(`a local directory that requires a newer Python than the one building it, and the runtime has it${skipped}`, () => {
  it(`is built here for python${newer} all the same (pip alone refused: "requires a different Python")`, async () => {
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime: `python${newer}` } },
      files: {
        'src/app.py': 'import shared\n\ndef handler(event, context):\n    return shared.NAME\n',
        'src/requirements.txt': '.\n',
        'src/pyproject.toml': `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "shared"\nversion = "1.0.0"\nrequires-python = ">=${newer}"\n[tool.setuptools]\npy-modules = ["shared"]\n`,
        'src/shared.py': 'NAME = "shared"\n',
      },
    });
    const { code, stderr } = await cli(['package', '--python', testPython()], dir, env);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`note: . is a local path: pip built it into shared-1.0.0-py3-none-any.whl, and uv installs that with its dependencies for python${newer} x86_64`);
    expect(zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip')).filter((n) => /^[^/]+\.dist-info\/METADATA$/.test(n))).toEqual(['shared-1.0.0.dist-info/METADATA']);
  }, 180_000);
});

describe.skipIf(!online)(`a program in bin/ built for this machine, packaged for the other architecture${skipped}`, () => {
  it('is kept, with a warning naming it and both machines', async () => {
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime, architecture: other.architecture } },
      files: {
        'src/app.py': 'def handler(event, context):\n    return 1\n',
        'src/requirements.txt': './tool\n',
        'src/tool/pyproject.toml': '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "tool"\nversion = "1.0.0"\n[tool.setuptools]\npy-modules = []\n[tool.setuptools.data-files]\nbin = ["hosttool"]\n',
        'src/tool/hosttool': readFileSync('/bin/true'),
      },
    });
    const { code, stderr } = await cli(['package', '--python', testPython()], dir, env);
    expect(code, stderr).toBe(0);
    const host = arch() === 'arm64' ? 'aarch64' : 'x86_64';
    expect(stderr).toContain(`warning: bin/hosttool is a program for ${host}, but the function runs on ${other.machine} (${other.architecture}): running it there fails with "Exec format error"`);
    expect(zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'))).toContain('bin/hosttool');
  }, 120_000);
});

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: false }).map(String).sort();
}
