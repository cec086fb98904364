import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLintOutput } from '../../src/core/coldstart/findings.js';
import { parseModuleMap } from '../../src/core/coldstart/modules.js';
import { runLint } from '../../src/api/coldstart-scripts.js';
import { FIXTURES, ROOT, scratchDir } from '../helpers.js';

/** The test virtual environment's Python when `npm test` made it, else the system's python3. */
const venvPython = `${ROOT}.venv-test/bin/python`;
const python = existsSync(venvPython) ? venvPython : 'python3';
const SCRIPTS = `${ROOT}runtime/python/`;
const LINT = `${FIXTURES}coldstart/lint/`;

/** The findings (not the module-client facts, which say where clients are created at module level, as they should be). */
function lint(root: string, ...args: string[]) {
  const out = execFileSync(python, [`${SCRIPTS}pylambda_lint.py`, '--root', `${LINT}${root}`, '--json', ...args], { encoding: 'utf8' });
  return parseLintOutput(JSON.parse(out)).filter((f) => f.rule !== 'module-client');
}

/** [file, line, rule] (plus the module of heavy-import findings): what each fixture must give, exactly. */
const where = (findings: ReturnType<typeof lint>) => findings.map((f) => [f.file, f.line, f.rule, ...(f.module ? [f.module] : [])]);
const HANDLER = ['--handler', 'lambda_function.lambda_handler'];

describe('pylambda_lint.py on one fixture per anti-pattern', () => {
  it.each([
    ['clients', [
      ['lambda_function.py', 16, 'client-in-handler'], // boto3.client in the handler
      ['lambda_function.py', 18, 'client-in-handler'], // psycopg2.connect in a nested `with` under an `if`
      ['lambda_function.py', 21, 'client-in-handler'], // Session().client(...): one finding for the chain
      ['lambda_function.py', 26, 'client-in-handler'], // requests.Session() in a function the handler calls
      ['lambda_function.py', 27, 'client-in-handler'], // <module-level session>.client(...)
      ['lambda_function.py', 28, 'client-in-handler'], // stored in a module-level dict, but unconditionally
    ]],
    ['network', [
      ['lambda_function.py', 13, 'network-at-import'], // requests.get
      ['lambda_function.py', 15, 'network-at-import'], // s3.download_file inside a module-level try
      ['lambda_function.py', 20, 'network-at-import'], // ssm.get_parameter inside a module-level if
      ['lambda_function.py', 21, 'network-at-import'], // get_item on a Table from a boto3 resource
      ['lambda_function.py', 23, 'network-at-import'], // urllib.request.urlopen in a with
      ['lambda_function.py', 25, 'network-at-import'], // socket.create_connection
    ]],
    ['heavy', [
      ['lambda_function.py', 5, 'heavy-import', 'pandas'], // only in summary()
      ['lambda_function.py', 6, 'heavy-import', 'matplotlib.pyplot'], // only in a branch of the handler
      ['lambda_function.py', 7, 'heavy-import', 'scipy'], // only in a function nothing calls
      ['lambda_function.py', 9, 'heavy-import', 'sklearn'], // never used
      ['reports/__init__.py', 4, 'heavy-import', 'openpyxl'], // only in render(), called on one path
    ]],
    ['env', [
      ['lambda_function.py', 6, 'env-required'], // os.environ["TABLE_NAME"] at import
      ['lambda_function.py', 7, 'env-unchecked'], // os.environ.get("BUCKET"), never checked
      ['lambda_function.py', 11, 'env-unchecked'], // int(os.getenv("LIMIT"))
      ['lambda_function.py', 21, 'env-required'], // os.environ[...] in a class body runs at import too
    ]],
    ['snapstart', [
      ['lambda_function.py', 12, 'snapstart'], // random.seed(42)
      ['lambda_function.py', 13, 'snapstart'], // uuid4 kept in a module-level name
      ['lambda_function.py', 14, 'snapstart'], // time.time()
      ['lambda_function.py', 15, 'snapstart'], // secrets.token_hex
      ['lambda_function.py', 16, 'snapstart'], // datetime.now()
      ['lambda_function.py', 17, 'snapstart'], // psycopg2.connect at import
      ['lambda_function.py', 18, 'snapstart'], // socket.socket at import
    ]],
    ['clean', []],
  ])('%s', (fixture, expected) => {
    const findings = lint(fixture, ...HANDLER);
    expect(where(findings)).toEqual(expected);
    for (const f of findings) {
      expect(f.column).toBeGreaterThan(0);
      expect(f.message.length).toBeGreaterThan(40);
      expect(f.fix.length).toBeGreaterThan(20);
    }
  });

  it('does not flag the variables Lambda always sets (AWS_REGION, ...): pylambda passes its list, LAMBDA_SET_VARIABLES', async () => {
    const dir = scratchDir('lint-lambda-env');
    writeFileSync(join(dir, 'app.py'), [
      'import os',
      'REGION = os.environ.get("AWS_REGION")',
      'NAME = os.environ["AWS_LAMBDA_FUNCTION_NAME"]',
      'ROOT = os.getenv("LAMBDA_TASK_ROOT")',
      'RUNTIME = os.environ.get("AWS_EXECUTION_ENV")',
      'HANDLER = os.environ["_HANDLER"]',
      'BUCKET = os.environ.get("BUCKET")',
      'TABLE = os.environ["TABLE_NAME"]',
      'TRACE = os.environ.get("_X_AMZN_TRACE_ID")',
      '',
      'def handler(event, context):',
      '    return REGION, NAME, ROOT, RUNTIME, HANDLER, BUCKET, TABLE, TRACE',
      '',
    ].join('\n'));
    const findings = await runLint(python, { codeDir: dir, handler: 'app.handler', heavy: [] });
    // The function's own variables still are (BUCKET, TABLE_NAME); so is the trace id, set per invocation only.
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[7, 'env-unchecked'], [8, 'env-required'], [9, 'env-unchecked']]);
  });

  it("does not flag what the function's own configuration sets (its template's Environment)", async () => {
    const dir = scratchDir('lint-configured-env');
    writeFileSync(join(dir, 'app.py'), 'import os\nTABLE = os.environ["TABLE_NAME"]\nBUCKET = os.environ.get("BUCKET")\n\ndef handler(event, context):\n    return TABLE, BUCKET\n');
    const findings = await runLint(python, { codeDir: dir, handler: 'app.handler', heavy: [], configured: ['TABLE_NAME'] });
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[3, 'env-unchecked']]);
  });

  // Deferring an import used on every invocation only moves its cost from the init to the first request.
  it.each([
    ['a for loop body', 'def handler(event, context):\n    out = []\n    for record in event["Records"]:\n        out.append(slowlib.f(record))\n    return out\n'],
    ['a method of a module-level object', 'class Calc:\n    def run(self, x):\n        return slowlib.f(x)\n\ncalc = Calc()\n\ndef handler(event, context):\n    return calc.run(8)\n'],
    ['a function passed by name', 'def helper(x):\n    return slowlib.f(x)\n\ndef handler(event, context):\n    return list(map(helper, event["items"]))\n'],
  ])('an import used on every invocation through %s is not "used only in some branches"', async (_what, body) => {
    const dir = scratchDir('lint-always');
    writeFileSync(join(dir, 'app.py'), `import slowlib\n\n${body}`);
    expect(await runLint(python, { codeDir: dir, handler: 'app.handler', heavy: ['slowlib'] })).toEqual([]);
  });

  it("does not tell to remove an import of the project's own module that is there for what importing it does (routes)", async () => {
    const dir = scratchDir('lint-side-effect');
    mkdirSync(join(dir, 'routes'));
    writeFileSync(join(dir, 'routes', '__init__.py'), '');
    writeFileSync(join(dir, 'routes', 'users.py'), 'from resolver import app\n\n@app.get("/users")\ndef users():\n    return []\n');
    writeFileSync(join(dir, 'resolver.py'), 'app = object()\n');
    writeFileSync(join(dir, 'app.py'), 'from resolver import app\nfrom routes import users  # noqa: F401\n\ndef handler(event, context):\n    return app\n');
    const [finding, ...rest] = await runLint(python, { codeDir: dir, handler: 'app.handler', heavy: ['routes.users'] });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'heavy-import', line: 2, module: 'routes.users' });
    expect(finding!.message).toBe('`from routes import users` runs at import, so every cold start pays for importing routes.users; this module does not use the name, so it is there for what importing it does (registering routes, say), or for nothing.');
    expect(finding!.fix).toBe('Keep it if importing routes.users registers something the function needs; otherwise remove `from routes import users`.');
  });

  it('says which modules create clients at module level (a fact for the slow-module-body finding)', async () => {
    const dir = scratchDir('lint-module-client');
    writeFileSync(join(dir, 'app.py'), 'import boto3\n\ns3 = boto3.client("s3")\n\ndef handler(event, context):\n    return s3\n');
    const facts = (await runLint(python, { codeDir: dir, handler: 'app.handler', heavy: [] })).filter((f) => f.rule === 'module-client');
    expect(facts).toEqual([expect.objectContaining({ rule: 'module-client', file: 'app.py', line: 3, module: 'app', message: 'creates a boto3 client at module level' })]);
    // One created in the handler is not at module level: it is client-in-handler's.
    writeFileSync(join(dir, 'app.py'), 'import boto3\n\ndef handler(event, context):\n    return boto3.client("s3")\n');
    expect((await runLint(python, { codeDir: dir, handler: 'app.handler', heavy: [] })).map((f) => f.rule)).toEqual(['client-in-handler']);
  });

  // Powertools' docs make its persistence layer at module level; it creates a boto3 client there.
  it('counts a Powertools object that creates a boto3 client as a client at module level', async () => {
    const dir = scratchDir('lint-powertools-client');
    writeFileSync(join(dir, 'app.py'), 'from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer\n\n'
      + 'persistence = DynamoDBPersistenceLayer(table_name="t")\n\ndef handler(event, context):\n    return persistence\n');
    const facts = (await runLint(python, { codeDir: dir, handler: 'app.handler', heavy: [] })).filter((f) => f.rule === 'module-client');
    expect(facts).toEqual([expect.objectContaining({ rule: 'module-client', line: 3, message: 'creates a boto3 client (Powertools) at module level' })]);
  });

  it('reports a file Python cannot parse as a finding, not a crash', () => {
    const [finding, ...rest] = lint('syntax', ...HANDLER);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'syntax-error', file: 'lambda_function.py', line: 4 });
    expect(finding!.message).toMatch(/^Python cannot parse this file: .+Runtime\.UserCodeSyntaxError/);
  });

  it('reviews a Chalice app: each route is a handler, and chalicelib is reached through the imports', () => {
    expect(where(lint('chalice', '--handler', 'app.app'))).toEqual([
      ['app.py', 3, 'heavy-import', 'pandas'], // used by one route of three
      ['app.py', 22, 'client-in-handler'], // in a scheduled function
      ['chalicelib/db.py', 5, 'client-in-handler'], // in a function a route calls
    ]);
  });

  it('takes modules marked heavy by the caller (--heavy), e.g. from the import profile', () => {
    const findings = lint('heavy', ...HANDLER, '--heavy', 'mylib,other');
    expect(where(findings).filter((f) => f[3] === 'mylib')).toEqual([['lambda_function.py', 8, 'heavy-import', 'mylib']]);
    expect(findings.find((f) => f.module === 'scipy')).toMatchObject({ names: ['stats'] });
    expect(findings.find((f) => f.module === 'pandas')!.message).toBe(
      '`import pandas as pd` runs at import, so every cold start pays for importing pandas, but it is used only in summary(), not on every invocation.');
  });

  it('`from pkg import sub` where the heavy module is the submodule (--heavy pkg.sub)', () => {
    const findings = lint('../chalice-app', '--handler', 'app.app', '--heavy', 'chalicelib.exporter');
    expect(where(findings)).toEqual([['app.py', 4, 'heavy-import', 'chalicelib.exporter']]);
    expect(findings[0]).toMatchObject({ names: [] });
    expect(findings[0]!.message).toBe(
      '`from chalicelib import exporter` runs at import, so every cold start pays for importing chalicelib.exporter, but it is used only in export_orders(), not on every invocation.');
  });

  it('with --all, reviews every file except virtual environments, tests and vendored packages', () => {
    expect(where(lint('clean', '--all'))).toEqual([['scripts/seed_data.py', 3, 'network-at-import']]);
  });

  it('reviews exactly the files it is given', () => {
    expect(where(lint('clean', 'tests/handler_checks.py'))).toEqual([['tests/handler_checks.py', 5, 'env-required']]);
  });
});

describe('pylambda_modules.py', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pylambda-modules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A code directory as `pip install --target` leaves it: one distribution with top_level.txt, one
  // with only a RECORD (the 3.9 fallback infers its names), and the project's own module.
  mkdirSync(join(dir, 'fakepkg'));
  writeFileSync(join(dir, 'fakepkg', '__init__.py'), '');
  mkdirSync(join(dir, 'fakepkg-1.2.3.dist-info'));
  writeFileSync(join(dir, 'fakepkg-1.2.3.dist-info', 'METADATA'), 'Metadata-Version: 2.1\nName: fakepkg\nVersion: 1.2.3\n');
  writeFileSync(join(dir, 'fakepkg-1.2.3.dist-info', 'top_level.txt'), 'fakepkg\n');
  mkdirSync(join(dir, 'record_only-0.5.dist-info'));
  writeFileSync(join(dir, 'record_only-0.5.dist-info', 'METADATA'), 'Metadata-Version: 2.1\nName: Record-Only\nVersion: 0.5\n');
  writeFileSync(join(dir, 'record_only-0.5.dist-info', 'RECORD'), 'recmod.py,,\nrecord_only-0.5.dist-info/METADATA,,\n');
  writeFileSync(join(dir, 'recmod.py'), '');
  writeFileSync(join(dir, 'lambda_function.py'), '');
  const out = execFileSync(python, [`${SCRIPTS}pylambda_modules.py`, '--path', dir, '--root', dir], { encoding: 'utf8' });
  const map = parseModuleMap(JSON.parse(out));

  it('prints the Python version, the stdlib names and the project\'s own modules', () => {
    expect(map.python).toMatch(/^3\.\d+\.\d+$/);
    expect(map.stdlib).toEqual(expect.arrayContaining(['json', 'os', 'email', 'importlib', '_socket']));
    expect(map.stdlib).not.toContain('fakepkg');
    expect(map.local).toEqual(['lambda_function']);
  });

  it('maps top-level names to their distributions, from top_level.txt or RECORD', () => {
    expect(map.packages.fakepkg).toEqual([{ name: 'fakepkg', version: '1.2.3' }]);
    expect(map.packages.recmod).toEqual([{ name: 'Record-Only', version: '0.5' }]);
    expect(map.packages.json).toBeUndefined();
  });

  it.skipIf(python !== venvPython)('maps awslambdaric and its dependency simplejson in the test environment', () => {
    expect(map.packages.awslambdaric).toEqual([{ name: 'awslambdaric', version: expect.any(String) }]);
    expect(map.packages.simplejson).toEqual([{ name: 'simplejson', version: expect.any(String) }]);
  });
});
