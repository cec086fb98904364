// `pylambda invoke` with serverless invoke local's options (-f, -p, -d, --raw, --env, -s, -r), each beside the real
// Serverless Framework v3's `serverless invoke local` with the same ones: the function gets the same event and variables.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameworkInstalled, runFramework } from '../serverless-framework.js';
import { scratchDir, testPython } from '../helpers.js';
import { cli } from './invoke-cli.js';

const ECHO = 'import os\n\ndef handler(event, context):\n    return {"event": event, "STAGE": os.environ.get("STAGE"), "name": context.function_name, "region": os.environ["AWS_REGION"]}\n';

/** A Python service (python3.11: Framework v3's schema knows no later one) whose function returns its event. */
function service(): string {
  const dir = scratchDir('invoke-sls-flags');
  writeFileSync(join(dir, 'serverless.yml'), 'service: flags\nframeworkVersion: "3"\nprovider:\n  name: aws\n  runtime: python3.11\n  environment:\n    STAGE: ${sls:stage}\nfunctions:\n  echo:\n    handler: handler.handler\n  other:\n    handler: handler.handler\n');
  writeFileSync(join(dir, 'handler.py'), ECHO);
  mkdirSync(join(dir, 'events'));
  writeFileSync(join(dir, 'events', 'order.yml'), 'order:\n  id: 7\n  items: [tea, cake]\n');
  writeFileSync(join(dir, 'events', 'note.txt'), 'ship it\n');
  return dir;
}

/** The command line, the event the function gets, and whether the Framework's run is compared (each takes ~15 s). */
const CASES: ReadonlyArray<readonly [string, readonly string[], unknown, boolean]> = [
  ['-d JSON, -s', ['-f', 'echo', '-d', '{"n": 1}', '-s', 'prod'], { n: 1 }, false],
  ['-d text: a string, --env over serverless.yml\'s', ['-f', 'echo', '-d', 'hello', '--env', 'STAGE=mine'], 'hello', true],
  ['--raw -d JSON: a string', ['--function', 'echo', '--raw', '--data', '{"n": 1}'], '{"n": 1}', true],
  ['-p YAML, -r', ['-f', 'echo', '-p', 'events/order.yml', '-r', 'eu-west-3'], { order: { id: 7, items: ['tea', 'cake'] } }, true],
  ['-p text', ['-f', 'echo', '--path', 'events/note.txt'], 'ship it', false],
];

describe("pylambda invoke takes serverless invoke local's options", () => {
  it.each(CASES)('%s', async (_, args, event) => {
    const dir = service();
    const { code, stdout, stderr } = await cli(['invoke', ...args], { cwd: dir });
    expect([code, stderr]).toEqual([0, expect.stringContaining('REPORT RequestId')]);
    const region = args.includes('-r') ? 'eu-west-3' : 'us-east-1';
    const stage = args.includes('-s') ? 'prod' : 'dev';
    expect(JSON.parse(stdout)).toEqual({ event, STAGE: args.includes('--env') ? 'mine' : stage, name: `flags-${stage}-echo`, region });
  });

  // The Framework's own run of the same command line: the same event and STAGE (its context is a made-up one).
  it.skipIf(!frameworkInstalled())("the event and variables are serverless invoke local's", async () => {
    const dir = service();
    const bin = scratchDir('invoke-sls-bin');
    symlinkSync(testPython(), join(bin, 'python3.11'));
    const home = scratchDir('invoke-sls-home');
    // A run in a fresh HOME compiles the Framework's schema validators and asks npm for its root: 101 s under load.
    for (const [, args] of CASES.filter(([, , , compared]) => compared)) {
      const theirs = await runFramework(dir, ['invoke', 'local', ...args], { home, env: { PATH: `${bin}:${process.env.PATH}` }, timeoutMs: 240_000 });
      expect(theirs.status, theirs.stdout + theirs.stderr).toBe(0);
      const ours = await cli(['invoke', ...args], { cwd: dir });
      const pick = (o: { event: unknown; STAGE: unknown }) => ({ event: o.event, STAGE: o.STAGE });
      expect(pick(JSON.parse(ours.stdout))).toEqual(pick(JSON.parse(theirs.stdout)));
    }
  }, 600_000);
});
