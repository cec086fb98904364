/**
 * Why an interpreter could not be run, in the user's words. Node says `spawn ./adir EACCES` for a directory,
 * `spawn python3.12 ENOENT` for a name not on PATH and for a virtual environment whose Python was removed
 * (a Homebrew upgrade leaves `.venv/bin/python` linking to a version that is gone).
 */
export interface PythonRunFailure {
  /** What was run: a path, or a bare name looked up on PATH. */
  readonly candidate: string;
  /** It was stopped after this many seconds without an answer. */
  readonly timedOutAfter?: number;
  /** The spawn error's code (ENOENT, EACCES), when it could not start. */
  readonly code?: string;
  /** Its exit code, when it started and failed. */
  readonly exitCode?: number;
  /** The signal that ended it, when it started and was killed by one (not by pylambda's timeout): SIGSEGV, SIGKILL. */
  readonly signal?: string;
  /** What it wrote on stderr, when it started and failed. */
  readonly stderr?: string;
  /** What is at the path (a bare name: in the current directory): nothing, a directory, a file, or a link to a target that does not exist. */
  readonly found?: { readonly kind: 'missing' } | { readonly kind: 'directory' } | { readonly kind: 'file' } | { readonly kind: 'broken-link'; readonly target: string };
  /** The virtual environment the candidate is the Python of (`.venv`, `$VIRTUAL_ENV`), when it is one's `bin/python`. */
  readonly venv?: string;
  /** What it wrote on stdout, when it exited 0 without the probe's answer (`/bin/echo` echoes its arguments). */
  readonly answer?: string;
  /**
   * What `CANDIDATE -V` gave, asked once the probe failed: every Python answers `Python 3.12.4` (2.x on stderr).
   * timedOutAfter: it was stopped after this many seconds without exiting (its exitCode is then meaningless).
   */
  readonly versionReply?: { readonly exitCode: number; readonly output: string; readonly timedOutAfter?: number; readonly signal?: string };
}

const INSTALL_HINT = "Install Python 3.9 or later, or create the project's virtual environment: python3 -m venv .venv";

const firstLine = (text: string): string | undefined => text.split('\n').map((l) => l.trim()).find((l) => l !== '');

/**
 * A program that is not Python (`--python /bin/ls`) fails the probe with its own complaint about `-S -c ...`; its
 * `-V` shows it is not Python, where every Python says `Python X.Y.Z`. Exit code 127 is a wrapper's (a pyenv shim's)
 * "command not found": a launcher whose Python is missing, said as the probe's failure.
 */
function notPythonProblem(failure: PythonRunFailure): { readonly message: string; readonly hint: string } | undefined {
  const reply = failure.versionReply;
  if (reply === undefined || failure.exitCode === 127 || /^Python \d/.test(firstLine(reply.output) ?? '')) return undefined;
  const said = firstLine(reply.output);
  const how = reply.timedOutAfter !== undefined ? `did not answer within ${reply.timedOutAfter} s`
    : reply.signal !== undefined ? `was killed by ${reply.signal}${said ? `: ${said}` : ''}`
    : reply.exitCode === 0 ? `answered ${said ? `'${said}'` : 'nothing'}` : `exited with code ${reply.exitCode}${said ? `: ${said}` : ''}`;
  return {
    message: `'${failure.candidate}' is not a Python interpreter: asked for its version (${failure.candidate} -V), it ${how}`,
    hint: 'Pass a Python 3 interpreter with --python: python3, or a virtual environment\'s .venv/bin/python',
  };
}

export function pythonRunProblem(failure: PythonRunFailure): { readonly message: string; readonly hint: string } {
  const { candidate, found } = failure;
  const name = `Python interpreter '${candidate}'`;
  if (failure.venv && found?.kind === 'broken-link') {
    return {
      message: `The virtual environment ${failure.venv} is broken: its bin/python links to ${found.target}, which does not exist (that Python was upgraded or removed)`,
      hint: `Make it again with a Python you have, then reinstall its packages: python3 -m venv --clear ${failure.venv} && ${failure.venv}/bin/pip install -r requirements-dev.txt (or requirements.txt)`,
    };
  }
  // A bare name is looked up on PATH only, as a shell does (`--python .venv` does not read ./.venv).
  if (!candidate.includes('/') && (failure.code === 'ENOENT' || failure.code === 'EACCES')) {
    const here = found?.kind === 'directory' ? `${candidate} here is a directory: pass the interpreter in it, as --python ${candidate}/bin/python`
      : found?.kind === 'file' ? `${candidate} here is found as a path only: --python ./${candidate}`
      : `${INSTALL_HINT}; or pass its path with --python`;
    return { message: `Cannot run ${name}: there is no ${candidate} on PATH`, hint: here };
  }
  if (found?.kind === 'broken-link') return { message: `Cannot run ${name}: it links to ${found.target}, which does not exist`, hint: INSTALL_HINT };
  const notPython = notPythonProblem(failure);
  if (notPython) return notPython;
  // A bare name that ran was found on PATH: what is (not) in the current directory says nothing of it.
  if (failure.code === 'ENOENT' || (found?.kind === 'missing' && candidate.includes('/'))) return { message: `Cannot run ${name}: it does not exist`, hint: INSTALL_HINT };
  if (found?.kind === 'directory') return { message: `Cannot run ${name}: it is a directory`, hint: 'Pass the interpreter itself: a virtual environment\'s is DIR/bin/python' };
  if (failure.code === 'EACCES') return { message: `Cannot run ${name}: it is not executable (permission denied)`, hint: 'Pass the interpreter (python3, .venv/bin/python), not a script; or make it executable' };
  if (failure.timedOutAfter !== undefined) return { message: `Cannot run ${name}: it did not answer within ${failure.timedOutAfter} s when asked for its version`, hint: INSTALL_HINT };
  if (failure.signal !== undefined) {
    const said = firstLine(failure.stderr ?? '');
    return { message: `Cannot run ${name}: it was killed by ${failure.signal} when asked for its version${said ? `: ${said}` : ''}`, hint: INSTALL_HINT };
  }
  if (failure.exitCode !== undefined) {
    const said = firstLine(failure.stderr ?? '');
    return { message: `Cannot run ${name}: it exited with code ${failure.exitCode} when asked for its version${said ? `: ${said}` : ''}`, hint: INSTALL_HINT };
  }
  if (failure.answer !== undefined) return { message: `Cannot run ${name}: it did not answer like a Python interpreter${firstLine(failure.answer) ? `: ${firstLine(failure.answer)}` : ''}`, hint: INSTALL_HINT };
  return { message: `Cannot run ${name}${failure.code ? ` (${failure.code})` : ''}`, hint: INSTALL_HINT };
}
