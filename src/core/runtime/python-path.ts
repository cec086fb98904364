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
  /** The layers' (and a Chalice app's vendor/) directories to put on the path, in Lambda's order. */
  readonly packagePaths: readonly string[];
  readonly taskRoot: string;
}

export interface PythonPathEnvironment {
  readonly PYTHONPATH?: string;
  /** For pylambda's runtime client: the directories whose .pth files it reads (site.addsitedir), as Lambda's bootstrap does. */
  readonly siteDirs?: string;
}

const SITE_PACKAGES = /\/python\/lib\/python\d+\.\d+\/site-packages$/;

export function pythonPathEnvironment({ value, packagePaths, taskRoot }: PythonPathInput): PythonPathEnvironment {
  if (!value) return packagePaths.length > 0 ? { PYTHONPATH: packagePaths.join(':'), siteDirs: packagePaths.join(':') } : {};
  const entries = value.split(':').flatMap((entry): string[] => {
    if (entry === '/var/task' || entry.startsWith('/var/task/')) return [taskRoot + entry.slice('/var/task'.length)];
    if (/^\/opt\/python\/lib\/python\d+\.\d+\/site-packages\/?$/.test(entry)) return packagePaths.filter((p) => SITE_PACKAGES.test(p));
    if (entry === '/opt/python' || entry === '/opt/python/') return packagePaths.filter((p) => !SITE_PACKAGES.test(p));
    if (entry === '/var/runtime' || entry.startsWith('/var/runtime/') || entry.startsWith('/var/lang/')) return [];
    return [entry];
  });
  return { PYTHONPATH: entries.join(':') };
}
