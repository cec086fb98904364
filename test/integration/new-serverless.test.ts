import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewResult } from '../../src/api/new.js';
import { ROOT, slotLimiter, testPython } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';
import { frameworkInstalled, runFramework } from '../serverless-framework.js';
import { SERVERLESS_PROJECTS } from '../new-projects.js';
import { zipNames } from './package-helpers.js';

/**
 * `pylambda new --framework serverless`: every example x API generated, their own tests run, and each
 * serverless.yml packaged by the Serverless Framework v3 itself (offline: `package` calls no AWS API).
 * test/integration/new-serverless-run.test.ts serves, invokes and packages them with pylambda.
 */
const PROJECTS = SERVERLESS_PROJECTS;

const VENV_TEST = join(ROOT, '.venv-test');
const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
let work: string;
const results = new Map<string, NewResult>();

function cli(argv: string[], cwd: string) {
  // VIRTUAL_ENV makes the local Python the test venv's, so the default runtime is known.
  return runCaptured(argv, { cwd, env: shellEnv({ VIRTUAL_ENV: VENV_TEST }) });
}

const localRuntime = () => `python${readFileSync(join(VENV_TEST, 'pyvenv.cfg'), 'utf8').match(/^version\w*\s*=\s*(\d+\.\d+)/m)![1]}`;

function pytest(cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(testPython(), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, PYTHONDONTWRITEBYTECODE: '1' } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** At most two at once: CI has two cores, and moto's set-up is CPU-bound. */
const inSlot = slotLimiter(2);

beforeAll(async () => {
  work = tempDir('pylambda-new-sls-');
  for (const [name, example, api] of PROJECTS) {
    const { code, stdout, stderr } = await cli(['new', name, '--framework', 'serverless', '--example', example, '--api', api, '--json'], work);
    expect(code, stderr).toBe(0);
    results.set(name, JSON.parse(stdout) as NewResult);
  }
});

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('pylambda new --framework serverless: the command', () => {
  it('writes serverless.yml in place of template.yaml, and says so', async () => {
    const todo = results.get('sls-todo-http')!;
    expect(todo.choices).toEqual({ name: 'sls-todo-http', style: 'raw', framework: 'serverless', example: 'todo', api: 'http', runtime: localRuntime(), architecture: 'x86_64' });
    expect(todo.functionId).toBe('todo');
    expect(todo.files).toContain('serverless.yml');
    expect(todo.files).not.toContain('template.yaml');
    expect(todo.nextSteps).toEqual(['cd sls-todo-http', 'python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt', 'pylambda dev --local-aws']);
    const cwd = tempDir('pylambda-new-sls-cli-');
    const { code, stdout } = await cli(['new', 'demo', '--framework', 'serverless', '--arch', 'arm64'], cwd);
    expect(code).toBe(0);
    expect(stdout).toContain(`Created demo: raw handler (Serverless Framework), hello example, API Gateway REST API, ${localRuntime()}, arm64\n`);
    const yml = readFileSync(join(cwd, 'demo', 'serverless.yml'), 'utf8');
    expect(yml).toContain(`service: demo\nframeworkVersion: '3'\n`);
    expect(yml).toContain(`  runtime: ${localRuntime()}\n  architecture: arm64\n  # 256 MB`);
    expect(yml).toContain("  stage: ${opt:stage, 'dev'}\n  region: ${opt:region, 'us-east-1'}\n");
    expect(readdirSync(join(cwd, 'demo')).sort()).toEqual(['.gitignore', 'README.md', 'lambda_function.py', 'requirements-dev.txt', 'requirements.txt', 'serverless.yml', 'src', 'tests']);
  });

  it.each([
    [['new', 'app', '--style', 'chalice', '--framework', 'serverless'], 'error: --framework serverless does not apply to a Chalice project: Chalice describes and deploys the app itself (.chalice/config.json, chalice deploy); use --style raw for SAM or the Serverless Framework\n'],
    [['new', 'app', '--framework', 'cdk'], "error: --framework must be sam or serverless, not 'cdk'\n"],
  ])('refuses %j before writing anything', async (argv, message) => {
    const cwd = tempDir('pylambda-new-sls-cli-');
    const { code, stdout, stderr } = await cli(argv, cwd);
    expect([code, stdout, stderr]).toEqual([2, '', message]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--force: replaces a serverless.yml, but refuses to put one beside a template.yaml', async () => {
    const cwd = tempDir('pylambda-new-sls-cli-');
    mkdirSync(join(cwd, 'old-sls'));
    writeFileSync(join(cwd, 'old-sls', 'serverless.yml'), 'service: old\n');
    expect((await cli(['new', 'old-sls', '--framework', 'serverless', '--force'], cwd)).code).toBe(0);
    expect(readFileSync(join(cwd, 'old-sls', 'serverless.yml'), 'utf8')).toMatch(/^# old-sls: /);
    mkdirSync(join(cwd, 'sam'));
    writeFileSync(join(cwd, 'sam', 'template.yaml'), 'Resources: {}\n');
    const refused = await cli(['new', 'sam', '--framework', 'serverless', '--force'], cwd);
    expect([refused.code, refused.stderr]).toEqual([2, `error: ${join(cwd, 'sam')} holds template.yaml, a SAM project: the raw-handler project would put its serverless.yml beside it, and leave two projects in one directory\nChoose another directory, or remove template.yaml (and that project's code) first.\n`]);
    expect(readdirSync(join(cwd, 'sam'))).toEqual(['template.yaml']);
  });
});

describe.concurrent('pylambda new --framework serverless: each project\'s own tests pass', () => {
  // The handler code and tests are the SAM projects' (new-scaffold.test.ts compares them): one suite per example.
  it.each(['sls-hello-http', 'sls-todo-alb'])('%s', async (name) => {
    const { code, output } = await inSlot(() => pytest(join(work, name)));
    expect(code, output).toBe(0);
    expect(output).toMatch(/\d+ passed/);
  }, 300_000);
});

type Resource = { Type: string; Properties: Record<string, unknown> };

describe.runIf(frameworkInstalled()).concurrent('the Serverless Framework v3 packages each generated serverless.yml', () => {
  it.each(PROJECTS)('%s', async (name, example, api) => {
    const dir = join(work, name);
    const home = tempDir('pylambda-sls-home-');
    // `serverless package` took 85 s under a load of 15 on 2 cores (serverless-framework.ts).
    const run = await inSlot(() => runFramework(dir, ['package'], { home, timeoutMs: 240_000 }));
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain(`Packaging ${name} for stage dev (us-east-1)`);
    const template = JSON.parse(readFileSync(join(dir, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8')) as { Resources: Record<string, Resource> };
    const resources = template.Resources;
    const key = `${example.charAt(0).toUpperCase()}${example.slice(1)}LambdaFunction`;
    const fn = resources[key]!.Properties;
    expect([fn.FunctionName, fn.Handler, fn.Runtime, fn.MemorySize, fn.Timeout, fn.Architectures]).toEqual([
      `${name}-dev-${example}`, 'lambda_function.lambda_handler', localRuntime(), 256, example === 'todo' ? 10 : 5, ['x86_64'],
    ]);
    expect(fn.Environment).toEqual({ Variables: example === 'todo' ? { TABLE_NAME: { Ref: 'TodoTable' } } : { GREETING: 'Hello' } });
    // The zip holds the code the handler imports, not the tests, the venv or the tools.
    expect(zipNames(join(dir, '.serverless', `${name}.zip`)).sort()).toEqual(['lambda_function.py', 'src/__init__.py', 'src/handlers.py', 'src/utils.py']);
    const base = example === 'todo' ? '/todos' : '/hello';
    const types = (type: string) => Object.values(resources).filter((r) => r.Type === type).map((r) => r.Properties);
    if (api === 'rest') expect(types('AWS::ApiGateway::Method').map((m) => m.HttpMethod).sort()).toEqual(example === 'todo' ? ['DELETE', 'GET', 'GET', 'PATCH', 'POST'] : ['GET', 'GET']);
    if (api === 'http') {
      const keys = example === 'todo' ? ['DELETE /todos/{todo_id}', 'GET /todos', 'GET /todos/{todo_id}', 'PATCH /todos/{todo_id}', 'POST /todos'] : ['GET /hello', 'GET /hello/{name}'];
      expect(types('AWS::ApiGatewayV2::Route').map((r) => r.RouteKey).sort()).toEqual(keys);
    }
    if (api === 'alb') {
      const [rule] = types('AWS::ElasticLoadBalancingV2::ListenerRule');
      expect(rule).toMatchObject({ ListenerArn: { Ref: 'Listener' }, Priority: 10, Conditions: [{ Field: 'path-pattern', Values: [base, `${base}/*`] }] });
      expect(resources.Listener!.Type).toBe('AWS::ElasticLoadBalancingV2::Listener');
      expect(resources.LoadBalancer!.Properties.Subnets).toEqual([{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }]);
    }
    if (example === 'todo') {
      expect(resources.TodoTable!.Type).toBe('AWS::DynamoDB::Table');
      const role = JSON.stringify(resources.IamRoleLambdaExecution!.Properties.Policies);
      expect(role).toContain('"Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:UpdateItem","dynamodb:DeleteItem","dynamodb:Scan","dynamodb:Query"],"Resource":{"Fn::GetAtt":["TodoTable","Arn"]}');
    }
  }, 300_000);
});

it('leaves .serverless/ out of git', () => {
  expect(existsSync(join(work, 'sls-hello-rest', '.gitignore'))).toBe(true);
  expect(readFileSync(join(work, 'sls-hello-rest', '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['.serverless/', 'node_modules/']));
});
