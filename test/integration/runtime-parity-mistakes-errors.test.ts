import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorLogLine, frameIn, parityHarness, raisedDocs, underBoth, type RaisedRow } from '../parity.js';

/**
 * More of runtime-parity-mistakes.test.ts: handlers people get wrong, under pylambda's runtime client and under
 * awslambdaric (4.2.2, the test venv's), here what they raise and what they write (test/fixtures/handlers/mistakes.py).
 *
 * What awslambdaric does, in its files:
 * - bootstrap.py, handle_event_request: `except Exception` only, so what is not an Exception (KeyboardInterrupt,
 *   SystemExit, GeneratorExit) ends the runtime, as does an exception whose __str__ raises (str(value) is called in
 *   that except clause): runtime-parity-extra and runtime-parity-handlers pin those. For the rest, errorType is
 *   etype.__name__ (the bare class name: no module, no enclosing class), errorMessage str(value) (empty for no
 *   arguments, "None" for Exception(None)), stackTrace traceback.format_list of the frames from the first one whose
 *   file is not a /bootstrap.py: the exception's own frames only, never its __cause__ or __context__, and the frames
 *   of the standard library's Python code it went through (json.loads), none for code in C (int("x")).
 * - bootstrap.py, log_error: "[ERROR] <type>: <message>", "Traceback (most recent call last):" and each frame's
 *   lines, their indent as NO-BREAK SPACEs, joined with \r (StandardLogSink.log_error); a \n in the message or the
 *   type still splits the line.
 * - lambda_runtime_client.py: an invocation's error goes through the C extension (runtime_client.post_error),
 *   with no error type header: Lambda reads the body's. An init error goes through http.client (call_rapid) with
 *   the type in Lambda-Runtime-Function-Error-Type: http.client refuses a value with a line break (putheader),
 *   which ends the runtime.
 * - bootstrap.py, Unbuffered: sys.stdout and sys.stderr flush after each write(), and hand all else to the stream
 *   (__getattr__): sys.stdout.buffer is the stream's, what is written to it waits for the next flush.
 */

const MISTAKES = readFileSync(new URL('../fixtures/handlers/mistakes.py', import.meta.url), 'utf8');
const harness = parityHarness({
  'mistakes.py': MISTAKES,
  'init_two_lines.py': 'raise type("Two\\nLines", (Exception,), {})("x")\n',
  'init_spaced.py': 'raise type(" Spaced", (Exception,), {})("x")\n',
});
beforeAll(() => harness.setUp());
afterAll(() => harness.tearDown());
const { both, bothResults } = harness;

const error = (payload: string) => JSON.parse(payload);
const atRoot = (text: string) => text.replaceAll(harness.root, '<root>');
const frame = frameIn('mistakes.py', MISTAKES);
const PICK = frame('return globals()[event["case"]]()', 'pick');
const pick = (names: string[]) => names.map((name) => ({ payload: JSON.stringify({ case: name }) }));

describe('exceptions, one environment for all', () => {
  // The function mistakes.pick runs, its error type and message, the line that raised.
  const rows: RaisedRow[] = [
    ['non_ascii', 'ValueError', 'données manquantes ✓ 日本 🐍', 'raise ValueError("données manquantes ✓ 日本 🐍")'],
    ['custom_class', 'ModuleError', 'mine', 'raise ModuleError("mine")'],
    // Outer.InnerError: the bare __name__, not the __qualname__.
    ['nested_class', 'InnerError', 'inner', 'raise Outer.InnerError("inner")'],
    // The cause (from e) is in neither the stack trace nor the message; from None changes nothing.
    ['raise_from', 'ValueError', 'outer', 'raise ValueError("outer") from e'],
    ['raise_from_none', 'ValueError', 'outer', 'raise ValueError("outer") from None'],
    ['no_args', 'RuntimeError', '', 'raise RuntimeError'],
    ['none_arg', 'Exception', 'None', 'raise Exception(None)'],
    ['empty_str_arg', 'Exception', '', 'raise Exception("")'],
    // Raised in C: no frame of its own.
    ['c_builtin', 'ValueError', "invalid literal for int() with base 10: 'x'", 'int("x")'],
    ['os_error', 'FileNotFoundError', "[Errno 2] No such file or directory: '/nonexistent/pylambda/file'", 'open("/nonexistent/pylambda/file")'],
    ['unicode_error', 'UnicodeDecodeError', "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 'b"\\xff".decode("utf-8")'],
  ];
  const docs = raisedDocs(rows, frame, PICK);

  it('each as its error document and its log line', async () => {
    const { results, lines } = await both({ handler: 'mistakes.pick' }, pick(rows.map(([name]) => name)));
    expect(results.map((r) => [r.errorType, error(atRoot(r.payload))])).toEqual(docs.map((doc) => [doc.errorType, doc]));
    expect(lines.map(atRoot)).toEqual(docs.map(errorLogLine));
  });

  it('the same in JSON log records', async () => {
    const { lines } = await both({ handler: 'mistakes.pick', logFormat: 'JSON' }, pick(rows.map(([name]) => name)));
    expect(lines.map((l) => JSON.parse(atRoot(l)))).toEqual(docs.map((doc) => ({ timestamp: '<time>', level: 'ERROR', ...doc })));
  });

  it('json.loads: the standard library\'s frames are the stack trace\'s last', async () => {
    const { results: [result] } = await both({ handler: 'mistakes.pick' }, pick(['c_extension']));
    expect(error(atRoot(result!.payload))).toEqual({
      errorMessage: 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)', errorType: 'JSONDecodeError', requestId: '<id>',
      stackTrace: [PICK, frame('json.loads("{")', 'c_extension'), ...['__init__.py", line \\d+, in loads', 'decoder.py", line \\d+, in decode', 'decoder.py", line \\d+, in raw_decode']
        .map((where) => expect.stringMatching(new RegExp(`^ {2}File ".*/json/${where}\\n {4}\\S`)))],
    });
  });

  it('a RecursionError from deep recursion: the repeated frames are counted, as traceback counts them', async () => {
    const { results: [result] } = await both({ handler: 'mistakes.pick' }, pick(['deep_recursion']));
    const recurse = frame('return recurse(n + 1)', 'recurse');
    expect(error(atRoot(result!.payload))).toEqual({
      errorMessage: 'maximum recursion depth exceeded', errorType: 'RecursionError', requestId: '<id>',
      stackTrace: [PICK, frame('return recurse(0)', 'deep_recursion'), recurse, recurse, recurse, expect.stringMatching(/^ {2}\[Previous line repeated \d{3} more times\]\n$/)],
    });
  });
});

describe('an error type a header cannot carry', () => {
  it('an invocation\'s: the body\'s errorType is the one, as awslambdaric sends no header', async () => {
    const { results, lines } = await both({ handler: 'mistakes.pick' }, pick(['blank_led_class', 'newline_class', 'tab_class']));
    expect(results.map((r) => [r.errorType, error(r.payload).errorType])).toEqual([[' Spaced', ' Spaced'], ['Two\nLines', 'Two\nLines'], ['A\tB', 'A\tB']]);
    // The line break in the type splits the log line.
    expect(lines.map((l) => l.split('\r')[0])).toEqual(['[ERROR]  Spaced: x', '[ERROR] Two', 'Lines: x', '[ERROR] A\tB: x']);
  });

  it('an init error\'s, with a line break: http.client refuses the header, the runtime ends', async () => {
    const [ours, official] = await underBoth(harness, { handler: 'init_two_lines.handler' });
    expect(ours.results).toEqual(official.results);
    expect(ours.results.map((r) => r.errorType)).toEqual(['Runtime.ExitError']);
    expect([ours.lines.at(-1), official.lines.at(-1)]).toEqual(Array(2).fill("ValueError: Invalid header value b'Two\\nLines'"));
  });

  it('an init error\'s, with a blank before it: the header is read, without it (the emulator\'s HTTP parser trims it)', async () => {
    const [result] = await bothResults({ handler: 'init_spaced.handler' });
    expect([result!.errorType, error(result!.payload).errorType]).toEqual(['Spaced', ' Spaced']);
  });
});

describe('output', () => {
  it('partial lines, logging and an error after them, and bytes written to sys.stdout.buffer, one environment for all', async () => {
    const cases = ['print_no_newline', 'print_line', 'partial_then_log', 'partial_then_raise', 'stdout_buffer', 'print_line', 'stdout_buffer_flushed'];
    const { results, lines } = await both({ handler: 'mistakes.pick' }, pick(cases));
    expect(results.map((r) => r.errorType ?? r.payload)).toEqual(['"ok"', '"ok"', '"ok"', 'ValueError', '"ok"', '"ok"', '"ok"']);
    expect(lines.map((l) => atRoot(l).split('\r')[0])).toEqual([
      // A partial line ends with its invocation (the emulator's doing, as Lambda's: whichever client wrote it).
      'no newline',
      'a line',
      // The runtime's own log line is written to the same stdout: it follows the partial line on its line.
      'partial[WARNING]\t<time>\t<id>\tthen logged',
      'partial[ERROR] ValueError: then raised',
      // Bytes written to sys.stdout.buffer wait for the next flush: the next print's.
      'raw bytes',
      'a line',
      'raw bytes flushed',
    ]);
  });

  it('print(..., file=sys.stderr), with and without its newline', async () => {
    expect((await both({ handler: 'mistakes.pick' }, pick(['print_stderr']))).lines).toEqual(['to stderr 2', 'to stderr without newline']);
  });
});
