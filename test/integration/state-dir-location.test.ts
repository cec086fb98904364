// pylambda's state directory (.aws-sam/pylambda in a SAM project) is neither shipped nor watched, even when a
// function's code directory is the project's root (CodeUri: .), where every other file of the project is.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneRouteTemplate, probeUntil, scratchDir, startDev, testPython } from '../helpers.js';
import { cli as packageCli, zipNames } from './package-helpers.js';

const ENTRY = ['.aws-sam', 'pylambda', 'unzipped', 'function.zip-00000000-000000000000'];

/** A SAM project whose code is its root, with an entry in its state directory as a run leaves one. */
function rootProject(): string {
  const dir = scratchDir('state-dir-root');
  writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('/v', { codeUri: '.' }));
  writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "v1"}\n');
  mkdirSync(join(dir, ...ENTRY), { recursive: true });
  writeFileSync(join(dir, ...ENTRY, 'app.py'), 'v = 1\n');
  return dir;
}

describe('the state directory', () => {
  it("is not in what package zips, even when the code directory is the project's root", async () => {
    const dir = rootProject();
    const { code, stderr } = await packageCli(['package', '--python', testPython()], dir);
    expect(code, stderr).toBe(0);
    const names = zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'));
    expect([names.includes('app.py'), names.filter((name) => name.includes('pylambda') || name.includes('.aws-sam'))]).toEqual([true, []]);
  });

  it('is not watched: an edit in it reloads nothing, an edit of the code does', async () => {
    const dir = rootProject();
    const dev = await startDev(dir, { watch: true });
    try {
      const get = () => fetch(`${dev.url('ServerlessHttpApi')}/v`).then((r) => r.text());
      expect(await get()).toBe('v1');
      writeFileSync(join(dir, ...ENTRY, 'app.py'), 'v = 2\n');
      writeFileSync(join(dir, ...ENTRY, 'template.yaml'), oneRouteTemplate('/w'));
      writeFileSync(join(dir, ...ENTRY.slice(0, -1), `${ENTRY.at(-1)}.lease-1`), '');
      // The code's edit comes after the state's: the one reload there is must be for it alone.
      writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "v2"}\n');
      expect(await probeUntil(get, 'v2')).toBe('v2');
      expect(dev.events.filter((e) => e.type === 'reload')).toEqual([{ type: 'reload', reason: 'code', files: ['app.py'] }]);
    } finally {
      await dev.session.stop();
    }
  });
});
