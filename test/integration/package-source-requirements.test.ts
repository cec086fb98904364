// Requirements only a build installs, with uv on PATH as the default installer: uv builds no source under
// --only-binary :all:, so they went to uv and failed ("Building source distributions ... is disabled");
// pip builds them, as it builds a local directory.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testPython } from '../helpers.js';
import { cli, makeProject, removeTemporary, temporary, testRuntime, zipNames, pypiWithUv, UV_ENV } from './package-helpers.js';

const { runtime } = testRuntime();
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
  it('are built by pip though uv is on PATH, and said; with --installer uv, the error says why', async () => {
    const requirements = `git+file://${repository()}#egg=greeter\nsix @ ${SIX_SDIST}\n`;
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler', runtime } }, files: { 'src/app.py': 'import greeter, six\n\ndef handler(event, context):\n    return greeter.greet()\n', 'src/requirements.txt': requirements } });
    const { code, stderr } = await cli(['package', '--python', testPython()], dir, env);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`note: ${requirements.split('\n')[0]} is a repository: uv builds no source distribution under --only-binary :all:, so pip (which builds a repository's code) installs these requirements`);
    const names = zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'));
    expect(names.filter((n) => /^[^/]+\.dist-info\/METADATA$/.test(n))).toEqual(['greeter-0.3.0.dist-info/METADATA', 'six-1.16.0.dist-info/METADATA']);
    expect(names).toContain('greeter.py');

    writeFileSync(join(dir, 'src', 'requirements.txt'), `six @ ${SIX_SDIST}\n`);
    const forced = await cli(['package', '--python', testPython(), '--installer', 'uv'], dir, env);
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain("uv builds no source under --only-binary :all:, and six has to be built (a local path, a repository or a source archive's URL?): pip builds those, so leave --installer uv out or give --installer pip");
  }, 120_000);
});
