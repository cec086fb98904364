// Source-only dependencies, built here from local sdists (test/fixtures/packaging/sdists): a C
// extension is refused with the ways out, pure Python is accepted. And the uv installer, when the
// test environment has it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, testPython } from '../helpers.js';
import { cli, makeProject, removeTemporary, temporary, testRuntime, zipNames } from './package-helpers.js';

const { runtime } = testRuntime();
let links: string;

/** `name-0.1.0.tar.gz` from the fixture's sources, with the PKG-INFO an sdist carries. */
function sdist(name: string, into: string): void {
  const script = [
    'import io, os, sys, tarfile',
    'name, src, out = sys.argv[1:4]',
    'with tarfile.open(os.path.join(out, f"{name}-0.1.0.tar.gz"), "w:gz") as tar:',
    '    for f in sorted(os.listdir(src)):',
    '        tar.add(os.path.join(src, f), arcname=f"{name}-0.1.0/{f}")',
    '    info = f"Metadata-Version: 2.1\\nName: {name}\\nVersion: 0.1.0\\n".encode()',
    '    ti = tarfile.TarInfo(f"{name}-0.1.0/PKG-INFO"); ti.size = len(info)',
    '    tar.addfile(ti, io.BytesIO(info))',
  ].join('\n');
  execFileSync(testPython(), ['-c', script, name, join(FIXTURES, 'packaging', 'sdists', name), into]);
}

afterAll(removeTemporary);

beforeAll(() => {
  links = temporary('pylambda-sdists-');
  sdist('nativepkg', links);
  sdist('purepkg', links);
});

const project = (requirements: string, app = 'def handler(event, context):\n    return 1\n') =>
  makeProject({ functions: { Fn: { handler: 'app.handler', runtime } }, files: { 'src/app.py': app, 'src/requirements.txt': `--find-links ${links}\n${requirements}` } });

describe('source-only dependencies', () => {
  it('a native one fails naming the package and the ways out, and writes nothing', async () => {
    const dir = project('nativepkg\n');
    const { code, stdout, stderr } = await cli(['package', '--python', testPython(), '--installer', 'pip'], dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    // With a C compiler the wheel is built and refused; without one the build fails: both say why.
    expect(stderr).toMatch(/^error: nativepkg 0\.1\.0 has no wheel for python3\.\d+ on x86_64, and its source distribution contains native code \(it builds nativepkg-0\.1\.0-cp3\d+-cp3\d+-linux_\w+\.whl\), which cannot be built for Lambda on this machine\n|^error: nativepkg has no wheel for python3\.\d+ on x86_64 \(manylinux_2_\d+_x86_64 or older\), and its source distribution failed to build/m);
    expect(stderr).toContain('- pin a version of nativepkg that publishes a manylinux wheel for x86_64');
    expect(stderr).toContain("vendor the result into the function's directory");
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'))).toBe(false);
  });

  it('a pure-Python one is built, accepted and packaged', async () => {
    const dir = project('purepkg\n', 'import purepkg\n\ndef handler(event, context):\n    return purepkg.greet("lambda")\n');
    const { code, stderr } = await cli(['package', '--python', testPython(), '--installer', 'pip'], dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('note: purepkg has no wheel on the index; its source distribution built purepkg-0.1.0-py3-none-any.whl, which is pure Python and runs on Lambda');
    expect(zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'))).toContain('purepkg.py');
  });

  it('a hash-pinned one in a file requirements.txt includes is checked against its hash, built, and installed by the wheel\'s', async () => {
    // pip-tools' layout: requirements.txt includes the hashed base.txt. Before, pylambda looked for the hashed line
    // in requirements.txt alone and refused the build.
    const hash = createHash('sha256').update(readFileSync(join(links, 'purepkg-0.1.0.tar.gz'))).digest('hex');
    const dir = project('-r deps/base.txt\n', 'import purepkg\n\ndef handler(event, context):\n    return purepkg.greet("lambda")\n');
    mkdirSync(join(dir, 'src', 'deps'));
    writeFileSync(join(dir, 'src', 'deps', 'base.txt'), `purepkg==0.1.0 \\\n    --hash=sha256:${hash}\n`);
    const { code, stderr } = await cli(['package', '--python', testPython(), '--installer', 'pip'], dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('note: purepkg has no wheel on the index; its source distribution built purepkg-0.1.0-py3-none-any.whl, which is pure Python and runs on Lambda');
    expect(zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'))).toContain('purepkg.py');
    // The hash is checked: another one is refused, naming the file's hash and the archive's.
    writeFileSync(join(dir, 'src', 'deps', 'base.txt'), `purepkg==0.1.0 --hash=sha256:${'0'.repeat(64)}\n`);
    const wrong = await cli(['package', '--python', testPython(), '--installer', 'pip'], dir);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('error: The source distribution of purepkg==0.1.0 (it has no wheel for the platform, so it is built here) does not match the hash base.txt pins for it:');
    expect(wrong.stderr).toContain(`Expected sha256 ${'0'.repeat(64)}`);
    expect(wrong.stderr).toContain(`Got        ${hash}`);
  });
});

const uvBin = join(ROOT, '.venv-test', 'bin');
describe.skipIf(!existsSync(join(uvBin, 'uv')))('the uv installer', () => {
  it('installs arm64 wheels and leaves no lock file in the package', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler', runtime, architecture: 'arm64' } }, files: { 'src/app.py': 'import orjson\n\ndef handler(event, context):\n    return 1\n', 'src/requirements.txt': 'orjson\n' } });
    const { code, stdout, stderr } = await cli(['package', '--python', testPython(), '--installer', 'uv', '--json'], dir, { ...process.env, PATH: `${uvBin}:${process.env.PATH}` });
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout).builds[0].dependencies.installer).toMatch(/^uv \d/);
    const names = zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'));
    expect(names.find((n) => n.endsWith('.so'))).toMatch(/^orjson\/orjson\.cpython-3\d+-aarch64-linux-gnu\.so$/);
    expect(names).not.toContain('.lock');
  });
});
