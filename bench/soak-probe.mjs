/**
 * Loaded into the soaked process with `node --expose-gc --import bench/soak-probe.mjs`: writes its heap after a
 * full collection to $SOAK_HEAP_FILE every second, so the soak reads live heap, not garbage not yet collected.
 * With $SOAK_SNAPSHOT_DIR, each SIGUSR2 writes a heap snapshot there after a full collection (snapshot-N.heapsnapshot,
 * then an empty snapshot-N.done once it is whole), for bench/soak-heap.mjs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';

const file = process.env.SOAK_HEAP_FILE;
if (file) {
  setInterval(() => {
    globalThis.gc?.();
    writeFileSync(file, JSON.stringify(process.memoryUsage()));
  }, 1000).unref();
}

const snapshots = process.env.SOAK_SNAPSHOT_DIR;
if (snapshots) {
  let taken = 0;
  process.on('SIGUSR2', () => {
    const name = `snapshot-${++taken}`;
    // Twice: the first collection's finalizers and weak callbacks can free more on the second.
    globalThis.gc?.();
    globalThis.gc?.();
    v8.writeHeapSnapshot(join(snapshots, `${name}.heapsnapshot`));
    writeFileSync(join(snapshots, `${name}.done`), '');
  });
}
