// What the zip records of the machine that built it: nothing. The same project built from two directories,
// with two dependency caches and the same Python reached by two paths, gives the same bytes, and no file in
// the zip names a path of either build (installers record where a wheel came from in direct_url.json, and
// hash the shebang of the console scripts they write, the builder's Python, into RECORD).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, testPython } from '../helpers.js';
import { cli, makeProject, pypiWithUv, removeTemporary, temporary, testRuntime, UV_ENV } from './package-helpers.js';

const { runtime } = testRuntime();
const { online, skipped } = await pypiWithUv('setuptools');

afterAll(removeTemporary);

const SIX_SDIST = 'https://files.pythonhosted.org/packages/71/39/171f1c67cd00715f190ba0b100d606d440a28c93c7714febeca8b79af85e/six-1.16.0.tar.gz';

const FILES = {
  'src/app.py': 'import shared, six\n\ndef handler(event, context):\n    return shared.NAME\n',
  'src/requirements.txt': `./lib\nsix @ ${SIX_SDIST}\n`,
  // A console script and a script file: the installer writes both into bin/ with its Python in the shebang.
  'src/lib/pyproject.toml': '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "shared"\nversion = "1.0.0"\n[project.scripts]\nshared-cli = "shared:main"\n[tool.setuptools]\npy-modules = ["shared"]\nscript-files = ["tool.py"]\n',
  'src/lib/shared.py': 'NAME = "shared"\n\ndef main():\n    return 0\n',
  'src/lib/tool.py': '#!/usr/bin/env python\nprint("tool")\n',
};

interface Build {
  readonly project: string;
  readonly cache: string;
  readonly python: string;
}

/** A project in its own directory, its own cache, and the test Python through a link of its own (as another venv path). */
function builder(): Build {
  const project = makeProject({ functions: { Fn: { handler: 'app.handler', runtime } }, files: FILES });
  const home = temporary('pylambda-builder-');
  symlinkSync(join(ROOT, '.venv-test'), join(home, 'venv'));
  return { project, cache: join(home, 'cache'), python: join(home, 'venv', 'bin', 'python') };
}

/** Every entry of a zip with its bytes, as Python's zipfile reads them. */
function entries(zip: string): Map<string, Buffer> {
  const script = 'import base64, json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({n: base64.b64encode(z.read(n)).decode() for n in z.namelist()}))';
  const out = JSON.parse(execFileSync(testPython(), ['-c', script, zip], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, string>;
  return new Map(Object.entries(out).map(([name, data]) => [name, Buffer.from(data, 'base64')]));
}

describe.skipIf(!online)(`a package of source requirements built on two machines${skipped}`, () => {
  // pip installed the local directory itself, built in place: build/ and *.egg-info stayed in the tree, and went into the zip.
  it.each(['uv', 'pip'])('is the same zip, byte for byte, and names no path of either build, installed by %s', async (installer) => {
    const builds = [builder(), builder()];
    const zips: Buffer[] = [];
    for (const build of builds) {
      const { code, stderr } = await cli(['package', '--python', build.python, '--installer', installer], build.project, { ...UV_ENV, PYLAMBDA_CACHE_DIR: build.cache });
      expect(code, stderr).toBe(0);
      expect(stderr).toContain(`note: six @ ${SIX_SDIST} is a source archive: pip built it into six-1.16.0-py2.py3-none-any.whl, and ${installer} installs that`);
      expect(stderr).toContain('Fn: building from source (1 of 2: ./lib)\n');
      expect(stderr).toContain(`Fn: building from source (2 of 2: six @ ${SIX_SDIST})\n`);
      expect(readdirSync(join(build.project, 'src', 'lib')).sort()).toEqual(['pyproject.toml', 'shared.py', 'tool.py']);
      zips.push(readFileSync(join(build.project, '.aws-sam', 'pylambda', 'package', 'Fn.zip')));
    }
    const files = entries(join(builds[0]!.project, '.aws-sam', 'pylambda', 'package', 'Fn.zip'));
    expect([...files.keys()].filter((n) => n.startsWith('lib/')).sort()).toEqual(['lib/__pycache__/shared.cpython-311.pyc', 'lib/__pycache__/tool.cpython-311.pyc', 'lib/pyproject.toml', 'lib/shared.py', 'lib/tool.py'].map((n) => n.replace('311', testRuntime().version.replace('.', ''))));
    expect([...files.keys()].filter((n) => n.includes('.dist-info/')).sort()).toEqual([
      'shared-1.0.0.dist-info/INSTALLER', 'shared-1.0.0.dist-info/METADATA', 'shared-1.0.0.dist-info/RECORD', 'shared-1.0.0.dist-info/REQUESTED',
      'shared-1.0.0.dist-info/WHEEL', 'shared-1.0.0.dist-info/entry_points.txt', 'shared-1.0.0.dist-info/top_level.txt',
      'six-1.16.0.dist-info/INSTALLER', 'six-1.16.0.dist-info/LICENSE', 'six-1.16.0.dist-info/METADATA', 'six-1.16.0.dist-info/RECORD',
      'six-1.16.0.dist-info/REQUESTED', 'six-1.16.0.dist-info/WHEEL', 'six-1.16.0.dist-info/top_level.txt',
    ]);
    // The scripts are not shipped, so RECORD does not list them (their hashes covered the builder's Python).
    expect([...files.keys()].filter((n) => n.startsWith('bin/'))).toEqual([]);
    expect(files.get('shared-1.0.0.dist-info/RECORD')!.toString()).not.toMatch(/bin\/|direct_url/);
    const paths = [...builds.flatMap((b) => [b.project, b.cache, b.python]), join(ROOT, '.venv-test'), 'pylambda-source-', 'pylambda-builder-', 'pylambda-pkg-'];
    const leaks = [...files].flatMap(([name, data]) => paths.filter((p) => data.includes(p)).map((p) => `${name}: ${p}`));
    expect(leaks).toEqual([]);
    expect(zips[1]!.equals(zips[0]!)).toBe(true);
  }, 240_000);
});
