import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionModel } from '../../src/core/model/project.js';
import { parityHarness, underBoth } from '../parity.js';

/**
 * More of runtime-parity*.test.ts: the same handlers under pylambda's runtime client and under awslambdaric (4.2.2,
 * the test venv's), here what a function does to the logging the runtime set up (basicConfig, levels, handlers of
 * its own, extras, exceptions in the JSON format), lines Lambda would split or keep whole, and what
 * AWS_LAMBDA_LOG_LEVEL lets through.
 */

const HANDLERS: Record<string, string> = {
  'basic.py': `
import logging
# The root logger has the runtime's handler already: basicConfig does nothing, not even set the level.
logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(message)s")

def handler(event, context):
    logging.debug("debug after basicConfig")
    logging.info("info after basicConfig")
    return [logging.getLevelName(logging.getLogger().level), [type(h).__name__ for h in logging.getLogger().handlers]]
`,
  'forced.py': `
import logging, sys
logging.basicConfig(level=logging.INFO, format="%(levelname)s|%(name)s|%(message)s", force=True, stream=sys.stdout)

def handler(event, context):
    logging.info("info after force")
    logging.getLogger("x").warning("warn ✓")
    return [type(h).__name__ for h in logging.getLogger().handlers]
`,
  'levels.py': `
import logging
root = logging.getLogger()

def handler(event, context):
    before = root.level
    root.setLevel(logging.DEBUG)
    logging.debug("now debug")
    root.setLevel("ERROR")
    logging.warning("hidden warning")
    logging.error("shown error")
    root.setLevel(before)
    return logging.getLevelName(before)
`,
  'own_handler.py': `
import logging, sys
log = logging.getLogger("app")
stream = logging.StreamHandler(sys.stdout)
stream.setFormatter(logging.Formatter("mine: %(levelname)s %(message)s %(aws_request_id)s"))
logging.getLogger().addHandler(stream)

def handler(event, context):
    log.warning("twice")
    log.info("hidden info")
    return "ok"
`,
  'text_records.py': `
import logging
log = logging.getLogger("app")
log.setLevel(logging.INFO)

def handler(event, context):
    log.info("text extra", extra={"orderId": "o1"})
    try:
        {}["k"]
    except KeyError:
        log.exception("failed ✓")
    print("next")
    return "ok"
`,
  'json_records.py': `
import logging
log = logging.getLogger()

class Boom(Exception):
    pass

def inner():
    raise Boom("inner ✓")

def handler(event, context):
    try:
        inner()
    except Boom:
        log.exception("caught %d", 1)
    try:
        inner()
    except Boom as e:
        log.warning("exc_info given", exc_info=e)
    log.warning("clashing extras", extra={"location": "mine", "requestId": "mine", "level": "mine", "logger": "mine"})
    return "ok"

def no_exception(event, context):
    log.warning("no exception", exc_info=True)
`,
  'prints.py': `
import sys

def handler(event, context):
    print("carriage\\rreturn")
    print("nul\\x00byte")
    print("crlf line\\r\\nnext")
    print("x" * 300000)
    print("tab\\tand \\u2028 separator")
    sys.stdout.write("no newline then ")
    sys.stdout.flush()
    print("rest")
    return "ok"
`,
  'levels_env.py': `
import logging, sys
log = logging.getLogger()

def handler(event, context):
    print("plain print")
    print('{"level": "ERROR", "timestamp": "2020-01-01T00:00:00Z", "message": "json print"}')
    sys.stderr.write("stderr line\\n")
    log.info("info")
    log.warning("warning")
    log.error("error")
    log.critical("critical")
    return [logging.getLevelName(log.level), [type(h).__name__ for h in log.handlers]]
`,
  'streams.py': `
import io, sys
print(type(sys.stdout).__name__, "at import")

def handler(event, context):
    with sys.stdout:
        pass
    sys.stdout.buffer.write(b"raw bytes, ")
    print("then text")
    return [type(sys.stdout).__name__, type(sys.stderr).__name__, isinstance(sys.stdout, io.TextIOBase), sys.stdout.write(""),
            sys.stdout.closed, type(sys.stdout.buffer).__name__, sys.stdout.write_through]
`,
  'ctx_log.py': `
def handler(event, context):
    context.log("via context.log\\n")
    context.log(42)
    return "ok"
`,
};

const harness = parityHarness(HANDLERS);
beforeAll(() => harness.setUp());
afterAll(() => harness.tearDown());
const { both } = harness;

const ok = (payload: string) => [{ payload, errorType: undefined }];
const atRoot = (text: string) => text.replaceAll(harness.root, '<root>');
const lineOf = (file: string, code: string) => HANDLERS[file]!.split('\n').findIndex((l) => l.trim() === code) + 1;
const frame = (file: string, fn: string, code: string) => `  File "<root>/${file}", line ${lineOf(file, code)}, in ${fn}\n    ${code}\n`;

describe('the root logger as the function changes it', () => {
  it.each<[Partial<FunctionModel>, string]>([[{}, 'LambdaLoggerHandler'], [{ logFormat: 'JSON' }, 'LambdaLoggerHandlerWithFrameType']])(
    'basicConfig at import changes nothing (%o)',
    async (settings, handlerClass) => {
      expect(await both({ handler: 'basic.handler', ...settings })).toEqual({ results: ok(`["WARNING", ["${handlerClass}"]]`), lines: [] });
    },
  );

  it.each<[Partial<FunctionModel>]>([[{}], [{ logFormat: 'JSON' }]])('basicConfig(force=True) puts its own handler in the runtime\'s place (%o)', async (settings) => {
    expect(await both({ handler: 'forced.handler', ...settings })).toEqual({ results: ok('["StreamHandler"]'), lines: ['INFO|root|info after force', 'WARNING|x|warn ✓'] });
  });

  it('setLevel lets through, or holds back, what the runtime\'s handler writes', async () => {
    expect(await both({ handler: 'levels.handler' })).toEqual({
      results: ok('"WARNING"'), lines: ['[DEBUG]\t<time>\t<id>\tnow debug', '[ERROR]\t<time>\t<id>\tshown error'],
    });
  });

  it('with AWS_LAMBDA_LOG_LEVEL=INFO the root logger starts at INFO, and Lambda drops the DEBUG record the code let through', async () => {
    expect(await both({ handler: 'levels.handler', logFormat: 'JSON', logLevel: 'INFO' })).toEqual({
      results: ok('"INFO"'), lines: ['{"timestamp": "<time>", "level": "ERROR", "message": "shown error", "logger": "root", "requestId": "<id>"}'],
    });
  });

  it.each<[Partial<FunctionModel>, string]>([
    [{}, '[WARNING]\t<time>\t<id>\ttwice'],
    [{ logFormat: 'JSON' }, '{"timestamp": "<time>", "level": "WARNING", "message": "twice", "logger": "app", "requestId": "<id>"}'],
  ])('a handler the function adds writes each record too, with the request id the runtime\'s filter set (%o)', async (settings, runtimeLine) => {
    expect(await both({ handler: 'own_handler.handler', ...settings })).toEqual({ results: ok('"ok"'), lines: [runtimeLine, 'mine: WARNING twice <id>'] });
  });
});

describe('records', () => {
  it('Text: extras are not written, and an exception\'s traceback ends without a newline, so the next line joins it', async () => {
    const { results, lines } = await both({ handler: 'text_records.handler' });
    expect(results).toEqual(ok('"ok"'));
    expect(lines.map(atRoot)).toEqual([
      '[INFO]\t<time>\t<id>\ttext extra',
      '[ERROR]\t<time>\t<id>\tfailed ✓',
      'Traceback (most recent call last):',
      ...frame('text_records.py', 'handler', '{}["k"]').trimEnd().split('\n'),
      '    ~~^^^^^',
      "KeyError: 'k'next",
    ]);
  });

  it('JSON: an exception\'s stackTrace, errorType, errorMessage and location; extras never replace the record\'s own fields', async () => {
    const { results, lines } = await both({ handler: 'json_records.handler', logFormat: 'JSON' });
    expect(results).toEqual(ok('"ok"'));
    const file = 'json_records.py';
    const source = HANDLERS[file]!.split('\n');
    const [first, second] = source.flatMap((l, i) => (l.trim() === 'inner()' ? [i + 1] : []));
    const exception = (level: string, message: string, call: number, logged: string) => ({
      timestamp: '<time>', level, message, logger: 'root',
      stackTrace: [`  File "<root>/${file}", line ${call}, in handler\n    inner()\n`, frame(file, 'inner', 'raise Boom("inner ✓")')],
      errorType: 'Boom', errorMessage: 'inner ✓', requestId: '<id>', location: `<root>/${file}:handler:${lineOf(file, logged)}`,
    });
    expect(lines.map((l) => JSON.parse(atRoot(l)))).toEqual([
      exception('ERROR', 'caught 1', first!, 'log.exception("caught %d", 1)'),
      exception('WARNING', 'exc_info given', second!, 'log.warning("exc_info given", exc_info=e)'),
      // "location" is one of the record's fields, None without an exception and then left out: the extra is lost.
      { timestamp: '<time>', level: 'WARNING', message: 'clashing extras', logger: 'root', requestId: '<id>' },
    ]);
  });

  it('JSON: exc_info=True outside an except clause fails in the runtime\'s formatter, and the handler with it', async () => {
    // awslambdaric 4.2.2's JsonFormatter takes exc_info (None, None, None) for an exception and reads None.__name__.
    const [ours, official] = await underBoth(harness, { handler: 'json_records.no_exception', logFormat: 'JSON' });
    for (const out of [ours, official]) {
      const doc = JSON.parse(atRoot(out.results[0]!.payload));
      expect([out.results[0]!.errorType, doc.errorType, doc.errorMessage, doc.stackTrace[0]]).toEqual([
        'AttributeError', 'AttributeError', "'NoneType' object has no attribute '__name__'", frame('json_records.py', 'no_exception', 'log.warning("no exception", exc_info=True)'),
      ]);
      // The runtimes' own formatter frames end the trace: their files differ.
      expect(doc.stackTrace.at(-1)).toMatch(/(pylambda_logging|lambda_runtime_log_utils)\.py", line \d+, in \w+\n/);
    }
  });

  it('context.log writes what it is given, as it is', async () => {
    for (const logFormat of ['Text', 'JSON'] as const) {
      expect(await both({ handler: 'ctx_log.handler', logFormat })).toEqual({ results: ok('"ok"'), lines: ['via context.log', '42'] });
    }
  });
});

describe('lines', () => {
  it('a CR, a NUL, a separator stay in their line; a line over 256 KB is split there; a write without a newline waits for one', async () => {
    const { results, lines } = await both({ handler: 'prints.handler' });
    expect(results).toEqual(ok('"ok"'));
    expect(lines).toEqual([
      'carriage\rreturn', 'nul\u0000byte', 'crlf line\r', 'next', 'x'.repeat(262144), 'x'.repeat(300000 - 262144), 'tab\tand \u2028 separator', 'no newline then rest',
    ]);
  });

  it('sys.stdout and sys.stderr flush each write themselves, in a process started without -u, from the module\'s import on', async () => {
    // Bytes written to sys.stdout.buffer wait there for the next flush; `with sys.stdout:` does not close it.
    expect(await both({ handler: 'streams.handler' })).toEqual({
      results: ok('["Unbuffered", "Unbuffered", false, null, false, "BufferedWriter", false]'), lines: ['Unbuffered at import', 'raw bytes, then text'],
    });
  });

  it.each<[string, string[]]>([
    // Lambda gives a line that is not a JSON record (a print, stderr) the level INFO: under WARN it is dropped.
    ['WARN', ['WARNING', 'ERROR', 'CRITICAL']],
    ['ERROR', ['ERROR', 'CRITICAL']],
  ])('AWS_LAMBDA_LOG_LEVEL=%s: the root logger\'s level, and what reaches the log', async (logLevel, levels) => {
    const { results, lines } = await both({ handler: 'levels_env.handler', logFormat: 'JSON', logLevel });
    expect(results).toEqual(ok(`["${logLevel === 'WARN' ? 'WARNING' : logLevel}", ["LambdaLoggerHandlerWithFrameType"]]`));
    expect(lines).toEqual([
      '{"level": "ERROR", "timestamp": "<time>", "message": "json print"}',
      ...levels.map((level) => `{"timestamp": "<time>", "level": "${level}", "message": "${level.toLowerCase()}", "logger": "root", "requestId": "<id>"}`),
    ]);
  });
});
