// Every command's exit code, as a shell or CI script sees it (docs/commands.md, "Exit codes"): each row runs
// `pylambda ...` as a process of its own. 2: what it was given cannot be used (usage or input); 1: what ran failed.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, fnTemplate, testPython } from '../helpers.js';

function pylambda(args: readonly string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

const python = testPython();
const dirs: Record<'ok' | 'broken' | 'raises' | 'uninstallable' | 'empty' | 'taken' | 'latin1' | 'latin1Requirements' | 'noRoutes', string> = { ok: '', broken: '', raises: '', uninstallable: '', empty: '', taken: '', latin1: '', latin1Requirements: '', noRoutes: '' };

// The projects are shared by the rows: made once, removed after all of them.
const top = mkdtempSync(join(tmpdir(), 'pylambda-exit-codes-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));
const scratchDir = (name: string) => {
  const dir = join(top, name);
  mkdirSync(dir);
  return dir;
};

beforeAll(() => {
  const project = (name: keyof typeof dirs, template: string | Buffer, app: string, requirements?: string | Buffer) => {
    const dir = scratchDir(`exit-${name}`);
    writeFileSync(join(dir, 'template.yaml'), template);
    writeFileSync(join(dir, 'app.py'), app);
    if (requirements !== undefined) writeFileSync(join(dir, 'requirements.txt'), requirements);
    dirs[name] = dir;
  };
  const route = 'Get: { Type: HttpApi, Properties: { Path: /x, Method: get } }';
  project('ok', fnTemplate({ events: [route] }), 'def handler(event, context):\n    return {"statusCode": 200}\n');
  mkdirSync(join(dirs.ok, 'venv'));
  // A stand-in for /bin/ls, whose words and exit code differ between GNU coreutils, BSD, busybox and uutils.
  writeFileSync(join(dirs.ok, 'ls'), "#!/bin/sh\necho \"ls: invalid option -- '$1'\" >&2\nexit 3\n", { mode: 0o755 });
  project('broken', fnTemplate({ events: [route.slice(0, -2)] }), 'def handler(event, context):\n    return 1\n');
  project('raises', fnTemplate(), 'def handler(event, context):\n    raise ValueError("boom")\n');
  // pip installs from no index: the requirement cannot be found, offline and at once.
  project('uninstallable', fnTemplate(), 'def handler(event, context):\n    return 1\n', '--no-index\nno-such-package-pylambda==1.0\n');
  // A template saved by a Windows editor as Windows-1252: é is the one byte E9.
  project('latin1Requirements', fnTemplate(), 'def handler(event, context):\n    return 1\n', Buffer.from('# caf\u00e9\nsix\n', 'latin1'));
  project('latin1', Buffer.from(`# caf\u00e9\n${fnTemplate()}`, 'latin1'), 'def handler(event, context):\n    return 1\n');
  // A Chalice app whose app.py has no route yet: its functions are app.py's, not config.json's.
  dirs.noRoutes = scratchDir('exit-no-routes');
  mkdirSync(join(dirs.noRoutes, '.chalice'));
  writeFileSync(join(dirs.noRoutes, '.chalice', 'config.json'), '{"version": "2.0", "app_name": "x", "stages": {"dev": {}}}');
  writeFileSync(join(dirs.noRoutes, 'app.py'), 'from chalice import Chalice\napp = Chalice(app_name="x")\n');
  dirs.empty = scratchDir('exit-empty');
  dirs.taken = scratchDir('exit-taken');
  mkdirSync(join(dirs.taken, 'app'));
  writeFileSync(join(dirs.taken, 'app', 'notes.txt'), 'mine');
});

type Row = readonly [why: string, args: readonly string[], dir: keyof typeof dirs, code: number, stderr: RegExp];

const USAGE: readonly Row[] = [
  ['an unknown command', ['deploy'], 'ok', 2, /^error: Unknown command 'deploy'/],
  ['new: an unknown option', ['new', 'app', '--nope'], 'empty', 2, /^error: Unknown option '--nope'/],
  ['new: a bad --style', ['new', 'app', '--style', 'flask'], 'empty', 2, /^error: --style must be raw or chalice, not 'flask'/],
  ['new: a Python version for --runtime', ['new', 'app', '--runtime', '3.12'], 'empty', 2, /^error: --runtime '3\.12' is not a Lambda Python runtime: did you mean python3\.12\?\n/],
  ['dev: an unknown option', ['dev', '--nope'], 'ok', 2, /^error: Unknown option '--nope'/],
  ['dev: a bad --port', ['dev', '--port', 'abc'], 'ok', 2, /^error: --port must be a port number \(0-65535\), not 'abc'/],
  ['dev: a bad --runtime-client', ['dev', '--runtime-client', 'x'], 'ok', 2, /^error: --runtime-client must be pylambda or awslambdaric, not 'x'/],
  ['invoke: an unknown option', ['invoke', '--nope'], 'ok', 2, /^error: Unknown option '--nope'/],
  ['invoke: a bad --runtime-client', ['invoke', '--runtime-client', 'x'], 'ok', 2, /^error: --runtime-client must be pylambda or awslambdaric, not 'x'/],
  ['events: an unknown option', ['events', 'generate', 'sqs', '--nope'], 'ok', 2, /^error: Unknown option '--nope'/],
  ['events: a bad value', ['events', 'generate', 'dynamodb', '--event-name', 'UPSERT'], 'ok', 2, /^error: --event-name for dynamodb must be INSERT, MODIFY or REMOVE, or several of them in turn \(INSERT,MODIFY,REMOVE\), not 'UPSERT'/],
  ['events: an unknown kind', ['events', 'generate', 'sqss'], 'ok', 2, /^error: Unknown event kind 'sqss'/],
  ['coldstart: an unknown option', ['coldstart', '--nope'], 'ok', 2, /^error: Unknown option '--nope'/],
  ['coldstart: a bad --runs', ['coldstart', '--runs', '0'], 'ok', 2, /^error: --runs must be a whole number from 1 to/],
  ['package: an unknown option', ['package', '--nope'], 'ok', 2, /^error: Unknown option '--nope'/],
  ['package: a bad --arch', ['package', '--arch', 'sparc'], 'ok', 2, /^error: --arch must be x86_64 or arm64, not 'sparc'/],
  // An unset shell variable: `--event "$EVENT"` read the current directory, `--host "$HOST"` served at http://:3000.
  ['invoke: an empty --event', ['invoke', '--event='], 'ok', 2, /^error: --event was given an empty value \(an unset shell variable\?\): give it FILE, or leave it out\n/],
  ['dev: an empty --host', ['dev', '--host', ''], 'ok', 2, /^error: --host was given an empty value \(an unset shell variable\?\): give it HOST, or leave it out\n/],
  ['coldstart: an empty FUNCTION', ['coldstart', ''], 'ok', 2, /^error: FUNCTION is empty \('', an unset shell variable\?\): give one, or leave it out\n/],
];

const INPUT: readonly Row[] = [
  ['new: a directory that is not empty', ['new', 'app', '--yes'], 'taken', 2, /^error: .*app is not empty \(1 entry\)/],
  ['dev --no-watch: a project that cannot be read', ['dev', '--no-watch', '--port', '0', '--python', python], 'broken', 2, /^error: template\.yaml has 1 problem:/],
  ['dev: no project', ['dev', '--no-watch', '--port', '0', '--python', python], 'empty', 2, /^error: No project found in /],
  ['dev: a Python that cannot run', ['dev', '--no-watch', '--port', '0', '--python', '/nonexistent/python3'], 'ok', 2, /^error: Cannot run Python interpreter '\/nonexistent\/python3'/],
  ['invoke: a --python that is a directory', ['invoke', '--python', './'], 'ok', 2, /^error: Cannot run Python interpreter '\.\/': it is a directory\n/],
  ['invoke: a --python that is not Python', ['invoke', '--python', './ls'], 'ok', 2, /^error: '\.\/ls' is not a Python interpreter: asked for its version \(\.\/ls -V\), it exited with code 3: ls: invalid option -- '-V'\nPass a Python 3 interpreter with --python/],
  ['invoke: a virtual environment named as if on PATH', ['invoke', '--python', 'venv'], 'ok', 2, /^error: Cannot run Python interpreter 'venv': there is no venv on PATH\nvenv here is a directory: pass the interpreter in it, as --python venv\/bin\/python\n/],
  ['invoke: a --config-file that is a directory', ['invoke', '--config-file', 'venv', '--python', python], 'ok', 2, /^error: --config-file venv is a directory \(\S+\/venv\): name the file, such as samconfig\.toml\n/],
  ['invoke: a project that cannot be read', ['invoke', '--python', python], 'broken', 2, /^error: template\.yaml has 1 problem:/],
  ['invoke: no such function', ['invoke', 'Nope', '--python', python], 'ok', 2, /^error: No function named 'Nope'/],
  ['invoke: an event file that does not exist', ['invoke', '--event', 'missing.json', '--python', python], 'ok', 2, /^error: .*missing\.json/],
  ['invoke: a Chalice app without a function', ['invoke', '--python', python], 'noRoutes', 2, /^error: app\.py defines no function: Chalice makes one of a route \(@app\.route\), an @app\.lambda_function, a schedule or another event handler\n/],
  ['package: a Chalice app without a function', ['package', '--python', python], 'noRoutes', 2, /^error: app\.py defines no function: Chalice makes one of a route/],
  ['coldstart: a project that cannot be read', ['coldstart', '--python', python], 'broken', 2, /^error: template\.yaml has 1 problem:/],
  ['coldstart: no such function', ['coldstart', 'Nope', '--python', python], 'ok', 2, /^error: No function named 'Nope'/],
  ['package: a project that cannot be read', ['package', '--python', python], 'broken', 2, /^error: template\.yaml has 1 problem:/],
  ['package: no such function', ['package', 'Nope', '--python', python], 'ok', 2, /^error: No function named 'Nope'/],
  ['dev --no-watch: a template that is not UTF-8', ['dev', '--no-watch', '--port', '0', '--python', python], 'latin1', 2, /^error: The configuration file \S+template\.yaml is not UTF-8 text: byte 0xE9 on line 1, column 6 \(saved as Latin-1 or Windows-1252\?\)\nSave it as UTF-8/],
  ['package: a template that is not UTF-8', ['package', '--python', python], 'latin1', 2, /^error: The configuration file \S+template\.yaml is not UTF-8 text: byte 0xE9 on line 1, column 6/],
  ['events: data that is not base64', ['events', 'generate', 'kinesis', '--data', '!!'], 'ok', 2, /^error: --data must be base64/],
];

const RAN: readonly Row[] = [
  ['events: an event', ['events', 'generate', 'sqs'], 'ok', 0, /^$/],
  ['invoke: the function returns', ['invoke', '--python', python], 'ok', 0, /START RequestId/],
  ['invoke: the function fails', ['invoke', '--python', python], 'raises', 1, /ValueError: boom/],
  ['coldstart: over --budget', ['coldstart', '--runs', '1', '--budget', '0.001', '--python', python], 'ok', 1, /^/],
  // pip crashes on it (ERROR: Exception:, then a traceback): the traceback's last line says why.
  ['package: pip cannot read the requirements file', ['package', '--python', python, '--installer', 'pip', '--no-cache'], 'latin1Requirements', 1, /failed:\nERROR: Exception:\nUnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 5/],
  ['package: pip cannot install the requirements', ['package', '--python', python, '--installer', 'pip', '--no-cache'], 'uninstallable', 1, /no-such-package-pylambda/],
];

async function exits(...[, args, dir, code, stderr]: Row): Promise<void> {
  const run = await pylambda(args, dirs[dir]);
  expect(run.stderr).toMatch(stderr);
  expect(run.code).toBe(code);
}

describe('exit codes, one rule for every command', () => {
  it.each(USAGE)('usage mistake, exit 2: %s', exits);
  it.each(INPUT)('input mistake, exit 2: %s', exits, 30_000);
  // 0 and 1: what the command ran (a function, pip) takes its time.
  it.each(RAN)('the work ran: %s', exits, 120_000);
});
