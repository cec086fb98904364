import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parityHarness } from '../parity.js';

/**
 * More of runtime-parity*.test.ts: the same handlers under pylambda's runtime client and under awslambdaric,
 * here the differences that were found by comparing the two (each test is one that failed before its fix).
 */

const HANDLERS: Record<string, string> = {
  'errors.py': `
class Ошибка(Exception):
    pass

class Café(Exception):
    pass

def cyrillic_class(event, context):
    raise Ошибка("сообщение ✓")

def latin1_class(event, context):
    raise Café("crème")
`,
};

const harness = parityHarness(HANDLERS);
beforeAll(() => harness.setUp());
afterAll(() => harness.tearDown());
const { both } = harness;

const error = (payload: string) => JSON.parse(payload);

describe('errors', () => {
  it.each([
    ['errors.cyrillic_class', 'Ошибка', 'сообщение ✓'],
    ['errors.latin1_class', 'Café', 'crème'],
  ])('%s: an exception class named in letters beyond ASCII is the error type', async (handler, errorType, errorMessage) => {
    for (const runtime of ['python3.11', 'python3.12']) {
      const { results: [result], lines } = await both({ handler, runtime });
      expect(result!.errorType).toBe(errorType);
      expect(error(result!.payload)).toMatchObject({ errorType, errorMessage, requestId: '<id>' });
      expect(lines[0]).toMatch(new RegExp(`^\\[ERROR\\] ${errorType}: ${errorMessage}\\rTraceback`));
    }
  });
});
