import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localAwsResources } from '../../src/core/local-aws/resources.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { parseTemplate } from '../../src/core/model/sam/template.js';
import type { Endpoint, Project } from '../../src/core/model/project.js';
import { resolveChoices, type GivenChoices, type ScaffoldChoices } from '../../src/core/templates/choices.js';
import { EXAMPLES } from '../../src/core/templates/examples.js';
import { planProject, type TemplateFile } from '../../src/core/templates/scaffold.js';
import { ROOT } from '../helpers.js';
import { line, read as readServerless } from './serverless-helpers.js';

const TEMPLATES = join(ROOT, 'templates');

function readTemplates(dir = TEMPLATES): TemplateFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return readTemplates(path);
    return [{ path: relative(TEMPLATES, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }];
  });
}

const templates = readTemplates();
const choices = (given: GivenChoices): ScaffoldChoices => resolveChoices('demo-app', given, { runtime: 'python3.12' });
const plan = (given: GivenChoices) => planProject(choices(given), templates);
const file = (given: GivenChoices, path: string) => plan(given).find((f) => f.path === path)!.text;

/** The todo table as the local AWS endpoint creates it, from template.yaml or serverless.yml alike. */
const TODO_TABLE = { id: 'TodoTable', TableName: 'TodoTable', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] };

const RAW = ['rest', 'http', 'alb'].flatMap((api) => ['hello', 'todo'].map((example) => ({ style: 'raw', example, api })));
const SERVERLESS = RAW.map((given) => ({ ...given, framework: 'serverless' }));
const CHALICE = ['hello', 'todo'].flatMap((example) => ['x86_64', 'arm64'].map((architecture) => ({ style: 'chalice', example, architecture })));

describe('the generated layouts', () => {
  it.each(['hello', 'todo'])('raw %s: the issue\'s layout, a README and a .gitignore', (example) => {
    expect(plan({ example }).map((f) => f.path)).toEqual([
      '.gitignore',
      'README.md',
      'lambda_function.py',
      'requirements-dev.txt',
      'requirements.txt',
      'src/__init__.py',
      'src/handlers.py',
      'src/utils.py',
      'template.yaml',
      'tests/__init__.py',
      'tests/conftest.py',
      'tests/test_handler.py',
    ]);
  });

  it.each(['hello', 'todo'])('raw %s with --framework serverless: serverless.yml instead of template.yaml, the same code and tests', (example) => {
    const sam = plan({ example });
    const sls = plan({ example, framework: 'serverless' });
    expect(sls.map((f) => f.path)).toEqual(sam.map((f) => f.path).map((p) => (p === 'template.yaml' ? 'serverless.yml' : p)).sort());
    for (const path of ['lambda_function.py', 'src/handlers.py', 'tests/test_handler.py']) {
      expect(sls.find((f) => f.path === path)!.text, path).toBe(sam.find((f) => f.path === path)!.text);
    }
    // The code's messages name the file that sets its configuration.
    expect(file({ example, framework: 'serverless' }, 'src/utils.py')).toContain('serverless.yml');
    expect(file({ example, framework: 'serverless' }, 'src/utils.py')).not.toContain('template.yaml');
    expect(file({ example, framework: 'serverless' }, '.gitignore').split('\n')).toEqual(expect.arrayContaining(['.serverless/', 'node_modules/']));
    // Where `pylambda package` writes the zip: beside sam build's output for a template, .pylambda/ otherwise.
    expect(file({ example }, 'README.md')).toContain('`.aws-sam/pylambda/package/`');
    expect(file({ example, framework: 'serverless' }, 'README.md')).toContain('\n`.pylambda/package/`');
    expect(file({ example, framework: 'serverless' }, 'README.md')).toContain('\nnpx serverless deploy ');
  });

  it('chalice: the issue\'s layout (todo adds the table to merge into the deployed template)', () => {
    const hello = [
      '.chalice/config.json',
      '.gitignore',
      'README.md',
      'app.py',
      'chalicelib/__init__.py',
      'chalicelib/services.py',
      'requirements-dev.txt',
      'requirements.txt',
      'tests/__init__.py',
      'tests/conftest.py',
      'tests/test_app.py',
    ];
    expect(plan({ style: 'chalice' }).map((f) => f.path)).toEqual(hello);
    expect(plan({ style: 'chalice', example: 'todo' }).map((f) => f.path)).toEqual(['.chalice/config.json', '.chalice/resources.json', ...hello.slice(1)]);
  });

  it('keeps .chalice/deployed/ in git: chalice deploy reads back the REST API it created from it', () => {
    // Chalice's own new-project .gitignore (chalice/constants.py) ignores only deployments/ and venv/; without
    // deployed/<stage>.json a deploy from a fresh clone plans a new REST API (planner._resource_exists_restapi).
    const ignored = file({ style: 'chalice' }, '.gitignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.chalice/deployments/', '.chalice/venv/']));
    expect(ignored.filter((l) => l.startsWith('.chalice/'))).toEqual(['.chalice/deployments/', '.chalice/venv/']);
  });

  it.each([...RAW, ...SERVERLESS, ...CHALICE])('%j renders every file without a tag left over', (given) => {
    for (const f of plan(given)) {
      expect(f.text, f.path).not.toMatch(/\{\{[#^/]?\w+\}\}/);
      // Sections leave no run of blank lines: two at most in Python (PEP 8), one elsewhere.
      expect(f.text, f.path).not.toMatch(f.path.endsWith('.py') ? /\n{4}/ : /\n{3}/);
    }
  });

  it('puts the name, runtime and architecture where they belong', () => {
    const raw = file({ runtime: 'python3.13', architecture: 'arm64' }, 'template.yaml');
    expect(raw).toContain('Runtime: python3.13');
    expect(raw).toContain('- arm64');
    expect(file({}, 'README.md')).toMatch(/^# demo-app\n/);
    const config = JSON.parse(file({ style: 'chalice', architecture: 'arm64' }, '.chalice/config.json'));
    expect(config).toMatchObject({ app_name: 'demo-app', lambda_architecture: 'arm64', stages: { dev: {}, prod: {} } });
    expect(JSON.parse(file({ style: 'chalice' }, '.chalice/config.json')).lambda_architecture).toBeUndefined();
    expect(file({ style: 'chalice', architecture: 'arm64' }, 'requirements-dev.txt')).toContain('chalice>=1.34.0');
  });
});

describe('a hello project', () => {
  // The Chalice hello README's log example read "/todos/42", a route it does not have.
  it.each([...RAW, ...SERVERLESS, ...CHALICE].filter((given) => given.example === 'hello'))('%j names no todo route in its README, code or tests', (given) => {
    const mentions = plan(given).flatMap((f) => f.text.split('\n').filter((line) => /todo/i.test(line)).map((line) => `${f.path}: ${line.trim()}`));
    expect(mentions).toEqual([]);
  });
});

/** The project's one endpoint, of the chosen kind; behind an API, with exactly the example's routes. */
function exampleEndpoint(project: Project, given: { api: string; example: string }): Endpoint {
  expect(project.endpoints).toHaveLength(1);
  const endpoint = project.endpoints[0]!;
  expect(endpoint.kind).toBe(given.api);
  if (given.api !== 'alb') expect(endpoint.routes.map((r) => ({ method: r.method, path: r.path }))).toEqual(EXAMPLES[given.example as 'hello' | 'todo'].routes);
  return endpoint;
}

describe('generated SAM templates, read by pylambda', () => {
  it.each(RAW)('%j reads without a diagnostic and serves the example\'s routes', (given) => {
    const result = readSamTemplate(file(given, 'template.yaml'), { file: 'template.yaml' });
    expect(result.diagnostics).toEqual([]);
    const project = result.project!;
    const id = given.example === 'hello' ? 'HelloFunction' : 'TodoFunction';
    expect(project.functions.map((f) => [f.id, f.handler, f.codeUri, f.runtime, f.memorySize])).toEqual([[id, 'lambda_function.lambda_handler', '.', 'python3.12', 256]]);
    const endpoint = exampleEndpoint(project, given);
    if (given.api === 'alb') {
      // A listener rule names the example's paths, as a real project would; the rest is the listener's 404.
      const base = given.example === 'hello' ? '/hello' : '/todos';
      expect(endpoint.routes.map((r) => [r.method, r.path, r.functionId, r.albAnswer?.statusCode])).toEqual([
        ['ANY', base, id, undefined],
        ['ANY', `${base}/*`, id, undefined],
        ['ANY', '*', '', 404],
      ]);
    }
    if (given.example === 'todo') expect(project.functions[0]!.environment).toEqual({ TABLE_NAME: 'TodoTable' });
  });

  it('the todo table is what the local AWS endpoint creates, under the name TABLE_NAME has locally', () => {
    const parsed = parseTemplate(file({ example: 'todo' }, 'template.yaml'), { file: 'template.yaml' });
    const { spec, diagnostics } = localAwsResources(parsed.template!, 'template.yaml');
    expect(diagnostics).toEqual([]);
    expect(spec.tables).toEqual([TODO_TABLE]);
  });

  it('a Chalice todo\'s resources file gives the same table, named as config.json\'s TABLE_NAME', () => {
    const given = { style: 'chalice', example: 'todo' };
    const parsed = parseTemplate(file(given, '.chalice/resources.json'), { file: '.chalice/resources.json' });
    const { spec } = localAwsResources(parsed.template!, '.chalice/resources.json');
    expect(spec.tables.map((t) => t.TableName)).toEqual([JSON.parse(file(given, '.chalice/config.json')).environment_variables.TABLE_NAME]);
  });
});

describe('generated serverless.yml files, read by pylambda', () => {
  it.each(SERVERLESS)('%j reads without a diagnostic and serves the example\'s routes', (given) => {
    const result = readServerless(file(given, 'serverless.yml'));
    expect(result.diagnostics.map(line)).toEqual([]);
    const project = result.project!;
    const id = given.example;
    expect(project.functions.map((f) => [f.id, f.name, f.handler, f.codeUri, f.runtime, f.architecture, f.memorySize, f.timeout])).toEqual([
      [id, `demo-app-dev-${id}`, 'lambda_function.lambda_handler', '.', 'python3.12', 'x86_64', 256, given.example === 'todo' ? 10 : 5],
    ]);
    expect(project.region).toBe('us-east-1');
    const endpoint = exampleEndpoint(project, given);
    if (given.api === 'alb') {
      // The Framework's listener rule, then the listener's own 404 for other paths: a catch-all of no function.
      const base = given.example === 'hello' ? '/hello' : '/todos';
      expect(endpoint.routes.map((r) => [r.method, r.path, r.functionId, r.priority])).toEqual([['ANY', base, id, 10], ['ANY', `${base}/*`, id, 10], ['ANY', '*', '', undefined]]);
      expect(endpoint.routes[2]!.albAnswer).toEqual({ kind: 'fixed-response', statusCode: 404, contentType: 'application/json', body: '{"error": "Not found"}' });
    }
    expect(project.functions[0]!.environment).toEqual(given.example === 'todo' ? { TABLE_NAME: 'TodoTable' } : { GREETING: 'Hello' });
  });

  it('--stage and --region reach the function as the Framework gives them', () => {
    const project = readServerless(file({ framework: 'serverless' }, 'serverless.yml'), { stage: 'prod', region: 'eu-west-1' }).project!;
    expect([project.functions[0]!.name, project.region]).toEqual(['demo-app-prod-hello', 'eu-west-1']);
  });

  it('the todo table is what the local AWS endpoint creates, and the role may use it', () => {
    const text = file({ example: 'todo', framework: 'serverless' }, 'serverless.yml');
    const { spec, diagnostics } = localAwsResources(readServerless(text).template!, 'serverless.yml');
    expect(diagnostics).toEqual([]);
    expect(spec.tables).toEqual([TODO_TABLE]);
    expect(text).toContain('          Resource: !GetAtt TodoTable.Arn\n');
  });
});

describe('the example requests, as --json and the READMEs list them', () => {
  it.each(['hello', 'todo'] as const)('%s: a request with a body says it is JSON, so that Chalice reads it (it answers 415 to anything else)', (example) => {
    for (const sample of EXAMPLES[example].samples) {
      if (sample.body !== undefined) expect(sample.headers, `${sample.method} ${sample.path}`).toEqual({ 'Content-Type': 'application/json' });
    }
  });

  it.each([{ style: 'chalice', example: 'todo' }, { style: 'raw', example: 'todo' }])('%j: each curl that sends a body names its type', (given) => {
    const readme = file(given, 'README.md');
    const withBody = readme.split('\n').filter((line) => line.startsWith('curl ') && line.includes(' -d '));
    expect(withBody.length).toBeGreaterThan(0);
    for (const line of withBody) expect(line).toContain("-H 'Content-Type: application/json'");
    if (given.style === 'chalice') {
      expect(readme).toMatch(/\| POST \| \/todos \| .*`Content-Type: application\/json` \|/);
      expect(readme).toMatch(/\| PATCH \| \/todos\/\{todo_id\} \| .*`Content-Type: application\/json` \|/);
    }
  });
});
