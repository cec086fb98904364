import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured, shellEnv } from '../cli-run.js';
import { devJson, fnTemplate, scratchDir, testPython } from '../helpers.js';

// What dev cannot enforce at the front door (IAM signatures, usage plan limits) says how it serves requests: invoke
// calls the function with no gateway in between, so it said two lines about requests it never receives.
const DEV_ONLY = ['AWS_IAM is not enforced locally', 'is not enforced locally: requests with an API key'];

function project(): string {
  const dir = scratchDir('dev-only-warnings');
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({
    resources: [
      'Api:',
      '  Type: AWS::Serverless::Api',
      '  Properties:',
      '    StageName: prod',
      '    Auth:',
      '      DefaultAuthorizer: AWS_IAM',
      '      UsagePlan: { CreateUsagePlan: PER_API, Throttle: { RateLimit: 10 } }',
    ],
    events: ['Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /items, Method: get } }'],
  }));
  writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n');
  return dir;
}

describe("the warnings about how dev serves an API's requests", () => {
  it('are said by pylambda dev, not by pylambda invoke', async () => {
    const dir = project();
    const invoked = await runCaptured(['invoke', '--python', testPython()], { cwd: dir, env: shellEnv() });
    expect(invoked.code, invoked.stderr).toBe(0);
    expect(DEV_ONLY.filter((w) => invoked.stderr.includes(w)), invoked.stderr).toEqual([]);

    const dev = devJson([dir]);
    try {
      expect(await dev.waitFor('ready')).toBeDefined();
      const warned = dev.lines().flatMap((e) => (e.type === 'warning' ? [String(e.message)] : []));
      expect(DEV_ONLY.filter((w) => warned.some((m) => m.includes(w))), warned.join('\n')).toEqual(DEV_ONLY);
    } finally {
      await dev.stop();
    }
  });
});
