import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionModel } from '../../src/core/model/project.js';
import { parityHarness } from '../parity.js';

/**
 * More of runtime-parity.test.ts: the same handlers under pylambda's runtime client and under awslambdaric,
 * here the corners (what simplejson writes and reads that the standard library does not, the context's
 * fields, handlers that are not functions, exits, log records from threads and libraries).
 */

const HANDLERS: Record<string, string> = {
  'results.py': `
import base64, collections, datetime, decimal

class Row:
    def _asdict(self):
        return {"id": 7}

class Price(decimal.Decimal):
    pass

class Opaque:
    pass

def b64_body(event, context):
    return {"statusCode": 200, "body": base64.b64encode(b"hi"), "isBase64Encoded": True}

def bytes_key(event, context):
    return {b"k": [b"v"]}

def bytes_not_utf8(event, context):
    return {"b": b"\\xff"}

def asdict_object(event, context):
    return [Row()]

def decimal_subclass(event, context):
    return {"price": Price("19.90")}

def as_tuple(event, context):
    return (1, "a", (2, 3))

def as_set(event, context):
    return {1}

def as_datetime(event, context):
    return {"at": datetime.datetime(2020, 1, 1)}

def as_generator(event, context):
    return (i for i in range(3))

def as_object(event, context):
    return Opaque()

def too_deep(event, context):
    top = level = {}
    for _ in range(5000):
        level["a"] = level = {}
    return top

def not_utf8(event, context):
    return b"\\xff\\xfe\\x00"

def echo(event, context):
    return event
`,
  'ctx.py': `
def fields(event, context):
    return {"vars": list(vars(context)), "w3c": context.w3c(), "custom": context.client_context and context.client_context.custom,
            "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
            "types": [type(context.memory_limit_in_mb).__name__, type(context.get_remaining_time_in_millis()).__name__]}
`,
  'oddities.py': `
import sys, threading, time, logging

class Handler:
    def method(self, event, context):
        return "method"

    def __call__(self, event, context):
        return "instance"

instance = Handler()
bound = instance.method
not_callable = 5

async def coroutine(event, context):
    return "never awaited"

class BadStr(Exception):
    def __str__(self):
        raise RuntimeError("no str")

class Base(BaseException):
    pass

def bad_str(event, context):
    raise BadStr()

def exit0(event, context):
    sys.exit(0)

def exit_text(event, context):
    sys.exit("bye")

def interrupt(event, context):
    raise KeyboardInterrupt()

def base_exception(event, context):
    raise Base("base")

def chained(event, context):
    try:
        {}["key"]
    except KeyError as e:
        raise ValueError("outer ünïcode ✓ 🐍") from e

def log_classes(event, context):
    handlers = logging.getLogger().handlers
    return [type(h).__name__ for h in handlers] + [type(f).__name__ for h in handlers for f in h.filters]

def partial_lines(event, context):
    print("out without newline", end="")
    sys.stderr.write("err without newline")
    return "ok"

def thread_logs(event, context):
    def later():
        time.sleep(0.3)
        logging.getLogger().warning("from a thread")
        # One write per line: print() writes the text and its newline apart, and the two invocations' threads,
        # running at once on a loaded machine, joined their lines ("thread print[WARNING] ...").
        sys.stdout.write("thread print\\n")
    threading.Thread(target=later).start()
    return "ok"
`,
  'level_from_code.py': `
import os
os.environ["AWS_LAMBDA_LOG_LEVEL"] = "ERROR"
import logging

def handler(event, context):
    logging.warning("warning")
    logging.error("error")
    return logging.getLevelName(logging.getLogger().level)
`,
  'json_logs.py': `
import datetime, logging
log = logging.getLogger("app")

def handler(event, context):
    log.error("extra", extra={"orderId": "o1", "when": datetime.datetime(2020, 1, 1), "items": [1, {2}]})
    log.log(25, "custom level")
    logging.getLogger().info({"dict": "message"})
    try:
        1 / 0
    except ZeroDivisionError:
        log.exception("boom %s", "x")
    return "ok"
`,
  'powertools_logs.py': `
from aws_lambda_powertools import Logger
logger = Logger(service="svc")

@logger.inject_lambda_context
def handler(event, context):
    logger.info("hello", extra={"k": 1})
    try:
        1 / 0
    except ZeroDivisionError:
        logger.exception("oops")
    return "ok"
`,
  'sidefx/__init__.py': 'print("package init")\nimport logging\nlogging.getLogger().warning("package warning")\n',
  'sidefx/sub/__init__.py': '',
  'sidefx/sub/mod.py': 'def handler(event, context):\n    return "nested"\n',
};

const harness = parityHarness(HANDLERS);
beforeAll(() => harness.setUp());
afterAll(() => harness.tearDown());
const { run, both, bothResults } = harness;

const error = (payload: string) => JSON.parse(payload);

describe('results awslambdaric\'s simplejson writes and the standard library would not', () => {
  it.each([
    // base64.b64encode gives bytes: simplejson (encoding='utf-8') writes them as the text they hold.
    ['results.b64_body', '{"statusCode": 200, "body": "aGk=", "isBase64Encoded": true}'],
    ['results.bytes_key', '{"k": ["v"]}'],
    // namedtuple_as_object: an object with _asdict() is written as that dict.
    ['results.asdict_object', '[{"id": 7}]'],
    ['results.decimal_subclass', '{"price": 19.90}'],
    ['results.as_tuple', '[1, "a", [2, 3]]'],
  ])('%s', async (handler, expected) => {
    expect((await both({ handler }))).toMatchObject({ results: [{ payload: expected, errorType: undefined }] });
  });

  it.each([
    ['results.bytes_not_utf8', "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"],
    ['results.as_set', 'Object of type set is not JSON serializable'],
    ['results.as_datetime', 'Object of type datetime is not JSON serializable'],
    ['results.as_generator', 'Object of type generator is not JSON serializable'],
    ['results.as_object', 'Object of type Opaque is not JSON serializable'],
    ['results.too_deep', 'maximum recursion depth exceeded while encoding a JSON object'],
  ])('%s cannot be marshalled', async (handler, message) => {
    const { results: [result] } = await both({ handler });
    expect(error(result!.payload)).toEqual({ errorMessage: `Unable to marshal response: ${message}`, errorType: 'Runtime.MarshalError', requestId: '<id>', stackTrace: [] });
  });

  it('bytes that are not UTF-8, returned alone, go out raw', async () => {
    await both({ handler: 'results.not_utf8' });
  });
});

describe('events as simplejson reads them', () => {
  it.each<[string, Buffer, string]>([
    // simplejson >= 3.19 (awslambdaric needs >= 3.20.1) refuses NaN and Infinity.
    ['NaN', Buffer.from('{"a": [1, NaN]}'), 'Expecting value: line 1 column 11 (char 10)'],
    ['-Infinity', Buffer.from('{"s": "NaN", "b": -Infinity}'), 'Expecting value: line 1 column 19 (char 18)'],
    // UTF-8 only: no guess at UTF-16, no lone surrogates.
    ['UTF-16', Buffer.from('\ufeff{"a": 1}', 'utf16le'), "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"],
    ['a lone surrogate', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), "'utf-8' codec can't decode byte 0xed in position 1: invalid continuation byte"],
  ])('%s is refused', async (_name, event, message) => {
    const { results: [result] } = await both({ handler: 'results.echo' }, [{ payload: event }]);
    expect(error(result!.payload)).toEqual({ errorMessage: `Unable to unmarshal input: ${message}`, errorType: 'Runtime.UnmarshalError', requestId: '<id>', stackTrace: [] });
  });

  it('a UTF-8 byte order mark is skipped', async () => {
    expect((await both({ handler: 'results.echo' }, [{ payload: Buffer.from('\ufeff {"a": "é"} ') }])).results[0]!.payload).toBe('{"a": "é"}');
  });
});

describe('the context', () => {
  it('has the same instance fields, and the W3C trace context moved out of client_context into w3c()', async () => {
    const clientContext = JSON.stringify({ custom: { a: 1 }, w3c: { traceparent: '00-abc-def-01', tracestate: 5, other: 'x' } });
    const cognitoIdentity = JSON.stringify({ cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' });
    const { results: [result] } = await both({ handler: 'ctx.fields' }, [{ clientContext, cognitoIdentity }]);
    expect(JSON.parse(result!.payload)).toEqual({
      vars: ['aws_request_id', 'log_group_name', 'log_stream_name', 'function_name', 'memory_limit_in_mb', 'function_version',
        'invoked_function_arn', 'tenant_id', '_w3c_fields', 'client_context', 'identity', '_epoch_deadline_time_in_ms'],
      w3c: { traceparent: '00-abc-def-01' }, custom: { a: 1 }, identity: ['id-1', 'pool-1'], types: ['str', 'int'],
    });
  });

  it('w3c() is empty without a client context', async () => {
    expect(JSON.parse((await both({ handler: 'ctx.fields' })).results[0]!.payload)).toMatchObject({ w3c: {}, custom: null });
  });
});

describe('handlers that are not plain functions', () => {
  it.each([['oddities.bound', '"method"'], ['oddities.instance', '"instance"'], ['sidefx.sub.mod.handler', '"nested"'], ['sidefx/sub/mod.handler', '"nested"']])('%s', async (handler, payload) => {
    expect((await both({ handler })).results[0]!.payload).toBe(payload);
  });

  it('a module attribute that is not callable: the runtime\'s own frame is the whole stack trace', async () => {
    const [ours, official] = await Promise.all([run('pylambda', { handler: 'oddities.not_callable' }, [{}], 0), run('awslambdaric', { handler: 'oddities.not_callable' }, [{}], 0)]);
    for (const out of [ours, official]) {
      const doc = error(out.results[0]!.payload);
      expect(doc).toMatchObject({ errorType: 'TypeError', errorMessage: "'int' object is not callable", requestId: '<id>' });
      expect(doc.stackTrace).toHaveLength(1);
      expect(doc.stackTrace[0]).toMatch(/^ {2}File ".*", line \d+, in \w+\n {4}\w+ = \w+\(event, \w+\)\n$/);
    }
  });

  it('an async def handler returns a coroutine, which cannot be marshalled', async () => {
    // Python warns, on stderr, that the coroutine was never awaited when it is collected: when is up to the collector.
    const [result] = await bothResults({ handler: 'oddities.coroutine' });
    expect(error(result!.payload)).toMatchObject({ errorType: 'Runtime.MarshalError', errorMessage: 'Unable to marshal response: Object of type coroutine is not JSON serializable' });
  });
});

describe('exceptions and exits', () => {
  it('a chained exception with a non-ASCII message: the outer one, with its own frames', async () => {
    const { results: [result], lines } = await both({ handler: 'oddities.chained' });
    expect(error(result!.payload)).toMatchObject({ errorType: 'ValueError', errorMessage: 'outer ünïcode ✓ 🐍', stackTrace: [expect.stringMatching(/in chained\n/)] });
    expect(lines[0]).toMatch(/^\[ERROR\] ValueError: outer ünïcode ✓ 🐍\rTraceback/);
  });

  it.each([
    // Neither client catches what is not an Exception, nor survives an exception whose str() raises.
    ['oddities.exit0', 'Runtime exited without providing a reason'],
    ['oddities.exit_text', 'Runtime exited with error: exit status 1'],
    ['oddities.interrupt', 'Runtime exited with error: signal: interrupt'],
    ['oddities.base_exception', 'Runtime exited with error: exit status 1'],
    ['oddities.bad_str', 'Runtime exited with error: exit status 1'],
  ])('%s ends the runtime', async (handler, message) => {
    const [result] = await bothResults({ handler });
    expect(result!.errorType).toBe('Runtime.ExitError');
    expect(error(result!.payload).errorMessage).toBe(`RequestId: <id> Error: ${message}`);
  });
});

describe('output', () => {
  it('stdout and stderr without a final newline', async () => {
    expect((await both({ handler: 'oddities.partial_lines' })).lines).toEqual(['out without newline', 'err without newline']);
  });

  it('a thread that logs after the handler returned (--no-freeze): the request id is still the last one', async () => {
    // The threads' lines interleave with each other as the scheduler has it (a loaded machine reorders them), so
    // the two runtimes are compared on the lines they wrote, not on their order. Frozen, as on Lambda, the threads
    // would write nothing until a next invocation (freeze.test.ts).
    const fn = { handler: 'oddities.thread_logs' };
    const unfrozen = { freeze: false };
    // Each thread's two lines are waited for, not a time that a loaded machine's threads may take longer than.
    const written = (texts: readonly string[]) => texts.filter((t) => t.endsWith('\tfrom a thread')).length === 2 && texts.filter((t) => t === 'thread print').length === 2;
    const [ours, official] = await Promise.all([run('pylambda', fn, [{}, {}], written, unfrozen), run('awslambdaric', fn, [{}, {}], written, unfrozen)]);
    expect(ours.results).toEqual(official.results);
    expect([...ours.lines].sort()).toEqual([...official.lines].sort());
    expect(ours.lines).toContain('[WARNING]\t<time>\t<id>\tfrom a thread');
  });

  it('AWS_LAMBDA_LOG_LEVEL is read at start: the handler module setting it before `import logging` changes nothing', async () => {
    const { results: [result], lines } = await both({ handler: 'level_from_code.handler', logFormat: 'JSON' });
    expect(result!.payload).toBe('"WARNING"');
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['warning', 'error']);
  });

  it('JSON records with extras that are not JSON, custom levels, dict messages and exceptions', async () => {
    const { lines } = await both({ handler: 'json_logs.handler', logFormat: 'JSON', logLevel: 'DEBUG' });
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { level: 'ERROR', message: 'extra', orderId: 'o1', when: '2020-01-01 00:00:00', items: [1, '{2}'] },
      // Level 25 is written as INFO: levels are rounded down to a tens.
      { level: 'INFO', message: 'custom level' },
      { level: 'INFO', message: { dict: 'message' } },
      { level: 'ERROR', message: 'boom x', errorType: 'ZeroDivisionError', errorMessage: 'division by zero' },
    ]);
  });

  it.each(['Text', 'JSON'] as const)('aws-lambda-powertools Logger, %s format', async (logFormat) => {
    const { lines } = await both({ handler: 'powertools_logs.handler', logFormat });
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([{ message: 'hello', k: 1, function_request_id: '<id>' }, { message: 'oops', exception_name: 'ZeroDivisionError' }]);
  });

  it.each<[Partial<FunctionModel>, string]>([[{}, 'LambdaLoggerHandler'], [{ logFormat: 'JSON' }, 'LambdaLoggerHandlerWithFrameType']])(
    'the root logger\'s handler has awslambdaric\'s class name (%o), which code checks before replacing its formatter',
    async (settings, name) => {
      expect(JSON.parse((await both({ handler: 'oddities.log_classes', ...settings })).results[0]!.payload)).toEqual([name, 'LambdaLoggerFilter']);
    },
  );

  it('a package\'s __init__ runs, and logs, before the handler\'s module', async () => {
    expect((await both({ handler: 'sidefx.sub.mod.handler' })).lines).toEqual(['package init', '[WARNING]\t<time>\t\tpackage warning']);
  });
});
