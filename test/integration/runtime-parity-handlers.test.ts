import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLogLine, frameIn, parityHarness, raisedDocs, underBoth, type RaisedRow } from '../parity.js';

/**
 * More of runtime-parity*.test.ts: the same handlers under pylambda's runtime client and under awslambdaric (4.2.2,
 * the test venv's), here handlers that are not plain functions, what they raise, the paths that name them, what
 * their modules do at import, events that are not objects, a context kept past its deadline, and how deeply nested
 * an event or a result may be. Where one process can serve several rows, it does.
 */

const HANDLERS: Record<string, string> = {
  'shapes.py': `
import functools

def _tag(prefix, event, context):
    return prefix + type(event).__name__

def _plain(event, context):
    return "static"

partial = functools.partial(_tag, "partial:")
raw_static = staticmethod(_plain)
raw_class = classmethod(_plain)
lam = lambda event, context: "lambda"
builtin = len

class Holder:
    @staticmethod
    def static(event, context):
        return "static"
`,
  'last_words.py': `
import os, sys

def handler(event, context):
    print("last words")
    sys.stderr.write("on stderr\\n")
    os._exit(3)
`,
  'raising.py': `
class BadStr(Exception):
    def __str__(self):
        return 5

def non_str_args():
    raise ValueError(42, {"k": "ü"})

def no_args():
    raise ValueError()

def key_error():
    raise KeyError("k")

def implicit_context():
    try:
        1 / 0
    except ZeroDivisionError:
        raise LookupError("during handling")

def memory():
    raise MemoryError()

def real_memory():
    return bytearray(1 << 62)

def recursion():
    raise RecursionError("too deep ✓")

def from_exec():
    exec("raise ValueError('from exec')")

def stop_iteration():
    raise StopIteration(7)

def pick(event, context):
    return globals()[event["case"]]()

def str_not_str(event, context):
    raise BadStr()

def generator_exit(event, context):
    raise GeneratorExit()

def exit3(event, context):
    import sys
    sys.exit(3)
`,
  'values.py': `
class WithDict:
    def __init__(self):
        self.a = 1

VALUES = {
    "keys": {1: "a", 2.5: "b", False: "c", None: "d", 10**20: "e", float("nan"): "f"},
    "specials": [float("nan"), float("-inf"), float("inf"), -0.0, 1e300],
    "with_dict": WithDict(),
    "circular": [],
}
VALUES["circular"].append(VALUES["circular"])

def pick(event, context):
    return VALUES[event]
`,
  'src/app.py': 'def handler(event, context):\n    return __name__\n',
  'my-func.py': 'def handler(event, context):\n    return __name__\n',
  'my-dir/app.py': 'def handler(event, context):\n    return __name__\n',
  'init_import_error.py': 'raise ImportError("модуль недоступен")\n',
  'init_exit.py': 'import sys\nsys.exit()\n',
  'init_exit_text.py': 'import sys\nsys.exit("stopping ✓")\n',
  'init_exit2.py': 'import sys\nsys.exit(2)\n',
  'init_os_exit.py': 'import os\nos._exit(4)\n',
  'init_interrupt.py': 'raise KeyboardInterrupt\n',
  'init_memory.py': 'raise MemoryError\n',
  'echo.py': 'def handler(event, context):\n    return [type(event).__name__, event]\n',
  'ctx.py': `
import time
_kept = []

def keep(event, context):
    if not _kept:
        _kept.append(context)
        # The next invocation starts this much before the first one's deadline, and waits for it.
        time.sleep(0.5)
        return "kept"
    old = _kept[0]
    while old.get_remaining_time_in_millis() > 0:
        time.sleep(0.01)
    return [old.get_remaining_time_in_millis(), old.aws_request_id != context.aws_request_id, old.function_name,
            repr(old.identity), old.client_context, old.w3c()]
`,
  'deep.py': `
def nest(event, context):
    top = level = [] if event["kind"] == "list" else {}
    for _ in range(event["depth"] - 1):
        if event["kind"] == "list":
            level.append([])
            level = level[0]
        else:
            level["a"] = {}
            level = level["a"]
    return top

def depth(event, context):
    n = 0
    while isinstance(event, list) and event:
        event = event[0]
        n += 1
    return n
`,
};

const harness = parityHarness(HANDLERS);
beforeAll(() => harness.setUp());
afterAll(() => harness.tearDown());
const { both, bothResults } = harness;

const error = (payload: string) => JSON.parse(payload);
const atRoot = (text: string) => text.replaceAll(harness.root, '<root>');
const exited = (reason: string) => ({
  errorType: 'Runtime.ExitError', payload: `{"errorType":"Runtime.ExitError","errorMessage":"RequestId: <id> Error: Runtime exited ${reason}"}`,
});

describe('handlers that are not plain functions', () => {
  it.each([
    ['shapes.partial', '"partial:dict"'],
    // A staticmethod object is callable from Python 3.10 on.
    ['shapes.raw_static', '"static"'],
    ['shapes.lam', '"lambda"'],
  ])('%s', async (handler, payload) => {
    expect((await both({ handler }))).toEqual({ results: [{ payload, errorType: undefined }], lines: [] });
  });

  it('a class\'s method cannot be named: the part before the last dot is a module', async () => {
    const { results } = await both({ handler: 'shapes.Holder.static' });
    expect(results.map((r) => [r.errorType, error(r.payload)])).toEqual([['Runtime.ImportModuleError', {
      errorMessage: "Unable to import module 'shapes.Holder': No module named 'shapes.Holder'; 'shapes' is not a package",
      errorType: 'Runtime.ImportModuleError', requestId: '', stackTrace: [],
    }]]);
  });

  it.each([
    ['shapes.raw_class', "'classmethod' object is not callable"],
    ['shapes.builtin', 'len() takes exactly one argument (2 given)'],
  ])('%s fails in the call itself: the runtime\'s own frame is the stack trace', async (handler, errorMessage) => {
    const [ours, official] = await underBoth(harness, { handler });
    for (const out of [ours, official]) {
      expect(out.results.map((r) => r.errorType)).toEqual(['TypeError']);
      const doc = error(out.results[0]!.payload);
      expect(doc).toMatchObject({ errorType: 'TypeError', errorMessage, requestId: '<id>' });
      expect(doc.stackTrace).toEqual([expect.stringMatching(/^ {2}File ".*", line \d+, in \w+\n {4}\w+ = \w+\(event, \w+\)\n$/)]);
    }
  });
});

describe('exceptions', () => {
  // The function raising, its error type and message, the line that raised, and whether exec() ran it.
  const cases: RaisedRow[] = [
    ['non_str_args', 'ValueError', "(42, {'k': 'ü'})", 'raise ValueError(42, {"k": "ü"})'],
    ['no_args', 'ValueError', '', 'raise ValueError()'],
    ['key_error', 'KeyError', "'k'", 'raise KeyError("k")'],
    // The exception being handled when it was raised (its __context__) is not in the trace.
    ['implicit_context', 'LookupError', 'during handling', 'raise LookupError("during handling")'],
    // MemoryError and RecursionError are Exceptions: reported as any other, the runtime lives on.
    ['memory', 'MemoryError', '', 'raise MemoryError()'],
    ['real_memory', 'MemoryError', '', 'return bytearray(1 << 62)'],
    ['recursion', 'RecursionError', 'too deep ✓', 'raise RecursionError("too deep ✓")'],
    ['from_exec', 'ValueError', 'from exec', 'exec("raise ValueError(\'from exec\')")', true],
    ['stop_iteration', 'StopIteration', '7', 'raise StopIteration(7)'],
  ];

  it('each as its error document and its log line, one environment for all', async () => {
    const { results, lines } = await both({ handler: 'raising.pick' }, cases.map(([name]) => ({ payload: JSON.stringify({ case: name }) })));
    const frame = frameIn('raising.py', HANDLERS['raising.py']!);
    const expected = raisedDocs(cases, frame, frame('return globals()[event["case"]]()', 'pick'));
    expect(results.map((r) => [r.errorType, JSON.parse(atRoot(r.payload))])).toEqual(expected.map((doc) => [doc.errorType, doc]));
    expect(lines.map(atRoot)).toEqual(expected.map(errorLogLine));
  });

  it.each([
    // A str() that raises, in the runtime's own except clause; GeneratorExit is no Exception: both end the runtime.
    ['raising.str_not_str', 'with error: exit status 1'],
    ['raising.generator_exit', 'with error: exit status 1'],
    ['raising.exit3', 'with error: exit status 3'],
  ])('%s ends the runtime', async (handler, reason) => {
    expect(await bothResults({ handler })).toEqual([exited(reason)]);
  });
});

describe('a runtime that exits', () => {
  it('right after it wrote: its last lines are the invocation\'s, with ten at once (its exit could overtake them)', async () => {
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => both({ handler: 'last_words.handler' })));
    expect(outcomes.map(({ results, lines }) => [results, [...lines].sort()])).toEqual(
      Array.from({ length: 10 }, () => [[exited('with error: exit status 3')], ['last words', 'on stderr']]),
    );
  });
});

describe('results', () => {
  it('dict keys that are not str, NaN and infinities, objects and cycles, one environment for all', async () => {
    const { results } = await both({ handler: 'values.pick' }, ['"keys"', '"specials"', '"with_dict"', '"circular"'].map((payload) => ({ payload })));
    const marshalError = (reason: string) => [
      'Runtime.MarshalError', { errorMessage: `Unable to marshal response: ${reason}`, errorType: 'Runtime.MarshalError', requestId: '<id>', stackTrace: [] },
    ];
    expect(results.map((r) => (r.errorType ? [r.errorType, error(r.payload)] : r.payload))).toEqual([
      '{"1": "a", "2.5": "b", "false": "c", "null": "d", "100000000000000000000": "e", "NaN": "f"}',
      '[NaN, -Infinity, Infinity, -0.0, 1e+300]',
      marshalError('Object of type WithDict is not JSON serializable'),
      marshalError('Circular reference detected'),
    ]);
  });
});

describe('the handler\'s module path', () => {
  it.each([
    // A directory without __init__.py is a namespace package; a dash, not an identifier, still imports.
    ['src/app.handler', '"src.app"'],
    ['src.app.handler', '"src.app"'],
    ['my-func.handler', '"my-func"'],
    ['my-dir/app.handler', '"my-dir.app"'],
  ])('%s', async (handler, payload) => {
    expect(await both({ handler })).toEqual({ results: [{ payload, errorType: undefined }], lines: [] });
  });

  it.each([
    ['src/.handler', 'Runtime.ImportModuleError', "Unable to import module 'src/': No module named 'src.'"],
    ['shapes.', 'Runtime.HandlerNotFound', "Handler '' missing on module 'shapes'"],
    ['init_import_error.handler', 'Runtime.ImportModuleError', "Unable to import module 'init_import_error': модуль недоступен"],
  ])('%s -> %s', async (handler, errorType, errorMessage) => {
    // python3.11: the init error's JSON is ASCII (\\u escapes), posted as it is.
    const { results, lines } = await both({ handler, runtime: 'python3.11' });
    expect(results.map((r) => [r.errorType, error(r.payload)])).toEqual([[errorType, { errorMessage, errorType, requestId: '', stackTrace: [] }]]);
    // Init is tried again at the invocation (Lambda's suppressed init), and fails again.
    const init = [expect.stringMatching(/^\[WARNING\]\t<time>\t\tLAMBDA_WARNING: Unhandled exception\. /), `[ERROR] ${errorType}: ${errorMessage}\rTraceback (most recent call last):`];
    expect(lines).toEqual([...init, ...init]);
  });

  it.each([
    ['.handler', 'ValueError', 'Empty module name'],
    ['../x.handler', 'TypeError', "the 'package' argument is required to perform a relative import for '...x'"],
    ['.', 'ValueError', 'Empty module name'],
    ['/x.handler', 'TypeError', "the 'package' argument is required to perform a relative import for '.x'"],
  ])('%s: importlib refuses the name with its own exception, and its frames', async (handler, errorType, errorMessage) => {
    const { results } = await both({ handler });
    expect(results.map((r) => r.errorType)).toEqual([errorType]);
    expect(error(results[0]!.payload)).toMatchObject({ errorType, errorMessage, requestId: '' });
    expect(error(results[0]!.payload).stackTrace[0]).toMatch(/importlib\/__init__\.py", line \d+, in import_module\n/);
  });

  it('an import error in letters beyond Latin-1 ends the runtime from python3.12 on, as any init error does', async () => {
    expect(await bothResults({ handler: 'init_import_error.handler', runtime: 'python3.12' })).toEqual([exited('with error: exit status 1')]);
  });
});

describe('a module that ends the process at import', () => {
  it.each([
    ['init_exit.handler', 'without providing a reason', []],
    // Init is tried again at the invocation (Lambda's suppressed init), which exits the same way.
    ['init_exit_text.handler', 'with error: exit status 1', ['stopping ✓', 'stopping ✓']],
    ['init_exit2.handler', 'with error: exit status 2', []],
    ['init_os_exit.handler', 'with error: exit status 4', []],
  ])('%s', async (handler, reason, lines) => {
    expect(await both({ handler })).toEqual({ results: [exited(reason)], lines });
  });

  it('KeyboardInterrupt at import: the runtime dies of SIGINT', async () => {
    expect(await bothResults({ handler: 'init_interrupt.handler' })).toEqual([exited('with error: signal: interrupt')]);
  });

  it('MemoryError at import is an init error like any other', async () => {
    const { results } = await both({ handler: 'init_memory.handler' });
    expect(results.map((r) => r.errorType)).toEqual(['MemoryError']);
    expect(error(atRoot(results[0]!.payload)).stackTrace.at(-1)).toBe('  File "<root>/init_memory.py", line 1, in <module>\n    raise MemoryError\n');
  });
});

describe('events that are not objects', () => {
  it('reach the handler as the value they are, one environment for all', async () => {
    const events = ['[1, "a"]', '"text"', '42', '-1.5e3', 'null', 'true', '1e400', '123456789012345678901234567890', '{"a": 1, "a": 2}'];
    const { results } = await both({ handler: 'echo.handler' }, events.map((payload) => ({ payload })));
    expect(results.map((r) => r.payload)).toEqual([
      '["list", [1, "a"]]', '["str", "text"]', '["int", 42]', '["float", -1500.0]', '["NoneType", null]', '["bool", true]',
      // Too large a float is infinite, which the result writes as Infinity; the last duplicate key wins.
      '["float", Infinity]', '["int", 123456789012345678901234567890]', '["dict", {"a": 2}]',
    ]);
  });
});

describe('the context', () => {
  it('kept past its deadline: no time remains, its fields stay', async () => {
    const { results } = await both({ handler: 'ctx.keep', name: 'keeper', timeout: 2 }, [{}, {}]);
    expect(results).toEqual([
      { payload: '"kept"', errorType: undefined },
      { payload: '[0, true, "keeper", "CognitoIdentity([cognito_identity_id=None,cognito_identity_pool_id=None])", null, {}]', errorType: undefined },
    ]);
  });
});

describe('nesting as deep as the recursion limit allows (Python 3.11, the test venv\'s)', () => {
  // awslambdaric 4.2.2 reads an event and writes a result some frames below the handler's caller, as pylambda's
  // client now does too (pylambda_marshal.py, down1): up to Python 3.11 the depth at which either gives up depends on
  // those frames, and on simplejson calling int() for each integer it reads. Not matched: simplejson's encoder also
  // makes a call for each string, integer or float it writes, so a result with one innermost is refused a level
  // shallower under awslambdaric than under pylambda.
  const depths = [989, 990, 991, 992, 993];

  it.each(['list', 'dict'])('a result of nested %ss', async (kind) => {
    const { results } = await both({ handler: 'deep.nest' }, depths.map((depth) => ({ payload: JSON.stringify({ kind, depth }) })));
    expect(results.map((r) => r.errorType ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'Runtime.MarshalError', 'Runtime.MarshalError']);
    expect(error(results[3]!.payload).errorMessage).toBe('Unable to marshal response: maximum recursion depth exceeded while encoding a JSON object');
  });

  it.each<[string, string, string[]]>([
    ['an integer', '1', ['989', 'while calling a Python object', 'while decoding a JSON array from a string']],
    ['a string', '"s"', ['989', '990', 'while decoding a JSON array from a string']],
  ])('an event of nested arrays around %s', async (_name, innermost, outcomes) => {
    const events = depths.slice(0, 3).map((depth) => ({ payload: `${'['.repeat(depth)}${innermost}${']'.repeat(depth)}` }));
    const { results } = await both({ handler: 'deep.depth' }, events);
    expect(results.map((r) => (r.errorType ? error(r.payload).errorMessage.replace('Unable to unmarshal input: maximum recursion depth exceeded ', '') : r.payload))).toEqual(outcomes);
  });
});
