import { describe, expect, it } from 'vitest';
import { randomHex } from '../../src/adapters/random.js';

describe('randomHex', () => {
  it('gives the asked number of bytes as lower-case hex, different each time, across pool refills', () => {
    const seen = new Set<string>();
    // 20 bytes at a time: 1000 draws refill the 4096-byte pool several times, at offsets that do not divide it.
    for (let i = 0; i < 1000; i++) {
      const hex = randomHex(20);
      expect(hex).toMatch(/^[0-9a-f]{40}$/);
      seen.add(hex);
    }
    expect(seen.size).toBe(1000);
    expect(randomHex(4096)).toMatch(/^[0-9a-f]{8192}$/);
  });

  it('refuses more than the pool holds', () => {
    expect(() => randomHex(4097)).toThrow(RangeError);
  });
});
