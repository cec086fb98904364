import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws } from '../../src/api/local-aws.js';
import { createProject } from '../../src/api/new.js';
import { loadProject } from '../../src/api/project.js';
import { liveProcessCount } from '../../src/adapters/process.js';
import { UserError } from '../../src/core/errors.js';
import { ROOT, fnTemplate, startDev, testPython } from '../helpers.js';

const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

/** Runs Python code with boto3 against the endpoint, with the variables the functions get. */
function boto3(code: string, env: Readonly<Record<string, string>>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(testPython(), ['-c', `import boto3, json\n${code}`], { env: { PATH: process.env.PATH, ...env } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (exit) => resolve({ code: exit, output }));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pylambda-local-aws-'));
  for (const [name, style] of [['raw-todo', 'raw'], ['chalice-todo', 'chalice']] as const) {
    await createProject({ cwd: work, name, given: { style, example: 'todo' }, env: { VIRTUAL_ENV: join(testPython(), '..', '..') } });
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('startLocalAws', () => {
  it('starts moto, creates the template\'s table under the name TABLE_NAME has, and stops leaving nothing', async () => {
    const loaded = await loadProject({ dir: join(work, 'raw-todo') });
    const before = liveProcessCount();
    const aws = await startLocalAws({ root: loaded.root, template: loaded.template!, python: { executable: testPython() }, hostEnv });
    try {
      expect(aws.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(aws.created).toEqual([{ kind: 'table', name: 'TodoTable' }]);
      expect(aws.warnings).toEqual([]);
      expect(aws.env).toMatchObject({ AWS_ENDPOINT_URL: aws.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_REGION: 'us-east-1' });
      const table = loaded.project.functions[0]!.environment.TABLE_NAME!;
      const described = await boto3(
        `t = boto3.client("dynamodb").describe_table(TableName=${JSON.stringify(table)})["Table"]\n` +
          'boto3.resource("dynamodb").Table(t["TableName"]).put_item(Item={"id": "1", "title": "x", "done": False})\n' +
          'print(json.dumps([t["TableName"], t["TableStatus"], t["KeySchema"], boto3.client("dynamodb").scan(TableName=t["TableName"])["Count"]]))',
        aws.env,
      );
      expect(described.code, described.output).toBe(0);
      expect(JSON.parse(described.output)).toEqual(['TodoTable', 'ACTIVE', [{ AttributeName: 'id', KeyType: 'HASH' }], 1]);
      expect(liveProcessCount()).toBe(before + 1);
      expect(isAlive(aws.pid)).toBe(true);
    } finally {
      await aws.stop();
    }
    expect(liveProcessCount()).toBe(before);
    expect(isAlive(aws.pid)).toBe(false);
    // A second stop is harmless.
    await aws.stop();
  });

  it('creates what a new template adds (a reload), keeping what exists and its data', async () => {
    const dir = join(work, 'raw-todo-reload');
    cpSync(join(work, 'raw-todo'), dir, { recursive: true });
    const aws = await startLocalAws({ root: dir, template: (await loadProject({ dir })).template!, python: { executable: testPython() }, hostEnv });
    try {
      const put = await boto3('boto3.client("dynamodb").put_item(TableName="TodoTable", Item={"id": {"S": "kept"}}); print("ok")', aws.env);
      expect(put.output.trim()).toBe('ok');
      const template = readFileSync(join(dir, 'template.yaml'), 'utf8');
      writeFileSync(join(dir, 'template.yaml'), template.replace('Resources:\n', 'Resources:\n  ExtraQueue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: extra-queue\n'));
      const update = await aws.update((await loadProject({ dir })).template);
      expect(update).toEqual({ created: [{ kind: 'queue', name: 'extra-queue' }], warnings: [] });
      const after = await boto3('print(boto3.client("dynamodb").scan(TableName="TodoTable")["Count"], len(boto3.client("sqs").list_queues()["QueueUrls"]))', aws.env);
      expect(after.output.trim()).toBe('1 1');
      expect(await aws.update((await loadProject({ dir })).template)).toEqual({ created: [], warnings: [] });
    } finally {
      await aws.stop();
    }
  });

  it('creates a serverless.yml project\'s tables from resources.Resources, under the name !Ref gives them', async () => {
    const dir = join(work, 'sls');
    mkdirSync(dir);
    writeFileSync(join(dir, 'serverless.yml'), [
      'service: shop', 'provider:', '  name: aws', '  runtime: python3.12', '  environment:', '    TABLE: !Ref ItemsTable',
      'functions:', '  api:', '    handler: app.handler', 'resources:', '  Resources:', '    ItemsTable:', '      Type: AWS::DynamoDB::Table', '      Properties:',
      '        TableName: shop-${sls:stage}-items', '        BillingMode: PAY_PER_REQUEST',
      '        AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]', '        KeySchema: [{ AttributeName: id, KeyType: HASH }]', '',
    ].join('\n'));
    const loaded = await loadProject({ dir });
    expect(loaded.project.functions[0]!.environment.TABLE).toBe('shop-dev-items');
    const aws = await startLocalAws({ root: dir, template: loaded.template!, python: { executable: testPython() }, hostEnv });
    try {
      expect(aws.created).toEqual([{ kind: 'table', name: 'shop-dev-items' }]);
    } finally {
      await aws.stop();
    }
  });

  it('moto exits by itself when pylambda is killed outright (kill -9)', async () => {
    // A separate Node process runs startLocalAws and is killed with SIGKILL: no cleanup of its own runs.
    const script = `import { startLocalAws } from ${JSON.stringify(join(ROOT, 'dist', 'api', 'local-aws.js'))};\n`
      + `const aws = await startLocalAws({ root: ${JSON.stringify(join(work, 'raw-todo'))}, python: { executable: ${JSON.stringify(testPython())} }, hostEnv: { PATH: process.env.PATH } });\n`
      + 'console.log(aws.pid); setInterval(() => {}, 1000);\n';
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    expect(isAlive(pid)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 5000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(isAlive(pid)).toBe(false);
  });

  it('creates a Chalice project\'s table from .chalice/resources.json', async () => {
    const aws = await startLocalAws({ root: join(work, 'chalice-todo'), python: { executable: testPython() }, hostEnv, region: 'eu-west-1' });
    try {
      expect(aws.created).toEqual([{ kind: 'table', name: 'TodoTable' }]);
      expect(aws.region).toBe('eu-west-1');
      const listed = await boto3('print(json.dumps(boto3.client("dynamodb").list_tables()["TableNames"]))', aws.env);
      expect(JSON.parse(listed.output)).toEqual(['TodoTable']);
    } finally {
      await aws.stop();
    }
  });

  it('says which command installs moto when the project\'s Python lacks it', async () => {
    const venv = join(work, 'raw-todo', '.venv');
    const made = await new Promise<number | null>((resolve) => spawn('python3', ['-m', 'venv', '--without-pip', venv]).on('close', resolve));
    expect(made).toBe(0);
    const before = liveProcessCount();
    const error = await startLocalAws({ root: join(work, 'raw-todo'), python: { executable: join(venv, 'bin', 'python') }, hostEnv }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`The local AWS endpoint needs moto's server mode, which is not installed in ${join(venv, 'bin', 'python')}`);
    expect((error as UserError).hint).toBe('Install it with:\n  .venv/bin/pip install "moto[server]"');
    expect(liveProcessCount()).toBe(before);
  });
});

describe('pylambda dev --local-aws', () => {
  // boto3 prefers AWS_ENDPOINT_URL_DYNAMODB (left in a shell from DynamoDB Local) to AWS_ENDPOINT_URL: passed
  // through as it was, the function's table calls went around moto, where its table is.
  it('points the shell\'s service endpoints at the local one too, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pylambda-local-aws-dev-'));
    try {
      writeFileSync(join(dir, 'template.yaml'), fnTemplate({
        resources: ['Table:', '  Type: AWS::Serverless::SimpleTable'],
        properties: ['Environment: { Variables: { TABLE: !Ref Table } }'],
        events: ['Get: { Type: HttpApi, Properties: { Path: /t, Method: get } }'],
      }));
      writeFileSync(join(dir, 'app.py'), 'import os\nimport boto3\n\n\ndef handler(event, context):\n    boto3.client("dynamodb").describe_table(TableName=os.environ["TABLE"])\n    return {"statusCode": 200, "body": os.environ["AWS_ENDPOINT_URL_DYNAMODB"] + " " + os.environ["AWS_ENDPOINT_URL"]}\n');
      const dev = await startDev(dir, { localAws: true, hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' } });
      try {
        const res = await fetch(`${dev.url('ServerlessHttpApi')}/t`);
        const [service, all] = (await res.text()).split(' ');
        expect([res.status, service]).toEqual([200, all]);
        expect(dev.events.some((e) => e.type === 'warning' && e.diagnostic.message.startsWith('AWS_ENDPOINT_URL_DYNAMODB is set in your shell'))).toBe(true);
      } finally {
        await dev.session.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
