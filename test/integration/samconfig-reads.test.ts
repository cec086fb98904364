// samconfig.toml is read once per command: the options a command takes from it before the project is read (dev's
// port and host, invoke's event) and the project's settings (parameters, region, env_vars) come from one read, and a
// dev reload reads it once more, for the project and for the notice that its port changed. And where dev listens,
// from whichever file said it, changes on a reload only with a restart, said once.
import { readFile, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DevSession, type DevEvent } from '../../src/api/dev.js';
import { setUpFunction } from '../../src/api/function-setup.js';
import { samconfigOptions } from '../../src/api/samconfig-options.js';
import { SamconfigReader } from '../../src/api/samconfig.js';
import { fnTemplate, scratchDir, testPython } from '../helpers.js';
import { freePort } from '../dev-child.js';

const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' };

/** A reader that counts its reads of the file. */
function countingReader(): { reader: SamconfigReader; reads: string[] } {
  const reads: string[] = [];
  return { reads, reader: new SamconfigReader(async (path) => {
    reads.push(path);
    return readFile(path, 'utf8');
  }) };
}

function samProject(samconfig: string): string {
  const dir = scratchDir('samconfig-reads');
  writeFileSync(join(dir, 'app.py'), 'import os\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": os.environ["AWS_REGION"]}\n');
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Get: { Type: HttpApi, Properties: { Path: /hello, Method: get } }'] }));
  writeFileSync(join(dir, 'samconfig.toml'), samconfig);
  return dir;
}

const warnings = (events: readonly DevEvent[]) => events.flatMap((e) => (e.type === 'warning' ? [e.diagnostic.message] : []));

describe('samconfig.toml, read once per command', () => {
  it('dev: once at its start (as the command line reads it for debug_port, then the session), once per reload', async () => {
    const port = await freePort();
    const dir = samProject(`version = 0.1\n[default.global.parameters]\nregion = "eu-west-2"\n[default.local_start_api.parameters]\nport = ${port}\n`);
    const { reader, reads } = countingReader();
    // What `pylambda dev` does: the file's debug_port is read before the session starts.
    expect((await samconfigOptions({ dir }, 'dev', reader)).port).toBe(port);
    const events: DevEvent[] = [];
    const session = await DevSession.start({ dir, python: testPython(), hostEnv, watch: false, samconfigReader: reader, onEvent: (e) => events.push(e) });
    try {
      expect(reads).toEqual([join(dir, 'samconfig.toml')]);
      // The file's port and region, from that one read.
      const response = await fetch(`http://127.0.0.1:${port}/hello`);
      expect([response.status, await response.text()]).toEqual([200, 'eu-west-2']);

      await writeFile(join(dir, 'samconfig.toml'), `version = 0.1\n[default.global.parameters]\nregion = "eu-west-2"\n[default.local_start_api.parameters]\nport = ${port + 1}\n`);
      await session.reload([join(dir, 'samconfig.toml')]);
      expect(reads).toHaveLength(2);
      const said = `samconfig.toml now sets port = ${port + 1}, but dev goes on listening on 127.0.0.1:${port}, where it started: restart dev to listen there`;
      expect(warnings(events).filter((w) => w === said)).toHaveLength(1);
      // Saved again: read again, not said again.
      await session.reload([join(dir, 'samconfig.toml')]);
      expect(reads).toHaveLength(3);
      expect(warnings(events).filter((w) => w === said)).toHaveLength(1);
      expect((await fetch(`http://127.0.0.1:${port}/hello`)).status).toBe(200);
    } finally {
      await session.stop();
    }
  });

  it('invoke: once, for its event and for the project', async () => {
    const dir = samProject('version = 0.1\n[default.global.parameters]\nregion = "eu-west-2"\n[default.local_invoke.parameters]\nevent = "event.json"\n');
    const { reader, reads } = countingReader();
    expect((await samconfigOptions({ dir }, 'invoke', reader)).event).toBe(join(dir, 'event.json'));
    const setup = await setUpFunction({ dir, hostEnv, python: testPython(), samconfigReader: reader });
    expect([setup.loaded.project.region, reads]).toEqual(['eu-west-2', [join(dir, 'samconfig.toml')]]);
  });

  it('a file that does not parse is read once too, and said by the project read', async () => {
    const dir = samProject('version = 0.1\n[default.global.parameters\n');
    const { reader, reads } = countingReader();
    expect(await samconfigOptions({ dir }, 'invoke', reader)).toEqual({});
    await expect(setUpFunction({ dir, hostEnv, python: testPython(), samconfigReader: reader })).rejects.toThrow('samconfig.toml: line 2, column 27: Invalid TOML document: illegal character in key');
    expect(reads).toHaveLength(1);
  });
});

describe("serverless.yml's custom.serverless-offline changed under a running dev", () => {
  it('says once that its httpPort needs a restart, and goes on serving where it started', async () => {
    const port = await freePort();
    const dir = scratchDir('offline-reload');
    writeFileSync(join(dir, 'handler.py'), 'def hello(event, context):\n    return {"statusCode": 200, "body": "hi"}\n');
    const config = (httpPort: number) => ['service: shop', 'provider:', '  name: aws', '  runtime: python3.11', 'custom:', '  serverless-offline:', `    httpPort: ${httpPort}`,
      'functions:', '  hello:', '    handler: handler.hello', '    events:', '      - httpApi: GET /hello', ''].join('\n');
    writeFileSync(join(dir, 'serverless.yml'), config(port));
    const events: DevEvent[] = [];
    const session = await DevSession.start({ dir, python: testPython(), hostEnv, watch: false, onEvent: (e) => events.push(e) });
    try {
      expect((await fetch(`http://127.0.0.1:${port}/hello`)).status).toBe(200);
      await writeFile(join(dir, 'serverless.yml'), config(port + 1));
      await session.reload([join(dir, 'serverless.yml')]);
      await session.reload([join(dir, 'serverless.yml')]);
      const said = `serverless.yml now sets custom.serverless-offline.httpPort: ${port + 1}, but dev goes on listening on 127.0.0.1:${port}, where it started: restart dev to listen there`;
      expect(warnings(events).filter((w) => w.includes('restart dev'))).toEqual([said]);
      expect((await fetch(`http://127.0.0.1:${port}/hello`)).status).toBe(200);
      // One that is not a port, refused at a start: said once too, the old port kept.
      await writeFile(join(dir, 'serverless.yml'), config(port).replace(`httpPort: ${port}`, 'httpPort: abc'));
      await session.reload([join(dir, 'serverless.yml')]);
      await session.reload([join(dir, 'serverless.yml')]);
      const refused = `serverless.yml's custom.serverless-offline.httpPort must be a port number (0-65535), not "abc": dev goes on listening on 127.0.0.1:${port}, where it started (a restart refuses it until it is fixed)`;
      expect(warnings(events).filter((w) => w.includes('httpPort'))).toEqual([said, refused]);
      expect((await fetch(`http://127.0.0.1:${port}/hello`)).status).toBe(200);
    } finally {
      await session.stop();
    }
  });
});
