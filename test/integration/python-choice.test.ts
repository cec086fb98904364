import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonCandidates, resolvePython } from '../../src/adapters/python.js';
import type { UserError } from '../../src/core/errors.js';
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
    await expect(resolvePython(fake)).rejects.toThrow(`'${fake}' is not a Python interpreter: asked for its version (${fake} -V), it answered 'hello'`);
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

  // Node's own words were `spawn ./venv EACCES` for a directory and `spawn python3.12 ENOENT` for a name not on PATH.
  it.each<[string, (dir: string) => string, string, string]>([
    ['a path that does not exist', (dir) => join(dir, 'python3'), `Cannot run Python interpreter '{dir}/python3': it does not exist`, "Install Python 3.9 or later, or create the project's virtual environment: python3 -m venv .venv"],
    ['a name not on PATH', () => 'python3.99', "Cannot run Python interpreter 'python3.99': there is no python3.99 on PATH", "Install Python 3.9 or later, or create the project's virtual environment: python3 -m venv .venv; or pass its path with --python"],
    ['a directory (a virtual environment for its Python)', (dir) => dir, "Cannot run Python interpreter '{dir}': it is a directory", "Pass the interpreter itself: a virtual environment's is DIR/bin/python"],
    ['a file that is not executable (the handler)', (dir) => { writeFileSync(join(dir, 'app.py'), ''); return join(dir, 'app.py'); }, "Cannot run Python interpreter '{dir}/app.py': it is not executable (permission denied)", 'Pass the interpreter (python3, .venv/bin/python), not a script; or make it executable'],
    ['a version manager\'s shim without that version', (dir) => {
      writeFileSync(join(dir, 'python3'), "#!/bin/sh\necho 'pyenv: python3: command not found' >&2\nexit 127\n");
      chmodSync(join(dir, 'python3'), 0o755);
      return join(dir, 'python3');
    }, "Cannot run Python interpreter '{dir}/python3': it exited with code 127 when asked for its version: pyenv: python3: command not found", "Install Python 3.9 or later, or create the project's virtual environment: python3 -m venv .venv"],
    // A stand-in for /bin/ls, whose words and exit code differ between GNU coreutils, BSD, busybox and uutils.
    ['a program that is not Python (ls)', (dir) => {
      writeFileSync(join(dir, 'ls'), "#!/bin/sh\necho \"ls: invalid option -- '$1'\" >&2\nexit 3\n");
      chmodSync(join(dir, 'ls'), 0o755);
      return join(dir, 'ls');
    }, "'{dir}/ls' is not a Python interpreter: asked for its version ({dir}/ls -V), it exited with code 3: ls: invalid option -- '-V'", "Pass a Python 3 interpreter with --python: python3, or a virtual environment's .venv/bin/python"],
    ['a Python that answers -V but fails to start', (dir) => {
      writeFileSync(join(dir, 'python3'), "#!/bin/sh\n[ \"$1\" = -V ] && { echo 'Python 3.12.1'; exit 0; }\necho 'Fatal Python error: init_fs_encoding: failed to get the Python codec' >&2\nexit 1\n");
      chmodSync(join(dir, 'python3'), 0o755);
      return join(dir, 'python3');
    }, "Cannot run Python interpreter '{dir}/python3': it exited with code 1 when asked for its version: Fatal Python error: init_fs_encoding: failed to get the Python codec", "Install Python 3.9 or later, or create the project's virtual environment: python3 -m venv .venv"],
    // A crash (a broken build, the OOM killer): the shell's `kill -SEGV $$` ends it as a segfault would.
    ['a Python that crashes on start', (dir) => {
      writeFileSync(join(dir, 'python3'), "#!/bin/sh\necho 'Fatal Python error: Segmentation fault' >&2\nkill -SEGV $$\n");
      chmodSync(join(dir, 'python3'), 0o755);
      return join(dir, 'python3');
    }, "Cannot run Python interpreter '{dir}/python3': it was killed by SIGSEGV when asked for its version: Fatal Python error: Segmentation fault", "Install Python 3.9 or later, or create the project's virtual environment: python3 -m venv .venv"],
    ['a program that is not Python, killed by a signal on -V', (dir) => {
      writeFileSync(join(dir, 'crashy'), "#!/bin/sh\n[ \"$1\" = -V ] && kill -SEGV $$\necho 'crashy: unknown option -S' >&2\nexit 2\n");
      chmodSync(join(dir, 'crashy'), 0o755);
      return join(dir, 'crashy');
    }, "'{dir}/crashy' is not a Python interpreter: asked for its version ({dir}/crashy -V), it was killed by SIGSEGV", "Pass a Python 3 interpreter with --python: python3, or a virtual environment's .venv/bin/python"],
    ['a link to a Python that is gone', (dir) => { symlinkSync(join(dir, 'gone'), join(dir, 'python3')); return join(dir, 'python3'); }, "Cannot run Python interpreter '{dir}/python3': it links to {dir}/gone, which does not exist", "Install Python 3.9 or later, or create the project's virtual environment: python3 -m venv .venv"],
  ])('says why an interpreter cannot run: %s', async (_what, make, message, hint) => {
    const dir = scratchDir('cannot-run');
    const error = await resolvePython(make(dir)).then(() => undefined, (e: unknown) => e as UserError);
    expect([error?.message, error?.hint]).toEqual([message.replaceAll('{dir}', dir), hint]);
  });

  it('says a shim found on PATH by its bare name failed, not that the name does not exist', async () => {
    const bin = scratchDir('shim-path');
    writeFileSync(join(bin, 'python3.99'), "#!/bin/sh\necho 'pyenv: python3.99: command not found' >&2\nexit 127\n");
    chmodSync(join(bin, 'python3.99'), 0o755);
    const error = await resolvePython('python3.99', { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` }).then(() => undefined, (e: unknown) => e as UserError);
    expect(error?.message).toBe("Cannot run Python interpreter 'python3.99': it exited with code 127 when asked for its version: pyenv: python3.99: command not found");
  });

  // A Homebrew or pyenv upgrade removes the Python a .venv links to: python3, without the packages installed into
  // the environment, ran the function into a Runtime.ImportModuleError instead.
  it('says a project\'s virtual environment is broken, rather than run python3 in its place', async () => {
    const project = scratchDir('broken-venv');
    mkdirSync(join(project, '.venv', 'bin'), { recursive: true });
    writeFileSync(join(project, '.venv', 'pyvenv.cfg'), 'home = /nonexistent/python3.9/bin\n');
    symlinkSync('/nonexistent/python3.9/bin/python3.9', join(project, '.venv', 'bin', 'python'));
    const [candidate] = pythonCandidates(project, {});
    expect(candidate).toBe(join(project, '.venv', 'bin', 'python'));
    const error = await resolvePython(candidate!).then(() => undefined, (e: unknown) => e as UserError);
    expect([error?.message, error?.hint]).toEqual([
      `The virtual environment ${project}/.venv is broken: its bin/python links to /nonexistent/python3.9/bin/python3.9, which does not exist (that Python was upgraded or removed)`,
      `Make it again with a Python you have, then reinstall its packages: python3 -m venv --clear ${project}/.venv && ${project}/.venv/bin/pip install -r requirements-dev.txt (or requirements.txt)`,
    ]);
  });
});
