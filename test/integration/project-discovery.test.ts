import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProject, loadProject } from '../../src/api/project.js';
import { FIXTURES, scratchDir } from '../helpers.js';

describe('finding the project', () => {
  it('from a directory inside a project, the error says where the project is', () => {
    const root = scratchDir('discovery');
    writeFileSync(join(root, 'template.yaml'), 'Resources: {}\n');
    mkdirSync(join(root, 'src', 'handlers'), { recursive: true });
    const inside = join(root, 'src', 'handlers');
    expect(() => findProject(inside)).toThrow(expect.objectContaining({
      message: expect.stringMatching(/^No project found in .*handlers: expected template\.yaml, .*\.chalice\/config\.json with app\.py \(Chalice\), or cdk\.json \(a CDK app\)$/),
      hint: `There is one in ${root}: run the command there (cd ../..), or pass --template ${join('..', '..', 'template.yaml')}.`,
    }));
  });

  it("takes the Serverless Framework's files in its order, a code configuration by --template whatever its name", () => {
    const root = scratchDir('discovery-sls');
    const names = ['serverless.ts', 'serverless.cjs', 'serverless.mjs', 'serverless.js', 'serverless.json', 'serverless.yaml', 'serverless.yml'];
    const chosen: string[] = [];
    for (const name of names) {
      writeFileSync(join(root, name), '{}\n');
      const found = findProject(root);
      chosen.push(`${found.path.slice(root.length + 1)} ${found.style}${found.others ? ' +others' : ''}`);
    }
    expect(chosen).toEqual(names.map((name) => `${name} serverless`));
    writeFileSync(join(root, 'infra.ts'), 'export = {};\n');
    expect(findProject(root, 'infra.ts')).toEqual({ path: join(root, 'infra.ts'), style: 'serverless' });
    mkdirSync(join(root, 'sub'));
    expect(() => findProject(join(root, 'sub'))).toThrow(expect.objectContaining({ hint: `There is one in ${root}: run the command there (cd ..), or pass --template ${join('..', 'serverless.yml')}.` }));
  });

  it("dev's DIR inside a project: the way there from where dev runs, not a cd from DIR", () => {
    const root = scratchDir('discovery-dir-arg');
    writeFileSync(join(root, 'template.yaml'), 'Resources: {}\n');
    mkdirSync(join(root, 'src'));
    expect(() => findProject(join(root, 'src'), undefined, 'my-app/src')).toThrow(expect.objectContaining({
      hint: `There is one in ${root}: pass that directory (my-app), or --template ${join('my-app', 'template.yaml')}.`,
    }));
  });

  it("from a Chalice app's chalicelib/: the app's directory, not .chalice/", () => {
    const root = scratchDir('discovery-chalice');
    mkdirSync(join(root, '.chalice'));
    writeFileSync(join(root, '.chalice', 'config.json'), '{"app_name": "x"}\n');
    mkdirSync(join(root, 'chalicelib'));
    expect(() => findProject(join(root, 'chalicelib'))).toThrow(expect.objectContaining({
      hint: `There is one in ${root}: run the command there (cd ..), or pass --template ${join('..', '.chalice', 'config.json')}.`,
    }));
  });

  it('--template naming a directory: the file to name instead, not a directory invoke cannot take', () => {
    const root = scratchDir('discovery-dir');
    writeFileSync(join(root, 'serverless.yml'), 'service: x\n');
    expect(() => findProject('/', root)).toThrow(`--template ${root} is a directory; name the file: --template ${join(root, 'serverless.yml')}`);
    const empty = scratchDir('discovery-empty');
    expect(() => findProject('/', empty)).toThrow(`--template ${empty} is a directory; name the file (template.yaml, serverless.yml or .chalice/config.json)`);
  });

  // Read as YAML, app.py or README.md gave a YAML syntax error at line 1 of a file that is no template at all.
  it.each([
    ['app.py', 'app.py is code, not a project file: --template takes a SAM or CloudFormation template (.yaml, .yml, .json), serverless.yml (.yaml, .json, .js, .mjs, .cjs, .ts) or .chalice/config.json', "A Chalice app's project file is .chalice/config.json; a handler's is the template that declares it."],
    ['samconfig.toml', "samconfig.toml is SAM CLI's configuration, not a project file: --template takes a SAM or CloudFormation template (.yaml, .yml, .json), serverless.yml (.yaml, .json, .js, .mjs, .cjs, .ts) or .chalice/config.json", 'Pass it with --config-file samconfig.toml.'],
    ['README.md', 'README.md is not a project file: --template takes a SAM or CloudFormation template (.yaml, .yml, .json), serverless.yml (.yaml, .json, .js, .mjs, .cjs, .ts) or .chalice/config.json', undefined],
    ['requirements.txt', 'requirements.txt is not a project file: --template takes a SAM or CloudFormation template (.yaml, .yml, .json), serverless.yml (.yaml, .json, .js, .mjs, .cjs, .ts) or .chalice/config.json', undefined],
  ])('--template naming %s: said, not read as a template', (name, message, hint) => {
    const root = scratchDir('discovery-not-template');
    writeFileSync(join(root, name), 'x = 1\n');
    expect(() => findProject(root, name)).toThrow(expect.objectContaining({ message, hint, exitCode: 2 }));
  });

  it('with no project above either, it says how to make one', () => {
    const empty = scratchDir('discovery-none');
    expect(() => findProject(empty)).toThrow(expect.objectContaining({ hint: 'Pass --template FILE, or create a project with `pylambda new NAME`.' }));
  });

  // andersoncontreira/aws-lambda-chalice-skeleton-python: a Chalice app run with `chalice local`, and a serverless.yml too.
  it('a directory with projects of several kinds: which one is read and how to read another, in a warning and in its errors', async () => {
    const root = scratchDir('discovery-kinds');
    mkdirSync(join(root, '.chalice'));
    writeFileSync(join(root, '.chalice', 'config.json'), '{"version": "2.0", "app_name": "x"}\n');
    writeFileSync(join(root, 'app.py'), 'from chalice import Chalice\napp = Chalice(app_name="x")\n');
    writeFileSync(join(root, 'template.yml'), 'Resources: {}\n');
    writeFileSync(join(root, 'serverless.yml'), 'service: x\nprovider: { name: aws, runtime: python3.12, environment: { DB: "${env:DB_URL}" } }\nfunctions:\n  f: { handler: app.f }\n');
    const note = 'this directory also holds serverless.yml (a Serverless Framework configuration) and .chalice/config.json (a Chalice app): pylambda reads template.yml, '
      + 'the first it finds of template.yaml, serverless.yml, .chalice/config.json and cdk.json; to read another instead, pass --template serverless.yml or --template .chalice/config.json';
    expect((await loadProject({ dir: root })).warnings).toContainEqual({ severity: 'warning', file: 'template.yml', path: '', message: note });
    await expect(loadProject({ dir: root, template: join(root, 'serverless.yml') })).rejects.toThrow(expect.objectContaining({ hint: undefined }));
    rmSync(join(root, 'template.yml'));
    await expect(loadProject({ dir: root, env: {} })).rejects.toThrow(expect.objectContaining({
      message: 'serverless.yml has 1 problem:\n  provider.environment.DB: ${env:DB_URL} has no value: DB_URL is not set in the environment, and no fallback is given',
      hint: 'this directory also holds .chalice/config.json (a Chalice app): pylambda reads serverless.yml, the first it finds of template.yaml, serverless.yml, .chalice/config.json and cdk.json; to read the other instead, pass --template .chalice/config.json',
    }));
  });


  it('a template.yaml beside a CDK app\'s cdk.json is read, and the warning says how to read the app instead', async () => {
    const root = scratchDir('discovery-cdk');
    cpSync(join(FIXTURES, 'projects', 'cdk'), root, { recursive: true });
    writeFileSync(join(root, 'template.yaml'), 'Resources: {}\n');
    expect((await loadProject({ dir: root })).warnings).toContainEqual(expect.objectContaining({
      message: 'this directory also holds cdk.json (a CDK app): pylambda reads template.yaml, the first it finds of template.yaml, serverless.yml, .chalice/config.json and cdk.json; to read the other instead, pass --template cdk.out/HelloStack.template.json',
    }));
  });
});
