// Sets up what the tests use beyond npm's packages, and does nothing for what is already up to date. Used by
// `npm test` and `.ci/run`:
// - the Python virtual environment .venv-test, with test/requirements.txt installed;
// - the serverless-wsgi plugin's npm package, pinned, unpacked in test/.peers/node_modules: the tests of
//   serverless-wsgi projects run its own wsgi_handler.py (test/integration/serverless-wsgi.test.ts). It is
//   not a devDependency, which would install the plugin's own dependencies for two Python files.
// - the Serverless Framework v3, as test/peers/serverless's lockfile pins it, in test/.peers/serverless: the
//   serverless.yml parity tests compare what pylambda reads with what `serverless print` and `serverless package`
//   make of the same file (test/integration/serverless-framework-parity.test.ts), and serverless-offline 13 beside
//   it, which test/integration/dev-serverless-offline-differential.test.ts runs beside pylambda dev. Not a
//   devDependency either: its 670 packages (the AWS SDK v2 among them) are for those tests alone.
// - ts-node and TypeScript, as test/peers/ts-node's lockfile pins them, in test/.peers/ts-node: the Framework loads
//   serverless.ts through the service's ts-node, and so does pylambda (test/integration/serverless-config-files.test.ts).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });

// The version test/requirements.txt pins for PyPI's serverless-wsgi, which ships the same serverless_wsgi.py.
const SERVERLESS_WSGI = { name: 'serverless-wsgi', version: '3.1.0', integrity: 'sha512-VGQr3xpMDyJhWx4nfJ0OOWCNnoJ604MzeZTcz84dcxXYAzEZHucaeiDdbLXWHM8jWtry6xabeRRV1jzcE5uvLg==' };

setUpVenv();
// A copy named by the variable the test reads instead is used as it is.
if (!process.env.PYLAMBDA_TEST_SERVERLESS_WSGI) fetchPeer(SERVERLESS_WSGI);
if (!process.env.PYLAMBDA_TEST_SERVERLESS) installLocked('serverless', 'PYLAMBDA_TEST_SERVERLESS', 'serverless@3 installed (its node_modules/serverless)');
if (!process.env.PYLAMBDA_TEST_TS_NODE) installLocked('ts-node', 'PYLAMBDA_TEST_TS_NODE', 'ts-node and typescript installed (its node_modules)');

function setUpVenv() {
  const venv = join(root, '.venv-test');
  const requirements = join(root, 'test', 'requirements.txt');
  const stamp = join(venv, '.requirements.sha256');
  const python = process.env.PYLAMBDA_TEST_BASE_PYTHON ?? 'python3';
  const want = createHash('sha256').update(readFileSync(requirements)).update(python).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  console.error(`Setting up the test Python environment in ${venv} ...`);
  if (!existsSync(join(venv, 'bin', 'python'))) run(python, ['-m', 'venv', venv]);
  run(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
  writeFileSync(stamp, want);
}

/** An npm package the tests read, as `npm pack` downloads it (checked against its pinned integrity) and unpacked. */
function fetchPeer({ name, version, integrity }) {
  const peers = join(root, 'test', '.peers');
  const dir = join(peers, 'node_modules', name);
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === version) return;
  console.error(`Downloading ${name}@${version} into ${dir} (npm pack) ...`);
  mkdirSync(peers, { recursive: true });
  let packed;
  try {
    packed = JSON.parse(execFileSync('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', peers], { cwd: peers, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }))[0];
  } catch (error) {
    // npm's own lines up to its stack trace: the error code and the request that failed.
    const lines = String(error.stderr ?? error.message).trim().split('\n');
    const said = lines.slice(0, Math.max(1, lines.findIndex((l) => /^npm error\s+at /.test(l)))).join('\n');
    fail(`npm pack ${name}@${version} failed, so the tests that run its files cannot run:\n${said}`,
      `Check that the npm registry can be reached (npm ping), or set PYLAMBDA_TEST_SERVERLESS_WSGI to a directory with the package unpacked (npm pack ${name}@${version}, then tar -xzf).`);
  }
  const tarball = join(peers, packed.filename);
  if (packed.integrity !== integrity) {
    rmSync(tarball, { force: true });
    fail(`${name}@${version} from the registry has the integrity ${packed.integrity}, not the ${integrity} scripts/test-env.mjs pins`, 'Check the npm registry you use (npm config get registry).');
  }
  // Unpacked beside it, then renamed into place: a run cut short in tar leaves no half package to be taken
  // for the whole one next time (npm's tarballs hold package.json first, with the version checked above).
  const unpacking = join(peers, 'node_modules', `.${name}.unpacking`);
  rmSync(unpacking, { recursive: true, force: true });
  mkdirSync(unpacking, { recursive: true });
  // npm's tarballs hold everything under package/.
  run('tar', ['-xzf', tarball, '-C', unpacking, '--strip-components=1']);
  rmSync(dir, { recursive: true, force: true });
  renameSync(unpacking, dir);
  rmSync(tarball);
}

/**
 * The packages test/peers/<name>/package-lock.json pins, every one checked against its integrity by `npm ci`, in
 * test/.peers/<name>; nothing is done when the lockfile installed there is the same.
 */
function installLocked(name, variable, holding) {
  const locked = join(root, 'test', 'peers', name);
  const dir = join(root, 'test', '.peers', name);
  const lock = readFileSync(join(locked, 'package-lock.json'));
  const stamp = join(dir, '.package-lock.sha256');
  const want = createHash('sha256').update(lock).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  console.error(`Installing the packages test/peers/${name}/package-lock.json pins into ${dir} (npm ci, once) ...`);
  // Installed beside it, then renamed into place, as fetchPeer does: a run cut short is not taken for a whole one.
  const installing = join(root, 'test', '.peers', `.${name}.installing`);
  rmSync(installing, { recursive: true, force: true });
  mkdirSync(installing, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) writeFileSync(join(installing, file), readFileSync(join(locked, file)));
  try {
    // Its install scripts only print (serverless's postinstall, aws-sdk's notice): not run.
    execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd: installing, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  } catch (error) {
    const lines = String(error.stderr ?? error.message).trim().split('\n');
    const said = lines.slice(0, Math.max(1, lines.findIndex((l) => /^npm error\s+at /.test(l)))).join('\n');
    fail(`npm ci of test/peers/${name} failed, so the tests that run it cannot run:\n${said}`,
      `Check that the npm registry can be reached (npm ping), or set ${variable} to a directory with ${holding}.`);
  }
  writeFileSync(join(installing, '.package-lock.sha256'), want);
  rmSync(dir, { recursive: true, force: true });
  renameSync(installing, dir);
}

function fail(message, hint) {
  console.error(`test-env: ${message}\n${hint}`);
  process.exit(1);
}
