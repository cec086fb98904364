import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { coldstartCli } from '../coldstart-helpers.js';
import { FIXTURES, functionModel, testPython } from '../helpers.js';
import { COLD_START_FAILED_EXIT_CODE, measureRun, type RunsInput } from '../../src/api/coldstart-runs.js';
import { runCaptured, shellEnv } from '../cli-run.js';
import { UserError } from '../../src/core/errors.js';

/**
 * `pylambda coldstart` end to end on fixtures/coldstart/slow-project: lambda_function imports
 * src.handlers, which imports email.parser and slowpkg; slowpkg sleeps a fixed 80 ms at import.
 */
const SLOW = join(FIXTURES, 'coldstart', 'slow-project');

const Ms = z.number().nonnegative();
const ImportNode: z.ZodType<unknown> = z.lazy(() => z.object({
  name: z.string().min(1),
  selfUs: z.number().int().nonnegative(),
  cumulativeUs: z.number().int().nonnegative(),
  depth: z.number().int().nonnegative(),
  children: z.array(ImportNode),
}).strict());
const Owner = z.object({ kind: z.enum(['distribution', 'stdlib', 'local', 'unknown']), name: z.string(), version: z.string().optional() }).strict();
const PackageCost = z.object({
  name: z.string(), selfMs: Ms, modules: z.number().int().positive(),
  firstImport: z.object({ module: z.string(), cumulativeMs: Ms, chain: z.array(z.string()).min(1) }).strict(),
  owner: Owner.optional(),
}).strict();
const PhaseTotal = z.object({ ms: Ms, modules: z.number().int().nonnegative() }).strict();

/** The --json document, every key and type (schema version 1); `.strict()` rejects any key not listed. */
const ReportSchema = z.object({
  schemaVersion: z.literal(1),
  function: z.object({
    name: z.string(), handler: z.string(), runtime: z.string(), memorySizeMb: z.number().int().positive(),
    pythonVersion: z.string().regex(/^3\.\d+\.\d+$/).optional(), runtimeClient: z.string().optional(), style: z.enum(['sam', 'serverless', 'chalice']).optional(),
  }).strict(),
  measuredAt: z.iso.datetime().optional(),
  runs: z.object({
    initDurationsMs: z.array(z.number().positive()).min(1),
    stats: z.object({ count: z.number().int().positive(), min: Ms, max: Ms, mean: Ms, median: Ms, p90: Ms }).strict(),
    event: z.string().optional(),
    functionError: z.string().optional(),
    firstInvokeMs: Ms.optional(),
    firstInvokeTimedOut: z.literal(true).optional(),
    warmInvokeMs: Ms.optional(),
    maxMemoryUsedMb: z.number().int().nonnegative().optional(),
  }).strict(),
  budget: z.object({
    status: z.enum(['pass', 'fail', 'none']),
    medianMs: Ms,
    budgetMs: z.number().positive().optional(),
    overByMs: Ms.optional(),
    references: z.array(z.object({ name: z.string(), targetMs: z.number().positive(), met: z.boolean() }).strict()),
  }).strict(),
  imports: z.object({
    handlerModule: z.string(),
    totalMs: Ms,
    phases: z.object({ startup: PhaseTotal, runtime: PhaseTotal, user: PhaseTotal, invoke: PhaseTotal }).strict(),
    packages: z.array(PackageCost),
    invokePackages: z.array(PackageCost),
    distributions: z.array(z.object({
      name: z.string(), kind: Owner.shape.kind, version: z.string().optional(), selfMs: Ms, modules: z.number().int().positive(), packages: z.array(z.string()),
    }).strict()).optional(),
    heaviestModules: z.array(z.object({ module: z.string(), selfMs: Ms, cumulativeMs: Ms, chain: z.array(z.string()) }).strict()),
    runtimeImports: z.array(z.string()),
    preloadedImports: z.array(z.string()),
    truncated: z.boolean(),
    tree: z.array(ImportNode),
    rootPhases: z.array(z.enum(['startup', 'runtime', 'user', 'invoke'])),
  }).strict().optional(),
  package: z.object({
    bytecode: z.enum(['present', 'absent', 'unknown']),
    boto3Bundled: z.boolean().optional(),
    boto3Listed: z.boolean().optional(),
    codeSizeBytes: z.number().int().nonnegative().optional(),
    pythonFiles: z.number().int().nonnegative().optional(),
    pythonFilesWithBytecode: z.number().int().nonnegative().optional(),
    staleBytecodeFiles: z.number().int().positive().optional(),
    compile: z.object({ files: z.number().int().nonnegative(), bytes: z.number().int().nonnegative(), ms: Ms }).strict().optional(),
  }).strict().optional(),
  findings: z.array(z.object({
    rule: z.string(), severity: z.enum(['info', 'warning']),
    file: z.string().optional(), line: z.number().int().positive().optional(), column: z.number().int().positive().optional(),
    message: z.string().min(20), fix: z.string().min(10), savingsMs: Ms.optional(), module: z.string().optional(),
  }).strict()),
}).strict();

type Report = z.infer<typeof ReportSchema>;

describe('pylambda coldstart on a project with a package that takes 80 ms to import', () => {
  let run: Awaited<ReturnType<typeof coldstartCli>>;
  let report: Report;
  beforeAll(async () => {
    run = await coldstartCli(['--runs', '3', '--json'], SLOW);
    report = ReportSchema.parse(JSON.parse(run.stdout));
  });

  it('prints one JSON document that matches the schema, and exits 0 without a budget', () => {
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(report.imports!.tree).toHaveLength(report.imports!.rootPhases.length);
  });

  it('measures each cold start as the REPORT line does, with a default event for the SQS trigger', () => {
    expect(report.function).toMatchObject({ name: 'SlowFunction', handler: 'lambda_function.lambda_handler', runtime: 'python3.11', memorySizeMb: 256, runtimeClient: 'pylambda' });
    expect(report.runs.initDurationsMs).toHaveLength(3);
    // Python's start-up, the runtime client, and the 80 ms sleep: never less than the sleep.
    for (const ms of report.runs.initDurationsMs) expect(ms).toBeGreaterThan(80);
    expect(report.runs.stats.median).toBe([...report.runs.initDurationsMs].sort((a, b) => a - b)[1]);
    expect(report.runs.event).toBe('sqs sample (SQS trigger Jobs)');
    expect(report.runs.firstInvokeMs).toBeGreaterThan(0);
    expect(report.runs.warmInvokeMs).toBeGreaterThan(0);
    expect(report.runs.maxMemoryUsedMb).toBeGreaterThan(5);
    expect(report.budget).toMatchObject({ status: 'none', references: [{ name: 'raw handler', targetMs: 100 }, { name: 'Chalice app', targetMs: 200 }] });
  });

  it('puts the 80 ms package at the top with about 80 ms, and the chain that pulled it in', () => {
    const [top] = report.imports!.packages;
    expect(top!.name).toBe('slowpkg');
    expect(top!.selfMs).toBeGreaterThan(78);
    expect(top!.selfMs).toBeLessThan(130);
    expect(top!.firstImport.chain).toEqual(['lambda_function', 'src.handlers', 'slowpkg']);
    expect(top!.owner).toEqual({ kind: 'local', name: 'your code' });
    expect(report.imports!.heaviestModules[0]).toMatchObject({ module: 'slowpkg', chain: ['lambda_function', 'src.handlers', 'slowpkg'] });
    expect(report.imports!.packages.find((p) => p.name === 'email')!.firstImport.chain).toEqual(['lambda_function', 'src.handlers', 'email.parser']);
  });

  it('separates the runtime client\'s imports from the function\'s (the bootstrap\'s marker)', () => {
    const { phases, runtimeImports, packages } = report.imports!;
    // The client's own module, which imports json and pylambda_logging (its bootstrap script only runs it).
    expect(runtimeImports).toEqual(expect.arrayContaining(['pylambda_runtime']));
    for (const name of ['json', 'pylambda_logging', 'pylambda_runtime', 'pylambda_context', 'resource']) expect(packages.map((p) => p.name)).not.toContain(name);
    expect(phases.user.ms).toBeGreaterThan(80);
    expect(phases.user.ms).toBeLessThan(report.runs.stats.max + 100);
  });

  it('reports the slow module body at its file, and what the package holds', () => {
    expect(report.findings.map((f) => [f.rule, f.file, f.module])).toEqual([['slow-module-body', 'slowpkg/__init__.py', 'slowpkg']]);
    expect(report.package).toMatchObject({ bytecode: 'absent', boto3Bundled: false, boto3Listed: false, pythonFiles: 4, pythonFilesWithBytecode: 0 });
    expect(report.package!.codeSizeBytes).toBeGreaterThan(500);
  });

  it('shows progress on stderr and leaves no bytecode in the code directory', () => {
    expect(run.stderr).toMatch(/^cold start 1\/3: Init Duration [\d.]+ ms\ncold start 2\/3: .*\ncold start 3\/3: .*\nprofiling the imports .*\nreviewing the code and the package\n$/);
    const caches = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? (e.name === '__pycache__' ? [join(dir, e.name)] : caches(join(dir, e.name))) : []));
    expect(caches(SLOW)).toEqual([]);
  });
});

describe('the terminal report', () => {
  it('fits on one screen: the runs, the verdict, the heaviest packages and the findings', async () => {
    const { code, stdout } = await coldstartCli(['--runs', '2'], SLOW);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(40);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(lines[0]).toBe('Cold start of SlowFunction');
    // The details under the title, wrapped to the width.
    expect(lines.slice(1, 3).join(' ').trim()).toMatch(/^lambda_function\.lambda_handler · python3\.11 · 256 MB · run by Python 3\.\d+\.\d+ · event: sqs sample \(SQS trigger Jobs\)$/);
    expect(stdout).toMatch(/\nInit Duration {3}median [\d.]+ ms {3}p90 [\d.]+ ms {3}min [\d.]+ ms {3}max [\d.]+ ms {3}\(2 cold starts\)\n/);
    // A raw handler's project: its target only (a Chalice app's would show 200 ms).
    expect(stdout).toMatch(/\nTargets {9}raw handler < 100 ms: (met|not met)\n/);
    expect(stdout).toMatch(/\n {2}slowpkg +[\d.]+ ms +1 {2}your code {2}lambda_function -> src\.handlers -> slowpkg\n/);
    expect(stdout).toMatch(/\n {2}warning slow-module-body {2}slowpkg\/__init__\.py\n/);
    expect(stdout).not.toMatch(/\u001b\[/);
  });
});

describe('the budget gate', () => {
  it.each([
    ['over the budget: exit 1', '1', 1, /Budget {10}FAIL: the median [\d.]+ ms is [\d.]+ ms over the budget of 1\.00 ms/],
    ['within the budget: exit 0', '60000', 0, /Budget {10}PASS: the median [\d.]+ ms is within the budget of 60000 ms/],
  ])('%s', async (_name, budget, exitCode, line) => {
    const { code, stdout } = await coldstartCli(['--runs', '1', '--budget', budget], SLOW);
    expect(code).toBe(exitCode);
    expect(stdout).toMatch(line);
  });

  it('puts the decision in the JSON too', async () => {
    const { code, stdout } = await coldstartCli(['--runs', '1', '--budget', '1.5', '--json'], SLOW);
    expect(code).toBe(1);
    const report = ReportSchema.parse(JSON.parse(stdout));
    expect(report.budget).toMatchObject({ status: 'fail', budgetMs: 1.5 });
    expect(report.budget.overByMs).toBeCloseTo(report.budget.medianMs - 1.5, 6);
  });

  it.each([
    ['a budget that is not a number', ['--budget', 'fast'], /^error: --budget must be a positive number of milliseconds, like 150, not 'fast'\n$/],
    ['a budget of zero', ['--budget', '0'], /^error: --budget must be a positive number of milliseconds, like 150, not '0'\n$/],
    ['a negative budget', ['--budget=-5'], /^error: --budget must be a positive number of milliseconds, like 150, not '-5'\n$/],
    ['zero runs', ['--runs', '0'], /^error: --runs must be a whole number from 1 to 1000, not '0'\n$/],
    ['runs that are not a whole number', ['--runs', '2.5'], /^error: --runs must be a whole number from 1 to 1000, not '2\.5'\n$/],
    ['an unknown option', ['--bugdet', '5'], /^error: Unknown option '--bugdet'/],
  ])('%s is a usage error (exit 2) and measures nothing', async (_name, argv, message) => {
    const { code, stdout, stderr } = await coldstartCli(argv, SLOW);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});

/** A project of one function (app.handler, python3.11) in `dir`/`name`, with the app.py given. */
function oneFunction(dir: string, name: string, app: string, events = ''): string {
  const project = join(dir, name);
  mkdirSync(project);
  writeFileSync(join(project, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.11\n      Handler: app.handler\n${events}`);
  writeFileSync(join(project, 'app.py'), app);
  return project;
}

describe('bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pylambda-coldstart-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Exit 1 is "measured and over --budget": nothing that stops the measuring may read as that in CI.
  it.each([
    ['an event file that does not exist', () => ['--event', join(dir, 'nope.json')], /^The event file .*nope\.json does not exist$/],
    ['an event file that is not JSON', () => {
      writeFileSync(join(dir, 'not-json.txt'), 'hello');
      return ['--event', join(dir, 'not-json.txt')];
    }, /^The event from .*not-json\.txt is not valid JSON \(line 1, column 1\): Unexpected token 'h'$/],
    ['a function the project does not define', () => ['Nope'], /^No function named 'Nope' in template\.yaml$/],
  ])('%s: exit 2 (not 1), even with a budget, and the reason in the JSON', async (_what, argv, message) => {
    const { code, stdout, stderr } = await coldstartCli([...argv(), '--runs', '1', '--budget', '1', '--json'], SLOW);
    expect(code).toBe(2);
    expect((JSON.parse(stdout) as { error: { message: string } }).error.message).toMatch(message);
    expect(stderr).toMatch(/^error: /);
  });

  it('a --python that does not exist: exit 2, not 1', async () => {
    const { code, stdout } = await runCaptured(['coldstart', '--runs', '1', '--budget', '1', '--json', '--python', join(dir, 'no-such-python')], { cwd: SLOW, env: shellEnv({ AWS_REGION: 'us-east-1' }) });
    expect(code).toBe(2);
    expect((JSON.parse(stdout) as { error: { message: string } }).error.message).toContain('no-such-python');
  });

  it.each([
    ['a directory that does not exist', () => join(dir, 'missing', 'report.html'), (file: string) => `error: Cannot write the HTML report to ${file}: ${join(dir, 'missing')} does not exist\n`],
    ['a directory', () => dir, (file: string) => `error: Cannot write the HTML report to ${file}: it is a directory\n`],
    ['a path below a file', () => join(SLOW, 'template.yaml', 'report.html'), (file: string) => `error: Cannot write the HTML report to ${file}: ${join(SLOW, 'template.yaml')} is not a directory\n`],
  ])('--html to %s: refused before anything is measured', async (_what, target, message) => {
    const file = target();
    const { code, stdout, stderr } = await coldstartCli(['--runs', '1', '--html', file], SLOW);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(message(file));
  });

  it("a path the machine refuses (an --env-vars file below a file) is coldstart's exit 2, cannot measure, not 1, over budget", async () => {
    const { code, stderr } = await coldstartCli(['--runs', '1', '--env-vars', join(SLOW, 'template.yaml', 'env.json')], SLOW);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: .*template\.yaml\/env\.json/m);
    expect(stderr).not.toContain('internal error');
  });

  // /proc passes the checks (a writable directory, for root) and refuses the file: the failure comes after measuring.
  it.skipIf(process.getuid?.() !== 0)('--json with an HTML report it cannot write after measuring: the report stays the one document on stdout, exit 2', async () => {
    const { code, stdout, stderr } = await coldstartCli(['--runs', '1', '--json', '--html', '/proc/pylambda-report.html'], SLOW);
    expect(code).toBe(2);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toHaveProperty('budget');
    expect(stderr).toMatch(/error: Cannot write the HTML report to \/proc\/pylambda-report\.html: ENOENT/);
  });

  it('a function that answers the event with an HTTP error: a warning that the path measured may not be the real one', async () => {
    const project = oneFunction(dir, 'http-400', 'def handler(event, context):\n    return {"statusCode": 400, "body": "a JSON body, please"}\n', '      Events:\n        Post: { Type: Api, Properties: { Path: /todos, Method: post } }\n');
    const { code, stderr } = await coldstartCli(['--runs', '1'], project);
    expect(code).toBe(0);
    expect(stderr).toContain('warning: the function answered 400 to the event (apigw-rest sample (Api trigger Post, ServerlessRestApi Prod)): its cold starts are measured on that path, which may skip what the requests it serves import. Pass --event with a request it serves.');
  });

  it('a module the handler imports while it runs: the first invocation\'s, not the init\'s', async () => {
    const project = oneFunction(dir, 'lazy', 'import lazy_helper_init\n\n\ndef handler(event, context):\n    import lazy_helper_first_call\n    return lazy_helper_first_call.VALUE\n');
    writeFileSync(join(project, 'lazy_helper_init.py'), 'VALUE = 1\n');
    writeFileSync(join(project, 'lazy_helper_first_call.py'), 'VALUE = 2\n');
    const { code, stdout } = await coldstartCli(['--runs', '1', '--json'], project);
    expect(code).toBe(0);
    const imports = (JSON.parse(stdout) as Report).imports!;
    const phaseOf = Object.fromEntries(imports.tree.map((node, i) => [(node as { name: string }).name, imports.rootPhases[i]]));
    // The handler module is a root of its own (with what it imports inside it), the lazy import another.
    expect(phaseOf).toMatchObject({ app: 'user', lazy_helper_first_call: 'invoke' });
    expect(imports.phases.invoke.modules).toBe(1);
    expect(imports.packages.map((p) => p.name)).toContain('lazy_helper_init');
    expect(imports.packages.map((p) => p.name)).not.toContain('lazy_helper_first_call');
  });

  it('the handler module\'s own top-level code is measured, and reported when it is slow', async () => {
    const project = oneFunction(dir, 'slow-body', 'import time\n\ntime.sleep(0.15)\n\n\ndef handler(event, context):\n    return 1\n');
    const { code, stdout } = await coldstartCli(['--runs', '1', '--json'], project);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report & { findings: Array<{ rule: string; module?: string }> };
    expect(report.imports!.phases.user.ms).toBeGreaterThan(140);
    expect(report.imports!.tree.map((n) => (n as { name: string }).name)).toContain('app');
    expect(report.findings.some((f) => f.rule === 'slow-module-body' && f.module === 'app')).toBe(true);
  });

  it('dependencies without .pyc in the interpreter\'s environment (as uv installs them): a warning that timings are higher', async () => {
    const project = oneFunction(dir, 'uncompiled', 'import fakedep\n\n\ndef handler(event, context):\n    return fakedep.core.X\n');
    const venv = join(project, '.venv');
    execFileSync(testPython(), ['-m', 'venv', '--without-pip', venv]);
    const purelib = execFileSync(join(venv, 'bin', 'python'), ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { encoding: 'utf8' }).trim();
    mkdirSync(join(purelib, 'fakedep'));
    writeFileSync(join(purelib, 'fakedep', '__init__.py'), 'from . import core\n');
    writeFileSync(join(purelib, 'fakedep', 'core.py'), 'X = 1\n');
    const { code, stderr } = await runCaptured(['coldstart', '--runs', '1', '--python', join(venv, 'bin', 'python')], { cwd: project, env: shellEnv({ AWS_REGION: 'us-east-1' }) });
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: fakedep \(2 of 2 modules\) has no \.pyc for Python [\d.]+ in .*'s environment \(uv installs without compiling\)/);
    expect(stderr).not.toMatch(/warning: app /);
  });

  it('a handler that raises: the runtime\'s own traceback import is not counted as the function\'s', async () => {
    const project = oneFunction(dir, 'raises', 'def handler(event, context):\n    raise ValueError("no")\n');
    const { code, stdout } = await coldstartCli(['--runs', '1', '--json'], project);
    expect(code).toBe(0);
    const imports = (JSON.parse(stdout) as Report).imports!;
    expect(imports.phases.invoke.modules).toBe(0);
    expect(imports.runtimeImports).toContain('traceback');
  });

  it('a function whose import fails: the error and its output, no stack, exit 3 (not the budget\'s 1)', async () => {
    const { code, stderr } = await coldstartCli(['--runs', '1', '--budget', '1', '--template', join(FIXTURES, 'coldstart', 'broken', 'template.yaml')], dir);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^error: The function's environment failed in cold start 1: Runtime\.ImportModuleError: Unable to import module 'lambda_function': No module named 'not_installed_anywhere'\n/);
    expect(stderr).toContain('Run it once with `pylambda invoke`');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(FIXTURES, 'coldstart', 'broken', '__pycache__'))).toBe(false);
  });

  it('a handler its module lacks: the one most likely meant, in a note and in --json', async () => {
    const project = mkdtempSync(join(tmpdir(), 'pylambda-coldstart-meant-'));
    writeFileSync(join(project, 'template.yaml'), 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.lambda_handler\n      Runtime: python3.12\n');
    writeFileSync(join(project, 'app.py'), '"""Handler: app.lambda_handler"""\n\n\ndef handler(event, context):\n    return 1\n');
    const meant = { file: 'app.py', name: 'lambda_handler', handler: 'app.handler', key: 'Handler' };
    const text = await coldstartCli(['--runs', '1', '--python', testPython()], project);
    expect(text.code).toBe(3);
    expect(text.stderr).toMatch(/^note: app\.py defines no lambda_handler: did you mean Handler: app\.handler\?\nerror: The function's environment failed in cold start 1: Runtime\.HandlerNotFound: /);
    const json = await coldstartCli(['--runs', '1', '--python', testPython(), '--json'], project);
    expect((JSON.parse(json.stdout) as { error: { handlerMeant: unknown } }).error.handlerMeant).toEqual(meant);
    rmSync(project, { recursive: true, force: true });
  });

  it('a function whose import fails, with --json: Lambda\'s errorType and message in the error object', async () => {
    const { code, stdout } = await coldstartCli(['--runs', '1', '--json', '--template', join(FIXTURES, 'coldstart', 'broken', 'template.yaml')], dir);
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toEqual({
      error: {
        reason: 'cold-start-failed',
        errorType: 'Runtime.ImportModuleError',
        errorMessage: "Unable to import module 'lambda_function': No module named 'not_installed_anywhere'",
        coldStart: 1,
        message: expect.stringMatching(/^The function's environment failed in cold start 1: Runtime\.ImportModuleError: /),
        hint: expect.stringContaining('pylambda invoke'),
      },
    });
  });

  it('a module that raises at import: its output line by line, naming the project\'s files', async () => {
    const fixture = join(FIXTURES, 'coldstart', 'init-raises');
    const { code, stderr } = await coldstartCli(['--runs', '1', '--template', join(fixture, 'template.yaml')], dir);
    expect(code).toBe(3);
    const lines = stderr.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      "error: The function's environment failed in cold start 1: RuntimeError: CONFIG_URL is not set",
      'Its last output:',
      '  loading 1/2',
      '  loading 2/2',
      '  [ERROR] RuntimeError: CONFIG_URL is not set',
      '  Traceback (most recent call last):',
    ]);
    expect(lines).toContain(`  \u00a0\u00a0File "${join(fixture, 'app.py')}", line 4, in <module>`);
    expect(stderr).not.toContain('LAMBDA_WARNING');
    expect(stderr).not.toContain('pylambda-coldstart-');
  });

  it('an init past Lambda\'s limit (shortened to 0.4 s here): Runtime.InitTimeout, exit 3, the reason for --json', async () => {
    const project = oneFunction(dir, 'init-timeout', 'import time\n\nprint("sleeping at import", flush=True)\ntime.sleep(5)\n\n\ndef handler(event, context):\n    return 1\n');
    const input: RunsInput = {
      fn: functionModel({ handler: 'app.handler', runtime: 'python3.11' }),
      taskRoot: project,
      codeDir: project,
      python: { executable: testPython(), version: '3.11.7' },
      hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' },
      event: Buffer.from('{}'),
      initTimeoutMs: 400,
    };
    const error = await measureRun(input, 1).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({
      exitCode: COLD_START_FAILED_EXIT_CODE,
      details: { reason: 'cold-start-failed', errorType: 'Runtime.InitTimeout', coldStart: 1 },
      message: expect.stringMatching(/^The function's environment failed in cold start 1: Runtime\.InitTimeout: RequestId: \S+ Error: Init phase timed out after 0\.40 seconds\nIts last output:\n {2}sleeping at import$/),
    });
    expect(COLD_START_FAILED_EXIT_CODE).not.toBe(1);
  });
});
