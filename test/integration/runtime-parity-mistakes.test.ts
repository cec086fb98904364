import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parityHarness, underBoth } from '../parity.js';

/**
 * More of runtime-parity*.test.ts: handlers people get wrong, under pylambda's runtime client and under awslambdaric
 * (4.2.2, the test venv's), here what they return and how they are named; runtime-parity-mistakes-errors.test.ts
 * has what they raise and write. The handlers are test/fixtures/handlers/mistakes.py.
 *
 * What awslambdaric does, in its files:
 * - bootstrap.py, handle_event_request: `response = request_handler(event, lambda_context)`, nothing more. It awaits
 *   nothing and iterates nothing: an async def handler's coroutine, a generator function's generator, the instance a
 *   class builds are the result, marshalled as any other (a dict subclass is a dict).
 * - lambda_runtime_marshaller.py, LambdaMarshaller.marshal_response: bytes go out raw; the rest through simplejson
 *   (Encoder, its default() writes a Decimal as its str and NaN Decimal as NaN), whose error becomes
 *   Runtime.MarshalError "Unable to marshal response: <str(e)>" with an empty stackTrace. simplejson writes a tuple as
 *   an array, bytes (in a dict or a list too) as the UTF-8 text they hold, True as a key as "true" (a later 1 takes
 *   its place: True == 1), None as a key as "null", inf as Infinity.
 * - bootstrap.py, _get_handler: `modname, fname = handler.rsplit(".", 1)`, then
 *   importlib.import_module(modname.replace("/", ".")); only ImportError and SyntaxError are turned into Runtime.*
 *   errors, so the ValueError and TypeError importlib raises for an empty or relative name are init errors under
 *   their own class, with importlib's frames. getattr(module, fname) failing is Runtime.HandlerNotFound, with the
 *   name as written (slashes kept).
 *
 * The cases of the brief already pinned elsewhere, not repeated here: a lone surrogate (runtime-parity-corners),
 * dict keys that are int, None, NaN (runtime-parity-handlers, values.pick), a handler attribute that is not
 * callable, an instance with __call__, a bound method (runtime-parity-extra), a functools.partial, a module name with
 * a dash, a trailing dot, a leading dot, a leading slash (runtime-parity-handlers), pkg/sub/mod.fn and pkg.sub.mod.fn
 * (runtime-parity, runtime-parity-extra). Here they come again only where one environment serves a table of them.
 */

const MISTAKES = readFileSync(new URL('../fixtures/handlers/mistakes.py', import.meta.url), 'utf8');
const harness = parityHarness({
  'mistakes.py': MISTAKES,
  'my-mod.py': 'def handler(event, context):\n    return __name__\n',
  'pkg/__init__.py': '',
  'pkg/sub/__init__.py': '',
  'pkg/sub/mod.py': 'def fn(event, context):\n    return __name__\n',
});
beforeAll(() => harness.setUp());
afterAll(() => harness.tearDown());
const { both } = harness;

const error = (payload: string) => JSON.parse(payload);
const marshalError = (reason: string) => ({
  errorType: 'Runtime.MarshalError',
  payload: JSON.stringify({ errorMessage: `Unable to marshal response: ${reason}`, errorType: 'Runtime.MarshalError', requestId: '<id>', stackTrace: [] }).replace(/":/g, '": ').replace(/,"/g, ', "'),
});
const ok = (payload: string) => ({ payload, errorType: undefined });

describe('results, one environment for all', () => {
  // Each row: the function mistakes.pick runs, what goes back.
  const rows: [string, { payload: string; errorType: string | undefined }][] = [
    ['gen_result', marshalError('Object of type generator is not JSON serializable')],
    ['tuple_result', ok('[1, ["a", null], []]')],
    ['set_result', marshalError('Object of type set is not JSON serializable')],
    ['datetime_result', marshalError('Object of type datetime is not JSON serializable')],
    // {1: "a", -2: "b", True: "c"}: True is 1, so the dict holds two keys, the first's place, the last's value.
    ['int_keys', ok('{"1": "c", "-2": "b"}')],
    ['none_key', ok('{"null": 1, "k": null}')],
    ['inf_result', ok('[Infinity, -Infinity]')],
    // A Decimal is written as its str, wherever it is: trailing zeros, -0 and exponents kept.
    ['nested_decimal', ok('[[1.10], {"d": [-0, 1E+400]}]')],
    ['bytes_in_dict', ok('{"body": "hello", "list": ["é"]}')],
    ['bytes_not_text_in_dict', marshalError("'utf-8' codec can't decode byte 0xff in position 0: invalid start byte")],
  ];

  it('as awslambdaric marshals them, and an error leaves the environment serving', async () => {
    const { results, lines } = await both({ handler: 'mistakes.pick' }, rows.map(([name]) => ({ payload: JSON.stringify({ case: name }) })));
    expect(results).toEqual(rows.map(([, expected]) => expected));
    // A marshalling error is logged as any error, with an empty traceback.
    expect(lines).toEqual(rows.filter(([, r]) => r.errorType).map(([, r]) => `[ERROR] Runtime.MarshalError: ${error(r.payload).errorMessage}\rTraceback (most recent call last):`));
  });
});

describe('handlers that are not plain functions', () => {
  it.each([
    ['a generator function: its generator is the result', 'mistakes.generator_handler', marshalError('Object of type generator is not JSON serializable')],
    ['a class: the instance it builds is the result', 'mistakes.ClassHandler', marshalError('Object of type ClassHandler is not JSON serializable')],
    ['a class that is a dict: so is the instance', 'mistakes.DictHandler', ok('{"ok": true, "event": {}}')],
  ])('%s', async (_name, handler, expected) => {
    expect((await both({ handler })).results).toEqual([expected]);
  });

  it('an async def handler: the coroutine is the result, never awaited, and Python says so on stderr', async () => {
    // awslambdaric drops the coroutine once it posted the error (its handle_event_request posts, then returns),
    // pylambda's client just before: the warning may come after the invocation's answer, so it is waited for (its
    // last line; 500 ms could pass first on a loaded machine).
    const [ours, official] = await underBoth(harness, { handler: 'mistakes.async_handler' }, [{}], (texts) => texts.some((t) => t.startsWith('RuntimeWarning: Enable tracemalloc')));
    expect(ours.results).toEqual(official.results);
    expect(ours.results).toEqual([marshalError('Object of type coroutine is not JSON serializable')]);
    // The warning names the runtime's own line that held the result last (the call of its invocation's function),
    // which is bound to differ; what is around it is not.
    const own = (lines: string[]) => lines.map((l) => l.replace(/^\S+\.py:\d+: /, '<runtime>: ')).filter((l) => !/^ {2}\S/.test(l));
    expect(own(ours.lines)).toEqual(own(official.lines));
    expect(own(ours.lines)).toEqual([
      '[ERROR] Runtime.MarshalError: Unable to marshal response: Object of type coroutine is not JSON serializable\rTraceback (most recent call last):',
      "<runtime>: RuntimeWarning: coroutine 'async_handler' was never awaited",
      'RuntimeWarning: Enable tracemalloc to get the object allocation traceback',
    ]);
  });
});

describe('the handler\'s name', () => {
  it.each([
    ['my-mod.handler', '"my-mod"'],
    ['pkg/sub/mod.fn', '"pkg.sub.mod"'],
    ['pkg.sub.mod.fn', '"pkg.sub.mod"'],
    // Slashes and dots mixed: each slash is a dot.
    ['pkg/sub.mod.fn', '"pkg.sub.mod"'],
  ])('%s is found', async (handler, payload) => {
    expect(await both({ handler })).toEqual({ results: [ok(payload)], lines: [] });
  });

  it.each([
    // The last dot splits: what is before it is the module, with a dot or slash of its own kept in the message.
    ['mistakes.pick.', 'Runtime.ImportModuleError', "Unable to import module 'mistakes.pick': No module named 'mistakes.pick'; 'mistakes' is not a package"],
    ['mistakes..pick', 'Runtime.ImportModuleError', "Unable to import module 'mistakes.': No module named 'mistakes.'; 'mistakes' is not a package"],
    ['pkg//sub/mod.fn', 'Runtime.ImportModuleError', "Unable to import module 'pkg//sub/mod': No module named 'pkg.'"],
    ['pkg/sub/mod.', 'Runtime.HandlerNotFound', "Handler '' missing on module 'pkg/sub/mod'"],
    ['pkg.sub.', 'Runtime.HandlerNotFound', "Handler '' missing on module 'pkg.sub'"],
    // The file's name written with its .py; a colon for the dot (gunicorn's module:app); a blank after the name.
    ['mistakes.py.pick', 'Runtime.ImportModuleError', "Unable to import module 'mistakes.py': No module named 'mistakes.py'; 'mistakes' is not a package"],
    ['mistakes:pick', 'Runtime.MalformedHandlerName', "Bad handler 'mistakes:pick': not enough values to unpack (expected 2, got 1)"],
    ['mistakes.pick ', 'Runtime.HandlerNotFound', "Handler 'pick ' missing on module 'mistakes'"],
  ])('%s -> %s', async (handler, errorType, errorMessage) => {
    const { results } = await both({ handler });
    expect(results.map((r) => [r.errorType, error(r.payload)])).toEqual([[errorType, { errorMessage, errorType, requestId: '', stackTrace: [] }]]);
  });
});
