import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { dependencySource, exportedRequirements, type ManifestFiles } from '../../src/core/packaging/dependency-manifest.js';
import { uvExportArgs } from '../../src/core/packaging/installer-args.js';
import { pipfileLockRequirements } from '../../src/core/packaging/pipfile-lock.js';

const PEP621 = '[project]\nname = "api"\nversion = "1"\ndependencies = ["requests[socks]>=2.31", "Six ; platform_machine == \'aarch64\'", ""]\n';
const WITH_SOURCES = `${PEP621}[tool.uv.sources]\nshared = { path = "../libs/shared" }\n`;
const NOTHING: ManifestFiles = { poetryLock: false };
const LOCK = { dir: '/p/src', here: true } as const;

describe('dependencySource: where a code directory without requirements.txt declares its dependencies', () => {
  it.each<[string, ManifestFiles, unknown]>([
    ['nothing at all', NOTHING, { kind: 'none' }],
    ['a pyproject.toml of tools only', { ...NOTHING, pyproject: '[tool.ruff]\nline-length = 100\n' }, { kind: 'none' }],
    ['[project] with no dependencies, and a uv.lock', { ...NOTHING, pyproject: '[project]\nname = "x"\ndependencies = []\n', uvLock: LOCK }, { kind: 'none' }],
    ['Poetry with only python', { ...NOTHING, pyproject: '[tool.poetry.dependencies]\npython = "^3.12"\n', poetryLock: true }, { kind: 'none' }],
    ['a Pipfile with dev packages only', { ...NOTHING, pipfile: '[dev-packages]\npytest = "*"\n' }, { kind: 'none' }],
    ['[project] dependencies: installed as written', { ...NOTHING, pyproject: PEP621 }, {
      kind: 'lines', manifest: 'pyproject.toml', content: 'requests[socks]>=2.31\nSix ; platform_machine == \'aarch64\'\n', direct: ['requests', 'six'], notes: [],
    }],
    ['[project] dependencies beside a uv.lock: the lock, through uv export', { ...NOTHING, pyproject: PEP621, uvLock: LOCK }, {
      kind: 'uv-lock', manifest: 'uv.lock', lockDir: '/p/src', direct: ['requests', 'six'], fallback: 'requests[socks]>=2.31\nSix ; platform_machine == \'aarch64\'\n',
    }],
    ['a workspace member: the root\'s lock, for the member', { ...NOTHING, pyproject: PEP621, uvLock: { dir: '/p', here: false, rootPyproject: '[tool.uv.workspace]\nmembers = ["src"]\n' } }, {
      kind: 'uv-lock', manifest: 'uv.lock', lockDir: '/p', member: 'api', direct: ['requests', 'six'], fallback: 'requests[socks]>=2.31\nSix ; platform_machine == \'aarch64\'\n',
    }],
    ['a uv.lock above that is no workspace\'s: not this project\'s lock', { ...NOTHING, pyproject: PEP621, uvLock: { dir: '/p', here: false, rootPyproject: '[project]\nname = "other"\n' } }, {
      kind: 'lines', manifest: 'pyproject.toml', content: 'requests[socks]>=2.31\nSix ; platform_machine == \'aarch64\'\n', direct: ['requests', 'six'], notes: [],
    }],
    ['[tool.uv.sources] with its lock: no fallback without uv', { ...NOTHING, pyproject: WITH_SOURCES, uvLock: LOCK }, {
      kind: 'uv-lock', manifest: 'uv.lock', lockDir: '/p/src', direct: ['requests', 'six'],
    }],
    ['Poetry 2 ([project]) with a poetry.lock: the ranges, with a note', { ...NOTHING, pyproject: PEP621, poetryLock: true }, {
      kind: 'lines', manifest: 'pyproject.toml', content: 'requests[socks]>=2.31\nSix ; platform_machine == \'aarch64\'\n', direct: ['requests', 'six'],
      notes: ['src/poetry.lock is not read: the [project] dependencies of src/pyproject.toml are installed as ranges, which may resolve other versions than the lock\'s (poetry export -f requirements.txt -o requirements.txt installs the lock\'s)'],
    }],
    ['a Pipfile.lock', { ...NOTHING, pipfile: '[packages]\nsix = "*"\n', pipfileLock: '{"default": {"six": {"version": "==1.16.0"}}}' }, {
      kind: 'lines', manifest: 'Pipfile.lock', content: 'six==1.16.0\n', direct: ['six'], notes: [],
    }],
    ['pyproject.toml\'s dependencies before a Pipfile.lock', { ...NOTHING, pyproject: PEP621, pipfileLock: '{"default": {}}' }, {
      kind: 'lines', manifest: 'pyproject.toml', content: 'requests[socks]>=2.31\nSix ; platform_machine == \'aarch64\'\n', direct: ['requests', 'six'], notes: [],
    }],
  ])('%s', (_what, files, expected) => {
    expect(dependencySource(files, 'src/')).toEqual(expected);
  });

  it.each<[string, ManifestFiles, string, string]>([
    ['[tool.uv.sources] without a uv.lock', { ...NOTHING, pyproject: WITH_SOURCES },
      'src/pyproject.toml takes shared from [tool.uv.sources], which only uv\'s lock resolves, and there is no uv.lock beside it', 'Run uv lock in that directory'],
    ['dynamic dependencies', { ...NOTHING, pyproject: '[project]\nname = "x"\ndynamic = ["version", "dependencies"]\n' },
      'src/pyproject.toml declares its dependencies dynamic (dynamic = ["dependencies"]): only its build backend knows them, so pylambda cannot install them', 'List them in [project] dependencies'],
    ['Poetry 1\'s [tool.poetry.dependencies]', { ...NOTHING, pyproject: '[tool.poetry.dependencies]\npython = "^3.12"\nrequests = "^2.31"\nboto3 = "*"\nrich = "*"\nsix = "*"\n', poetryLock: true },
      'src/pyproject.toml lists its dependencies (requests, boto3, rich, ...) in [tool.poetry.dependencies], in Poetry\'s own syntax, which pylambda does not read', 'poetry export -f requirements.txt'],
    ['a Pipfile with packages and no lock', { ...NOTHING, pipfile: '[packages]\nrequests = "*"\n' },
      'src/Pipfile has no Pipfile.lock beside it: pylambda installs the lock\'s [default] packages, which pipenv writes', 'Run pipenv lock'],
    ['a pyproject.toml that is not TOML', { ...NOTHING, pyproject: '[project\nname = "x"\n' },
      'src/pyproject.toml: line 1, column 9: Invalid TOML document: illegal character in key', 'pip and uv cannot read it either'],
    ['dependencies that are not a list of strings', { ...NOTHING, pyproject: '[project]\ndependencies = "requests"\n' },
      'src/pyproject.toml: [project] dependencies must be a list of strings (PEP 621)', 'dependencies = ['],
    ['a Pipfile.lock that is not JSON', { ...NOTHING, pipfileLock: '{"default": ' },
      'src/Pipfile.lock is not JSON: Unexpected end of JSON input', 'Run pipenv lock'],
  ])('refuses %s, naming the file and the way out', (_what, files, message, hint) => {
    let error: unknown;
    try {
      dependencySource(files, 'src/');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(message);
    expect((error as UserError).hint).toContain(hint);
  });
});

describe('pipfileLockRequirements', () => {
  it('pins each default package as locked, with extras, markers and sources, never dev packages or the project itself', () => {
    const lock = {
      _meta: { sources: [{ name: 'pypi', url: 'https://pypi.org/simple', verify_ssl: true }, { name: 'corp', url: 'https://${CORP}@pypi.corp/simple' }] },
      default: {
        requests: { extras: ['socks'], hashes: ['sha256:aa'], index: 'pypi', markers: "python_version >= '3.8'", version: '==2.32.3' },
        fnproj: { editable: true, path: '.' },
        shared: { editable: true, path: './libs/shared' },
        other: { path: 'libs/other' },
        six: { git: 'https://github.com/benjaminp/six.git', ref: '65486e4383f9f411da95937451205d3c7b61b9e1' },
        hgpkg: { hg: 'hg+https://hg.example.com/pkg', ref: 'v1' },
        zipped: { file: 'https://example.com/zipped-1.0.tar.gz' },
        anything: { version: '*' },
      },
      develop: { pytest: { version: '==8.0.0' } },
    };
    expect(pipfileLockRequirements(JSON.stringify(lock))).toEqual({
      content: [
        '--index-url https://pypi.org/simple',
        '--extra-index-url https://${CORP}@pypi.corp/simple',
        'anything',
        'hgpkg @ hg+https://hg.example.com/pkg@v1',
        './libs/other',
        'requests[socks]==2.32.3 ; python_version >= \'3.8\'',
        './libs/shared',
        'six @ git+https://github.com/benjaminp/six.git@65486e4383f9f411da95937451205d3c7b61b9e1',
        'zipped @ https://example.com/zipped-1.0.tar.gz',
        '',
      ].join('\n'),
      direct: ['anything', 'hgpkg', 'other', 'requests', 'shared', 'six', 'zipped'],
    });
  });
});

describe('exportedRequirements', () => {
  it('installs path sources as they are, not editable, from the lock\'s directory', () => {
    const exported = ['-e ./packages/shared', '    # via api', './libs/tool ; sys_platform == \'linux\'', '../outside', 'idna==3.10', 'six @ git+https://x/six@abc', ''].join('\n');
    expect(exportedRequirements(exported, '/ws')).toBe(['/ws/packages/shared', '    # via api', "/ws/libs/tool ; sys_platform == 'linux'", '/outside', 'idna==3.10', 'six @ git+https://x/six@abc', ''].join('\n'));
  });

  it('uv export: the lock as it is, without dev groups, the project itself or hashes', () => {
    expect(uvExportArgs('uv', '/tmp/r.txt')).toEqual(['uv', 'export', '--locked', '--no-dev', '--no-emit-project', '--no-hashes', '--no-header', '--quiet', '--output-file', '/tmp/r.txt']);
    expect(uvExportArgs('uv', '/tmp/r.txt', 'api').slice(-4)).toEqual(['--package', 'api', '--output-file', '/tmp/r.txt']);
  });
});
