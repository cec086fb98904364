import { describe, expect, it } from 'vitest';
import { boto3Exclusion, parseDistribution, type InstalledDistribution } from '../../src/core/packaging/boto3.js';
import { packageTarget } from '../../src/core/packaging/platform.js';
import { distInfoName, importedTests, packagesWithTests, pruneDependencies, keptRecords, recordedPath, recordWithout } from '../../src/core/packaging/prune.js';

const target = packageTarget('python3.12', 'x86_64');
const reasons = (paths: string[], options = {}) => {
  const result = pruneDependencies(paths, { target, ...options });
  return Object.fromEntries([...result.keep.map((p) => [p, 'keep']), ...result.remove.map((r) => [r.path, r.reason])]);
};

describe('test suites a package imports itself (astropy)', () => {
  it.each<[string, string, string, string[]]>([
    ['a relative import of a module in tests', 'astropy/__init__.py', 'from .tests.runner import TestRunner\n', ['astropy/tests']],
    ['a relative one from a subpackage', 'astropy/io/fits/__init__.py', 'from ..tests import helper\n', ['astropy/io/tests']],
    ['an absolute one', 'astropy/units/core.py', 'from astropy.tests import helper\n', ['astropy/tests']],
    ['import of the package', 'astropy/x.py', 'import astropy.tests.runner\n', ['astropy/tests']],
    ['the package by name from its parent', 'astropy/__init__.py', 'from . import tests\n', ['astropy/tests']],
    ['from the package, among others', 'astropy/x.py', 'from astropy import units, tests\n', ['astropy/tests']],
    ['indented, inside a function', 'astropy/__init__.py', 'def test():\n    from .tests.runner import TestRunner\n', ['astropy/tests']],
    ['a name that only contains tests', 'astropy/x.py', 'from .contests import x\nimport latests\n', []],
    ['no import at all', 'astropy/x.py', 'x = "tests"\n', []],
    ["pytest's conftest.py", 'sklearn/conftest.py', 'from sklearn.tests import random_seed\n', []],
    ["a data generator under _precompute", 'scipy/special/_precompute/hyp2f1_data.py', 'from scipy.special.tests.test_hyp2f1 import CASES\n', []],
    ['a module inside tests itself', 'pkg/tests/test_a.py', 'from pkg.tests import helpers\n', []],
  ])('%s', (_what, path, text, dirs) => {
    expect([...importedTests([{ path, text }])]).toEqual(dirs);
  });

  it('keeps the tests directories named in keepTests, prunes the others', () => {
    expect(packagesWithTests(['astropy/tests/runner.py', 'pandas/tests/x.py', 'tests/a.py', 'pandas/io.py'])).toEqual(new Set(['astropy', 'pandas']));
    expect(reasons(['astropy/tests/runner.py', 'astropy/io/tests/test_x.py', 'pandas/tests/x.py'], { keepTests: new Set(['astropy/tests']) })).toEqual({
      'astropy/tests/runner.py': 'keep',
      'astropy/io/tests/test_x.py': 'the test suite of astropy',
      'pandas/tests/x.py': 'the test suite of pandas',
    });
  });
});

describe('pruning installed dependencies', () => {
  it.each([
    ['requests/__init__.py', 'keep'],
    ['requests/__pycache__/api.cpython-312.pyc', 'keep'],
    ['requests/__pycache__/api.cpython-311.pyc', 'bytecode for cpython-311, not python3.12'],
    ['requests/__pycache__/api.cpython-312.opt-1.pyc', 'keep'],
    ['six/__pycache__/six.pypy39.pyc', 'bytecode for another Python, not python3.12'],
    ['pydantic/main.pyi', 'type stubs (never imported)'],
    ['pydantic/py.typed', 'keep'],
    ['bin/normalizer', "pip's console scripts (never run on Lambda)"],
    ['bin', 'keep'],
    ['pandas/tests/frame/test_api.py', 'the test suite of pandas'],
    ['numpy/_core/tests/test_x.py', 'the test suite of numpy'],
    ['tests/__init__.py', 'keep'],
    ['pkg/test/helpers.py', 'keep'],
    ['pkg/tests', 'keep'],
    ['pandas-2.2.3.dist-info/METADATA', 'keep'],
    ['pandas-2.2.3.dist-info/RECORD', 'keep'],
    // A locally built wheel's install record: a timestamp that changed the zip at every build.
    ['docopt-0.6.2.dist-info/uv_cache.json', "uv's cache record (a timestamp)"],
    ['pkg/uv_cache.json', 'keep'],
    ['mylib-0.1.dist-info/direct_url.json', 'where the installer took it from (a path on this machine)'],
    ['mylib/direct_url.json', 'keep'],
    ['weird-1.0.dist-info/tests/x.pyi', 'keep'],
    ['chalice/app.py', 'keep'],
  ])('%s: %s', (path, expected) => {
    expect(reasons([path])[path]).toBe(expected);
  });

  it('keeps the compiled programs of bin/ (uv runs <target>/bin/uv), prunes its scripts', () => {
    expect(reasons(['bin/uv', 'bin/uvx', 'bin/flask', 'uv/_find_uv.py'], { programs: new Set(['bin/uv', 'bin/uvx']) })).toEqual({
      'bin/uv': 'keep',
      'bin/uvx': 'keep',
      'bin/flask': "pip's console scripts (never run on Lambda)",
      'uv/_find_uv.py': 'keep',
    });
  });

  it('replaces an installed chalice package in a Chalice app', () => {
    expect(reasons(['chalice/app.py', 'chalice/cli/__init__.py', 'chalice-1.34.0.dist-info/METADATA'], { chalice: true })).toEqual({
      'chalice/app.py': 'replaced by the Chalice runtime modules, as `chalice package` does',
      'chalice/cli/__init__.py': 'replaced by the Chalice runtime modules, as `chalice package` does',
      'chalice-1.34.0.dist-info/METADATA': 'keep',
    });
  });

  it('drops whole distributions with their dist-info', () => {
    const drop = [{ name: 'python-dateutil', topLevel: ['dateutil'], reason: 'gone' }, { name: 'six', topLevel: ['six.py'], reason: 'gone too' }];
    expect(reasons(['dateutil/parser.py', 'python_dateutil-2.9.0.post0.dist-info/RECORD', 'six.py', 'six-1.16.0.dist-info/METADATA', 'requests/api.py'], { drop })).toEqual({
      'dateutil/parser.py': 'gone',
      'python_dateutil-2.9.0.post0.dist-info/RECORD': 'gone',
      'six.py': 'gone too',
      'six-1.16.0.dist-info/METADATA': 'gone too',
      'requests/api.py': 'keep',
    });
  });

  it.each([
    ['python_dateutil-2.9.0.post0.dist-info', 'python-dateutil'],
    ['PyYAML-6.0.2.dist-info', 'pyyaml'],
    ['zope.interface-7.0.dist-info', 'zope-interface'],
    ['notadistinfo', undefined],
  ])('dist-info name of %s', (dir, name) => {
    expect(distInfoName(dir)).toBe(name);
  });
});

const dist = (name: string, version: string, requires: string[] = []): InstalledDistribution => ({ name, version, requires });
const boto3Family = [
  dist('boto3', '1.35.0', ['botocore', 'jmespath', 's3transfer']),
  dist('botocore', '1.35.0', ['jmespath', 'python-dateutil', 'urllib3']),
  dist('s3transfer', '0.10.0', ['botocore']),
  dist('jmespath', '1.0.1'),
  dist('python-dateutil', '2.9.0', ['six']),
  dist('six', '1.16.0'),
  dist('urllib3', '2.2.3'),
];
const dropped = (exclusion: ReturnType<typeof boto3Exclusion>) => exclusion.drop.map((d) => d.name).sort();

describe('--exclude-boto3', () => {
  it('drops boto3 and everything only it brought in', () => {
    const exclusion = boto3Exclusion([...boto3Family, dist('pydantic', '2.9.0', ['typing-extensions'])], ['boto3', 'pydantic']);
    expect(dropped(exclusion)).toEqual(['boto3', 'botocore', 'jmespath', 'python-dateutil', 's3transfer', 'six', 'urllib3']);
    expect(exclusion.warnings).toEqual([]);
    expect(exclusion.drop.find((d) => d.name === 'python-dateutil')).toEqual({
      name: 'python-dateutil', topLevel: ['dateutil'], reason: '--exclude-boto3: python-dateutil is provided by the Lambda runtime',
    });
  });

  it('keeps a runtime library another package needs, and warns that it shadows the runtime copy', () => {
    const exclusion = boto3Exclusion([...boto3Family, dist('requests', '2.32.3', ['urllib3', 'idna'])], ['boto3', 'requests']);
    expect(dropped(exclusion)).toEqual(['boto3', 'botocore', 'jmespath', 'python-dateutil', 's3transfer', 'six']);
    expect(exclusion.warnings).toEqual([
      "urllib3 2.2.3 stays in the package (requests needs it); the runtime's boto3 will import this copy instead of its own",
    ]);
  });

  it('keeps what requirements.txt lists itself', () => {
    const exclusion = boto3Exclusion(boto3Family, ['boto3', 'six']);
    expect(dropped(exclusion)).not.toContain('six');
    expect(exclusion.warnings).toEqual([
      "six 1.16.0 stays in the package (requirements.txt lists it); the runtime's boto3 will import this copy instead of its own",
    ]);
  });

  it('keeps botocore when another package pins it (aiobotocore)', () => {
    const exclusion = boto3Exclusion([...boto3Family, dist('aiobotocore', '2.15.0', ['botocore', 'aiohttp'])], ['boto3', 'aiobotocore']);
    expect(dropped(exclusion)).toEqual(['boto3', 's3transfer']);
    expect(exclusion.warnings[0]).toBe('botocore 1.35.0 stays in the package: aiobotocore needs it');
  });

  it('does nothing without the SDK', () => {
    expect(boto3Exclusion([dist('six', '1.16.0'), dist('requests', '2.32.3', ['urllib3']), dist('urllib3', '2.2.3')], ['six', 'requests'])).toEqual({ drop: [], warnings: [] });
  });
});

describe('dist-info METADATA', () => {
  it('reads name, version and the requirements that are not extras', () => {
    const metadata = [
      'Metadata-Version: 2.1',
      'Name: requests',
      'Version: 2.32.3',
      'Requires-Dist: charset-normalizer<4,>=2',
      'Requires-Dist: idna<4,>=2.5',
      'Requires-Dist: urllib3<3,>=1.21.1',
      'Requires-Dist: PySocks!=1.5.7,>=1.5.6; extra == "socks"',
      'Requires-Dist: Typing_Extensions ; python_version < "3.8"',
      '',
      'Requires-Dist: not-a-header',
    ].join('\n');
    expect(parseDistribution('requests-2.32.3.dist-info', metadata)).toEqual({
      name: 'requests', version: '2.32.3', requires: ['charset-normalizer', 'idna', 'urllib3', 'typing-extensions'],
    });
  });

  it('falls back on the directory name', () => {
    expect(parseDistribution('python_dateutil-2.9.0.post0.dist-info', '')).toEqual({ name: 'python-dateutil', version: '2.9.0.post0', requires: [] });
  });
});

// uv lists uv_cache.json in RECORD with its hash: the file pruned, its line still changed the zip at every build;
// a console script's line hashes the builder's Python in its shebang.
describe('RECORD lines of pruned files', () => {
  it('rewrites every RECORD that stays, not those of dropped distributions', () => {
    const paths = ['mylib-0.1.dist-info/RECORD', 'mylib-0.1.dist-info/direct_url.json', 'mylib/__init__.py', 'boto3-1.0.dist-info/RECORD', 'bin/mylib-cli'];
    expect(keptRecords(paths, ['mylib-0.1.dist-info/direct_url.json', 'bin/mylib-cli', 'boto3-1.0.dist-info/RECORD'])).toEqual(['mylib-0.1.dist-info/RECORD']);
    expect(keptRecords(['nested/x-1.dist-info/RECORD', 'x-1.dist-info/RECORD.bak'], [])).toEqual([]);
  });

  it.each([
    ['bin/mylib-cli', 'bin/mylib-cli'],
    ['../../bin/mylib-cli', 'bin/mylib-cli'],
    ['"../../bin/my,cli"', 'bin/my,cli'],
    ['../../share/x', '../../share/x'],
    ['mylib/__init__.py', 'mylib/__init__.py'],
  ])('reads the RECORD path %s as %s of the install directory (pip --target records its scripts from lib/python)', (field, path) => {
    expect(recordedPath(field)).toBe(path);
  });

  it('takes their lines out of RECORD, and keeps the others and the line endings', () => {
    const record = 'docopt.py,sha256=abc,100\r\ndocopt-0.6.2.dist-info/uv_cache.json,sha256=xyz,127\r\n"docopt-0.6.2.dist-info/RECORD",,\r\n';
    expect(recordWithout(record, ['docopt-0.6.2.dist-info/uv_cache.json'])).toBe('docopt.py,sha256=abc,100\r\n"docopt-0.6.2.dist-info/RECORD",,\r\n');
    expect(recordWithout('a.py,sha256=1,1', ['b.py'])).toBe('a.py,sha256=1,1');
    const pip = '../../bin/mylib-cli,sha256=1,221\n../../bin/tool.py,sha256=2,44\nmylib.py,sha256=3,17\nmylib-1.0.dist-info/RECORD,,\n';
    expect(recordWithout(pip, ['bin/mylib-cli', 'bin/tool.py'])).toBe('mylib.py,sha256=3,17\nmylib-1.0.dist-info/RECORD,,\n');
  });
});
