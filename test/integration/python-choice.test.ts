import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonCandidates, resolvePython } from '../../src/adapters/python.js';
import { pythonFor } from '../../src/api/local-runtime.js';
import { functionModel, scratchDir, testPython } from '../helpers.js';

describe('the Python a project runs on', () => {
  it('warns when its version is not the function runtime\'s', async () => {
    const local = await resolvePython(testPython());
    const minor = local.version.split('.').slice(0, 2).join('.');
    const other = minor === '3.9' ? 'python3.10' : 'python3.9';
    const { python, warnings } = await pythonFor('/nonexistent', [functionModel({ handler: 'a.b', id: 'Api', runtime: other })], {}, testPython());
    expect(python.executable).toBe(testPython());
    expect(warnings.map((w) => w.message)).toEqual([
      `Api runs on ${other} but the local Python is ${local.version} (${testPython()}); behaviour and cold starts may differ. Create .venv with Python ${other.slice(6)} to match.`,
    ]);
    const same = await pythonFor('/nonexistent', [functionModel({ handler: 'a.b', runtime: `python${minor}` })], {}, testPython());
    expect(same.warnings).toEqual([]);
  });

  it("prefers the project's .venv, then $VIRTUAL_ENV, then python3", () => {
    const project = scratchDir('venv');
    expect(pythonCandidates(project, {})).toEqual(['python3']);
    mkdirSync(join(project, '.venv', 'bin'), { recursive: true });
    symlinkSync(testPython(), join(project, '.venv', 'bin', 'python'));
    const active = join(testPython(), '..', '..');
    expect(pythonCandidates(project, { VIRTUAL_ENV: active })).toEqual([join(project, '.venv', 'bin', 'python'), join(active, 'bin', 'python'), 'python3']);
    expect(pythonCandidates(project, {}, '/usr/bin/python3.11')).toEqual(['/usr/bin/python3.11']);
  });

  it("keeps a virtual environment's own interpreter, so its packages stay importable", async () => {
    const info = await resolvePython(testPython());
    expect(info.executable).toBe(testPython());
  });

  it('refuses a Python 2 named python3, rather than run the runtime client into a traceback', async () => {
    const fake = join(scratchDir('python2'), 'python3');
    // What the probe prints under Python 2.7.
    writeFileSync(fake, "#!/bin/sh\nprintf '/usr/bin/python2.7\\0002.7.18'\n");
    chmodSync(fake, 0o755);
    await expect(resolvePython(fake)).rejects.toThrow(`'${fake}' is Python 2.7.18 (/usr/bin/python2.7): Lambda functions run on Python 3`);
  });

  it('refuses a program that does not answer as Python does', async () => {
    const fake = join(scratchDir('notpython'), 'python3');
    writeFileSync(fake, '#!/bin/sh\necho hello\n');
    chmodSync(fake, 0o755);
    await expect(resolvePython(fake)).rejects.toThrow(`'${fake}' did not answer like a Python interpreter`);
  });

  it('looks a bare python3 up on the PATH of the environment it is given, not on pylambda\'s own', async () => {
    const bin = scratchDir('path-python');
    // A stand-in that answers the probe as Python 3.99 would: found only through the given PATH.
    writeFileSync(join(bin, 'python3'), `#!/bin/sh\nprintf '${bin}/python3\\0003.99.1'\n`);
    chmodSync(join(bin, 'python3'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    await expect(resolvePython('python3', env)).resolves.toEqual({ executable: join(bin, 'python3'), version: '3.99.1' });
    // The same name on another PATH is another interpreter (the cache is keyed by both).
    await expect(resolvePython('python3', process.env)).resolves.not.toMatchObject({ version: '3.99.1' });
    const { python } = await pythonFor('/nonexistent', [], env);
    expect(python.version).toBe('3.99.1');
  });

  it('says which interpreter cannot run', async () => {
    await expect(resolvePython('/nonexistent/python3')).rejects.toThrow(/^Cannot run Python interpreter '\/nonexistent\/python3'/);
  });
});
