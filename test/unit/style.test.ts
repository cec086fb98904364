import { describe, expect, it } from 'vitest';
import { styleFor } from '../../src/ui/io.js';

const coloured = (stream: { isTTY?: boolean }, env: Record<string, string>) => styleFor(stream, env).red('x') !== 'x';

describe('colour', () => {
  it.each<[string, { isTTY?: boolean }, Record<string, string>, boolean]>([
    ['a terminal', { isTTY: true }, {}, true],
    ['a pipe', { isTTY: false }, {}, false],
    ['NO_COLOR=1', { isTTY: true }, { NO_COLOR: '1' }, false],
    // no-color.org: "when present and not an empty string".
    ['an empty NO_COLOR', { isTTY: true }, { NO_COLOR: '' }, true],
    ['TERM=dumb', { isTTY: true }, { TERM: 'dumb' }, false],
    ['FORCE_COLOR=1 into a pipe (CI logs)', { isTTY: false }, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0 in a terminal', { isTTY: true }, { FORCE_COLOR: '0' }, false],
    ['NO_COLOR over FORCE_COLOR', { isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' }, false],
  ])('%s', (_, stream, env, on) => {
    expect(coloured(stream, env)).toBe(on);
  });
});
