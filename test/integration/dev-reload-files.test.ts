import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { oneRouteTemplate, scratchDir, startDev } from '../helpers.js';

/** What `pylambda dev` watches: files that changed what it served, while it went on serving the old. */

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

// 20 s: what a reload starts (a cold start, a project read again) takes seconds on a loaded 2-core machine.
async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const reloads = (events: readonly { type: string }[]) => events.filter((e) => e.type === 'reload');

describe('dev watches the configuration files the project reads, wherever they are', () => {
  // env/ was skipped by its name as a virtual environment, and hidden directories by the walk: edits to
  // ${file(./env/dev.yml)} went unseen, and the old configuration was served without a word.
  it("reloads serverless.yml's ${file()}s in env/ and in a hidden directory", async () => {
    const dir = scratchDir('dev-config-dirs');
    mkdirSync(join(dir, 'env'));
    mkdirSync(join(dir, '.config'));
    writeFileSync(join(dir, 'serverless.yml'), [
      'service: s', 'provider:', '  name: aws', '  runtime: python3.12', '  environment:',
      '    A: ${file(./env/dev.yml):value}', '    B: ${file(./.config/dev.yml):value}',
      'functions:', '  api:', '    handler: app.handler', '    events:', "      - httpApi: 'GET /v'", '',
    ].join('\n'));
    writeFileSync(join(dir, 'env', 'dev.yml'), 'value: a1\n');
    writeFileSync(join(dir, '.config', 'dev.yml'), 'value: b1\n');
    writeFileSync(join(dir, 'app.py'), 'import os\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": os.environ["A"] + " " + os.environ["B"]}\n');
    const dev = await startDev(dir, { watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.url('HttpApi')}/v`).then((r) => r.text());
    expect(await get()).toBe('a1 b1');
    writeFileSync(join(dir, 'env', 'dev.yml'), 'value: a2\n');
    expect(await until(get, (v) => v === 'a2 b1')).toBe('a2 b1');
    writeFileSync(join(dir, '.config', 'dev.yml'), 'value: b2\n');
    expect(await until(get, (v) => v === 'a2 b2')).toBe('a2 b2');
    expect(reloads(dev.events)).toEqual([
      { type: 'reload', reason: 'config', files: [join('env', 'dev.yml')] },
      { type: 'reload', reason: 'config', files: [join('.config', 'dev.yml')] },
    ]);
  });
});

describe("dev and the project's parent directory", () => {
  // dev watches the parent to see the project made again (a branch switch); its siblings' events are not the project's.
  it('does not reload for a busy sibling directory, nor for files beside the project, and still reloads an edit', async () => {
    const top = scratchDir('dev-busy-sibling');
    mkdirSync(join(top, 'api'));
    writeFileSync(join(top, 'api', 'template.yaml'), oneRouteTemplate('/v'));
    writeFileSync(join(top, 'api', 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "v1"}\n');
    const dev = await startDev(join(top, 'api'), { watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.url('ServerlessHttpApi')}/v`).then((r) => r.text());
    expect(await get()).toBe('v1');
    for (let round = 0; round < 5; round++) {
      // A sibling service's build rewriting its tree, a copy of the project's name, a template and code beside it.
      for (const sibling of ['api-worker', 'api.bak']) {
        mkdirSync(join(top, sibling, 'src'), { recursive: true });
        for (let i = 0; i < 20; i++) writeFileSync(join(top, sibling, 'src', `m${i}.py`), `v = ${round}\n`);
        writeFileSync(join(top, sibling, 'template.yaml'), oneRouteTemplate('/v'));
        rmSync(join(top, sibling), { recursive: true });
      }
      writeFileSync(join(top, 'template.yaml'), oneRouteTemplate(`/r${round}`));
      writeFileSync(join(top, 'app.py'), `v = ${round}\n`);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(reloads(dev.events)).toEqual([]);
    writeFileSync(join(top, 'api', 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "v2"}\n');
    expect(await until(get, (v) => v === 'v2')).toBe('v2');
    expect(reloads(dev.events)).toEqual([{ type: 'reload', reason: 'code', files: ['app.py'] }]);
  });
});

describe('dev and symbolic links in the code', () => {
  // A link there when dev started was not followed: edits to shared code behind it were never served.
  it('reloads edits behind a linked package and a linked module that were there at the start', async () => {
    const top = scratchDir('dev-links');
    mkdirSync(join(top, 'project', 'src'), { recursive: true });
    mkdirSync(join(top, 'shared', 'common'), { recursive: true });
    writeFileSync(join(top, 'shared', 'common', '__init__.py'), 'MSG = "pkg1"\n');
    writeFileSync(join(top, 'shared', 'conf.py'), 'MSG = "mod1"\n');
    symlinkSync(join(top, 'shared', 'common'), join(top, 'project', 'src', 'common'));
    symlinkSync(join(top, 'shared', 'conf.py'), join(top, 'project', 'src', 'conf.py'));
    writeFileSync(join(top, 'project', 'template.yaml'), oneRouteTemplate('/v', { codeUri: 'src/' }));
    writeFileSync(join(top, 'project', 'src', 'app.py'), 'import common, conf\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": common.MSG + " " + conf.MSG}\n');
    const dev = await startDev(join(top, 'project'), { watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.url('ServerlessHttpApi')}/v`).then((r) => r.text());
    expect(await get()).toBe('pkg1 mod1');
    writeFileSync(join(top, 'shared', 'common', '__init__.py'), 'MSG = "pkg2"\n');
    expect(await until(get, (v) => v === 'pkg2 mod1')).toBe('pkg2 mod1');
    writeFileSync(join(top, 'shared', 'conf.py'), 'MSG = "mod2"\n');
    expect(await until(get, (v) => v === 'pkg2 mod2')).toBe('pkg2 mod2');
    expect(reloads(dev.events)).toEqual([
      { type: 'reload', reason: 'code', files: [join('src', 'common', '__init__.py')] },
      { type: 'reload', reason: 'code', files: [join('src', 'conf.py')] },
    ]);
  });
});

describe('dev and a CodeUri that does not exist yet', () => {
  // Only a reload that got through watched the new code directory: making it was never noticed.
  it('reads the configuration again once the directory is made', async () => {
    const top = scratchDir('dev-codeuri-later');
    mkdirSync(join(top, 'infra'));
    mkdirSync(join(top, 'src'));
    writeFileSync(join(top, 'infra', 'template.yaml'), oneRouteTemplate('/v', { codeUri: '../src' }));
    writeFileSync(join(top, 'src', 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "src"}\n');
    const dev = await startDev(join(top, 'infra'), { watch: true });
    session = dev.session;
    // The endpoint goes with its only function while that is skipped, and comes back on the same port.
    const get = () => { try { return fetch(`${dev.url('ServerlessHttpApi')}/v`).then((r) => r.text()).catch(() => ''); } catch { return Promise.resolve(''); } };
    expect(await get()).toBe('src');
    writeFileSync(join(top, 'infra', 'template.yaml'), oneRouteTemplate('/v', { codeUri: '../src2' }));
    // The function is skipped (its route with it) until its directory exists, as sam local warns and goes on.
    const skipped = (e: (typeof dev.events)[number]) => e.type === 'warning' && e.diagnostic.message.includes("CodeUri '../src2' does not exist");
    await until(async () => dev.events.some(skipped), (v) => v);
    expect(dev.events.find(skipped)).toMatchObject({ diagnostic: { message: `CodeUri '../src2' does not exist (looked in ${join(top, 'src2')}), so Fn is skipped until it exists` } });
    cpSync(join(top, 'src'), join(top, 'src2'), { recursive: true });
    writeFileSync(join(top, 'src2', 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "src2"}\n');
    // 15 s and the session's events in the message: it once failed under a full CI run's load, served nothing for 5 s,
    // and the run did not say why (a reload that failed, or one never begun).
    const body = await until(get, (v) => v === 'src2', 15_000);
    const said = dev.events.flatMap((e) => (e.type === 'error' ? [e.error.message] : e.type === 'reload' || e.type === 'reload-failed' ? [JSON.stringify(e)] : []));
    expect(body, said.join(' ')).toBe('src2');
  });
});
