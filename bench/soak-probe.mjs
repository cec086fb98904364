/**
 * Loaded into the soaked process with `node --expose-gc --import bench/soak-probe.mjs`: writes its heap after a
 * full collection to $SOAK_HEAP_FILE every second, so the soak reads live heap, not garbage not yet collected.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.SOAK_HEAP_FILE;
if (file) {
  setInterval(() => {
    globalThis.gc?.();
    writeFileSync(file, JSON.stringify(process.memoryUsage()));
  }, 1000).unref();
}
