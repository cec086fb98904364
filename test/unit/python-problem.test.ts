import { describe, expect, it } from 'vitest';
import { pythonRunProblem, type PythonRunFailure } from '../../src/core/runtime/python-problem.js';

const INSTALL = "Install Python 3.9 or later, or create the project's virtual environment: python3 -m venv .venv";

describe('pythonRunProblem: why an interpreter did not run, in words', () => {
  it.each<[string, PythonRunFailure, string, string]>([
    ['a name not on PATH', { candidate: 'python3.13', code: 'ENOENT', found: { kind: 'missing' } }, "there is no python3.13 on PATH", `${INSTALL}; or pass its path with --python`],
    ['a directory here, named as if on PATH', { candidate: '.venv', code: 'ENOENT', found: { kind: 'directory' } }, 'there is no .venv on PATH', '.venv here is a directory: pass the interpreter in it, as --python .venv/bin/python'],
    ['a file here, named as if on PATH', { candidate: 'mypython', code: 'ENOENT', found: { kind: 'file' } }, 'there is no mypython on PATH', 'mypython here is found as a path only: --python ./mypython'],
    ['a path to nothing', { candidate: '/opt/py/bin/python3', code: 'ENOENT', found: { kind: 'missing' } }, 'it does not exist', INSTALL],
    ['a path to a directory', { candidate: './venv', code: 'EACCES', found: { kind: 'directory' } }, 'it is a directory', "Pass the interpreter itself: a virtual environment's is DIR/bin/python"],
    ['a file that is not executable', { candidate: './app.py', code: 'EACCES', found: { kind: 'file' } }, 'it is not executable (permission denied)', 'Pass the interpreter (python3, .venv/bin/python), not a script; or make it executable'],
    ['a link to nothing', { candidate: '/usr/local/bin/python3', code: 'ENOENT', found: { kind: 'broken-link', target: '../Cellar/python@3.11/bin/python3' } }, 'it links to ../Cellar/python@3.11/bin/python3, which does not exist', INSTALL],
    ['an exit with its last line of stderr', { candidate: '/shims/python3', exitCode: 127, stderr: 'pyenv: python3: command not found\n\nThe `python3` command exists in these Python versions:\n  3.12.4\n', found: { kind: 'file' } }, 'it exited with code 127 when asked for its version: pyenv: python3: command not found', INSTALL],
    ['an exit without a word', { candidate: '/bin/false', exitCode: 1, stderr: '', found: { kind: 'file' } }, 'it exited with code 1 when asked for its version', INSTALL],
    ['no answer in time', { candidate: '/slow/python3', timedOutAfter: 15, found: { kind: 'file' } }, 'it did not answer within 15 s when asked for its version', INSTALL],
    // Killed by a signal it did not get from pylambda (a crash, the OOM killer): no exit code, the signal says why.
    ['killed by a signal', { candidate: '/opt/py/bin/python3', signal: 'SIGSEGV', stderr: '', found: { kind: 'file' } }, 'it was killed by SIGSEGV when asked for its version', INSTALL],
    ['killed by a signal, after a word', { candidate: '/opt/py/bin/python3', signal: 'SIGABRT', stderr: 'Fatal Python error: _PyMem_DebugMalloc\n', found: { kind: 'file' } }, 'it was killed by SIGABRT when asked for its version: Fatal Python error: _PyMem_DebugMalloc', INSTALL],
  ])('%s', (_what, failure, reason, hint) => {
    expect(pythonRunProblem(failure)).toEqual({ message: `Cannot run Python interpreter '${failure.candidate}': ${reason}`, hint });
  });

  const NOT_PYTHON = "Pass a Python 3 interpreter with --python: python3, or a virtual environment's .venv/bin/python";
  it.each<[string, PythonRunFailure, { message: string; hint: string }]>([
    ['/bin/ls: its own complaint, and its -V', { candidate: '/bin/ls', exitCode: 2, stderr: "/bin/ls: cannot access 'import sys;...': No such file or directory\n", found: { kind: 'file' }, versionReply: { exitCode: 2, output: "/bin/ls: invalid option -- 'V'\nTry '/bin/ls --help' for more information.\n" } },
      { message: "'/bin/ls' is not a Python interpreter: asked for its version (/bin/ls -V), it exited with code 2: /bin/ls: invalid option -- 'V'", hint: NOT_PYTHON }],
    ['/bin/false: an exit without a word', { candidate: '/bin/false', exitCode: 1, stderr: '', found: { kind: 'file' }, versionReply: { exitCode: 1, output: '' } },
      { message: "'/bin/false' is not a Python interpreter: asked for its version (/bin/false -V), it exited with code 1", hint: NOT_PYTHON }],
    // execFile's timeout kills it: no exit code of its own (Node's -1 is not one the program chose).
    ['a program that hangs on -V, stopped', { candidate: '/usr/bin/cat', exitCode: 1, stderr: 'cat: -S: invalid option\n', found: { kind: 'file' }, versionReply: { exitCode: -1, output: '', timedOutAfter: 5 } },
      { message: "'/usr/bin/cat' is not a Python interpreter: asked for its version (/usr/bin/cat -V), it did not answer within 5 s", hint: NOT_PYTHON }],
    ['a program killed by a signal on -V (not pylambda\'s timeout)', { candidate: '/usr/local/bin/crashy', exitCode: 1, stderr: 'crashy: bad option\n', found: { kind: 'file' }, versionReply: { exitCode: -1, output: '', signal: 'SIGSEGV' } },
      { message: "'/usr/local/bin/crashy' is not a Python interpreter: asked for its version (/usr/local/bin/crashy -V), it was killed by SIGSEGV", hint: NOT_PYTHON }],
    ['/bin/echo: an answer that is not the probe\'s', { candidate: '/bin/echo', answer: '-S -c import sys\n', found: { kind: 'file' }, versionReply: { exitCode: 0, output: '-V\n' } },
      { message: "'/bin/echo' is not a Python interpreter: asked for its version (/bin/echo -V), it answered '-V'", hint: NOT_PYTHON }],
    ['/bin/true: no answer at all', { candidate: '/bin/true', answer: '', found: { kind: 'file' }, versionReply: { exitCode: 0, output: '' } },
      { message: "'/bin/true' is not a Python interpreter: asked for its version (/bin/true -V), it answered nothing", hint: NOT_PYTHON }],
    ['a Python that fails the probe: its -V says Python', { candidate: '/opt/py/bin/python3', exitCode: 1, stderr: 'Fatal Python error: init_fs_encoding\n', found: { kind: 'file' }, versionReply: { exitCode: 0, output: 'Python 3.12.1\n' } },
      { message: "Cannot run Python interpreter '/opt/py/bin/python3': it exited with code 1 when asked for its version: Fatal Python error: init_fs_encoding", hint: INSTALL }],
    ['Python 2 fails the probe: its -V (on stderr) says Python', { candidate: '/usr/bin/python2', exitCode: 1, stderr: 'SyntaxError\n', found: { kind: 'file' }, versionReply: { exitCode: 0, output: 'Python 2.7.18\n' } },
      { message: "Cannot run Python interpreter '/usr/bin/python2': it exited with code 1 when asked for its version: SyntaxError", hint: INSTALL }],
    ['a shim (exit 127, its command not found) is a launcher, not a program of another kind', { candidate: '/shims/python3', exitCode: 127, stderr: 'pyenv: python3: command not found\n', found: { kind: 'file' }, versionReply: { exitCode: 127, output: 'pyenv: python3: command not found\n' } },
      { message: "Cannot run Python interpreter '/shims/python3': it exited with code 127 when asked for its version: pyenv: python3: command not found", hint: INSTALL }],
    ['a bare name that ran (found on PATH), nothing of that name here', { candidate: 'python2', exitCode: 127, stderr: 'pyenv: python2: command not found\n', found: { kind: 'missing' }, versionReply: { exitCode: 127, output: '' } },
      { message: "Cannot run Python interpreter 'python2': it exited with code 127 when asked for its version: pyenv: python2: command not found", hint: INSTALL }],
    ['an answer that is not the probe\'s, without a -V', { candidate: '/bin/odd', answer: 'hello\n', found: { kind: 'file' } },
      { message: "Cannot run Python interpreter '/bin/odd': it did not answer like a Python interpreter: hello", hint: INSTALL }],
  ])('not Python, or a Python that failed: %s', (_what, failure, expected) => {
    expect(pythonRunProblem(failure)).toEqual(expected);
  });

  it('a virtual environment whose Python is gone: the environment is broken, and how to make it again', () => {
    expect(pythonRunProblem({ candidate: '/p/.venv/bin/python', code: 'ENOENT', venv: '/p/.venv', found: { kind: 'broken-link', target: '/opt/homebrew/opt/python@3.11/bin/python3.11' } })).toEqual({
      message: 'The virtual environment /p/.venv is broken: its bin/python links to /opt/homebrew/opt/python@3.11/bin/python3.11, which does not exist (that Python was upgraded or removed)',
      hint: 'Make it again with a Python you have, then reinstall its packages: python3 -m venv --clear /p/.venv && /p/.venv/bin/pip install -r requirements-dev.txt (or requirements.txt)',
    });
  });
});
