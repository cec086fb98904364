// serverless.yml's custom.serverless-offline, where a serverless-offline user keeps the port and host their curl
// commands, front end and boto3 endpoint_url point at: pylambda dev listens there unless --port or --host says otherwise.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured, shellEnv } from '../cli-run.js';
import { devChild, freePort, withHeldPort } from '../dev-child.js';
import { scratchDir, testPython } from '../helpers.js';

/** A service with an http and an httpApi event, and `settings` under custom.serverless-offline. */
function service(settings: string): string {
  const dir = scratchDir('offline-settings');
  writeFileSync(join(dir, 'handler.py'), 'import json\n\ndef hello(event, context):\n    return {"statusCode": 200, "body": json.dumps({"path": event.get("path") or event.get("rawPath")})}\n');
  writeFileSync(join(dir, 'serverless.yml'), [
    'service: shop', 'frameworkVersion: "3"', 'provider:', '  name: aws', '  runtime: python3.11', 'plugins:', '  - serverless-offline',
    'custom:', '  serverless-offline:', ...settings.split('\n').map((l) => `    ${l}`),
    'functions:', '  hello:', '    handler: handler.hello', '    events:', '      - http: GET hello', '      - httpApi: GET /v2/hello', '',
  ].join('\n'));
  return dir;
}

const dev = devChild;

describe('custom.serverless-offline in pylambda dev', () => {
  it('listens on its httpPort, host and lambdaPort, and says in one line what it does not honour', async () => {
    const port = await freePort(3);
    const lambdaPort = port + 2;
    const { out, stop } = await dev(service(`httpPort: ${port}\nlambdaPort: ${lambdaPort}\nhost: 127.0.0.1\nnoPrependStageInUrl: true\nnoTimeout: true\nnoAuth: true`));
    try {
      expect(out()).toContain(`REST API ApiGatewayRestApi, stage dev  http://127.0.0.1:${port}\n`);
      expect(out()).toContain(`Lambda API: http://127.0.0.1:${lambdaPort} `);
      // Both the path noPrependStageInUrl serves and the stage's, as API Gateway's own URL has it.
      for (const path of ['/hello', '/dev/hello']) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        expect([response.status, await response.json()]).toEqual([200, { path: '/hello' }]);
      }
      const warnings = out().split('\n').filter((l) => l.startsWith('warning: custom.serverless-offline'));
      expect(warnings).toEqual(['warning: custom.serverless-offline: pylambda dev does not honour noTimeout (a function ends at its timeout, as on Lambda; --debug-port lifts it), noAuth (authorizers run, as on API Gateway)']);
    } finally {
      await stop();
    }
  });

  it('says its httpPort in use as the setting, which --port overrides, and --port wins over it', async () => {
    await withHeldPort(async (port) => {
      const dir = service(`httpPort: ${port}`);
      const inUse = await runCaptured(['dev', dir, '--python', testPython(), '--no-watch'], { cwd: dir, env: shellEnv() });
      expect([inUse.code, inUse.stderr]).toEqual([2, `error: Port ${port} on 127.0.0.1, for the REST API ApiGatewayRestApi, is in use\nThe port is serverless.yml's custom.serverless-offline.httpPort (${port}), which --port overrides. Stop what uses it, or pass --port to start elsewhere (each endpoint takes the next port from it; --port 0 picks free ports).\n`]);
      const { out, stop } = await dev(dir, ['--port', '0']);
      try {
        const base = /REST API ApiGatewayRestApi, stage dev {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(out())?.[1];
        expect([base, (await fetch(`${base}/hello`)).status], out()).toEqual([expect.not.stringMatching(`:${port}$`), 200]);
      } finally {
        await stop();
      }
    });
  });

  // serverless-offline 13 gives its httpPort to hapi's Server as is and exits on 'abc' (Invalid server options) and on
  // 70000 (Node's RangeError as it starts); pylambda dev said a warning and listened on 3000.
  it('refuses an httpPort that is not a port, naming the setting, and starts on --port over it', async () => {
    const dir = service('httpPort: abc');
    const refused = await runCaptured(['dev', dir, '--python', testPython(), '--no-watch'], { cwd: dir, env: shellEnv() });
    expect([refused.code, refused.stderr]).toEqual([2, 'error: serverless.yml\'s custom.serverless-offline.httpPort must be a port number (0-65535), not "abc"\nFix it in serverless.yml, or pass --port, which wins over it. serverless-offline 13 does not start on it either.\n']);
    const { out, stop } = await dev(dir, ['--port', '0']);
    try {
      const base = /REST API ApiGatewayRestApi, stage dev {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(out())?.[1];
      expect([(await fetch(`${base}/hello`)).status, out()]).toEqual([200, expect.not.stringContaining('httpPort')]);
    } finally {
      await stop();
    }
  });

  it('says its lambdaPort in use as the setting, which --lambda-port overrides; a --lambda-port in use as the option', async () => {
    await withHeldPort(async (port) => {
      const dir = service(`httpPort: 0\nlambdaPort: ${port}`);
      const inUse = await runCaptured(['dev', dir, '--python', testPython(), '--no-watch'], { cwd: dir, env: shellEnv() });
      expect([inUse.code, inUse.stderr]).toEqual([2, `error: Port ${port} on 127.0.0.1, for the Lambda API, is in use\nThe port is serverless.yml's custom.serverless-offline.lambdaPort (${port}), which --lambda-port overrides. Stop what uses it, or pass --lambda-port PORT (0 picks a free port).\n`]);
      const given = await runCaptured(['dev', service('httpPort: 0'), '--python', testPython(), '--no-watch', '--lambda-port', String(port)], { cwd: dir, env: shellEnv() });
      expect([given.code, given.stderr]).toEqual([2, `error: Port ${port} on 127.0.0.1, for the Lambda API, is in use\nStop what uses it, or pass --lambda-port PORT (0 picks a free port).\n`]);
    });
  });

  it("takes serverless-offline's --httpPort and --lambdaPort as --port and --lambda-port, over the settings", async () => {
    const port = await freePort(3);
    const lambdaPort = port + 2;
    const dir = service('httpPort: 1\nlambdaPort: 2');
    const { out, stop } = await dev(dir, ['--httpPort', String(port), '--lambdaPort', String(lambdaPort)]);
    try {
      expect(out()).toContain(`REST API ApiGatewayRestApi, stage dev  http://127.0.0.1:${port}\n`);
      expect(out()).toContain(`Lambda API: http://127.0.0.1:${lambdaPort} `);
    } finally {
      await stop();
    }
    const both = await runCaptured(['dev', dir, '--python', testPython(), '--no-watch', '--port', '0', '--httpPort', '4000'], { cwd: dir, env: shellEnv() });
    expect([both.code, both.stderr]).toEqual([2, 'error: --port 0 and --httpPort 4000 are one option, given twice: give one\n']);
  });

  it('says a host it cannot listen on as the setting', async () => {
    // TEST-NET-3 (RFC 5737): no machine's own address.
    const { code, stderr } = await runCaptured(['dev', service('httpPort: 0\nhost: 203.0.113.7'), '--python', testPython(), '--no-watch'], { cwd: '/', env: shellEnv() });
    expect([code, stderr]).toEqual([2, "error: serverless.yml's custom.serverless-offline.host 203.0.113.7 is not an address of this machine\nFix it in serverless.yml, or pass --host, which wins over it. Pass one it has: 127.0.0.1 (the default), 0.0.0.0 for every interface, or one of its own.\n"]);
  });
});
