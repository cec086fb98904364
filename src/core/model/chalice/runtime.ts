/**
 * The runtime `chalice deploy` gives every function: Chalice has no setting for it and derives it from the
 * Python that runs Chalice (chalice/config.py `Config.lambda_python_version`, Chalice 1.34.0): below 3.10 it
 * deploys python3.10, from 3.10 to 3.14 the same version, above that python3.15. That Python is the project's
 * own (the one with chalice installed), so pylambda uses the value the installed Chalice reports, and this
 * mapping only when an older Chalice cannot report it.
 */
export function chaliceRuntime(pythonVersion: string): string {
  const [major, minor] = pythonVersion.split('.').map((part) => Number.parseInt(part, 10));
  if (major !== 3 || minor === undefined || Number.isNaN(minor)) return `python${pythonVersion}`;
  if (minor < 10) return 'python3.10';
  if (minor <= 14) return `python3.${minor}`;
  return 'python3.15';
}
