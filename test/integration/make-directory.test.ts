import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from '../../src/adapters/fs.js';
import { UserError } from '../../src/core/errors.js';
import { ROOT, scratchDir } from '../helpers.js';

/** `pylambda new DIR` and `package --out DIR`: the directory and its parents, or a UserError that says why. */
describe('makeDirectory', () => {
  it('makes the directory and its missing parents, and accepts one that exists', async () => {
    const root = scratchDir('mkdir');
    await makeDirectory(join(root, 'a', 'b', 'c'), 'the output directory');
    expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
    await makeDirectory(join(root, 'a', 'b', 'c'), 'the output directory');
  });

  type Case = [string, (root: string) => string, (root: string) => string];
  it.each<Case>([
    ['a file on the way', (root: string) => join(root, 'afile', 'sub'), (root: string) => `Cannot create the project directory ${join(root, 'afile', 'sub')}: ${join(root, 'afile')} is not a directory`],
    ['the path is a file', (root: string) => join(root, 'afile'), (root: string) => `Cannot create the project directory ${join(root, 'afile')}: ${join(root, 'afile')} is not a directory`],
    ['a link to nothing', (root: string) => { symlinkSync(join(root, 'nowhere'), join(root, 'dangling')); return join(root, 'dangling'); }, (root: string) => `Cannot create the project directory ${join(root, 'dangling')}: ${join(root, 'dangling')} exists and is not a directory (a link to nothing?)`],
    ...(existsSync('/proc/self') ? [['under /proc, where Node\'s mkdir -p loops for ever', () => '/proc/pylambda-test/x', () => 'Cannot create the project directory /proc/pylambda-test/x: this file system does not allow it'] as Case] : []),
  ])('%s: a UserError', async (_what, path, message) => {
    const root = scratchDir('mkdir');
    writeFileSync(join(root, 'afile'), 'x');
    const failure = await makeDirectory(path(root), 'the project directory').then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as Error).message).toBe(message(root));
  });
});

describe('holdScratch', () => {
  // Ctrl-C during `package` left its staging directory in the output directory, and a half-built cache entry.
  it('removes a held directory when the process exits (Ctrl-C exits too), and keeps a released one', () => {
    const root = scratchDir('scratch');
    const held = join(root, '.staging-1');
    const released = join(root, 'done');
    mkdirSync(held);
    mkdirSync(released);
    const fs = JSON.stringify(join(ROOT, 'dist', 'adapters', 'fs.js'));
    const script = `const { holdScratch, releaseScratch } = await import(${fs});\n`
      + `holdScratch(${JSON.stringify(held)}); holdScratch(${JSON.stringify(released)}); releaseScratch(${JSON.stringify(released)});\n`
      + 'process.exit(130);\n';
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out.status).toBe(130);
    expect(existsSync(held)).toBe(false);
    expect(existsSync(released)).toBe(true);
  });
});

