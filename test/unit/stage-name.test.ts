import { describe, expect, it } from 'vitest';
import { notAStageName, STAGE_NAME } from '../../src/core/model/stage-name.js';

describe('STAGE_NAME: the stage names API Gateway accepts, which SAM, Chalice and events generate check', () => {
  it.each<[string, string, boolean]>([
    ['SAM\'s implicit stage', 'Prod', true],
    ['letters, digits, - and _', 'v1_beta-2', true],
    ['128 characters', 'a'.repeat(128), true],
    ['129 characters', 'a'.repeat(129), false],
    ['a dot', 'v1.0', false],
    ['a space', 'my stage', false],
    ['a slash', 'prod/x', false],
    ['empty', '', false],
    // Only an HTTP API's readers take it, on their own.
    ['$default', '$default', false],
  ])('%s', (_name, stage, accepted) => {
    expect(STAGE_NAME.test(stage)).toBe(accepted);
  });

  it('says what a refused name is', () => {
    expect(notAStageName('v1.0')).toBe("'v1.0' is not a stage name API Gateway accepts (letters, digits, - and _)");
  });
});
