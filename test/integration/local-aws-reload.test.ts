import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws } from '../../src/api/local-aws.js';
import { loadProject } from '../../src/api/project.js';
import { eventually, testPython } from '../helpers.js';

const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

function boto3(code: string, env: Readonly<Record<string, string>>): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(testPython(), ['-c', `import boto3, json\n${code}`], { env: { PATH: process.env.PATH, ...env } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', () => resolve(output.trim()));
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pylambda-local-aws-reload-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a reloaded template in the local AWS endpoint', () => {
  // Left out, the notification a reload added to an existing bucket was never set: uploads reached no queue, and nothing said why.
  it('sets the notifications a reload adds to an existing bucket', async () => {
    const template = (notification: string) => `Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties: { QueueName: jobs }
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: uploads${notification}
`;
    writeFileSync(join(dir, 'template.yaml'), template(''));
    const aws = await startLocalAws({ root: dir, template: (await loadProject({ dir })).template!, python: { executable: testPython() }, hostEnv });
    try {
      writeFileSync(join(dir, 'template.yaml'), template(`
      NotificationConfiguration:
        QueueConfigurations: [{ Event: 's3:ObjectCreated:*', Queue: !GetAtt Jobs.Arn }]`));
      expect(await aws.update((await loadProject({ dir })).template)).toEqual({ created: [], warnings: [] });
      const seen = await boto3([
        'sqs, s3 = boto3.client("sqs"), boto3.client("s3")',
        's3.put_object(Bucket="uploads", Key="a.txt", Body=b"x")',
        'url = sqs.get_queue_url(QueueName="jobs")["QueueUrl"]',
        'bodies = [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])]',
        'print(sorted(b["Records"][0]["s3"]["object"]["key"] if "Records" in b else b["Event"] for b in bodies))',
      ].join('\n'), aws.env);
      expect(seen).toBe("['a.txt', 's3:TestEvent']");
    } finally {
      await aws.stop();
    }
  }, 60_000);

  // serverless.yml's provider.region is the functions' AWS_REGION: after a change the tables were still in the old region only.
  it('creates the resources in the region a reload moves to', async () => {
    const sls = (region: string) => `service: shop
provider: { name: aws, runtime: python3.12, region: ${region} }
functions:
  api: { handler: app.handler }
resources:
  Resources:
    Items:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: items
        AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
        KeySchema: [{ AttributeName: id, KeyType: HASH }]
`;
    rmSync(join(dir, 'template.yaml'));
    writeFileSync(join(dir, 'serverless.yml'), sls('eu-west-1'));
    const aws = await startLocalAws({ root: dir, template: (await loadProject({ dir })).template!, python: { executable: testPython() }, hostEnv, region: 'eu-west-1' });
    try {
      writeFileSync(join(dir, 'serverless.yml'), sls('eu-central-1'));
      expect(await aws.update((await loadProject({ dir })).template)).toEqual({ created: [{ kind: 'table', name: 'items' }], warnings: [] });
      expect([aws.region, aws.env.AWS_REGION]).toEqual(['eu-central-1', 'eu-central-1']);
      expect(await boto3('print(boto3.client("dynamodb").list_tables()["TableNames"])', aws.env)).toBe("['items']");
    } finally {
      await aws.stop();
    }
  }, 60_000);

  // Left to the helper, every new resource got its own "Could not connect" warning, and nothing said moto was gone.
  it('says that moto is gone when it died before a reload', async () => {
    writeFileSync(join(dir, 'serverless.yml'), 'service: gone\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  api: { handler: app.handler }\n');
    const aws = await startLocalAws({ root: dir, template: (await loadProject({ dir })).template!, python: { executable: testPython() }, hostEnv });
    try {
      process.kill(aws.pid, 'SIGKILL');
      // Gone once reaped (its exit seen): signal 0 then finds no process.
      await eventually(() => {
        try {
          process.kill(aws.pid, 0);
          return undefined;
        } catch {
          return true;
        }
      });
      writeFileSync(join(dir, 'serverless.yml'), 'service: gone\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  api: { handler: app.handler }\n'
        + 'resources:\n  Resources:\n    A: { Type: AWS::SQS::Queue }\n    B: { Type: AWS::SQS::Queue }\n');
      const update = await aws.update((await loadProject({ dir })).template);
      expect(update.created).toEqual([]);
      expect(update.warnings.map((w) => w.message)).toEqual([
        `the local AWS endpoint (moto, process ${aws.pid}) is no longer running (killed by SIGKILL): the functions' AWS calls fail until pylambda dev is restarted`,
      ]);
      // Said once.
      expect((await aws.update((await loadProject({ dir })).template)).warnings).toEqual([]);
    } finally {
      await aws.stop();
    }
  }, 60_000);

  it('says that moto is gone as soon as it dies, once, and nothing when dev stops it', async () => {
    writeFileSync(join(dir, 'serverless.yml'), 'service: gone\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  api: { handler: app.handler }\n');
    const heard: string[] = [];
    const aws = await startLocalAws({ root: dir, template: (await loadProject({ dir })).template!, python: { executable: testPython() }, hostEnv });
    aws.onGone((w) => heard.push(w.message));
    try {
      process.kill(aws.pid, 'SIGKILL');
      const deadline = Date.now() + 5000;
      while (heard.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual([`the local AWS endpoint (moto, process ${aws.pid}) is no longer running (killed by SIGKILL): the functions' AWS calls fail until pylambda dev is restarted`]);
      expect((await aws.update((await loadProject({ dir })).template)).warnings).toEqual([]);
    } finally {
      await aws.stop();
    }
    const stopped = await startLocalAws({ root: dir, template: (await loadProject({ dir })).template!, python: { executable: testPython() }, hostEnv });
    const none: string[] = [];
    stopped.onGone((w) => none.push(w.message));
    await stopped.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(none).toEqual([]);
  }, 60_000);
});
