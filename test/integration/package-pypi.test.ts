// `pylambda package` with real wheels from PyPI (orjson: small, native, published for both
// architectures): the right platform in each zip, a zip that runs where it is unzipped, stable
// hashes, the cache, and secrets that never ship.
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readElfInfo } from '../../src/adapters/elf-reader.js';
import { isUncheckedHashPyc } from '../../src/core/packaging/bytecode.js';
import { ROOT, testPython } from '../helpers.js';
import { cli, makeProject, removeTemporary, temporary, testRuntime, unzipTo, zipNames } from './package-helpers.js';

const { version, runtime, base } = testRuntime();
const tag = `cp${version.replace('.', '')}`;
const APP = 'import json\nimport orjson\n\n\ndef handler(event, context):\n    return json.loads(orjson.dumps({"ok": True, "orjson": orjson.__version__, "event": event}))\n';

let dir: string;
/** How long the first package took (its installs included), on this machine at this time. */
let coldMs: number;
const unzipped: string[] = [];
const pkg = (...extra: string[]) => cli(['package', '--python', testPython(), '--installer', 'pip', ...extra], dir);
const zipOf = (id: string) => join(dir, '.aws-sam', 'pylambda', 'package', `${id}.zip`);

beforeAll(async () => {
  dir = makeProject({
    functions: { Intel: { handler: 'app.handler', runtime }, Graviton: { handler: 'app.handler', runtime, architecture: 'arm64' } },
    files: {
      'src/app.py': APP,
      'src/requirements.txt': 'orjson\n',
      'src/.env': 'API_TOKEN=hunter2\n',
      'src/id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\n',
      'src/.aws/credentials': '[default]\naws_secret_access_key = x\n',
      'src/certs/client.key': 'key\n',
    },
  });
  const started = performance.now();
  const { code, stderr } = await pkg();
  coldMs = performance.now() - started;
  if (code !== 0) throw new Error(stderr);
  // 58 s under a load of 15 on 2 cores.
}, 240_000);

afterAll(removeTemporary);

function wheelTags(zip: string): string[] {
  const dir = unzipTo(zip);
  unzipped.push(dir);
  const distInfo = readdirSync(dir).find((n) => /^orjson-.*\.dist-info$/.test(n))!;
  return readFileSync(join(dir, distInfo, 'WHEEL'), 'utf8').split('\n').filter((l) => l.startsWith('Tag: ')).map((l) => l.slice(5));
}

describe('pylambda package with real wheels', () => {
  it.each([
    ['Intel', 'x86_64', 62],
    ['Graviton', 'aarch64', 183],
  ] as const)('%s: the orjson wheel and its ELF machine are %s', (id, machine, elfMachine) => {
    const names = zipNames(zipOf(id));
    const so = names.find((n) => n.startsWith('orjson/') && n.endsWith('.so'))!;
    expect(so).toBe(`orjson/orjson.${tag.replace('cp', 'cpython-')}-${machine}-linux-gnu.so`);
    for (const t of wheelTags(zipOf(id))) expect(t).toMatch(new RegExp(`^${tag}-(${tag}|abi3)-manylinux(_2_\\d+|2014)_${machine}$`));
    const extracted = unzipped[unzipped.length - 1]!;
    const elf = readElfInfo(join(extracted, so));
    expect(elf.ok && elf.info.machine).toBe(elfMachine);
    expect(names).toContain(`__pycache__/app.cpython-${tag.slice(2)}.pyc`);
    expect(names).toContain(`orjson/__pycache__/__init__.cpython-${tag.slice(2)}.pyc`);
  });

  it('ships unchecked-hash bytecode and never a secret', () => {
    const names = zipNames(zipOf('Intel'));
    const extracted = unzipTo(zipOf('Intel'));
    unzipped.push(extracted);
    expect(isUncheckedHashPyc(readFileSync(join(extracted, '__pycache__', `app.cpython-${tag.slice(2)}.pyc`)))).toBe(true);
    expect(names.filter((n) => /(^|\/)(\.env|id_rsa|\.aws|client\.key)/.test(n))).toEqual([]);
    expect(names.every((n) => (statSync(join(extracted, n)).mode & 0o444) === 0o444)).toBe(true);
  });

  it('the zip for this machine runs its handler with a plain Python, no virtual environment, read-only', () => {
    const extracted = unzipTo(zipOf(arch() === 'arm64' ? 'Graviton' : 'Intel'));
    unzipped.push(extracted);
    execFileSync('chmod', ['-R', 'a-w', extracted]);
    const empty = temporary('pylambda-cwd-');
    const script = `import sys, json; sys.path.insert(0, ${JSON.stringify(extracted)}); import app; print(json.dumps(app.handler({"n": 1}, None))); print(app.__cached__)`;
    // -I: no user site, no PYTHON* variables; -S: no site-packages; -B: write no bytecode.
    const out = execFileSync(base, ['-I', '-S', '-B', '-c', script], { cwd: empty, env: { PYTHONDONTWRITEBYTECODE: '1' }, encoding: 'utf8' }).trim().split('\n');
    expect(JSON.parse(out[0]!)).toMatchObject({ ok: true, event: { n: 1 } });
    expect(out[1]).toBe(join(extracted, '__pycache__', `app.cpython-${tag.slice(2)}.pyc`));
    expect(readdirSync(extracted).filter((n) => n === '__pycache__')).toEqual(['__pycache__']);
  });

  it('an unchanged re-package reuses the dependencies and the zips in well under a second', async () => {
    const before = readFileSync(zipOf('Intel'));
    const started = performance.now();
    const { code, stdout } = await pkg('--json');
    const elapsed = performance.now() - started;
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    // Well under a second on a quiet machine; a loaded one (2.6 s of 58 s, the first package's, under a load of 15 on
    // 2 cores) is slower at both, so the bound is the larger of that second and a tenth of the first package's time.
    // A re-package that reused nothing would install and zip again, as long as the first one less its downloads.
    expect(elapsed).toBeLessThan(Math.max(1000, coldMs / 10));
    expect(result.builds.map((b: { dependencies: { cache: string } }) => b.dependencies.cache)).toEqual(['hit', 'hit']);
    expect(result.builds.flatMap((b: { artifacts: { reused: boolean }[] }) => b.artifacts.map((a) => a.reused))).toEqual([true, true]);
    expect(readFileSync(zipOf('Intel')).equals(before)).toBe(true);
  });

  it('the same inputs give the same SHA-256 after touching every file and rebuilding from scratch', async () => {
    const sha = (id: string) => JSON.parse(readFileSync(join(dir, '.aws-sam', 'pylambda', 'package', 'manifest.json'), 'utf8')).functions[id].zip.sha256 as string;
    const before = [sha('Intel'), sha('Graviton')];
    const later = new Date('2031-06-15T12:34:56Z');
    for (const name of ['app.py', 'requirements.txt', '.env', 'id_rsa']) utimesSync(join(dir, 'src', name), later, later);
    chmodSync(join(dir, 'src', 'app.py'), 0o600);
    const { code, stdout } = await pkg('--no-cache', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.builds.map((b: { dependencies: { cache: string } }) => b.dependencies.cache)).toEqual(['miss', 'miss']);
    expect(result.builds.flatMap((b: { artifacts: { reused: boolean }[] }) => b.artifacts.map((a) => a.reused))).toEqual([false, false]);
    expect([sha('Intel'), sha('Graviton')]).toEqual(before);
    // Both architectures installed and zipped again: 34 s under a load of 15 on 2 cores, past half the default limit.
  }, 180_000);
});

describe('hash-pinned requirements with an sdist-only package (pip-compile --generate-hashes)', () => {
  // six: the hash of its wheel; docopt 0.6.2 publishes only docopt-0.6.2.tar.gz, and this is its hash.
  const SIX = 'six==1.16.0 \\\n    --hash=sha256:8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254\n    # via -r requirements.in\n';
  const DOCOPT = (hash: string) => `docopt==0.6.2 \\\n    --hash=sha256:${hash}\n    # via -r requirements.in\n`;
  const project = (requirements: string) => makeProject({ functions: { Fn: { handler: 'app.handler', runtime } }, files: { 'src/app.py': 'import docopt, six\n\ndef handler(event, context):\n    return 1\n', 'src/requirements.txt': requirements } });

  it('checks the sdist against its hash, builds it, and installs the wheel with every other package hash-checked', async () => {
    const hashed = project(SIX + DOCOPT('49b3a825280bd66b3aa83585ef59c4a8c82f2c8a522dbe754a8bc8d08c85c491'));
    const { code, stdout, stderr } = await cli(['package', '--python', testPython(), '--installer', 'pip', '--json'], hashed);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('note: docopt has no wheel on the index; its source distribution built docopt-0.6.2-py2.py3-none-any.whl');
    expect(JSON.parse(stdout).builds[0].dependencies.distributions.sort()).toEqual(['docopt 0.6.2', 'six 1.16.0']);
    const names = zipNames(join(hashed, '.aws-sam', 'pylambda', 'package', 'Fn.zip'));
    expect(names).toEqual(expect.arrayContaining(['docopt.py', 'six.py']));
    // Installed from the index's layout, not as a direct URL: no path of this machine in the package.
    expect(names.filter((n) => n.endsWith('direct_url.json'))).toEqual([]);
  }, 120_000);

  it('refuses an sdist that does not match its hash, naming both hashes', async () => {
    const tampered = project(SIX + DOCOPT('59b3a825280bd66b3aa83585ef59c4a8c82f2c8a522dbe754a8bc8d08c85c491'));
    const { code, stderr } = await cli(['package', '--python', testPython(), '--installer', 'pip'], tampered);
    expect(code).toBe(1);
    expect(stderr).toContain('error: The source distribution of docopt==0.6.2 (it has no wheel for the platform, so it is built here) does not match the hash requirements.txt pins for it:');
    expect(stderr).toMatch(/Expected sha256 59b3a825\w+\n\s+Got\s+49b3a825\w+/);
    expect(stderr).toContain('regenerate the hashes');
  }, 120_000);
});

describe('a local project in the requirements (a monorepo library)', () => {
  const LIB = {
    'libs/mylib/pyproject.toml': '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "mylib"\nversion = "0.1.0"\n',
    'libs/mylib/mylib/__init__.py': 'VALUE = 1\n',
  };

  // uv builds nothing under --only-binary :all:, not even a local directory: pip builds it into a wheel, from a copy.
  it('is built into a wheel by pip from a copy and installed by uv, also with --installer uv; the library is left as it was', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler', runtime } }, files: { ...LIB, 'src/app.py': 'import mylib\n\ndef handler(event, context):\n    return 1\n', 'src/requirements.txt': '../libs/mylib\n' } });
    const env = { ...process.env, PATH: `${join(ROOT, '.venv-test', 'bin')}:${process.env.PATH}` };
    const { code, stderr } = await cli(['package', '--python', testPython()], dir, env);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`note: ../libs/mylib is a local path: pip built it into mylib-0.1.0-py3-none-any.whl, and uv installs that with its dependencies for ${runtime} x86_64`);
    expect(zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'))).toContain('mylib/__init__.py');
    expect(readdirSync(join(dir, 'libs', 'mylib')).sort()).toEqual(['mylib', 'pyproject.toml']);

    const forced = await cli(['package', '--python', testPython(), '--installer', 'uv', '--no-cache'], dir, env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'))).toContain('mylib/__init__.py');
  }, 180_000);
});
