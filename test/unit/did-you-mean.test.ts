import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/core/did-you-mean.js';

const OPTIONS = ['--port', '--host', '--stage', '--template', '--verbose', '--no-watch', '--python', '--local-aws', '--json', '--help'];
const COMMANDS = ['new', 'invoke', 'dev', 'events', 'package', 'coldstart'];

describe('didYouMean', () => {
  it.each<[string, string | undefined, readonly string[]]>([
    ['--prot', '--port', OPTIONS],
    ['--prt', '--port', OPTIONS],
    ['--templat', '--template', OPTIONS],
    ['--tempalte', '--template', OPTIONS],
    ['--verbos', '--verbose', OPTIONS],
    ['--nowatch', '--no-watch', OPTIONS],
    ['--loc', '--local-aws', OPTIONS],
    ['--pyth', '--python', OPTIONS],
    ['--zzz', undefined, OPTIONS],
    ['--event', undefined, OPTIONS],
    ['invok', 'invoke', COMMANDS],
    ['deb', 'dev', COMMANDS],
    ['packge', 'package', COMMANDS],
    ['cold', 'coldstart', COMMANDS],
    ['deploy', undefined, COMMANDS],
    ['ne', 'new', COMMANDS],
  ])('%s -> %s', (typed, expected, known) => {
    expect(didYouMean(typed, known)).toBe(expected);
  });

  it('suggests nothing when two names are as close', () => {
    expect(didYouMean('--hast', ['--host', '--past'])).toBeUndefined();
  });
});
