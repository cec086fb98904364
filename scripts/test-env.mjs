// Creates the Python virtual environment the tests use (.venv-test), with test/requirements.txt
// installed, and does nothing when it is already up to date. Used by `npm test` and `.ci/run`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const venv = join(root, '.venv-test');
const requirements = join(root, 'test', 'requirements.txt');
const stamp = join(venv, '.requirements.sha256');
const python = process.env.PYLAMBDA_TEST_BASE_PYTHON ?? 'python3';
const want = createHash('sha256').update(readFileSync(requirements)).update(python).digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) process.exit(0);

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root });
console.error(`Setting up the test Python environment in ${venv} ...`);
if (!existsSync(join(venv, 'bin', 'python'))) run(python, ['-m', 'venv', venv]);
run(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
writeFileSync(stamp, want);
