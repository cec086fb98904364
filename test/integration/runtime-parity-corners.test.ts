import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parityHarness, underBoth } from '../parity.js';

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
  'init_check.py': 'raise ValueError("config ✓ missing")\n',
  'init_cafe.py': 'raise ValueError("café")\n',
  'init_class.py': 'class Ошибка(Exception):\n    pass\n\nraise Ошибка("x")\n',
  'depth.py': `
import inspect

def recurse(n):
    return recurse(n + 1)

def stack(event, context):
    return len(inspect.stack(0))

def too_deep(event, context):
    return recurse(0)
`,
  'init_too_deep.py': 'def recurse():\n    recurse()\n\nrecurse()\n',
  'bootstrap.py': 'import helpers\n\ndef handler(event, context):\n    return helpers.fail()\n\ndef raises(event, context):\n    raise ValueError("here")\n',
  'helpers.py': 'def fail():\n    raise ValueError("in a helper")\n',
  'threads.py': `
import threading

def join_all(event, context):
    worker = threading.Thread(target=lambda: None)
    worker.start()
    # A common way to let background work finish before returning.
    for thread in threading.enumerate():
        if thread is not threading.main_thread():
            thread.join()
    return [threading.active_count(), [t.name for t in threading.enumerate()]]
`,
  'echo.py': 'def handler(event, context):\n    return event\n',
  'rows.py': `
import collections, datetime, decimal, typing

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

def datetime_key(event, context):
    return {datetime.date(2020, 1, 1): 1}

def decimal_key(event, context):
    return {"totals": {decimal.Decimal("1.5"): 1}}

def tuple_key(event, context):
    return {(1, 2): 1}

def lone_surrogate(event, context):
    return {"s": "\\ud800"}

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
  it('a lone surrogate in the result is escaped before python3.12, and ends the runtime from python3.12 on', async () => {
    const [[ours, official], [ours311, official311]] = await Promise.all([
      underBoth(harness, { handler: 'rows.lone_surrogate', runtime: 'python3.12' }),
      underBoth(harness, { handler: 'rows.lone_surrogate', runtime: 'python3.11' }),
    ]);
    expect(ours.results).toEqual(official.results);
    expect(ours.results[0]!.errorType).toBe('Runtime.ExitError');
    expect(ours.lines.at(-1)).toBe("UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800' in position 7: surrogates not allowed");
    expect(ours.lines.at(-1)).toBe(official.lines.at(-1));
    expect(ours311.results).toEqual(official311.results);
    expect(ours311.results).toEqual([{ payload: '{"s": "\\ud800"}', errorType: undefined }]);
  });

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

  it.each([
    // simplejson names the key's class alone; the standard library names a C type with its module.
    ['rows.datetime_key', 'date'],
    ['rows.decimal_key', 'Decimal'],
    ['rows.tuple_key', 'tuple'],
  ])('%s cannot be marshalled', async (handler, type) => {
    const { results: [result] } = await both({ handler });
    expect(error(result!.payload)).toEqual({
      errorMessage: `Unable to marshal response: keys must be str, int, float, bool or None, not ${type}`, errorType: 'Runtime.MarshalError', requestId: '<id>', stackTrace: [],
    });
  });
});

describe('events that are not JSON, in simplejson\'s words', () => {
  it.each<[string, string]>([
    ['{} x', 'Extra data: line 1 column 4 - line 1 column 5 (char 3 - 4)'],
    ['\n{}\n x', 'Extra data: line 3 column 2 - line 3 column 3 (char 5 - 6)'],
    ['["a\tb"]', "Invalid control character '\\t' at: line 1 column 4 (char 3)"],
    ['"\\x"', "Invalid \\X escape sequence 'x': line 1 column 3 (char 2)"],
    ['"\\u12"', 'Invalid \\uXXXX escape sequence: line 1 column 2 (char 1)'],
    ['[1, ]', 'Illegal trailing comma before end of array: line 1 column 3 (char 2)'],
    ['{"a": 1,\n}', 'Illegal trailing comma before end of object: line 1 column 8 (char 7)'],
    ['{"a": [1 2]}', "Expecting ',' delimiter or ']': line 1 column 10 (char 9)"],
    ['[{"a": 1 "b": 2}]', "Expecting ',' delimiter or '}': line 1 column 10 (char 9)"],
    ['{1: 2}', "Expecting property name enclosed in double quotes or '}': line 1 column 2 (char 1)"],
    ['{"a": 1, 2}', 'Expecting property name enclosed in double quotes: line 1 column 10 (char 9)'],
    ['[', "Expecting value or ']': line 1 column 2 (char 1)"],
    ['[,1]', 'Expecting value: line 1 column 2 (char 1)'],
    ['', 'Expecting value: line 1 column 1 (char 0)'],
    ['['.repeat(100000), 'maximum recursion depth exceeded while decoding a JSON array from a string'],
  ])('%j', async (event, reason) => {
    const { results } = await both({ handler: 'echo.handler' }, [{ payload: Buffer.from(event) }]);
    expect(results.map((r) => [r.errorType, error(r.payload)])).toEqual([[
      'Runtime.UnmarshalError', { errorMessage: `Unable to unmarshal input: ${reason}`, errorType: 'Runtime.UnmarshalError', requestId: '<id>', stackTrace: [] },
    ]]);
  });
});

describe('the stack a handler runs on', () => {
  it('is as deep: as many frames above it', async () => {
    expect((await both({ handler: 'depth.stack' })).results).toEqual([{ payload: '6', errorType: undefined }]);
  });

  it.each(['depth.too_deep', 'init_too_deep.handler'])('%s: a RecursionError comes as deep, its stack trace as long', async (handler) => {
    const { results: [result] } = await both({ handler });
    expect(error(result!.payload)).toMatchObject({ errorType: 'RecursionError', errorMessage: 'maximum recursion depth exceeded' });
    expect(error(result!.payload).stackTrace.at(-1)).toMatch(/^ {2}\[Previous line repeated \d+ more times\]\n$/);
  });
});

describe('threads', () => {
  it('the runtime has none a handler sees: joining every thread but the main one returns', async () => {
    const { results } = await both({ handler: 'threads.join_all', timeout: 5 });
    expect(results).toEqual([{ payload: '[1, ["MainThread"]]', errorType: undefined }]);
  });
});

describe('errors', () => {
  it('a function\'s own bootstrap.py: awslambdaric cuts its frames from the stack trace with its own', async () => {
    const { results: [result] } = await both({ handler: 'bootstrap.handler' });
    expect(error(result!.payload)).toMatchObject({ errorType: 'ValueError', errorMessage: 'in a helper', stackTrace: [expect.stringMatching(/helpers\.py", line 2, in fail\n/)] });
  });

  it('a function\'s own bootstrap.py that raises: its frames are all there, after the runtime\'s own', async () => {
    const [ours, official] = await underBoth(harness, { handler: 'bootstrap.raises' });
    const traces = [ours, official].map((out) => error(out.results[0]!.payload).stackTrace as string[]);
    expect(traces.map((t) => t.length)).toEqual([2, 2]);
    expect(traces[0]![1]).toBe(traces[1]![1]);
    expect(traces[0]![1]).toMatch(/bootstrap\.py", line 7, in raises\n/);
  });

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

  it('an init error in letters beyond Latin-1 ends the runtime from python3.12 on: awslambdaric posts it as Latin-1', async () => {
    const exited = { errorType: 'Runtime.ExitError', payload: '{"errorType":"Runtime.ExitError","errorMessage":"RequestId: <id> Error: Runtime exited with error: exit status 1"}' };
    const [[ours, official], [ours311, official311]] = await Promise.all([
      underBoth(harness, { handler: 'init_check.handler', runtime: 'python3.12' }),
      underBoth(harness, { handler: 'init_check.handler', runtime: 'python3.11' }),
    ]);
    expect([ours.results, official.results]).toEqual([[exited], [exited]]);
    // Both wrote the error, then died on it (their own frames in the traceback differ).
    const encodeError = "UnicodeEncodeError: 'latin-1' codec can't encode character '\\u2713' in position 25: Body ('✓') is not valid Latin-1. Use body.encode('utf-8') if you want to send it encoded in UTF-8.";
    for (const out of [ours, official]) {
      expect(out.lines[1]).toMatch(/^\[ERROR\] ValueError: config ✓ missing\rTraceback/);
      expect(out.lines.at(-1)).toBe(encodeError);
    }
    // Before python3.12 the JSON is ASCII (\u2713): it is posted.
    expect(ours311.results).toEqual(official311.results);
    expect(error(ours311.results[0]!.payload)).toMatchObject({ errorType: 'ValueError', errorMessage: 'config ✓ missing' });
  });

  it.each(['init_cafe.handler', 'init_class.handler'])('%s: an init error in Latin-1 is posted in it, an error type beyond it ends the runtime', async (handler) => {
    const [ours, official] = await underBoth(harness, { handler, runtime: 'python3.12' });
    expect(ours.results).toEqual(official.results);
    expect(ours.lines.at(-1)).toBe(official.lines.at(-1));
  });
});
