// Source requirements listed in an included file (`-r deps/base.txt`) or in hash-checked requirements go the
// way of those in requirements.txt itself: pip builds each alone into a wheel, uv installs it for the target.
// Hash-checking stays on: the archive is checked against its --hash as it is downloaded to build, the wheel
// is installed by its own hash, and every other distribution still needs one.
import { existsSync, readdirSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testPython } from '../helpers.js';
import { cli, makeProject, pypiWithUv, removeTemporary, testRuntime, UV_BIN, UV_ENV, zipNames } from './package-helpers.js';

const { runtime } = testRuntime();
const { online, skipped } = await pypiWithUv('setuptools');

afterAll(removeTemporary);

const SIX_SDIST = 'https://files.pythonhosted.org/packages/71/39/171f1c67cd00715f190ba0b100d606d440a28c93c7714febeca8b79af85e/six-1.16.0.tar.gz';
// PyPI's sha256 of six-1.16.0.tar.gz, and of its wheel.
const SIX_SDIST_HASH = 'sha256:1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926';
const SIX_WHEEL_HASH = 'sha256:8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254';
const WRONG_HASH = 'sha256:2e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926';

const other = arch() === 'arm64' ? { architecture: 'x86_64' as const, machine: 'x86_64' } : { architecture: 'arm64' as const, machine: 'aarch64' };
const LIB = {
  'src/lib/pyproject.toml': '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "shared"\nversion = "1.0.0"\n[tool.setuptools]\npy-modules = ["shared"]\n',
  'src/lib/shared.py': 'NAME = "shared"\n',
};
const APP = { 'src/app.py': 'def handler(event, context):\n    return 1\n' };

const zip = (dir: string) => join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip');
const metadata = (dir: string) => zipNames(zip(dir)).filter((n) => /^[^/]+\.dist-info\/METADATA$/.test(n)).sort();
const pkg = (dir: string) => cli(['package', '--python', testPython()], dir, UV_ENV);

describe.skipIf(!online)(`a local directory in a file requirements.txt includes${skipped}`, () => {
  it("is built from a copy and installed by uv, its marker judged for the target's machine", async () => {
    // pip installing everything judged the marker for this machine and left the line out.
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime, architecture: other.architecture } },
      files: { ...APP, ...LIB, 'src/requirements.txt': '-r deps/base.txt\n', 'src/deps/base.txt': `./lib ; platform_machine == "${other.machine}"\n` },
    });
    const { code, stderr } = await pkg(dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`note: ./lib ; platform_machine == "${other.machine}" is a local path: pip built it into shared-1.0.0-py3-none-any.whl, and uv installs that with its dependencies for ${runtime} ${other.architecture}`);
    expect(stderr).not.toContain('so pip (which builds');
    expect(metadata(dir)).toEqual(['shared-1.0.0.dist-info/METADATA']);
    expect(zipNames(zip(dir))).toContain('shared.py');
    expect(readdirSync(join(dir, 'src', 'lib')).sort()).toEqual(['pyproject.toml', 'shared.py']);
  }, 180_000);
});

describe.skipIf(!online)(`a source archive in hash-checked requirements${skipped}`, () => {
  it('is checked against its hash, built, and installed by uv by the wheel\'s own hash, in the file or an included one', async () => {
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime } },
      files: { ...APP, 'src/requirements.txt': `six @ ${SIX_SDIST} \\\n    --hash=${SIX_SDIST_HASH}\n` },
    });
    const { code, stdout, stderr } = await cli(['package', '--python', testPython(), '--json'], dir, UV_ENV);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`note: six @ ${SIX_SDIST} is a source archive: pip built it into six-1.16.0-py2.py3-none-any.whl, and uv installs that with its dependencies for ${runtime} x86_64`);
    const built = [{ requirement: `six @ ${SIX_SDIST}`, kind: 'source archive', wheel: 'six-1.16.0-py2.py3-none-any.whl' }];
    expect(JSON.parse(stdout).builds[0].dependencies).toMatchObject({ installer: expect.stringMatching(/^uv \d/), cache: 'miss', built });
    expect(metadata(dir)).toEqual(['six-1.16.0.dist-info/METADATA']);
    // From the cache, the report still says what was built.
    const cached = await cli(['package', '--python', testPython(), '--json'], dir, UV_ENV);
    expect(cached.code, cached.stderr).toBe(0);
    expect(JSON.parse(cached.stdout).builds[0].dependencies).toMatchObject({ cache: 'hit', built });

    const included = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime } },
      files: { ...APP, 'src/requirements.txt': '-r deps/hashed.txt\n', 'src/deps/hashed.txt': `six @ ${SIX_SDIST} --hash=${SIX_SDIST_HASH}\n` },
    });
    const again = await pkg(included);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`note: six @ ${SIX_SDIST} is a source archive: pip built it into six-1.16.0-py2.py3-none-any.whl, and uv installs that`);
    expect(again.stderr).toContain(`Fn: building from source (six @ ${SIX_SDIST})\n`);
    expect(metadata(included)).toEqual(['six-1.16.0.dist-info/METADATA']);
  }, 180_000);

  it('fails naming the package and both hashes when the archive is not the one pinned', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler', runtime } }, files: { ...APP, 'src/requirements.txt': `six @ ${SIX_SDIST} --hash=${WRONG_HASH}\n` } });
    const { code, stderr } = await pkg(dir);
    expect(code).toBe(1);
    expect(stderr).toContain(`error: The source archive of six @ ${SIX_SDIST} does not match the hash the requirements pin for it:\n`);
    expect(stderr).toContain(`Expected sha256 ${WRONG_HASH.slice(7)}`);
    expect(stderr).toContain(`Got        ${SIX_SDIST_HASH.slice(7)}`);
    expect(stderr).toContain('regenerate the hashes');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(zip(dir))).toBe(false);
  }, 120_000);

  it('still needs a hash for every other distribution, as pip does', async () => {
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime } },
      files: { ...APP, 'src/requirements.txt': `six @ ${SIX_SDIST} --hash=${SIX_SDIST_HASH}\nsix==1.16.0 --hash=${SIX_WHEEL_HASH}\ndocopt==0.6.2\n` },
    });
    const { code, stderr } = await pkg(dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/error: Installing the dependencies of Fn \(\S+requirements\.txt\) with uv [\d.]+ failed:\n/);
    expect(stderr).toContain('all requirements must have a hash, but none were provided for: docopt==0.6.2');
    expect(existsSync(zip(dir))).toBe(false);
  }, 120_000);
});

describe.skipIf(!existsSync(join(UV_BIN, 'uv')))('a local directory or a repository in hash-checked requirements', () => {
  it.each([
    ['./lib', 'local path', 'a local directory has no archive whose hash could be checked'],
    ['shared @ git+https://example.com/shared.git@v1', 'repository', "a repository's code has no archive whose hash could be checked"],
  ])('%s fails before anything is built, saying why (pip refuses it too)', async (line, kind, why) => {
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime } },
      files: { ...APP, ...LIB, 'src/requirements.txt': `-r deps/base.txt\nsix==1.16.0 --hash=${SIX_WHEEL_HASH}\n`, 'src/deps/base.txt': `${line}\n` },
    });
    const { code, stderr } = await pkg(dir);
    expect(code).toBe(2);
    expect(stderr).toContain(`error: ${line} (deps/base.txt) is a ${kind} in hash-checked requirements (a --hash in them turns hash-checking on for every line): ${why}\n`);
    expect(stderr).toContain('Build it into a wheel (pip wheel --no-deps) and list the wheel with its --hash, or install it from requirements without hashes.');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
