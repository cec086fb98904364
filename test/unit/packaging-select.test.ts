import { describe, expect, it } from 'vitest';
import { CHALICE_RUNTIME_MODULES, chaliceRuntimeFiles, selectChaliceFiles } from '../../src/core/packaging/chalice.js';
import { secretReason } from '../../src/core/packaging/secrets.js';
import { selectProjectFiles, type ProjectFile } from '../../src/core/packaging/select.js';

const files = (...paths: string[]): ProjectFile[] => paths.map((path) => ({ path }));
const included = (selection: ReturnType<typeof selectProjectFiles>) => selection.included.map((f) => f.archivePath);
const reasonOf = (selection: ReturnType<typeof selectProjectFiles>, path: string) => selection.excluded.find((e) => e.path === path)?.reason;

describe('default exclusions', () => {
  it.each([
    ['.git/config', 'version control'],
    ['.gitignore', 'version control'],
    ['.venv/lib/python3.12/site-packages/x.py', 'a virtual environment (dependencies come from requirements.txt)'],
    ['venv/bin/python', 'a virtual environment (dependencies come from requirements.txt)'],
    ['node_modules/left-pad/index.js', 'Node.js packages'],
    ['.env', 'an environment file (secrets)'],
    ['.env.production', 'an environment file (secrets)'],
    ['config/.env.local', 'an environment file (secrets)'],
    ['.aws/credentials', 'AWS credentials and config'],
    ['certs/server.pem', 'a private key or certificate (re-include a public certificate with !path in .pylambdaignore)'],
    ['server.key', 'a private key'],
    ['keys/id_rsa', 'an SSH key'],
    ['keys/id_ed25519.pub', 'an SSH key'],
    ['client.p12', 'a private key or certificate'],
    ['tests/test_app.py', 'tests'],
    ['src/pkg/test/helpers.py', 'tests'],
    ['conftest.py', 'tests'],
    ['__pycache__/app.cpython-312.pyc', 'bytecode cache (recompiled for the runtime)'],
    ['lib/__pycache__/x.cpython-311.pyc', 'bytecode cache (recompiled for the runtime)'],
    ['stale.pyc', 'bytecode cache (recompiled for the runtime)'],
    ['.pytest_cache/v/cache/nodeids', 'a tool cache'],
    ['.mypy_cache/3.12/x.json', 'a tool cache'],
    ['.ruff_cache/CACHEDIR.TAG', 'a tool cache'],
    ['.tox/py312/log', 'a tool cache'],
    ['myapp.egg-info/PKG-INFO', 'build metadata'],
    ['.pylambda/cache/x', "pylambda's build directory"],
    ['.pylambdaignore', "pylambda's configuration"],
    ['.aws-sam/build/template.yaml', "SAM's build directory"],
    ['.serverless/app.zip', "the Serverless Framework's build directory"],
    ['.chalice/deployments/abc.zip', "Chalice's configuration and deployment state"],
    ['function.zip', 'an archive (often an earlier package)'],
    ['.idea/workspace.xml', 'editor files'],
    ['.vscode/settings.json', 'editor files'],
    ['app.py.swp', 'editor files'],
    ['app.py~', 'editor files'],
    ['.DS_Store', 'editor files'],
  ])('%s: %s', (path, reason) => {
    const selection = selectProjectFiles(files(path));
    expect(selection.included).toEqual([]);
    expect(reasonOf(selection, path)).toBe(reason);
  });

  it('says when it leaves out a certificate bundle the function may read, not a key', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const selection = selectProjectFiles([{ path: 'global-bundle.pem', head: cert }, { path: 'server.pem', head: `${cert}-----BEGIN PRIVATE KEY-----\n` }, { path: 'x.pem' }]);
    expect(selection.included).toEqual([]);
    expect(selection.warnings).toEqual([{ path: 'global-bundle.pem', message: 'global-bundle.pem is left out: it holds certificates (a CA bundle?); if the function reads it, add !global-bundle.pem to .pylambdaignore' }]);
  });

  // `pip install --target src requests`, as AWS's guide to .zip packages does: certifi needs its cacert.pem.
  it("applies the project's rules for tests, keys and archives to its own files, not to packages installed beside them", () => {
    const selection = selectProjectFiles(files(
      'app.py', 'certifi/cacert.pem', 'certifi-2024.8.30.dist-info/RECORD', 'Jinja2-3.1.4.dist-info/RECORD', 'jinja2/tests.py', 'jinja2/testing/test/x.py',
      'charset_normalizer-3.3.2.dist-info/RECORD', 'charset_normalizer/tests/t.py', 'global-bundle.pem', 'tests/test_app.py', 'certs/x.zip', 'certifi/__pycache__/core.cpython-311.pyc',
    ));
    expect(included(selection)).toEqual([
      'app.py', 'certifi/cacert.pem', 'certifi-2024.8.30.dist-info/RECORD', 'Jinja2-3.1.4.dist-info/RECORD', 'jinja2/tests.py', 'jinja2/testing/test/x.py',
      'charset_normalizer-3.3.2.dist-info/RECORD', 'charset_normalizer/tests/t.py',
    ]);
    expect(reasonOf(selection, 'global-bundle.pem')).toMatch(/^a private key or certificate/);
    expect(reasonOf(selection, 'tests/test_app.py')).toBe('tests');
    expect(reasonOf(selection, 'certs/x.zip')).toBe('an archive (often an earlier package)');
    expect(reasonOf(selection, 'certifi/__pycache__/core.cpython-311.pyc')).toBe('bytecode cache (recompiled for the runtime)');
  });

  // Zip names use `/` alone: some readers unpack `we\ird.txt` as we/ird.txt, others keep it. Left out, and said.
  it('leaves out a file with a backslash in its name, with a warning', () => {
    const selection = selectProjectFiles(files('app.py', 'data/we\\ird.txt'));
    expect(included(selection)).toEqual(['app.py']);
    expect(reasonOf(selection, 'data/we\\ird.txt')).toBe('a backslash in its name, which zip readers take for a directory separator or not');
    expect(selection.warnings).toEqual([{ path: 'data/we\\ird.txt', message: 'data/we\\ird.txt is left out: it has a backslash in its name, which zip readers take for a directory separator or not; rename it' }]);
  });

  it('says nothing of a file with a backslash that a rule leaves out anyway', () => {
    const selection = selectProjectFiles(files('app.py', 'data/we\\ird.txt'), { ignoreFile: '*.txt\n' });
    expect(reasonOf(selection, 'data/we\\ird.txt')).toBe('.pylambdaignore line 1: *.txt');
    expect(selection.warnings).toEqual([]);
  });

  it('keeps the code and its data', () => {
    const selection = selectProjectFiles(files('app.py', 'lambda_function.py', 'pkg/__init__.py', 'pkg/data/model.json', 'requirements.txt', 'templates/index.html', 'pkg/testing_utils.py', 'contest.py'));
    expect(included(selection)).toEqual(['app.py', 'lambda_function.py', 'pkg/__init__.py', 'pkg/data/model.json', 'requirements.txt', 'templates/index.html', 'pkg/testing_utils.py', 'contest.py']);
    expect(selection.excluded).toEqual([]);
    expect(selection.warnings).toEqual([]);
  });

  it('finds a virtual environment by its pyvenv.cfg, whatever its name', () => {
    const selection = selectProjectFiles(files('app.py', 'env/pyvenv.cfg', 'env/lib/python3.12/site-packages/requests/__init__.py', 'envelope.py'));
    expect(included(selection)).toEqual(['app.py', 'envelope.py']);
    expect(reasonOf(selection, 'env/lib/python3.12/site-packages/requests/__init__.py')).toBe('a virtual environment (it has a pyvenv.cfg)');
  });

  it('refuses paths outside the code directory', () => {
    const selection = selectProjectFiles(files('../secret.py', '/etc/passwd', 'a/./b.py'));
    expect(selection.included).toEqual([]);
    expect(selection.excluded.map((e) => e.reason)).toEqual(Array(3).fill('not a relative path inside the code directory'));
  });
});

describe('.pylambdaignore', () => {
  it('adds rules in gitignore syntax, with the line as the reason', () => {
    const selection = selectProjectFiles(files('app.py', 'data/big.csv', 'docs/readme.md', 'notes.md'), {
      ignoreFile: '# local files\n*.csv\n\n/docs/\n*.md\n!notes.md\n',
    });
    expect(included(selection)).toEqual(['app.py', 'notes.md']);
    expect(reasonOf(selection, 'data/big.csv')).toBe('.pylambdaignore line 2: *.csv');
    expect(reasonOf(selection, 'docs/readme.md')).toBe('.pylambdaignore line 4: /docs/');
  });

  it('re-includes a file with !keep.py', () => {
    const selection = selectProjectFiles(files('keep.py', 'drop.py'), { ignoreFile: '*.py\n!keep.py' });
    expect(included(selection)).toEqual(['keep.py']);
  });

  it('re-includes a default exclusion, and still warns about a secret', () => {
    const selection = selectProjectFiles(files('certs/rds-ca.pem', 'tests/fixture.json'), {
      ignoreFile: '!certs/rds-ca.pem\r\n!tests/\r\n',
    });
    expect(included(selection)).toEqual(['certs/rds-ca.pem', 'tests/fixture.json']);
    expect(selection.warnings).toEqual([
      { path: 'certs/rds-ca.pem', message: 'certs/rds-ca.pem looks like a key, certificate or keystore and will be packaged; exclude it in .pylambdaignore unless the function needs it' },
    ]);
  });

  it('cannot re-include a file inside an excluded directory (as in git)', () => {
    const selection = selectProjectFiles(files('tests/fixture.json'), { ignoreFile: '!tests/fixture.json' });
    expect(selection.included).toEqual([]);
  });
});

describe('secret-looking files that would ship', () => {
  it('warns for each, by name or by content', () => {
    const selection = selectProjectFiles([
      { path: 'credentials.json' },
      { path: 'config/secrets.yaml' },
      { path: 'prod.env' },
      { path: 'gcp/service-account-prod.json' },
      { path: 'config/settings.py', head: 'DEBUG = False\n' },
      { path: 'config/deploy_key', head: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn...' },
      { path: 'settings.ini', head: new TextEncoder().encode('[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n') },
    ]);
    expect(selection.included).toHaveLength(7);
    expect(selection.warnings.map((w) => w.path)).toEqual([
      'credentials.json', 'config/secrets.yaml', 'prod.env', 'gcp/service-account-prod.json', 'config/deploy_key', 'settings.ini',
    ]);
    expect(selection.warnings[4]!.message).toBe('config/deploy_key contains a private key and will be packaged; exclude it in .pylambdaignore unless the function needs it');
  });

  it.each([
    ['credentials', 'looks like a credentials file'],
    ['client_secret.json', 'looks like a secrets file'],
    ['secret.toml', 'looks like a secrets file'],
    ['.netrc', 'looks like a file that stores passwords or tokens'],
    ['.pypirc', 'looks like a file that stores passwords or tokens'],
    ['infra/terraform.tfstate', 'looks like Terraform state or variables'],
    ['secrets.py', undefined],
    ['secretary.json', undefined],
    ['service.json', undefined],
  ])('%s: %s', (path, reason) => {
    expect(secretReason(path)).toBe(reason);
  });

  it.each([
    ['-----BEGIN RSA PRIVATE KEY-----', 'contains a private key'],
    ['-----BEGIN EC PRIVATE KEY-----', 'contains a private key'],
    ['-----BEGIN PRIVATE KEY-----', 'contains a private key'],
    ['-----BEGIN CERTIFICATE-----', undefined],
    ['key = "ASIAY34FZKBOKMUTVV7A"', 'contains an AWS access key id'],
    ['AWS_SECRET_ACCESS_KEY=abc', 'contains an AWS secret access key'],
    ['{"type": "service_account", "project_id": "x"}', 'contains a Google service-account key'],
    ['print("hello")', undefined],
  ])('content %s', (head, reason) => {
    expect(secretReason('file.txt', head)).toBe(reason);
  });
});

describe('Chalice apps', () => {
  const project = files(
    'app.py', 'requirements.txt', 'README.md', 'other_module.py',
    'chalicelib/__init__.py', 'chalicelib/db.py', 'chalicelib/__pycache__/db.cpython-312.pyc',
    'vendor/internal_lib/__init__.py', 'vendor/single.py',
    '.chalice/config.json', 'tests/test_app.py', 'chalicelib/credentials.json',
  );

  it('packages app.py, chalicelib/ and the contents of vendor/ at the root, as chalice package does', () => {
    const selection = selectChaliceFiles(project);
    expect(selection.included).toEqual([
      { source: 'app.py', archivePath: 'app.py' },
      { source: 'chalicelib/__init__.py', archivePath: 'chalicelib/__init__.py' },
      { source: 'chalicelib/db.py', archivePath: 'chalicelib/db.py' },
      { source: 'vendor/internal_lib/__init__.py', archivePath: 'internal_lib/__init__.py' },
      { source: 'vendor/single.py', archivePath: 'single.py' },
      { source: 'chalicelib/credentials.json', archivePath: 'chalicelib/credentials.json' },
    ]);
    expect(selection.excluded.find((e) => e.path === 'other_module.py')?.reason).toBe('not part of a Chalice package (only app.py, chalicelib/ and vendor/ are)');
    expect(selection.excluded.find((e) => e.path === '.chalice/config.json')?.reason).toBe("Chalice's configuration and deployment state");
    expect(selection.warnings.map((w) => w.path)).toEqual(['chalicelib/credentials.json']);
  });

  it("keeps vendor/ and chalicelib/ whole, as Chalice copies them: a vendored package's certificate, tests and archives", () => {
    const selection = selectChaliceFiles(files(
      'app.py', 'vendor/certifi/__init__.py', 'vendor/certifi/cacert.pem', 'vendor/mypkg/test/__init__.py', 'vendor/mypkg/data.zip',
      'chalicelib/certs/rds-global-bundle.pem', 'chalicelib/tests/helpers.py', 'tests/test_app.py', 'vendor/.git/config', 'vendor/x/__pycache__/y.pyc',
    ));
    expect(included(selection)).toEqual([
      'app.py', 'certifi/__init__.py', 'certifi/cacert.pem', 'mypkg/test/__init__.py', 'mypkg/data.zip', 'chalicelib/certs/rds-global-bundle.pem', 'chalicelib/tests/helpers.py',
    ]);
    expect(reasonOf(selection, 'tests/test_app.py')).toBe('tests');
    expect(reasonOf(selection, 'vendor/.git/config')).toBe('version control');
    expect(reasonOf(selection, 'vendor/x/__pycache__/y.pyc')).toBe('bytecode cache (recompiled for the runtime)');
  });

  it('adds the two Chalice runtime modules from the installed chalice', () => {
    expect(CHALICE_RUNTIME_MODULES).toEqual(['chalice/__init__.py', 'chalice/app.py']);
    expect(chaliceRuntimeFiles('/venv/lib/python3.12/site-packages/chalice/')).toEqual([
      { source: '/venv/lib/python3.12/site-packages/chalice/__init__.py', archivePath: 'chalice/__init__.py' },
      { source: '/venv/lib/python3.12/site-packages/chalice/app.py', archivePath: 'chalice/app.py' },
    ]);
  });
});

describe("the project's own files at its root", () => {
  it('leaves out the template, SAM and serverless configuration and the development requirements, at the root only', () => {
    const result = selectProjectFiles(['app.py', 'template.yaml', 'samconfig.toml', 'serverless.yml', 'requirements-dev.txt', 'requirements.txt', 'pkg/template.yaml'].map((path) => ({ path })));
    expect(result.included.map((f) => f.archivePath).sort()).toEqual(['app.py', 'pkg/template.yaml', 'requirements.txt']);
    expect(result.excluded.find((e) => e.path === 'template.yaml')?.reason).toBe('the SAM template');
  });

  it('leaves out a Serverless Framework configuration of any kind, as the Framework leaves out its own', () => {
    const result = selectProjectFiles(['app.py', 'serverless.json', 'serverless.js', 'serverless.ts', 'lib/serverless.ts', 'stages.js'].map((path) => ({ path })));
    expect(result.included.map((f) => f.archivePath).sort()).toEqual(['app.py', 'lib/serverless.ts', 'stages.js']);
    expect(result.excluded.filter((e) => e.reason === 'the Serverless Framework configuration').map((e) => e.path).sort()).toEqual(['serverless.js', 'serverless.json', 'serverless.ts']);
  });
});

