/**
 * PYTHONPATH and the site directories of an execution environment, as Lambda's bootstrap sets sys.path up
 * (/var/runtime/bootstrap.py, set_default_sys_path and add_default_site_directories): without a PYTHONPATH of
 * the function's own, the layers' /opt/python/lib/pythonX.Y/site-packages and /opt/python follow the code
 * directory, and their .pth files count (site.addsitedir); with one, Lambda uses it alone and adds no layer
 * directory (configuration-envvars.html lists PYTHONPATH among the variables a function may set).
 *
 * Locally the code directory is not /var/task and each layer has a directory of its own: a path the function
 * gives under /var/task is the code directory's here, /opt/python the layers' python directories, and the
 * runtime's own /var/runtime and /var/lang are the local interpreter's already.
 */
export interface PythonPathInput {
  /** The function's own PYTHONPATH (its Environment, or --env-vars). */
  readonly value?: string;
  /**
   * Directories that are in the code directory on Lambda (a Chalice app's vendor/, serverless-wsgi's handler):
   * always on the path, right after the code directory, whatever the function's PYTHONPATH says.
   */
  readonly codePaths?: readonly string[];
  /** The layers' directories to put on the path, in Lambda's order. */
  readonly packagePaths: readonly string[];
  readonly taskRoot: string;
}

/**
 * What api/ tells an environment about the package layout beside its extraEnv's PYTHONPATH (the layers'
 * directories): private keys, taken out before the process starts.
 */
export const LAYOUT_KEYS = {
  codePaths: '_PYLAMBDA_CODE_PATHS',
  layerBins: '_PYLAMBDA_LAYER_BINS',
  layerLibs: '_PYLAMBDA_LAYER_LIBS',
} as const;

/** `base` with `dirs` after it (a layer's bin/ after the system's PATH, as /opt/bin is last on Lambda's). */
export function appendPath(base: string | undefined, dirs: readonly string[]): string | undefined {
  if (dirs.length === 0) return base;
  return [...(base ? [base] : []), ...dirs].join(':');
}

export interface PythonPathEnvironment {
  readonly PYTHONPATH?: string;
  /** For pylambda's runtime client: the directories whose .pth files it reads (site.addsitedir), as Lambda's bootstrap does. */
  readonly siteDirs?: string;
}

const SITE_PACKAGES = /\/python\/lib\/python\d+\.\d+\/site-packages$/;

export function pythonPathEnvironment({ value, codePaths = [], packagePaths, taskRoot }: PythonPathInput): PythonPathEnvironment {
  if (!value) {
    const all = [...codePaths, ...packagePaths];
    return all.length > 0 ? { PYTHONPATH: all.join(':'), siteDirs: all.join(':') } : {};
  }
  const entries = value.split(':').flatMap((entry): string[] => {
    if (entry === '/var/task' || entry.startsWith('/var/task/')) return sandboxPathCandidates(entry, taskRoot, []);
    if (/^\/opt\/python\/lib\/python\d+\.\d+\/site-packages\/?$/.test(entry)) return packagePaths.filter((p) => SITE_PACKAGES.test(p));
    if (entry === '/opt/python' || entry === '/opt/python/') return packagePaths.filter((p) => !SITE_PACKAGES.test(p));
    if (entry === '/var/runtime' || entry.startsWith('/var/runtime/') || entry.startsWith('/var/lang/')) return [];
    return [entry];
  });
  return { PYTHONPATH: [...codePaths, ...entries].join(':'), ...(codePaths.length > 0 ? { siteDirs: codePaths.join(':') } : {}) };
}

/**
 * Where a path of Lambda's sandbox is here: /var/task is the code directory; /opt holds every layer unpacked
 * in order, so a file there is in one of the layers' directories, the later layer's first (it overwrote the
 * earlier one's). Other paths are what they say.
 */
export function sandboxPathCandidates(path: string, taskRoot: string, layerRoots: readonly string[]): string[] {
  if (path === '/var/task' || path.startsWith('/var/task/')) return [taskRoot + path.slice('/var/task'.length)];
  if (path.startsWith('/opt/')) return [...layerRoots].reverse().map((root) => `${root}/${path.slice('/opt/'.length)}`);
  return [path];
}
