import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, fnTemplate, scratchDir } from '../helpers.js';
import { cli } from './invoke-cli.js';

/** A function behind one route of `event` (`Type: HttpApi`, `Type: Api`), returning what `body` of app.py returns. */
function project(name: string, event: string, result: string): string {
  const dir = scratchDir(name);
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: [`Get: { Type: ${event}, Properties: { Path: /items, Method: get } }`] }));
  writeFileSync(join(dir, 'app.py'), `def handler(event, context):\n    return ${result}\n`);
  return dir;
}

describe("invoke says what the project's gateway answers the sample request with the function's result", () => {
  it('the status and content type a client gets', async () => {
    const run = await cli(['invoke', 'HelloFunction'], { cwd: join(ROOT, 'examples') });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('\nthe REST API ServerlessRestApi answers GET /hello with 200, content-type application/json, 28 bytes of body\n');
  });

  // The answer that works in `sam local invoke` and is a 502 behind API Gateway: the function's log shows nothing wrong.
  it("a result the REST API cannot read: its 502, and why", async () => {
    const dir = project('gateway-malformed', 'Api', '{"statusCode": 200, "body": {"items": []}}');
    const run = await cli(['invoke'], { cwd: dir });
    expect([run.code, run.stdout]).toEqual([0, '{"statusCode": 200, "body": {"items": []}}\n']);
    expect(run.stderr).toContain('\nwarning: the REST API ServerlessRestApi answers GET /items with 502 {"message": "Internal server error"}: body is not a string: serialise it, e.g. with json.dumps\n');
  });

  it('an HTTP API makes a response of a result without statusCode, and --json has it', async () => {
    const dir = project('gateway-inferred', 'HttpApi', '{"items": []}');
    const run = await cli(['invoke', '--json'], { cwd: dir });
    expect(JSON.parse(run.stdout).httpResponse).toEqual({
      gateway: 'HTTP API ServerlessHttpApi', method: 'GET', path: '/items', statusCode: 200,
      headers: expect.arrayContaining([['content-type', 'application/json']]), body: '{"items": []}',
    });
  });

  it('a function error is the gateway\'s error too', async () => {
    const dir = project('gateway-error', 'HttpApi', '1 / 0');
    const run = await cli(['invoke'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('\nwarning: the HTTP API ServerlessHttpApi answers GET /items with 500 {"message":"Internal Server Error"}: the function failed: ZeroDivisionError: division by zero\n');
  });

  // `events generate ... | invoke --event -`, or an event captured from a deployed API: its shape says the gateway.
  it("an --event a gateway sends gets that kind of gateway's answer", async () => {
    const dir = project('gateway-event', 'Api', '{"statusCode": 200, "body": {"items": []}}');
    const event = await cli(['events', 'generate', 'alb', '--path', '/items'], { cwd: dir });
    const run = await cli(['invoke', '--event', '-'], { cwd: dir, stdin: event.stdout });
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split('\n').at(-1)).toBe('warning: the ALB answers GET /items with 502 <html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> </body> </html>: body is not a string: serialise it, e.g. with json.dumps');
    const other = await cli(['invoke', '--event', '-', '--json'], { cwd: dir, stdin: '{"Records": []}' });
    expect(JSON.parse(other.stdout)).not.toHaveProperty('httpResponse');
  });
});
