import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchTree, type TreeWatcher } from '../../src/adapters/watch.js';
import { scratchDir } from '../helpers.js';

/**
 * A directory deleted and made again (a branch switch, a tool regenerating a package) kept its old
 * watcher, which watched the deleted inode: its path counted as watched, so the new directory never got
 * one, and no change inside it reloaded anything until dev restarted.
 */

let watcher: TreeWatcher | undefined;
afterEach(() => {
  watcher?.close();
  watcher = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ok: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok() && Date.now() < deadline) await sleep(20);
}

describe('watchTree', () => {
  it('sees changes in a directory that was deleted and created again, and in its subdirectories', async () => {
    const root = scratchDir('watch');
    mkdirSync(join(root, 'pkg', 'inner'), { recursive: true });
    const seen: string[] = [];
    watcher = watchTree(root, (files) => seen.push(...files));
    await sleep(150);
    writeFileSync(join(root, 'pkg', 'inner', 'a.py'), 'a = 1\n');
    await until(() => seen.includes(join(root, 'pkg', 'inner', 'a.py')));
    expect(seen).toContain(join(root, 'pkg', 'inner', 'a.py'));

    rmSync(join(root, 'pkg'), { recursive: true });
    await sleep(150);
    mkdirSync(join(root, 'pkg', 'inner'), { recursive: true });
    await sleep(150);
    seen.length = 0;
    writeFileSync(join(root, 'pkg', 'b.py'), 'b = 1\n');
    writeFileSync(join(root, 'pkg', 'inner', 'c.py'), 'c = 1\n');
    await until(() => seen.includes(join(root, 'pkg', 'b.py')) && seen.includes(join(root, 'pkg', 'inner', 'c.py')));
    expect(seen).toContain(join(root, 'pkg', 'b.py'));
    expect(seen).toContain(join(root, 'pkg', 'inner', 'c.py'));
  });
});
