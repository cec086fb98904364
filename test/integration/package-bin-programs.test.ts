// A wheel's compiled program installed as a script (ninja's, uv's, ruff's) lands in bin/ of the install
// directory, where its package runs it from (uv's find_uv_bin looks in `<target>/bin`): it stays in the zip,
// executable, while pip's console scripts beside it (flask's, with a shebang of this machine's Python) go.
import { execFileSync } from 'node:child_process';
import { arch } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testPython } from '../helpers.js';
import { cli, makeProject, removeTemporary, testRuntime, unzipTo, pypiWithUv, UV_ENV } from './package-helpers.js';

const { runtime } = testRuntime();

const { online, skipped } = await pypiWithUv('ninja');

afterAll(removeTemporary);

describe.skipIf(!online)(`programs in bin/${skipped}`, () => {
  it('keeps a wheel\'s compiled program, executable and runnable, and leaves out console scripts', async () => {
    const architecture = arch() === 'arm64' ? 'arm64' : 'x86_64';
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler', runtime, architecture } }, files: { 'src/app.py': 'def handler(event, context):\n    return 1\n', 'src/requirements.txt': 'ninja==1.13.0\nflask==3.1.0\n' } });
    const { code, stderr } = await cli(['package', '--python', testPython()], dir, UV_ENV);
    expect(code, stderr).toBe(0);
    const zip = join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip');
    const modes = execFileSync(testPython(), ['-c', 'import sys, zipfile; [print(oct(i.external_attr >> 16), i.filename) for i in zipfile.ZipFile(sys.argv[1]).infolist() if i.filename.startswith("bin/")]', zip], { encoding: 'utf8' });
    expect(modes).toBe('0o100755 bin/ninja\n');
    const extracted = unzipTo(zip);
    execFileSync('chmod', ['+x', join(extracted, 'bin', 'ninja')]);
    expect(execFileSync(join(extracted, 'bin', 'ninja'), ['--version'], { encoding: 'utf8' })).toMatch(/^1\.13\.0\b/);
  }, 120_000);
});
