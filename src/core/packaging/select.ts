/**
 * Which of a project's files go into its package: everything, minus what never belongs in a Lambda
 * package, minus the project's `.pylambdaignore` (gitignore syntax, the `ignore` package's matcher),
 * with a warning for each secret-looking file that would still ship.
 */
import ignore from 'ignore';
import { validArchivePath } from './paths.js';
import { secretReason } from './secrets.js';
import { SERVERLESS_CONFIG_NAMES } from '../model/serverless/config-file.js';

export interface ProjectFile {
  /** POSIX path relative to the code directory (`src/app.py`). */
  readonly path: string;
  /** The first bytes of the file (see `SECRET_SNIFF_BYTES`), when the caller sniffs contents. */
  readonly head?: string | Uint8Array;
}

export interface IncludedFile {
  /** Where the file is, relative to the code directory (or absolute, for files from elsewhere). */
  readonly source: string;
  /** Where it goes in the zip. */
  readonly archivePath: string;
}

export interface Selection {
  readonly included: readonly IncludedFile[];
  readonly excluded: readonly { readonly path: string; readonly reason: string }[];
  readonly warnings: readonly { readonly path: string; readonly message: string }[];
}

export interface SelectOptions {
  /** The text of the code directory's `.pylambdaignore`, if there is one. */
  readonly ignoreFile?: string;
  /** Paths whose directory is shipped whole, like an installed package's (PROJECT_EXCLUSIONS do not apply). */
  readonly whole?: (path: string) => boolean;
}

/**
 * The default exclusions, as gitignore patterns with the reason a user sees. Patterns without a
 * leading `/` apply at any depth. A `.pylambdaignore` line `!pattern` re-includes any of them
 * (a directory must be re-included as a whole: `!tests/`, as in git).
 */
export const DEFAULT_EXCLUSIONS: readonly (readonly [pattern: string, reason: string])[] = [
  ['.git/', 'version control'],
  ['.hg/', 'version control'],
  ['.svn/', 'version control'],
  ['.gitignore', 'version control'],
  ['.gitattributes', 'version control'],
  ['.gitmodules', 'version control'],
  ['.venv/', 'a virtual environment (dependencies come from requirements.txt)'],
  ['venv/', 'a virtual environment (dependencies come from requirements.txt)'],
  ['node_modules/', 'Node.js packages'],
  ['.env', 'an environment file (secrets)'],
  ['.env.*', 'an environment file (secrets)'],
  ['.envrc', 'an environment file (secrets)'],
  ['.aws/', 'AWS credentials and config'],
  ['*.key', 'a private key'],
  ['*.p12', 'a private key or certificate'],
  ['*.pfx', 'a private key or certificate'],
  ['id_rsa*', 'an SSH key'],
  ['id_dsa*', 'an SSH key'],
  ['id_ecdsa*', 'an SSH key'],
  ['id_ed25519*', 'an SSH key'],
  // The project's own bytecode was compiled by the developer's Python with timestamp checks, which the
  // zip's fixed dates invalidate; the packager compiles the sources for the runtime instead.
  ['__pycache__/', 'bytecode cache (recompiled for the runtime)'],
  ['*.py[cod]', 'bytecode cache (recompiled for the runtime)'],
  ['.pytest_cache/', 'a tool cache'],
  ['.mypy_cache/', 'a tool cache'],
  ['.ruff_cache/', 'a tool cache'],
  ['.hypothesis/', 'a tool cache'],
  ['.tox/', 'a tool cache'],
  ['.nox/', 'a tool cache'],
  ['.coverage', 'a tool cache'],
  ['.coverage.*', 'a tool cache'],
  ['htmlcov/', 'a tool cache'],
  ['.ipynb_checkpoints/', 'a tool cache'],
  ['*.egg-info/', 'build metadata'],
  ['.pylambda/', "pylambda's build directory"],
  ['.pylambdaignore', "pylambda's configuration"],
  ['.aws-sam/', "SAM's build directory"],
  ['.serverless/', "the Serverless Framework's build directory"],
  ['.chalice/', "Chalice's configuration and deployment state"],
  // The project's own deployment and development files, when the code directory is the project's root
  // (CodeUri: .): Lambda never reads them.
  ['/template.yaml', 'the SAM template'],
  ['/template.yml', 'the SAM template'],
  ['/samconfig.toml', "SAM CLI's configuration"],
  // The Framework leaves its configuration file out of the package, whatever its kind (package-service.js getExcludes).
  ...SERVERLESS_CONFIG_NAMES.map((name) => [`/${name}`, 'the Serverless Framework configuration'] as const),
  ['/requirements-dev.txt', 'development requirements'],
  ['.idea/', 'editor files'],
  ['.vscode/', 'editor files'],
  ['*.swp', 'editor files'],
  ['*.swo', 'editor files'],
  ['*~', 'editor files'],
  ['.#*', 'editor files'],
  ['.DS_Store', 'editor files'],
  ['Thumbs.db', 'editor files'],
];

/**
 * Exclusions for the project's own files, not for installed packages: `sam build` and `chalice package`
 * ship a dependency whole, and one needs what these leave out (certifi's `cacert.pem`, a package's
 * `tests/` helpers, a data `.zip`); private keys stay out everywhere, and an included `.pem` holding one is
 * warned about. They do not apply inside a directory a `*.dist-info` at the root claims
 * (dependencies installed into the code directory, `pip install --target`), nor where `SelectOptions.whole`
 * says (Chalice's vendor/ and chalicelib/, which Chalice copies whole).
 */
export const PROJECT_EXCLUSIONS: readonly (readonly [pattern: string, reason: string])[] = [
  ['*.pem', 'a private key or certificate (re-include a public certificate with !path in .pylambdaignore)'],
  ['tests/', 'tests'],
  ['test/', 'tests'],
  ['conftest.py', 'tests'],
  ['*.zip', 'an archive (often an earlier package)'],
];

const VENV_REASON = 'a virtual environment (it has a pyvenv.cfg)';

/**
 * A virtual environment can have any name (`env/`, `.venv-3.12/`); every one has a `pyvenv.cfg` at
 * its root (PEP 405). Those directories go too.
 */
function virtualEnvironments(paths: readonly string[]): string[] {
  return paths.filter((p) => p.endsWith('/pyvenv.cfg')).map((p) => `/${p.slice(0, -'pyvenv.cfg'.length)}`);
}

function buildRules(options: SelectOptions, venvDirs: readonly string[], project: boolean) {
  const rules = ignore();
  for (const [pattern, reason] of project ? [...DEFAULT_EXCLUSIONS, ...PROJECT_EXCLUSIONS] : DEFAULT_EXCLUSIONS) rules.add({ pattern, mark: reason });
  for (const dir of venvDirs) rules.add({ pattern: dir, mark: VENV_REASON });
  (options.ignoreFile ?? '').split(/\r?\n/).forEach((line, i) => {
    rules.add({ pattern: line, mark: `.pylambdaignore line ${i + 1}: ${line.trim()}` });
  });
  return rules;
}

/**
 * The same rules for a directory, before its files are listed: a walker need not enter `.git/`,
 * `.venv/` or `node_modules/`. Sound because, as in git, a file cannot be re-included when a parent
 * directory is excluded. `entries` are the directory's own names, to recognise a virtual environment.
 * Returns the reason the directory is left out, or undefined.
 */
export function directoryExclusion(options: SelectOptions = {}): (dir: string, entries: readonly string[]) => string | undefined {
  // Without PROJECT_EXCLUSIONS: whether a `tests/` goes depends on whose it is, which the files tell.
  const rules = buildRules(options, [], false);
  return (dir, entries) => {
    if (entries.includes('pyvenv.cfg')) return VENV_REASON;
    const result = rules.test(`${dir}/`);
    return result.ignored ? (result.rule?.mark ?? 'excluded') : undefined;
  };
}

/** Applies the rules to the project's files; the result lists every file exactly once. */
export function selectProjectFiles(files: readonly ProjectFile[], options: SelectOptions = {}): Selection {
  const venvs = virtualEnvironments(files.map((f) => f.path));
  const projectRules = buildRules(options, venvs, true);
  const packageRules = buildRules(options, venvs, false);
  const installed = installedPackages(files);
  const whole = (path: string) => installed.has(distributionKey(path.split('/')[0]!)) || (options.whole?.(path) ?? false);

  const included: IncludedFile[] = [];
  const excluded: { path: string; reason: string }[] = [];
  const warnings: { path: string; message: string }[] = [];
  for (const file of files) {
    // The zip format's separator is `/` alone (APPNOTE 4.4.17.1); readers that take a backslash for one unpack
    // `a\b.txt` as `a/b.txt`, others keep the name. Such a file is left out, and said unless a rule left it out.
    const backslash = file.path.includes('\\');
    if (!backslash && !validArchivePath(file.path)) {
      excluded.push({ path: file.path, reason: 'not a relative path inside the code directory' });
      continue;
    }
    const result = (file.path.includes('/') && whole(file.path) ? packageRules : projectRules).test(file.path);
    if (result.ignored) {
      excluded.push({ path: file.path, reason: result.rule?.mark ?? 'excluded' });
      // A CA bundle (RDS's global-bundle.pem) is what a function reads to verify a server: said, as it breaks only on Lambda.
      if (file.path.endsWith('.pem') && result.rule?.pattern === '*.pem' && isCertificateOnly(file.head)) {
        warnings.push({ path: file.path, message: `${file.path} is left out: it holds certificates (a CA bundle?); if the function reads it, add !${file.path} to .pylambdaignore` });
      }
      continue;
    }
    if (backslash) {
      const reason = 'a backslash in its name, which zip readers take for a directory separator or not';
      excluded.push({ path: file.path, reason });
      warnings.push({ path: file.path, message: `${file.path} is left out: it has ${reason}; rename it` });
      continue;
    }
    included.push({ source: file.path, archivePath: file.path });
    const secret = secretReason(file.path, file.head);
    if (secret) {
      warnings.push({ path: file.path, message: `${file.path} ${secret} and will be packaged; exclude it in .pylambdaignore unless the function needs it` });
    }
  }
  return { included, excluded, warnings };
}

/** `Foo.Bar-1.0.dist-info`, `foo_bar`: the same key (PEP 503 normalisation, `-` and `.` as `_`). */
function distributionKey(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '_');
}

/**
 * The top-level directories that distributions installed into the code directory own, by name: each
 * `<name>-<version>.dist-info/` at the root claims `<name>/`. (A distribution whose import name differs,
 * PyYAML's `yaml/`, is not recognised; its files take the project's rules.)
 */
function installedPackages(files: readonly ProjectFile[]): Set<string> {
  const owned = new Set<string>();
  for (const { path } of files) {
    const info = /^([^/]+?)-[^/-]+\.dist-info\//.exec(path);
    if (info) owned.add(distributionKey(info[1]!));
  }
  return owned;
}

/** PEM text with certificates and no private key, as far as its first bytes show. */
function isCertificateOnly(head: string | Uint8Array | undefined): boolean {
  if (head === undefined) return false;
  const text = typeof head === 'string' ? head : Buffer.from(head).toString('latin1');
  return text.includes('-----BEGIN CERTIFICATE-----') && !/PRIVATE KEY-----/.test(text);
}
