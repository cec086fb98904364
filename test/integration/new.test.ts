import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, type NewResult } from '../../src/api/new.js';
import type { Question } from '../../src/core/templates/choices.js';
import { isoDate } from '../../src/core/model/runtime-lifecycle.js';
import { runtimeWarnings } from '../../src/core/templates/choices.js';
import { ROOT, slotLimiter, testPython } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';

/** The projects generated once for the whole file: every style x example, and every --api of raw. */
const SCAFFOLDS = [
  ['raw-hello-rest', '--example', 'hello', '--api', 'rest'],
  ['raw-hello-http', '--example', 'hello', '--api', 'http'],
  ['raw-hello-alb', '--example', 'hello', '--api', 'alb', '--arch', 'arm64'],
  ['raw-todo-rest', '--example', 'todo', '--api', 'rest'],
  ['raw-todo-http', '--example', 'todo', '--api', 'http'],
  ['raw-todo-alb', '--example', 'todo', '--api', 'alb'],
  ['chalice-hello', '--style', 'chalice', '--example', 'hello'],
  ['chalice-todo', '--style', 'chalice', '--example', 'todo'],
] as const;

/** Whose pytest suites run: every style x example and each --api of raw hello (the todo's API code is the same). */
const SUITES = ['raw-hello-rest', 'raw-hello-http', 'raw-hello-alb', 'raw-todo-rest', 'chalice-hello', 'chalice-todo'];

const VENV_TEST = join(ROOT, '.venv-test');
let work: string;
/** Every temporary directory, removed at the end (one holds a virtual environment of 150 MB). */
const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
const results = new Map<string, NewResult>();

function cli(argv: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  // VIRTUAL_ENV makes the local Python the test venv's, so the default runtime is known.
  return runCaptured(argv, { cwd, env: shellEnv({ VIRTUAL_ENV: VENV_TEST, ...env }) });
}

function run(argv: readonly string[], cwd: string, timeoutMs = 120_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // A region for `chalice package`; no credentials: nothing here may reach AWS.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PYTHONDONTWRITEBYTECODE: '1', AWS_DEFAULT_REGION: 'us-east-1' };
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** At most two at once: CI has two cores, and moto's set-up is CPU-bound. */
const inSlot = slotLimiter(2);

const localRuntime = () => {
  const version = readFileSync(join(VENV_TEST, 'pyvenv.cfg'), 'utf8').match(/^version\w*\s*=\s*(\d+\.\d+)/m)![1];
  return `python${version}`;
};

beforeAll(async () => {
  testPython();
  work = tempDir('pylambda-new-');
  for (const [name, ...flags] of SCAFFOLDS) {
    const { code, stdout, stderr } = await cli(['new', name, ...flags, '--json'], work);
    expect(code, stderr).toBe(0);
    results.set(name, JSON.parse(stdout) as NewResult);
  }
});

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('pylambda new: the generated projects', () => {
  it('answers --json with the project, its routes and the requests to check it with', () => {
    const todo = results.get('raw-todo-rest')!;
    expect(todo.dir).toBe(join(work, 'raw-todo-rest'));
    expect(todo.choices).toEqual({ name: 'raw-todo-rest', style: 'raw', framework: 'sam', example: 'todo', api: 'rest', runtime: localRuntime(), architecture: 'x86_64' });
    expect(todo.functionId).toBe('TodoFunction');
    expect(todo.routes).toContainEqual({ method: 'PATCH', path: '/todos/{todo_id}' });
    expect(todo.samples[0]).toMatchObject({ method: 'POST', path: '/todos', status: 201 });
    expect(todo.nextSteps).toEqual(['cd raw-todo-rest', 'python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt', 'pylambda dev --local-aws']);
    for (const file of todo.files) expect(existsSync(join(todo.dir, file)), file).toBe(true);
    expect(results.get('chalice-todo')!.functionId).toBe('api_handler');
    expect(results.get('raw-hello-alb')!.choices.architecture).toBe('arm64');
  });

  describe.concurrent('each project\'s own tests pass (pytest, with moto for DynamoDB)', () => {
    // Each one's time counts its wait for a slot: the last two wait for four suites, which took 15 - 35 s each under a
    // load of 15 on 2 cores (and two ran out of the default 60 s).
    it.each(SUITES)('%s', async (name) => {
      const { code, output } = await inSlot(() => run([testPython(), '-m', 'pytest', '-q', '-p', 'no:cacheprovider'], join(work, name)));
      expect(code, output).toBe(0);
      expect(output).toMatch(/\d+ passed/);
    }, 300_000);
  });

  it('every generated template.yaml passes cfn-lint', async () => {
    const templates = SCAFFOLDS.filter(([name]) => name.startsWith('raw')).map(([name]) => join(work, name, 'template.yaml'));
    // W2531 (deprecated runtime) comes and goes with the date: the scaffolds take this machine's Python, and
    // `new` says itself when that runtime is deprecated (runtime-lifecycle, tested with fixed dates).
    const { code, output } = await run([join(VENV_TEST, 'bin', 'cfn-lint'), '--ignore-checks', 'W2531', '--', ...templates], work);
    expect(output).toBe('');
    expect(code).toBe(0);
    // 52 s under a load of 15 on 2 cores.
  }, 180_000);

  it('the Chalice todo deploys its table the documented way: chalice package --merge-template, and the result passes cfn-lint', async () => {
    const dir = join(work, 'chalice-todo');
    const out = join(work, 'chalice-todo-package');
    const packaged = await run([join(VENV_TEST, 'bin', 'chalice'), 'package', '--stage', 'prod', '--merge-template', '.chalice/resources.json', out], dir, 300_000);
    expect(packaged.code, packaged.output).toBe(0);
    const template = JSON.parse(readFileSync(join(out, 'sam.json'), 'utf8'));
    expect(template.Resources.TodoTable.Type).toBe('AWS::DynamoDB::Table');
    expect(template.Resources.APIHandler.Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: 'TodoTable' });
    expect(template.Resources.TodoTableAccess.Properties.Roles).toEqual([{ Ref: 'DefaultRole' }]);
    const lint = await run([join(VENV_TEST, 'bin', 'cfn-lint'), '--ignore-checks', 'W2531', '--', join(out, 'sam.json')], work);
    expect(lint.output).toBe('');
    expect(lint.code).toBe(0);
    // 156 s under a load of 15 on 2 cores (chalice package downloads the requirements).
  }, 400_000);

  it('installs requirements-dev.txt into a fresh venv, where its tests pass', async () => {
    const dir = join(work, 'raw-todo-rest');
    const base = process.env.PYLAMBDA_TEST_BASE_PYTHON ?? 'python3';
    const venv = await run([base, '-m', 'venv', '.venv'], dir);
    expect(venv.code, venv.output).toBe(0);
    const pip = await run([join(dir, '.venv', 'bin', 'pip'), 'install', '--quiet', '--disable-pip-version-check', '-r', 'requirements-dev.txt'], dir, 540_000);
    expect(pip.code, pip.output).toBe(0);
    const tests = await run([join(dir, '.venv', 'bin', 'python'), '-m', 'pytest', '-q', '-p', 'no:cacheprovider'], dir);
    expect(tests.code, tests.output).toBe(0);
    // moto's server mode, for `pylambda dev --local-aws`, imports with what requirements-dev.txt installs.
    // and debugpy, for `pylambda dev --debug-port` (its README's Debug section).
    const server = await run([join(dir, '.venv', 'bin', 'python'), '-c', 'import moto.server, flask, flask_cors, debugpy'], dir);
    expect(server.code, server.output).toBe(0);
    // The install downloads moto, boto3 and pytest: past 320 s once under a load of 15 on 2 cores.
  }, 600_000);
});

describe('pylambda new: the command', () => {
  it('applies the defaults without a terminal and prints the next three commands', async () => {
    const cwd = tempDir('pylambda-new-cli-');
    const warned = (day: Date) => runtimeWarnings({ style: 'raw', runtime: localRuntime() }, isoDate(day)).map((w) => `warning: ${w}\n`).join('');
    const before = warned(new Date());
    const { code, stdout, stderr } = await cli(['new', 'demo-app'], cwd);
    // Nothing, unless Lambda has deprecated the local Python's runtime by the day the test runs: the day it began, or
    // the next one if it ran over midnight (UTC).
    expect([before, warned(new Date())]).toContain(stderr);
    expect(code).toBe(0);
    expect(stdout).toContain(`Created demo-app: raw handler (SAM), hello example, API Gateway REST API, ${localRuntime()}, x86_64\n  in ${join(cwd, 'demo-app')}\n`);
    expect(stdout.endsWith('Next:\n  cd demo-app\n  python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt\n  pylambda dev\n')).toBe(true);
    expect(readdirSync(join(cwd, 'demo-app')).sort()).toEqual(['.gitignore', 'README.md', 'lambda_function.py', 'requirements-dev.txt', 'requirements.txt', 'src', 'template.yaml', 'tests']);
  });

  it('says npx pylambda under npx, and which Python makes the venv when the runtime is another', async () => {
    const cwd = tempDir('pylambda-new-cli-');
    // No pyenv here (an empty PYENV_ROOT): python3.9 is the command to give.
    const { code, stdout } = await cli(['new', 'other', '--runtime', 'python3.9', '--json'], cwd, { npm_command: 'exec', PYENV_ROOT: tempDir('no-pyenv-') });
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as NewResult;
    expect(result.nextSteps).toEqual(['cd other', 'python3.9 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt', 'npx pylambda dev']);
    expect(result.notes[0]).toContain('the project targets python3.9: create its venv with Python 3.9');
  });

  it('names the pyenv install of the runtime\'s Python when python3.X would not start it (a version not selected)', async () => {
    const cwd = tempDir('pylambda-new-cli-');
    const pyenv = tempDir('fake-pyenv-');
    const bin = join(pyenv, 'versions', '3.9.18', 'bin');
    mkdirSync(bin, { recursive: true });
    // A stand-in for that install: a script that answers as Python 3.9 does when pylambda asks its version.
    writeFileSync(join(bin, 'python3.9'), "#!/bin/sh\nprintf '%s\\0003.9.18' \"$0\"\n", { mode: 0o755 });
    const { code, stdout } = await cli(['new', 'other', '--runtime', 'python3.9', '--json'], cwd, { PYENV_ROOT: pyenv, PATH: '/usr/bin:/bin' });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as NewResult).nextSteps[1]).toBe(`${join(bin, 'python3.9')} -m venv .venv && .venv/bin/pip install -r requirements-dev.txt`);
  });

  it("says why the local Python was not used when one was found (a python3 that is Python 2), not that none was", async () => {
    const cwd = tempDir('pylambda-new-cli-');
    const venv = tempDir('fake-venv-');
    mkdirSync(join(venv, 'bin'));
    // Python 2 answers the probe (it runs under 2 too) with its version.
    writeFileSync(join(venv, 'bin', 'python'), "#!/bin/sh\nprintf '%s\\0002.7.18' /usr/bin/python2.7\n", { mode: 0o755 });
    const { code, stdout } = await cli(['new', 'old-python', '--yes', '--json'], cwd, { VIRTUAL_ENV: venv });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as NewResult).notes[0]).toMatch(/^The local Python cannot run the project \('.+python' is Python 2\.7\.18 \(\/usr\/bin\/python2\.7\): Lambda functions run on Python 3\), so it targets python3\.\d+; install that Python to run it locally\.$/);
    // None at all: said as such.
    const none = await cli(['new', 'no-python', '--yes', '--json'], cwd, { VIRTUAL_ENV: join(venv, 'missing') });
    expect((JSON.parse(none.stdout) as NewResult).notes[0]).toMatch(/^No local Python was found, so the project targets python3\.\d+/);
  });

  it('warns when the runtime is one Lambda has deprecated, and creates the project all the same', async () => {
    const cwd = tempDir('pylambda-new-cli-');
    const { code, stdout, stderr } = await cli(['new', 'old-runtime', '--runtime', 'python3.9', '--yes'], cwd);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warning: Lambda deprecated python3\.9 on 2025-12-15: it gets no security patches[^\n]*\. Choose python3\.\d+ or newer \(--runtime python3\.\d+ for the newest\)\.\n$/);
    expect(stdout).toContain('Created old-runtime: raw handler (SAM), hello example, API Gateway REST API, python3.9, x86_64');
    expect(readFileSync(join(cwd, 'old-runtime', 'template.yaml'), 'utf8')).toContain('Runtime: python3.9');
    const json = await cli(['new', 'old-json', '--runtime', 'python3.9', '--json'], cwd);
    expect((JSON.parse(json.stdout) as NewResult).warnings).toEqual([stderr.replace(/^warning: /, '').trimEnd()]);
  });

  it('asks with the deprecated runtimes marked, as of the day it runs, and keeps them selectable', async () => {
    const cwd = tempDir('pylambda-new-ask-');
    const asked: Question[] = [];
    const result = await createProject({
      cwd,
      name: 'asked',
      given: {},
      ask: async (question) => {
        asked.push(question);
        return question.key === 'runtime' ? 'python3.9' : question.default;
      },
      python: testPython(),
      env: { PATH: process.env.PATH },
      today: new Date('2026-01-15T12:00:00Z'),
    });
    const runtime = asked.find((q) => q.key === 'runtime')!;
    expect(runtime.options.slice(-3)).toEqual([
      { value: 'python3.10', label: 'python3.10' }, { value: 'python3.9', label: 'python3.9 (deprecated 2025-12-15)' }, { value: 'python3.8', label: 'python3.8 (deprecated 2024-10-14)' },
    ]);
    expect(result.choices.runtime).toBe('python3.9');
    expect(result.warnings).toEqual([expect.stringMatching(/^Lambda deprecated python3\.9 on 2025-12-15: .* Choose python3\.10 or newer/)]);
  });

  it('takes a path: the project goes there, named after its last part', async () => {
    const cwd = tempDir('pylambda-new-cli-');
    const { code, stdout } = await cli(['new', 'services/billing-api', '--json'], cwd);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as NewResult;
    expect(result.dir).toBe(join(cwd, 'services', 'billing-api'));
    expect(result.choices.name).toBe('billing-api');
    expect(result.nextSteps[0]).toBe('cd services/billing-api');
    expect(readFileSync(join(cwd, 'services', 'billing-api', 'template.yaml'), 'utf8')).toContain('billing-api');

    mkdirSync(join(cwd, 'here-app'));
    const here = await cli(['new', '.', '--json'], join(cwd, 'here-app'));
    expect(here.code).toBe(0);
    expect((JSON.parse(here.stdout) as NewResult).choices.name).toBe('here-app');
    expect((JSON.parse(here.stdout) as NewResult).nextSteps[0]).toMatch(/-m venv/);

    const bad = await cli(['new', 'apps/my_app'], cwd);
    expect([bad.code, bad.stderr]).toEqual([2, "error: Invalid project name 'my_app' (from apps/my_app): '_' is not allowed: use letters, digits and hyphens only (it becomes a CloudFormation stack name)\n"]);
  });

  it('refuses a directory that is not empty, unless --force', async () => {
    const cwd = tempDir('pylambda-new-cli-');
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'notes.txt'), 'mine');
    const refused = await cli(['new', 'taken'], cwd);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`error: ${join(cwd, 'taken')} is not empty (1 entry)\nChoose another name, or pass --force to write the project into it (files with the same names are replaced).\n`);
    expect(readdirSync(join(cwd, 'taken'))).toEqual(['notes.txt']);
    const forced = await cli(['new', 'taken', '--force', '--style', 'chalice'], cwd);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(cwd, 'taken', 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(cwd, 'taken', 'app.py'))).toBe(true);
  });

  it('writes into a repository made first (git init): its .git is not counted as content', async () => {
    const cwd = tempDir('pylambda-new-cli-');
    mkdirSync(join(cwd, 'repo', '.git'), { recursive: true });
    writeFileSync(join(cwd, 'repo', '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const made = await cli(['new', 'repo', '--yes'], cwd);
    expect(made.code, made.stderr).toBe(0);
    expect(existsSync(join(cwd, 'repo', 'template.yaml'))).toBe(true);
    expect(readFileSync(join(cwd, 'repo', '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });

  it('--force over a project of another style: refused before anything is written, as two projects in one directory', async () => {
    const cwd = tempDir('pylambda-new-cli-');
    expect((await cli(['new', 'mixed', '--yes'], cwd)).code).toBe(0);
    const before = readdirSync(join(cwd, 'mixed')).sort();
    const chalice = await cli(['new', 'mixed', '--force', '--style', 'chalice'], cwd);
    expect([chalice.code, chalice.stderr]).toEqual([2, `error: ${join(cwd, 'mixed')} holds template.yaml, a SAM project: the Chalice project would put its .chalice/config.json beside it, and leave two projects in one directory\nChoose another directory, or remove template.yaml (and that project's code) first.\n`]);
    expect(readdirSync(join(cwd, 'mixed')).sort()).toEqual(before);
    expect((await cli(['new', 'mixed', '--force', '--yes'], cwd)).code).toBe(0);
    mkdirSync(join(cwd, 'sls'));
    writeFileSync(join(cwd, 'sls', 'serverless.yml'), 'service: x\n');
    const raw = await cli(['new', 'sls', '--force', '--yes'], cwd);
    expect(raw.code).toBe(2);
    expect(raw.stderr).toMatch(/holds serverless\.yml, a Serverless Framework project: the raw-handler project would put its template\.yaml beside it/);
    mkdirSync(join(cwd, 'sls-ts'));
    writeFileSync(join(cwd, 'sls-ts', 'serverless.ts'), 'export = {};\n');
    const chalice2 = await cli(['new', 'sls-ts', '--force', '--style', 'chalice'], cwd);
    expect(chalice2.code).toBe(2);
    expect(chalice2.stderr).toMatch(/holds serverless\.ts, a Serverless Framework project: the Chalice project would put its \.chalice\/config\.json beside it/);
  });

  it.each([
    ['my_app', "error: Invalid project name 'my_app': '_' is not allowed: use letters, digits and hyphens only"],
    ['2fast', "error: Invalid project name '2fast': it must start with a letter"],
    ['x'.repeat(60), 'it is 60 characters long; the most is 59'],
  ])('refuses the name %j with the rule it breaks', async (name, message) => {
    const cwd = tempDir('pylambda-new-cli-');
    const { code, stderr } = await cli(['new', name], cwd);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    [['new'], 'error: A project name is required'],
    [['new', 'app', '--style', 'flask'], "error: --style must be raw or chalice, not 'flask'"],
    [['new', 'app', '--style', 'chalice', '--api', 'alb'], 'error: --api alb does not apply to a Chalice project'],
    [['new', 'app', '--runtime', 'python2.7'], "error: --runtime 'python2.7': Lambda deprecated python2.7 on 2021-07-15"],
  ])('refuses %j', async (argv, message) => {
    const cwd = tempDir('pylambda-new-cli-');
    const { code, stderr } = await cli(argv, cwd);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
