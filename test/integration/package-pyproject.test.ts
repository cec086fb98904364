// Projects that declare their dependencies without a requirements.txt: pyproject.toml's [project]
// dependencies, a uv workspace's uv.lock (through the real `uv export`), a Pipfile.lock. They were
// packaged with no dependencies at all, and every invoke would have failed to import them.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testPython } from '../helpers.js';
import { cli, makeProject, removeTemporary, testRuntime, zipNames, pypiWithUv, UV_BIN, UV_ENV } from './package-helpers.js';

const { runtime } = testRuntime();
const env = UV_ENV;
const APP = 'import six\n\ndef handler(event, context):\n    return six.__version__\n';

const { online, skipped } = await pypiWithUv('six');

afterAll(removeTemporary);

const pkg = (dir: string, ...extra: string[]) => cli(['package', '--python', testPython(), ...extra], dir, env);
const zipOf = (dir: string, id: string) => join(dir, '.aws-sam', 'pylambda', 'package', `${id}.zip`);
const metadata = (names: readonly string[]) => names.filter((n) => /^[^/]+\.dist-info\/METADATA$/.test(n)).map((n) => n.split('.dist-info')[0]);

describe.skipIf(!online)(`dependencies declared without a requirements.txt${skipped}`, () => {
  it('pyproject.toml\'s [project] dependencies are installed, and the report says where they came from', async () => {
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime } },
      files: { 'src/app.py': APP, 'src/pyproject.toml': '[project]\nname = "fn"\nversion = "0.1.0"\ndependencies = ["six==1.16.0"]\n' },
    });
    const { code, stdout, stderr } = await pkg(dir);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^ {2}deps {4}1 distribution from pyproject\.toml, installed and cached \(uv \d[^)]*\)$/m);
    expect(metadata(zipNames(zipOf(dir, 'Fn')))).toEqual(['six-1.16.0']);
    const json = await pkg(dir, '--json');
    expect(JSON.parse(json.stdout).builds[0].dependencies).toMatchObject({ requirements: join(dir, 'src', 'pyproject.toml'), distributions: ['six 1.16.0'], cache: 'hit' });
  });

  it('a uv workspace member gets the versions the root\'s uv.lock pins and the members it uses, built; a lock that no longer matches is refused', async () => {
    const dir = makeProject({
      functions: { Api: { handler: 'app.handler', runtime, codeUri: 'functions/api/' } },
      files: {
        'pyproject.toml': '[project]\nname = "root"\nversion = "0.1.0"\nrequires-python = ">=3.9"\n[tool.uv.workspace]\nmembers = ["functions/*", "packages/*"]\n',
        'functions/api/app.py': 'import shared\n' + APP,
        'functions/api/pyproject.toml': '[project]\nname = "api"\nversion = "0.1.0"\nrequires-python = ">=3.9"\ndependencies = ["six>=1.15", "shared"]\n[tool.uv.sources]\nshared = { workspace = true }\n',
        'packages/shared/pyproject.toml': '[project]\nname = "shared"\nversion = "0.2.0"\nrequires-python = ">=3.9"\n[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n',
        'packages/shared/shared/__init__.py': 'WHO = "shared"\n',
      },
    });
    // The lock holds six at 1.16.0 though 1.17.0 exists: what installs is the lock's.
    execFileSync(join(UV_BIN, 'uv'), ['lock', '--quiet', '--upgrade-package', 'six==1.16.0'], { cwd: dir, env });
    const { code, stdout, stderr } = await pkg(dir);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^ {2}deps {4}2 distributions from uv\.lock \(1 built here: shared-0\.2\.0-py3-none-any\.whl\), installed \(not cacheable\)/m);
    const names = zipNames(zipOf(dir, 'Api'));
    expect(metadata(names)).toEqual(['shared-0.2.0', 'six-1.16.0']);
    expect(names).toContain('shared/__init__.py');
    expect(names.filter((n) => n.startsWith('api-'))).toEqual([]);

    writeFileSync(join(dir, 'functions', 'api', 'pyproject.toml'), '[project]\nname = "api"\nversion = "0.1.0"\nrequires-python = ">=3.9"\ndependencies = ["six>=1.15", "shared", "idna"]\n[tool.uv.sources]\nshared = { workspace = true }\n');
    const stale = await pkg(dir);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toBe(`error: ${join(dir, 'uv.lock')} does not match ${join(dir, 'functions', 'api', 'pyproject.toml')} any more (uv export --locked refused it): its pins are not what pyproject.toml asks for\nRun uv lock, and package again.\n`);
  });

  it('a Pipfile.lock: its default packages as locked, never its dev packages or the project itself', async () => {
    const lock = {
      _meta: { sources: [{ name: 'pypi', url: 'https://pypi.org/simple', verify_ssl: true }] },
      default: { six: { hashes: [], index: 'pypi', version: '==1.16.0' }, fn: { editable: true, path: '.' } },
      develop: { idna: { version: '==3.10' } },
    };
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime } },
      files: { 'src/app.py': APP, 'src/Pipfile': '[packages]\nsix = "*"\nfn = {editable = true, path = "."}\n[dev-packages]\nidna = "*"\n', 'src/Pipfile.lock': JSON.stringify(lock) },
    });
    const { code, stderr } = await pkg(dir);
    expect(code, stderr).toBe(0);
    expect(metadata(zipNames(zipOf(dir, 'Fn')))).toEqual(['six-1.16.0']);
  });
});

describe('dependencies pylambda cannot read', () => {
  it('Poetry 1\'s [tool.poetry.dependencies] fails the build, saying how to export them', async () => {
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime } },
      files: { 'src/app.py': APP, 'src/pyproject.toml': '[tool.poetry]\nname = "fn"\n[tool.poetry.dependencies]\npython = "^3.12"\nsix = "^1.16"\n', 'src/poetry.lock': '' },
    });
    const { code, stdout, stderr } = await pkg(dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: ${join(dir, 'src')}/pyproject.toml lists its dependencies (six) in [tool.poetry.dependencies], in Poetry's own syntax, which pylambda does not read\nExport them: poetry export -f requirements.txt --output requirements.txt (Poetry 2 needs poetry-plugin-export), or list them in [project] dependencies as Poetry 2 does.\n`);
    expect(existsSync(zipOf(dir, 'Fn'))).toBe(false);
  });
});
