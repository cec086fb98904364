import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir, testPython } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';

/** serverless/examples' aws-python-sqs-worker: the worker of a serverless-lift queue construct is a function invoke runs. */
describe('pylambda invoke: a serverless-lift queue worker', () => {
  it("runs <id>Worker with an SQS sample of the construct's queue", async () => {
    const dir = scratchDir('invoke-lift-worker');
    writeFileSync(join(dir, 'serverless.yml'), `service: orders
provider: {name: aws, runtime: python3.12}
constructs:
  jobs:
    type: queue
    worker:
      handler: handler.consumer
functions:
  producer:
    handler: handler.producer
plugins:
  - serverless-lift
`);
    writeFileSync(join(dir, 'handler.py'), 'def consumer(event, context):\n    return [r["eventSourceARN"] for r in event["Records"]]\n\ndef producer(event, context):\n    return None\n');
    const { code, stdout, stderr } = await runCaptured(['invoke', 'jobsWorker', '--python', testPython()], { cwd: dir, env: shellEnv({}) });
    expect(stderr).toContain('no --event: sending the sqs sample (sqs trigger sqs-1)\n');
    expect([code, JSON.parse(stdout)]).toEqual([0, ['arn:aws:sqs:us-east-1:123456789012:orders-dev-jobs']]);
  });
});
