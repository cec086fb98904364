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

  it('creates a table with its stream and time to live, and a bucket with its notifications to a queue', async () => {
    const dir = join(work, 'notifications');
    mkdirSync(dir);
    writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties: { Handler: app.handler, Runtime: python3.11, CodeUri: . }
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
      TimeToLiveSpecification: { AttributeName: expires, Enabled: true }
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: uploads-local
      NotificationConfiguration:
        QueueConfigurations:
          - Event: s3:ObjectCreated:*
            Queue: !GetAtt Jobs.Arn
            Filter: { S3Key: { Rules: [{ Name: prefix, Value: in/ }] } }
        LambdaConfigurations:
          - { Event: s3:ObjectCreated:*, Function: !GetAtt Worker.Arn }
  Jobs:
    Type: AWS::SQS::Queue
    Properties: { QueueName: jobs }
`);
    const loaded = await loadProject({ dir });
    const aws = await startLocalAws({ root: dir, template: loaded.template!, python: { executable: testPython() }, hostEnv, region: 'eu-west-1' });
    try {
      expect(aws.created.map((c) => `${c.kind} ${c.name}`)).toEqual(['table orders', 'bucket uploads-local', 'queue jobs']);
      expect(aws.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
        "Resources.Uploads.Properties.NotificationConfiguration.LambdaConfigurations[0]: not set up in the local AWS endpoint: the local endpoint (moto) would not invoke pylambda's functions; send such an event with pylambda invoke",
      ]);
      const seen = await boto3([
        'ddb, s3, sqs = boto3.client("dynamodb"), boto3.client("s3"), boto3.client("sqs")',
        't = ddb.describe_table(TableName="orders")["Table"]',
        'ttl = ddb.describe_time_to_live(TableName="orders")["TimeToLiveDescription"]',
        'n = s3.get_bucket_notification_configuration(Bucket="uploads-local")',
        'url = sqs.get_queue_url(QueueName="jobs")["QueueUrl"]',
        'arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]',
        's3.put_object(Bucket="uploads-local", Key="in/a.txt", Body=b"x")',
        's3.put_object(Bucket="uploads-local", Key="out/b.txt", Body=b"x")',
        'bodies = [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])]',
        // Event keys are URL-encoded (moto encodes the slash too).
        'from urllib.parse import unquote_plus',
        'keys = sorted(unquote_plus(b["Records"][0]["s3"]["object"]["key"]) if "Records" in b else b["Event"] for b in bodies)',
        'print(json.dumps({"stream": t.get("StreamSpecification"), "latest": t.get("LatestStreamArn"), "ttl": ttl, "arn": arn,',
        '  "queues": [{k: c[k] for k in ("QueueArn", "Events", "Filter")} for c in n.get("QueueConfigurations", [])],',
        '  "lambdas": n.get("LambdaFunctionConfigurations", []), "messages": keys}))',
      ].join('\n'), aws.env);
      expect(seen.code, seen.output).toBe(0);
      const result = JSON.parse(seen.output) as { latest: string; arn: string };
      expect(result).toEqual({
        stream: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        latest: expect.stringMatching(/^arn:aws:dynamodb:eu-west-1:\d{12}:table\/orders\/stream\/.+/),
        ttl: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' },
        arn: 'arn:aws:sqs:eu-west-1:123456789012:jobs',
        queues: [{ QueueArn: result.arn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'in/' }] } } }],
        lambdas: [],
        // Like S3, moto tests the notification with a message when it is set; the filter keeps out/b.txt out.
        messages: ['in/a.txt', 's3:TestEvent'],
      });
      // The creation reports the stream's ARN, which only the endpoint knows.
      expect(aws.created[0]).toEqual({ kind: 'table', name: 'orders', streamArn: result.latest });
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

  // Powertools' parameters.get_parameter(os.environ["PARAM"]) failed with ParameterNotFound: the variable held the
  // logical id, and the endpoint had no parameter at all.
  it('creates the SSM parameter, secret and Kinesis stream: the function finds each by what its !Ref gives, and AppConfig is said to be left out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pylambda-local-aws-ssm-'));
    try {
      writeFileSync(join(dir, 'template.yaml'), fnTemplate({
        resources: [
          'Param: { Type: AWS::SSM::Parameter, Properties: { Name: /shop/x, Type: String, Value: hello } }',
          "Secret: { Type: AWS::SecretsManager::Secret, Properties: { Name: shop/db, SecretString: '{\"password\":\"x\"}' } }",
          'Generated: { Type: AWS::SecretsManager::Secret, Properties: { GenerateSecretString: { SecretStringTemplate: \'{"user":"app"}\', GenerateStringKey: password, PasswordLength: 20, ExcludePunctuation: true } } }',
          'Stream: { Type: AWS::Kinesis::Stream, Properties: { Name: shop-stream, ShardCount: 2 } }',
          'App: { Type: AWS::AppConfig::Application, Properties: { Name: shop } }',
        ],
        properties: ['Environment: { Variables: { PARAM: !Ref Param, SECRET: !Ref Secret, GENERATED: !Ref Generated, STREAM: !Ref Stream } }'],
        events: ['Get: { Type: HttpApi, Properties: { Path: /t, Method: get } }'],
      }));
      writeFileSync(join(dir, 'app.py'), [
        'import json', 'import os', 'import boto3', '', '',
        'def handler(event, context):',
        '    param = boto3.client("ssm").get_parameter(Name=os.environ["PARAM"])["Parameter"]["Value"]',
        '    secret = boto3.client("secretsmanager").get_secret_value(SecretId=os.environ["SECRET"])["SecretString"]',
        '    generated = json.loads(boto3.client("secretsmanager").get_secret_value(SecretId=os.environ["GENERATED"])["SecretString"])',
        '    shards = boto3.client("kinesis").describe_stream(StreamName=os.environ["STREAM"])["StreamDescription"]["Shards"]',
        '    body = [param, secret, generated["user"], len(generated["password"]), len(shards)]',
        '    return {"statusCode": 200, "body": json.dumps(body)}', '',
      ].join('\n'));
      const dev = await startDev(dir, { localAws: true });
      try {
        const res = await fetch(`${dev.url('ServerlessHttpApi')}/t`);
        expect([res.status, await res.json()]).toEqual([200, ['hello', '{"password":"x"}', 'app', 20, 2]]);
        const created = dev.events.find((e) => e.type === 'local-aws');
        expect(created && 'created' in created ? created.created.map((c) => `${c.kind} ${c.name}`) : []).toEqual(['parameter /shop/x', 'secret shop/db', 'secret Generated', 'stream shop-stream']);
        const warnings = dev.events.flatMap((e) => (e.type === 'warning' ? [`${e.diagnostic.path}: ${e.diagnostic.message}`] : []));
        expect(warnings).toContain("Resources.Generated: its value is generated by the local endpoint (GenerateSecretString), so it is not the deployed secret's");
        expect(warnings).toContain('Resources: not created in the local AWS endpoint, which makes only DynamoDB tables, S3 buckets, SQS queues, SSM parameters, secrets and Kinesis streams: App (AWS::AppConfig::Application); calls to them fail there (set what the functions need with --env-vars, or a local store)');
      } finally {
        await dev.session.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
