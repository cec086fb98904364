import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, renameSync, rmSync, symlinkSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LINKED_DIRECTORY_LIMIT, watchTree, type TreeWatcher } from '../../src/adapters/watch.js';
import { scratchDir, testPython } from '../helpers.js';

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

/** Waits for `ok`, or `timeoutMs` (an event a loaded machine delivers late: the expectation after it fails when it never comes). */
async function until(ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok() && Date.now() < deadline) await sleep(20);
}

/** fs.watch, keeping the directories watched now (each one an inotify watch), how many watches were made, and the events each path got. */
function countedWatch(): { watch: typeof watch; watched: () => string[]; made: () => number; events: (path: string) => number } {
  const open = new Map<FSWatcher, string>();
  const events = new Map<string, number>();
  let made = 0;
  const counted = ((path: string, options: object, listener: (...args: unknown[]) => void) => {
    made++;
    const watcher = watch(path, options, (...args: unknown[]) => {
      events.set(path, (events.get(path) ?? 0) + 1);
      listener(...args);
    });
    open.set(watcher, path);
    const close = watcher.close.bind(watcher);
    watcher.close = () => {
      open.delete(watcher);
      close();
    };
    return watcher;
  }) as unknown as typeof watch;
  return { watch: counted, watched: () => [...open.values()].sort(), made: () => made, events: (path) => events.get(path) ?? 0 };
}

describe('watchTree', () => {
  it('sees changes in a directory that was deleted and created again, and in its subdirectories', async () => {
    const root = scratchDir('watch');
    mkdirSync(join(root, 'pkg', 'inner'), { recursive: true });
    const seen: string[] = [];
    watcher = watchTree(root, (files) => seen.push(...files));
    await watcher.ready;
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

  it('reports a change to code, and none to logs, other output, bytecode or editors\' temporary files', async () => {
    const root = scratchDir('watch-noise');
    const batches: string[][] = [];
    watcher = watchTree(root, (files) => batches.push(files));
    await watcher.ready;
    for (const noise of ['dev.log', 'dev.out', 'run.txt', 'data.db', 'sedAb12Cd', 'app.py~', '.app.py.swp', '.#app.py', '4913', 'app.cpython-312.pyc', 'app.py___jb_tmp___']) {
      writeFileSync(join(root, noise), 'x');
    }
    await sleep(200);
    expect(batches).toEqual([]);
    writeFileSync(join(root, 'app.py'), 'x = 1\n');
    await until(() => batches.length > 0);
    expect(batches).toEqual([[join(root, 'app.py')]]);
  });

  it('reports the files made in a new directory, not the directory as well', async () => {
    const root = scratchDir('watch-newdir');
    const seen: string[] = [];
    watcher = watchTree(root, (files) => seen.push(...files), { settleMs: 200 });
    await watcher.ready;
    mkdirSync(join(root, 'pkg'));
    await sleep(50);
    writeFileSync(join(root, 'pkg', 'm.py'), 'x = 1\n');
    await until(() => seen.length > 0);
    expect(seen).toEqual([join(root, 'pkg', 'm.py')]);
  });

  it('reports a deleted directory by its own path, not inside itself', async () => {
    const root = scratchDir('watch-deleted');
    mkdirSync(join(root, 'pkg'));
    writeFileSync(join(root, 'pkg', 'm.py'), 'x = 1\n');
    const seen: string[] = [];
    watcher = watchTree(root, (files) => seen.push(...files), { settleMs: 200 });
    await watcher.ready;
    rmSync(join(root, 'pkg'), { recursive: true });
    await until(() => seen.length > 0);
    await sleep(250);
    expect(seen).not.toContain(join(root, 'pkg', 'pkg'));
    expect(seen).toContain(join(root, 'pkg', 'm.py'));
  });

  it('reports code, configuration and data files, and a directory moved in whole', async () => {
    const root = scratchDir('watch-sources');
    const outside = scratchDir('watch-outside');
    mkdirSync(join(outside, 'pkg'));
    writeFileSync(join(outside, 'pkg', 'm.py'), 'x = 1\n');
    const seen: string[] = [];
    watcher = watchTree(root, (files) => seen.push(...files));
    await watcher.ready;
    for (const name of ['app.py', 'template.yaml', 'config.json', 'requirements.txt', '.env', 'page.html']) writeFileSync(join(root, name), 'x');
    renameSync(join(outside, 'pkg'), join(root, 'pkg'));
    await until(() => seen.includes(join(root, 'pkg')) && seen.includes(join(root, 'page.html')));
    expect(new Set(seen)).toEqual(new Set(['app.py', 'template.yaml', 'config.json', 'requirements.txt', '.env', 'page.html', 'pkg'].map((n) => join(root, n))));
  });

  it('skips build output at the root and virtual environments by their pyvenv.cfg, not packages named build, dist, env or venv', async () => {
    const root = scratchDir('watch-names');
    for (const dir of ['build', 'dist', 'venv', 'env', join('src', 'build'), join('src', 'dist'), join('src', 'env'), join('src', 'venv')]) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
    const seen: string[] = [];
    watcher = watchTree(root, (files) => seen.push(...files));
    await watcher.ready;
    for (const file of [join('build', 'a.py'), join('dist', 'a.py'), join('venv', 'a.py')]) writeFileSync(join(root, file), 'x = 1\n');
    await sleep(200);
    expect(seen).toEqual([]);
    // serverless.yml's ${file(./env/dev.yml)}, and packages that happen to have those names.
    const code = [join('env', 'dev.yml'), join('src', 'build', 'helpers.py'), join('src', 'dist', 'b.py'), join('src', 'env', 'c.py'), join('src', 'venv', 'd.py')].map((f) => join(root, f));
    for (const file of code) writeFileSync(file, 'x = 2\n');
    await until(() => code.every((f) => seen.includes(f)));
    expect(seen.sort()).toEqual(code.sort());
  });

  // Only `venv` and `env` were known by name: a virtual environment named otherwise was watched whole, and
  // each `pip install` into it reloaded the functions.
  it('skips a virtual environment by its pyvenv.cfg, whatever its name, also one made while it watches', async () => {
    const root = scratchDir('watch-venv');
    const sitePackages = join('lib', 'python3.12', 'site-packages');
    mkdirSync(join(root, 'py312', sitePackages), { recursive: true });
    writeFileSync(join(root, 'py312', 'pyvenv.cfg'), 'home = /usr/bin\n');
    const seen: string[] = [];
    const counted = countedWatch();
    watcher = watchTree(root, (files) => seen.push(...files), { watch: counted.watch });
    await watcher.ready;
    writeFileSync(join(root, 'py312', sitePackages, 'requests.py'), 'x = 1\n');
    // Made as `python -m venv lambda-env` makes it: the directories (watched, as any new ones), then pyvenv.cfg. Both
    // waited for, where fixed sleeps let a loaded machine see pyvenv.cfg first, or report lambda-env after they ended.
    const venv = join(root, 'lambda-env');
    mkdirSync(join(venv, sitePackages), { recursive: true });
    await until(() => counted.watched().includes(join(venv, sitePackages)));
    writeFileSync(join(venv, 'pyvenv.cfg'), 'home = /usr/bin\n');
    await until(() => !counted.watched().some((dir) => dir.startsWith(venv)));
    expect(counted.watched().filter((dir) => dir.startsWith(root))).toEqual([root]);
    // The directory lambda-env made may be reported whenever its batch settles: what is inside it never.
    const reported = () => seen.filter((path) => path !== venv);
    writeFileSync(join(venv, sitePackages, 'boto3.py'), 'x = 1\n');
    writeFileSync(join(root, 'py312', sitePackages, 'requests.py'), 'x = 2\n');
    await sleep(200);
    expect(reported()).toEqual([]);
    writeFileSync(join(root, 'app.py'), 'x = 1\n');
    await until(() => reported().length > 0);
    expect(reported()).toEqual([join(root, 'app.py')]);
  });

  // The walk leaves hidden directories out; one made while it watched was watched, and reloaded dev.
  it('leaves out a hidden directory made while it watches, as the walk does', async () => {
    const root = scratchDir('watch-hidden');
    const seen: string[] = [];
    watcher = watchTree(root, (files) => seen.push(...files));
    await watcher.ready;
    mkdirSync(join(root, '.hypothesis', 'examples'), { recursive: true });
    await sleep(100);
    writeFileSync(join(root, '.hypothesis', 'examples', 'db.json'), '{}\n');
    await sleep(200);
    expect(seen).toEqual([]);
    writeFileSync(join(root, 'app.py'), 'x = 1\n');
    await until(() => seen.length > 0);
    expect(seen).toEqual([join(root, 'app.py')]);
  });

  // `sam build` deletes .aws-sam/build each time; a tree whose top went was never watched again.
  it('watches its top again when it is deleted and made again, each time, and one made after the start', async () => {
    const parent = scratchDir('watch-top');
    const root = join(parent, 'dist');
    const seen: string[] = [];
    watcher = watchTree(root, (files) => seen.push(...files));
    await watcher.ready;
    for (let build = 1; build <= 3; build++) {
      // Made again at once, as sam build does: the events of the deletion come after it.
      rmSync(root, { recursive: true, force: true });
      mkdirSync(root);
      writeFileSync(join(root, 'app.py'), `v = ${build}\n`);
      // Back: reported as a change of its own (the code there is new), and watched again.
      await until(() => seen.includes(root), 5000);
      expect(seen).toContain(root);
      await sleep(50);
      seen.length = 0;
      // An edit after the rebuild is seen too.
      writeFileSync(join(root, 'app.py'), `v = ${build}.5\n`);
      await until(() => seen.includes(join(root, 'app.py')), 5000);
      expect(seen).toContain(join(root, 'app.py'));
      seen.length = 0;
    }
  });

  it('costs the events of a busy sibling of its top no more than a comparison of their names: nothing reported, nothing watched again', async () => {
    const parent = scratchDir('watch-busy-sibling');
    const root = join(parent, 'app');
    mkdirSync(root);
    writeFileSync(join(root, 'app.py'), 'v = 1\n');
    const seen: string[] = [];
    const counted = countedWatch();
    watcher = watchTree(root, (files) => seen.push(...files), { watch: counted.watch });
    await watcher.ready;
    const before = { watched: counted.watched(), made: counted.made() };
    // Siblings whose names start as the top's or end as it (`app-build`, `myapp`), made, filled, renamed and deleted;
    // code and logs written beside the top.
    for (let round = 0; round < 5; round++) {
      for (const sibling of ['app-build', 'myapp', 'ap']) {
        mkdirSync(join(parent, sibling, 'pkg'), { recursive: true });
        for (let i = 0; i < 20; i++) writeFileSync(join(parent, sibling, 'pkg', `m${i}.py`), `v = ${i}\n`);
        renameSync(join(parent, sibling), join(parent, `${sibling}.old`));
        rmSync(join(parent, `${sibling}.old`), { recursive: true });
      }
      writeFileSync(join(parent, 'app.log'), `round ${round}\n`);
      writeFileSync(join(parent, 'app.py'), `v = ${round}\n`);
      rmSync(join(parent, 'app.py'));
    }
    await until(() => counted.events(parent) >= 60);
    await sleep(300);
    expect(counted.events(parent)).toBeGreaterThanOrEqual(60);
    expect(seen).toEqual([]);
    expect({ watched: counted.watched(), made: counted.made() }).toEqual(before);
    // The top itself still reports.
    writeFileSync(join(root, 'app.py'), 'v = 2\n');
    await until(() => seen.length > 0);
    expect(seen).toEqual([join(root, 'app.py')]);
  });

  // `python -m venv venv` makes its directories, then pyvenv.cfg: a venv named `venv` is no longer skipped by
  // its name, and must still neither reload nor keep a watch.
  it('neither reports nor keeps watching a virtual environment python -m venv makes while it watches', async () => {
    const root = scratchDir('watch-new-venv');
    const seen: string[] = [];
    const counted = countedWatch();
    watcher = watchTree(root, (files) => seen.push(...files), { watch: counted.watch });
    await watcher.ready;
    const before = counted.watched();
    expect(spawnSync(testPython(), ['-m', 'venv', '--without-pip', join(root, 'venv')]).status).toBe(0);
    await sleep(300);
    expect(seen).toEqual([]);
    expect(counted.watched()).toEqual(before);
  });
});

describe('watchTree and symbolic links', () => {
  // A link there at the start was not followed (a Dirent of a link is not a directory), one made later was:
  // whether `chalicelib -> ../shared/chalicelib` reloaded depended on when it was made.
  it("follows links to directories and files outside it, there at the start or made later, and reports the link's path", async () => {
    const root = scratchDir('watch-links');
    const outside = scratchDir('watch-links-outside');
    mkdirSync(join(outside, 'shared', 'inner'), { recursive: true });
    mkdirSync(join(outside, 'later'));
    writeFileSync(join(outside, 'conf.py'), 'x = 1\n');
    symlinkSync(join(outside, 'shared'), join(root, 'shared'));
    symlinkSync(join(outside, 'conf.py'), join(root, 'conf.py'));
    const seen: string[] = [];
    watcher = watchTree(root, (files) => seen.push(...files));
    await watcher.ready;
    writeFileSync(join(outside, 'shared', 'inner', 'a.py'), 'x = 2\n');
    writeFileSync(join(outside, 'conf.py'), 'x = 2\n');
    await until(() => seen.length >= 2);
    expect(seen.sort()).toEqual([join(root, 'conf.py'), join(root, 'shared', 'inner', 'a.py')]);

    symlinkSync(join(outside, 'later'), join(root, 'later'));
    await until(() => seen.includes(join(root, 'later')));
    seen.length = 0;
    writeFileSync(join(outside, 'later', 'b.py'), 'x = 1\n');
    await until(() => seen.length > 0);
    expect(seen).toEqual([join(root, 'later', 'b.py')]);
  });

  it('does not walk twice a directory a link inside the tree leads to', async () => {
    const root = scratchDir('watch-inner-link');
    mkdirSync(join(root, 'pkg'));
    symlinkSync(join(root, 'pkg'), join(root, 'alias'));
    symlinkSync(root, join(root, 'pkg', 'loop'));
    const seen: string[] = [];
    const counted = countedWatch();
    watcher = watchTree(root, (files) => seen.push(...files), { watch: counted.watch, settleMs: 100 });
    await watcher.ready;
    // Its parent is watched too, for the tree's top going and coming back.
    expect(counted.watched()).toEqual([dirname(root), root, join(root, 'pkg')]);
    writeFileSync(join(root, 'pkg', 'm.py'), 'x = 1\n');
    await until(() => seen.length > 0);
    await sleep(150);
    expect(seen).toEqual([join(root, 'pkg', 'm.py')]);
  });

  // `ln -s /usr/lib src/syslib` took dev's watches from 4 to 5,455.
  it('leaves out a link to a directory too large to be code, whenever it is made, and says so', async () => {
    const root = scratchDir('watch-large-link');
    const outside = scratchDir('watch-large-target');
    for (let i = 0; i <= LINKED_DIRECTORY_LIMIT; i++) mkdirSync(join(outside, 'big', `d${i}`), { recursive: true });
    mkdirSync(join(outside, 'lib', 'site-packages', 'requests'), { recursive: true });
    symlinkSync(join(outside, 'big'), join(root, 'syslib'));
    symlinkSync(join(outside, 'lib', 'site-packages', 'requests'), join(root, 'requests'));
    const tooLarge: string[][] = [];
    const counted = countedWatch();
    watcher = watchTree(root, () => undefined, { watch: counted.watch, onLinkTooLarge: (link, target) => tooLarge.push([link, target]) });
    await watcher.ready;
    expect(counted.watched()).toEqual([dirname(root), root]);
    symlinkSync(join(outside, 'big'), join(root, 'again'));
    await until(() => tooLarge.length > 1);
    const target = realpathSync(join(outside, 'big'));
    expect(tooLarge).toEqual([[join(root, 'syslib'), target], [join(root, 'again'), target]]);
    expect(counted.watched()).toEqual([dirname(root), root]);
  });
});
