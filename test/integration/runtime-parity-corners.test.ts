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
  'rows.py': `
import collections, decimal, typing

Point = collections.namedtuple("Point", "x y")

class Row(typing.NamedTuple):
    id: int
    price: decimal.Decimal
    tags: list

class Page(list):
    def _asdict(self):
        return {"items": list(self), "count": len(self)}

class Record:
    def _asdict(self):
        return {"points": [Point(1, 2)]}

def namedtuple(event, context):
    return Point(1, 2)

def rows(event, context):
    return {"rows": [Row(1, decimal.Decimal("9.90"), [Point(0, 0)])], "plain": (1, 2)}

def list_with_asdict(event, context):
    return [Page([1, 2])]

def namedtuple_in_asdict(event, context):
    return Record()

def bytes_key_row(event, context):
    return {b"k": Point(b"x", "[")}
`,
};

const harness = parityHarness(HANDLERS);
beforeAll(() => harness.setUp());
afterAll(() => harness.tearDown());
const { both } = harness;

const error = (payload: string) => JSON.parse(payload);

describe('results', () => {
  it.each([
    // simplejson's namedtuple_as_object: a namedtuple, or any list, tuple or object with _asdict(), is written as
    // the dict _asdict() returns; the standard library wrote a namedtuple as an array.
    ['rows.namedtuple', '{"x": 1, "y": 2}'],
    ['rows.rows', '{"rows": [{"id": 1, "price": 9.90, "tags": [{"x": 0, "y": 0}]}], "plain": [1, 2]}'],
    ['rows.list_with_asdict', '[{"items": [1, 2], "count": 2}]'],
    ['rows.namedtuple_in_asdict', '{"points": [{"x": 1, "y": 2}]}'],
    ['rows.bytes_key_row', '{"k": {"x": "x", "y": "["}}'],
  ])('%s', async (handler, payload) => {
    expect((await both({ handler })).results).toEqual([{ payload, errorType: undefined }]);
  });
});

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
