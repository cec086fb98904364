import { describe, expect, it } from 'vitest';
import { ReloadQueue } from '../../src/api/dev-reload-queue.js';

/** A reload that waits until it is let go or aborted, recording what it was given. */
function harness(supersedes: (file: string) => boolean) {
  const batches: string[][] = [];
  const failures: string[] = [];
  const releases: Array<() => void> = [];
  const queue = new ReloadQueue(
    (files, signal) => {
      batches.push([...files]);
      return new Promise<void>((resolve, reject) => {
        releases.push(resolve);
        signal.addEventListener('abort', () => reject(new Error(`aborted ${files.join(',')}`)));
      });
    },
    supersedes,
    (error) => failures.push((error as Error).message),
    () => false,
  );
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { queue, batches, failures, releases, tick };
}

describe('ReloadQueue', () => {
  it('a newer save of a configuration file abandons the reload under way, unreported, and reads the newest files', async () => {
    const { queue, batches, failures, releases, tick } = harness((f) => f === 'app.py');
    const first = queue.run(['app.py']);
    await tick();
    void queue.run(['app.py']);
    await tick();
    expect(batches).toEqual([['app.py'], ['app.py']]);
    releases[1]!();
    await first;
    expect(failures).toEqual([]);
  });

  it('a change that does not supersede waits for the reload under way, which ends as it ends', async () => {
    const { queue, batches, failures, releases, tick } = harness((f) => f === 'app.py');
    const first = queue.run(['app.py']);
    await tick();
    void queue.run(['chalicelib/util.txt']);
    await tick();
    expect(batches).toEqual([['app.py']]);
    releases[0]!();
    await tick();
    expect(batches).toEqual([['app.py'], ['chalicelib/util.txt']]);
    releases[1]!();
    await first;
    expect(failures).toEqual([]);
  });

  it('a reload that fails on its own is reported', async () => {
    const queue = new ReloadQueue(() => Promise.reject(new Error('bad template')), () => true, (e) => failures.push((e as Error).message), () => false);
    const failures: string[] = [];
    await queue.run(['template.yaml']);
    expect(failures).toEqual(['bad template']);
  });

  it('files seen before reloads may run are held for the first', () => {
    const { queue } = harness(() => false);
    queue.hold(['a.py', 'b.py', 'a.py']);
    expect(queue.take()).toEqual(['a.py', 'b.py']);
    expect(queue.take()).toEqual([]);
  });
});
