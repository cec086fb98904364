import { randomFillSync } from 'node:crypto';

/**
 * Random hex for ids made per request (trace ids, log stream names), drawn from a pool refilled 4 KB at a
 * time. crypto.randomBytes calls into OpenSSL for every id: 3-4 % of `dev`'s CPU per request, measured
 * with perf. randomUUID pools the same way inside Node.
 */
const POOL = Buffer.alloc(4096);
let offset = POOL.length;

/** `bytes` random bytes (at most 4096) as lower-case hex. */
export function randomHex(bytes: number): string {
  if (bytes > POOL.length) throw new RangeError(`randomHex: at most ${POOL.length} bytes`);
  if (offset + bytes > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const hex = POOL.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
