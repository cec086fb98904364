/**
 * The interpreter flags of an environment run under debugpy (--debug-port). From Python 3.11 the standard library's
 * modules are frozen, where debugpy cannot set breakpoints and says so at every start ("It seems that frozen modules
 * are being used, which may make the debugger miss breakpoints"); VS Code's debugger starts Python with the same flag.
 */
export function debugPythonFlags(version: string): string[] {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 11) ? ['-X', 'frozen_modules=off'] : [];
}
