import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coldstartCli } from '../coldstart-helpers.js';
import { FIXTURES } from '../helpers.js';

/**
 * fixtures/coldstart/patterns: one runnable function per cold-start anti-pattern and a clean one.
 * Each is measured for real (one cold start and the profiled one), so the findings come from the whole
 * pipeline: the static review with --heavy from the import profile, the tree, and the package.
 */
const PATTERNS = join(FIXTURES, 'coldstart', 'patterns');

interface Found {
  rule: string;
  severity: string;
  file?: string;
  line?: number;
  module?: string;
  savingsMs?: number;
}

async function findings(fn: string, dir = PATTERNS): Promise<Found[]> {
  const { code, stdout, stderr } = await coldstartCli([fn, '--runs', '1', '--json'], dir);
  expect(stderr).not.toMatch(/^(warning|error):/m);
  expect(code).toBe(0);
  return (JSON.parse(stdout) as { findings: Found[] }).findings;
}

const where = (list: readonly Found[]) => list.map((f) => [f.rule, f.file ?? f.module, ...(f.line ? [f.line] : [])]);

describe('pylambda coldstart finds each anti-pattern at its line, and nothing in a clean handler', () => {
  it.each<[string, (string | number)[][]]>([
    ['Clean', []],
    ['Clients', [
      ['client-in-handler', 'clients.py', 8], // boto3.client("s3") inside lambda_handler
      ['boto3-import', 'boto3'], // from the import tree: what boto3 costs each cold start
    ]],
    ['EnvVars', [
      // os.environ["TABLE_NAME"] at import (line 4) is not flagged: the template sets TABLE_NAME wherever it deploys.
      ['env-unchecked', 'env_vars.py', 5], // os.environ.get("BUCKET"), never checked, and set by no one
    ]],
    ['Snapstart', [ // python3.12
      ['snapstart', 'snapstart.py', 5], // uuid4 at import
      ['snapstart', 'snapstart.py', 6], // time.time() at import
    ]],
    ['SnapstartPython311', []], // the same code: no SnapStart for Python before 3.12, so nothing to say
    ['Network', [
      ['network-at-import', 'network.py', 5], // urllib.request.urlopen at import, inside a try
    ]],
  ])('%s', async (fn, expected) => {
    expect(where(await findings(fn))).toEqual(expected);
  });

  it('a slow module imported at module level but used on one path: found through the import profile, with what deferring it saves', async () => {
    const list = await findings('Heavy');
    expect(where(list)).toEqual([['heavy-import', 'heavy.py', 4]]);
    const [heavy] = list;
    // slowlib is not on the review's built-in list: the profile found it (60 ms sleep) and passed it as --heavy.
    expect(heavy).toMatchObject({ severity: 'warning', module: 'slowlib' });
    expect(heavy!.savingsMs).toBeGreaterThan(58);
    expect(heavy!.savingsMs).toBeLessThan(120);
  });

  it('a Chalice app: its handler is app.app, and a route-only submodule is found through `from chalicelib import exporter`', async () => {
    const list = await findings('api_handler', join(FIXTURES, 'coldstart', 'chalice-app'));
    expect(where(list)).toEqual([['heavy-import', 'app.py', 4]]);
    expect(list[0]).toMatchObject({ module: 'chalicelib.exporter' });
    expect(list[0]!.savingsMs).toBeGreaterThan(38);
  });
});
