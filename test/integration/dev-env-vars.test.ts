import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { UserError } from '../../src/core/errors.js';
import { fnTemplate, probeUntil, scratchDir, startDev } from '../helpers.js';

/** `pylambda dev --env-vars FILE`, as `sam local start-api --env-vars`. */
let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

const HANDLER = 'import os\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": "%s %s" % (os.environ.get("TABLE"), os.environ.get("EXTRA", "-"))}\n';

function project(envJson: object): { dir: string; envFile: string } {
  const dir = scratchDir('dev-env-vars');
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({
    properties: ['Environment: { Variables: { TABLE: from-template } }'],
    events: ['Get: { Type: HttpApi, Properties: { Path: /env, Method: get } }'],
  }));
  writeFileSync(join(dir, 'app.py'), HANDLER);
  const envFile = join(dir, 'env.json');
  writeFileSync(envFile, JSON.stringify(envJson));
  return { dir, envFile };
}

describe('dev --env-vars', () => {
  it("sets the file's variables over the function's own, says what cannot work, and reads the file again when it changes", async () => {
    const { dir, envFile } = project({ Parameters: { TABLE: 'from-parameters' }, Fn: { EXTRA: 'x', AWS_REGION: 'eu-west-1' }, Fnn: { A: '1' } });
    const dev = await startDev(dir, { envVarsFile: envFile, watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.url('ServerlessHttpApi')}/env`).then((r) => r.text());
    expect(await get()).toBe('from-parameters x');
    expect(dev.events.flatMap((e) => (e.type === 'warning' && e.diagnostic.path === envFile ? [e.diagnostic.message] : []))).toEqual([
      "Fnn is not a function of template.yaml, so its variables go nowhere (a section is named after a function's logical id or name, or is Parameters for all)",
      'AWS_REGION is reserved by Lambda, which sets it itself: not set from this file',
      'EXTRA is set for Fn but not declared in its Environment: set here, missing on Lambda (and ignored by sam local)',
    ]);

    writeFileSync(envFile, JSON.stringify({ Fn: { TABLE: 'edited' } }));
    expect(await probeUntil(get, 'edited -')).toBe('edited -');
    expect(dev.events.some((e) => e.type === 'reload' && e.reason === 'config' && e.files.includes('env.json'))).toBe(true);

    // A broken file is reported; the functions keep the variables they had.
    writeFileSync(envFile, '{"Fn": ');
    const failed = await probeUntil(async () => (dev.events.some((e) => e.type === 'reload-failed') ? 'failed' : ''), 'failed');
    expect(failed).toBe('failed');
    expect(dev.events.find((e) => e.type === 'reload-failed')).toMatchObject({ message: expect.stringMatching(/^.*env\.json is not valid JSON: /) as unknown });
    expect(await get()).toBe('edited -');
  });

  it("keeps warm the functions a change to the file does not touch, and reads a change made while the template was broken", async () => {
    const dir = scratchDir('dev-env-vars-two');
    const fn = (id: string) => `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Environment: { Variables: { TABLE: t, EXTRA: e } }\n      Events:\n        Get: { Type: HttpApi, Properties: { Path: /${id.toLowerCase()}, Method: get } }\n`;
    const template = `Transform: AWS::Serverless-2016-10-31\nResources:\n${fn('One')}${fn('Two')}`;
    writeFileSync(join(dir, 'template.yaml'), template);
    writeFileSync(join(dir, 'app.py'), HANDLER);
    const envFile = join(dir, 'env.json');
    writeFileSync(envFile, JSON.stringify({ Two: { TABLE: 'two-1' } }));
    const dev = await startDev(dir, { envVarsFile: envFile, watch: true });
    session = dev.session;
    const get = (path: string) => fetch(`${dev.url('ServerlessHttpApi')}${path}`).then((r) => r.text());
    const lastLine = (path: string) => dev.events.findLast((e) => e.type === 'request' && e.path === path);
    expect(await get('/one')).toBe('t e');
    expect(await get('/two')).toBe('two-1 e');

    writeFileSync(envFile, JSON.stringify({ Two: { TABLE: 'two-2' } }));
    expect(await probeUntil(() => get('/two'), 'two-2 e')).toBe('two-2 e');
    expect(await get('/one')).toBe('t e');
    // One's environment was left as it was: its request is warm.
    expect(lastLine('/one')).toMatchObject({ cold: false });

    // The template breaks, the file changes, the template is mended: the file's change is not lost.
    const failures = () => dev.events.filter((e) => e.type === 'reload-failed').length;
    writeFileSync(join(dir, 'template.yaml'), 'Resources: [');
    await probeUntil(async () => String(failures()), '1');
    writeFileSync(envFile, JSON.stringify({ Two: { TABLE: 'two-3' } }));
    await probeUntil(async () => String(failures()), '2');
    writeFileSync(join(dir, 'template.yaml'), template);
    expect(await probeUntil(() => get('/two'), 'two-3 e')).toBe('two-3 e');
  });

  // Both the project's tree and the file's own watcher reported it: every save reloaded twice.
  it('reloads once for a save of a file inside the project', async () => {
    const { dir, envFile } = project({ Fn: { TABLE: 'inside-1' } });
    const dev = await startDev(dir, { envVarsFile: envFile, watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.url('ServerlessHttpApi')}/env`).then((r) => r.text());
    expect(await get()).toBe('inside-1 -');
    writeFileSync(envFile, JSON.stringify({ Fn: { TABLE: 'inside-2' } }));
    expect(await probeUntil(get, 'inside-2 -')).toBe('inside-2 -');
    await new Promise((r) => setTimeout(r, 300));
    expect(dev.events.filter((e) => e.type === 'reload')).toEqual([{ type: 'reload', reason: 'config', files: ['env.json'] }]);
  });

  it('reads the file again when it changes outside the project', async () => {
    const { dir } = project({});
    const outside = join(scratchDir('dev-env-vars-outside'), 'local.json');
    writeFileSync(outside, JSON.stringify({ Fn: { TABLE: 'outside-1' } }));
    const dev = await startDev(dir, { envVarsFile: outside, watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.url('ServerlessHttpApi')}/env`).then((r) => r.text());
    expect(await get()).toBe('outside-1 -');
    writeFileSync(outside, JSON.stringify({ Fn: { TABLE: 'outside-2' } }));
    expect(await probeUntil(get, 'outside-2 -')).toBe('outside-2 -');
    // Saved in two writes a moment apart (truncated, then written): one reload of the whole file.
    writeFileSync(outside, '');
    await new Promise((r) => setTimeout(r, 5));
    writeFileSync(outside, JSON.stringify({ Fn: { TABLE: 'outside-3' } }));
    expect(await probeUntil(get, 'outside-3 -')).toBe('outside-3 -');
    expect(dev.events.filter((e) => e.type === 'reload-failed')).toEqual([]);
  });

  it('refuses to start on a file it cannot use', async () => {
    const { dir, envFile } = project({ Fn: { TABLE: ['a list'] } });
    await expect(startDev(dir, { envVarsFile: envFile })).rejects.toThrow(UserError);
    await expect(startDev(dir, { envVarsFile: envFile })).rejects.toThrow(/env\.json: Fn\.TABLE is a list, not a string, number, boolean or null$/);
    await expect(startDev(dir, { envVarsFile: join(dir, 'nope.json') })).rejects.toThrow(/nope\.json/);
  });
});
