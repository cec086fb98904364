/**
 * A Chalice app packaged as `chalice package` packages it (aws/chalice chalice/deploy/packager.py,
 * `LambdaDeploymentPackager`): the dependencies, then `chalice/app.py` and `chalice/__init__.py` from
 * the installed Chalice, `app.py`, `chalicelib/`, and last the contents of `vendor/` at the root.
 * Nothing else from the project directory goes in.
 */
import { selectProjectFiles, type IncludedFile, type ProjectFile, type SelectOptions, type Selection } from './select.js';

/**
 * The Chalice runtime: `chalice package` copies exactly these two modules of the installed Chalice
 * (`_iter_app_filenames`, from `inspect.getfile(chalice.app)` and `inspect.getfile(chalice)`).
 * `chalice/__init__.py` imports only `chalice.app`, and `chalice/app.py` only the standard library,
 * so the rest of Chalice (its CLI, deployer, botocore...) stays out.
 */
export const CHALICE_RUNTIME_MODULES: readonly string[] = ['chalice/__init__.py', 'chalice/app.py'];

const NOT_CHALICE = 'not part of a Chalice package (only app.py, chalicelib/ and vendor/ are)';

/**
 * The app's own files: the usual selection rules (`.pylambdaignore`, defaults, secret warnings), then
 * Chalice's layout. `vendor/x/y.py` goes in as `x/y.py`. Chalice copies `chalicelib/` and `vendor/` whole
 * (`_iter_chalice_lib_if_needed`, `_add_vendor_files`): a vendored package's `cacert.pem` or `tests/` stays.
 */
export function selectChaliceFiles(files: readonly ProjectFile[], options: SelectOptions = {}): Selection {
  const selection = selectProjectFiles(files, { ...options, whole: (path) => path.startsWith('vendor/') || path.startsWith('chalicelib/') });
  const included: IncludedFile[] = [];
  const excluded = [...selection.excluded];
  for (const file of selection.included) {
    const path = file.source;
    if (path === 'app.py' || path.startsWith('chalicelib/')) included.push(file);
    else if (path.startsWith('vendor/')) included.push({ source: path, archivePath: path.slice('vendor/'.length) });
    else excluded.push({ path, reason: NOT_CHALICE });
  }
  return { included, excluded, warnings: selection.warnings.filter((w) => included.some((f) => f.source === w.path)) };
}

/**
 * The two runtime modules, from the directory of the installed `chalice` package (found with the
 * project's Python: `import chalice; chalice.__file__`).
 */
export function chaliceRuntimeFiles(chalicePackageDir: string): IncludedFile[] {
  const dir = chalicePackageDir.replace(/\/+$/, '');
  return CHALICE_RUNTIME_MODULES.map((archivePath) => ({
    source: `${dir}/${archivePath.slice('chalice/'.length)}`,
    archivePath,
  }));
}
