/**
 * The environment pip, uv and the Python helpers run in. The user's configuration of their tools
 * stays in force (index URLs, certificates, proxies, netrc through HOME: the user's tools stay in
 * charge), except what would make the install something other than a Lambda install.
 */

/**
 * Dropped from the child's environment, each because it fights a flag the packager passes:
 * - `PYTHONPATH`, `PYTHONHOME`, `PYTHONSTARTUP`, `PYTHONUSERBASE`: another pip, or other packages, would
 *   be imported by the interpreter that runs pip.
 * - `PIP_TARGET`/`PIP_PREFIX`/`PIP_ROOT`/`PIP_USER`: pip refuses `--user` with `--target`, the others move files.
 * - `PIP_REQUIRE_VIRTUALENV`: pip exits when the project's Python is not a virtual environment, which
 *   an install with `--target` never needs.
 * - `PIP_NO_BINARY`, `PIP_ONLY_BINARY`, `PIP_PLATFORM`, `PIP_PYTHON_VERSION`, `PIP_IMPLEMENTATION`,
 *   `PIP_ABI`, `PIP_NO_DEPS`, `PIP_COMPILE`: they would override the platform flags.
 * - `UV_PYTHON`, `UV_NO_BUILD*`, `UV_NO_BINARY*`, `UV_PYTHON_PLATFORM`, `UV_COMPILE_BYTECODE`: the same for uv.
 */
const DROPPED: ReadonlySet<string> = new Set([
  'PYTHONPATH', 'PYTHONHOME', 'PYTHONSTARTUP', 'PYTHONUSERBASE',
  'PIP_TARGET', 'PIP_PREFIX', 'PIP_ROOT', 'PIP_USER', 'PIP_REQUIRE_VIRTUALENV',
  'PIP_NO_BINARY', 'PIP_ONLY_BINARY', 'PIP_PLATFORM', 'PIP_PYTHON_VERSION', 'PIP_IMPLEMENTATION', 'PIP_ABI', 'PIP_NO_DEPS', 'PIP_COMPILE',
  'UV_PYTHON', 'UV_NO_BUILD', 'UV_NO_BUILD_PACKAGE', 'UV_NO_BINARY', 'UV_NO_BINARY_PACKAGE', 'UV_PYTHON_PLATFORM', 'UV_COMPILE_BYTECODE',
]);

/** The tools' output is parsed: no colours, no spinners, UTF-8 whatever the locale. */
const ADDED: Readonly<Record<string, string>> = {
  NO_COLOR: '1',
  UV_NO_PROGRESS: '1',
  PYTHONIOENCODING: 'utf-8',
};

export function installerEnvironment(hostEnv: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(hostEnv)) {
    if (value !== undefined && !DROPPED.has(key)) env[key] = value;
  }
  return { ...env, ...ADDED };
}

/**
 * Variables that change which distributions an install picks (where they come from, which
 * versions), so the dependency cache keys on their values. URLs may hold credentials: callers put
 * them only into a hash.
 */
const RESOLUTION_VARIABLES: readonly string[] = [
  'PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_FIND_LINKS', 'PIP_NO_INDEX', 'PIP_PRE', 'PIP_CONSTRAINT',
  'UV_INDEX', 'UV_DEFAULT_INDEX', 'UV_INDEX_URL', 'UV_EXTRA_INDEX_URL', 'UV_FIND_LINKS', 'UV_CONSTRAINT',
  'UV_OVERRIDE', 'UV_PRERELEASE', 'UV_RESOLUTION', 'UV_EXCLUDE_NEWER', 'UV_INDEX_STRATEGY',
];

export function resolutionEnvironment(hostEnv: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const key of RESOLUTION_VARIABLES) {
    const value = hostEnv[key];
    if (value !== undefined && value !== '') found[key] = value;
  }
  return found;
}
