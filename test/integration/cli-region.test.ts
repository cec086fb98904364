import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventFile, fnTemplate, json, scratchDir, startDev, testPython } from '../helpers.js';
import { runCaptured, shellEnv, withoutVersionWarning } from '../cli-run.js';

/** `pylambda ARGV` in `cwd`, from a shell whose region is us-east-1. */
function cli(argv: string[], cwd: string) {
  return runCaptured([...argv, '--python', testPython()], { cwd, env: shellEnv({ AWS_REGION: 'us-east-1' }) }).then(withoutVersionWarning);
}

const REPORTS_REGION = 'import os\ndef handler(event, context):\n    return [os.environ["AWS_REGION"], os.environ.get("CONFIGURED")]\n';

/** serverless/examples aws-python-rest-api-with-dynamodb: a region from `--region`, no provider.region. */
function serverlessProject(): string {
  const dir = scratchDir('region-sls');
  writeFileSync(join(dir, 'serverless.yml'), [
    'service: region',
    'provider:',
    '  name: aws',
    '  runtime: python3.12',
    '  environment:',
    '    CONFIGURED: "arn:aws:dynamodb:${opt:region, self:provider.region}:*:table/t ${aws:region}"',
    'functions:',
    '  fn:',
    '    handler: app.handler',
    '    events: [{httpApi: "GET /region"}]',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'app.py'), REPORTS_REGION);
  return dir;
}

describe('--region', () => {
  it("is serverless.yml's ${opt:region} and ${aws:region}, and the functions' AWS_REGION; without it, the error says so", async () => {
    const dir = serverlessProject();
    const without = await cli(['invoke', 'fn', '--event', eventFile('{}')], dir);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('provider.environment.CONFIGURED: ${opt:region, self:provider.region} has no value: the option --region was not given; serverless.yml has nothing at provider.region, and no fallback is given');
    const given = await cli(['invoke', 'fn', '--event', eventFile('{}'), '--region', 'eu-west-3'], dir);
    expect(given.stderr).not.toContain('error');
    expect(JSON.parse(given.stdout)).toEqual(['eu-west-3', 'arn:aws:dynamodb:eu-west-3:*:table/t eu-west-3']);
  });

  it('is where dev runs the functions', async () => {
    const { session, url } = await startDev(serverlessProject(), { region: 'ap-southeast-2' });
    try {
      expect(await json(await fetch(`${url('HttpApi')}/region`))).toEqual(['ap-southeast-2', 'arn:aws:dynamodb:ap-southeast-2:*:table/t ap-southeast-2']);
    } finally {
      await session.stop();
    }
  });

  it("is a SAM template's AWS::Region and the functions' AWS_REGION, over the shell's, as sam local --region", async () => {
    const dir = scratchDir('region-sam');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['Environment: { Variables: { CONFIGURED: !Ref AWS::Region } }'] }));
    writeFileSync(join(dir, 'app.py'), REPORTS_REGION);
    expect(JSON.parse((await cli(['invoke', '--event', eventFile('{}')], dir)).stdout)).toEqual(['us-east-1', 'us-east-1']);
    expect(JSON.parse((await cli(['invoke', '--event', eventFile('{}'), '--region', 'eu-central-1'], dir)).stdout)).toEqual(['eu-central-1', 'eu-central-1']);
  });

  it("without it or AWS_REGION, is the region of the shell's AWS profile in ~/.aws/config, as boto3 gives sam local and sam deploy", async () => {
    const dir = scratchDir('region-profile');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['Environment: { Variables: { CONFIGURED: !Ref AWS::Region } }'] }));
    writeFileSync(join(dir, 'app.py'), REPORTS_REGION);
    const config = join(dir, 'aws-config');
    writeFileSync(config, '[default]\nregion = ap-south-1\n\n[profile work]\nregion = eu-west-3\n');
    const run = (env: Record<string, string>) =>
      runCaptured(['invoke', '--event', eventFile('{}'), '--python', testPython()], { cwd: dir, env: shellEnv({ AWS_CONFIG_FILE: config, ...env }) });
    expect(JSON.parse((await run({})).stdout)).toEqual(['ap-south-1', 'ap-south-1']);
    expect(JSON.parse((await run({ AWS_PROFILE: 'work' })).stdout)).toEqual(['eu-west-3', 'eu-west-3']);
    expect(JSON.parse((await run({ AWS_PROFILE: 'work', AWS_DEFAULT_REGION: 'us-west-2' })).stdout)).toEqual(['us-west-2', 'us-west-2']);
  });

  it("is a Chalice app's region, when app.py is imported to read its routes too", async () => {
    const dir = scratchDir('region-chalice');
    mkdirSync(join(dir, '.chalice'));
    writeFileSync(join(dir, '.chalice', 'config.json'), JSON.stringify({ version: '2.0', app_name: 'region', stages: { dev: {} } }));
    writeFileSync(join(dir, 'app.py'), [
      'import os',
      'from chalice import Chalice',
      'app = Chalice(app_name="region")',
      'AT_IMPORT = os.environ["AWS_REGION"]',
      '@app.lambda_function()',
      'def where(event, context):',
      '    return [AT_IMPORT, os.environ["AWS_REGION"]]',
      '',
    ].join('\n'));
    const { code, stdout } = await cli(['invoke', 'where', '--event', eventFile('{}'), '--region', 'sa-east-1'], dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(['sa-east-1', 'sa-east-1']);
  });

  it('is refused when it is not a region name', async () => {
    const { code, stderr } = await cli(['invoke', '--region', 'us-east1'], scratchDir('region-bad'));
    expect(code).toBe(2);
    expect(stderr).toBe("error: --region 'us-east1' is not an AWS region name (such as us-east-1 or eu-west-3)\n");
  });
});
