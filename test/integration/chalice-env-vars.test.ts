import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invokeOnce } from '../../src/api/invoke.js';
import { UserError } from '../../src/core/errors.js';
import { scratchDir, startDev, testPython } from '../helpers.js';

/**
 * A Chalice app that reads a variable at import, in a decorator (the media-query sample's
 * `@app.on_s3_event(bucket=os.environ['MEDIA_BUCKET_NAME'])`): given with --env-vars, the import that reads
 * the routes sees it as the functions do. Before, only the functions got it, and reading the app failed with
 * KeyError unless the shell had it too.
 */
const APP = `import os

from chalice import Chalice

app = Chalice(app_name="media")
BUCKET = os.environ["MEDIA_BUCKET_NAME"]


@app.route("/bucket")
def bucket():
    return {"bucket": BUCKET}


@app.on_s3_event(bucket=BUCKET)
def on_upload(event):
    return event.bucket
`;

function project(env: object): { dir: string; envFile: string } {
  const dir = scratchDir('chalice-env-vars');
  mkdirSync(join(dir, '.chalice'));
  writeFileSync(join(dir, '.chalice', 'config.json'), JSON.stringify({ version: '2.0', app_name: 'media', stages: { dev: { api_gateway_stage: 'api' } } }));
  writeFileSync(join(dir, 'app.py'), APP);
  const envFile = join(dir, 'env.json');
  writeFileSync(envFile, JSON.stringify(env));
  return { dir, envFile };
}

const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' };

describe('a Chalice app imported with --env-vars', () => {
  it('invoke: the routes and triggers are read with Parameters, and the function runs with them', async () => {
    const { dir, envFile } = project({ Parameters: { MEDIA_BUCKET_NAME: 'media-bucket' } });
    const { result, sampleEvent } = await invokeOnce({ dir, functionName: 'on_upload', python: testPython(), envVarsFile: envFile, hostEnv });
    // The sample S3 event names the bucket the trigger was read with, and the function sees the same one.
    expect(sampleEvent).toContain('S3');
    expect([result.functionError, JSON.parse(result.payload.toString())]).toEqual([undefined, 'media-bucket']);
  });

  it("dev: api_handler's own section (by id or deployed name) counts, and a change to the file reads the routes again", async () => {
    const { dir, envFile } = project({ Parameters: { MEDIA_BUCKET_NAME: 'from-parameters' }, 'media-dev': { MEDIA_BUCKET_NAME: 'from-its-name' } });
    const dev = await startDev(dir, { envVarsFile: envFile });
    try {
      const url = `${dev.url('RestAPI')}/bucket`;
      expect(await (await fetch(url)).json()).toEqual({ bucket: 'from-its-name' });
      writeFileSync(envFile, JSON.stringify({ api_handler: { MEDIA_BUCKET_NAME: 'from-its-id' } }));
      await dev.session.reload([envFile]);
      expect(dev.events.filter((e) => e.type === 'reload-failed')).toEqual([]);
      expect(await (await fetch(url)).json()).toEqual({ bucket: 'from-its-id' });
    } finally {
      await dev.session.stop();
    }
  });

  it('without the variable, the message says --env-vars sets it', async () => {
    const { dir } = project({});
    const error = await invokeOnce({ dir, functionName: 'on_upload', python: testPython(), hostEnv }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/^app.py could not be imported: KeyError: 'MEDIA_BUCKET_NAME' \(app.py, line 6\)/);
    expect((error as UserError).hint).toBe("app.py is imported as chalice deploy imports it: with the environment_variables of stage 'dev' from .chalice/config.json set. A variable that exists only once deployed can be given with --env-vars FILE ({\"Parameters\": {\"NAME\": \"value\"}}): the import and the functions get it.");
  });
});
