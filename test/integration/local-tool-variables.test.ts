// Code that asks "am I local?" the way its tool taught it: sam local's AWS_SAM_LOCAL, serverless-offline's IS_OFFLINE,
// serverless invoke local's IS_LOCAL, Chalice's AWS_CHALICE_CLI_MODE (core/runtime/local-tool-variables.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invokeOnce } from '../../src/api/invoke.js';
import { fnTemplate, scratchDir, startDev, testPython } from '../helpers.js';

const MARKERS = ['AWS_SAM_LOCAL', 'IS_OFFLINE', 'IS_LOCAL', 'AWS_CHALICE_CLI_MODE'];
const REPORTS = `import json, os\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps({k: os.environ.get(k) for k in ${JSON.stringify(MARKERS)}})}\n`;
const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' };
const seen = (only: Record<string, string>) => Object.fromEntries(MARKERS.map((k) => [k, only[k] ?? null]));
const invoked = async (dir: string) => JSON.parse((JSON.parse((await invokeOnce({ dir, python: testPython(), hostEnv, event: Buffer.from('{}') })).result.payload.toString()) as { body: string }).body) as unknown;

function samProject(properties: string[] = []): string {
  const dir = scratchDir('tool-vars-sam');
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['CodeUri: src/', ...properties], events: ['Get: { Type: HttpApi, Properties: { Path: /vars, Method: get } }'] }));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.py'), REPORTS);
  return dir;
}

describe('the variable the tool a project comes from sets when it runs a function locally', () => {
  it('SAM: AWS_SAM_LOCAL=true in invoke and dev, as sam local sets it; a function that sets it keeps its own', async () => {
    expect(await invoked(samProject())).toEqual(seen({ AWS_SAM_LOCAL: 'true' }));
    expect(await invoked(samProject(['Environment: { Variables: { AWS_SAM_LOCAL: "" } }']))).toEqual(seen({ AWS_SAM_LOCAL: '' }));
    const dev = await startDev(samProject());
    try {
      expect(await (await fetch(`${dev.url('ServerlessHttpApi')}/vars`)).json()).toEqual(seen({ AWS_SAM_LOCAL: 'true' }));
    } finally {
      await dev.session.stop();
    }
  });

  it("serverless.yml: IS_LOCAL=true in invoke (serverless invoke local's), IS_OFFLINE=true in dev (serverless-offline's)", async () => {
    const dir = scratchDir('tool-vars-sls');
    writeFileSync(join(dir, 'serverless.yml'), 'service: vars\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  fn:\n    handler: app.handler\n    events: [{httpApi: "GET /vars"}]\n');
    writeFileSync(join(dir, 'app.py'), REPORTS);
    expect(await invoked(dir)).toEqual(seen({ IS_LOCAL: 'true' }));
    const dev = await startDev(dir);
    try {
      expect(await (await fetch(`${dev.url('HttpApi')}/vars`)).json()).toEqual(seen({ IS_OFFLINE: 'true' }));
    } finally {
      await dev.session.stop();
    }
  });

  it('Chalice: AWS_CHALICE_CLI_MODE=true where the app is read and where it runs, as every chalice command sets it', async () => {
    const dir = scratchDir('tool-vars-chalice');
    mkdirSync(join(dir, '.chalice'));
    writeFileSync(join(dir, '.chalice', 'config.json'), JSON.stringify({ version: '2.0', app_name: 'vars', stages: { dev: { api_gateway_stage: 'api' } } }));
    // An app that reaches for what only Lambda has unless a chalice command loads it.
    writeFileSync(join(dir, 'app.py'), [
      'import os',
      'from chalice import Chalice',
      '',
      'if os.environ.get("AWS_CHALICE_CLI_MODE") != "true":',
      '    raise RuntimeError("connects to the production database at import")',
      'app = Chalice(app_name="vars")',
      '',
      '@app.route("/vars")',
      'def variables():',
      `    return {k: os.environ.get(k) for k in ${JSON.stringify(MARKERS)}}`,
      '',
    ].join('\n'));
    const dev = await startDev(dir);
    try {
      expect(await (await fetch(`${dev.url('RestAPI')}/vars`)).json()).toEqual(seen({ AWS_CHALICE_CLI_MODE: 'true' }));
    } finally {
      await dev.session.stop();
    }
  });
});
