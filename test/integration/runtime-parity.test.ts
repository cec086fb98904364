import { afterAll, describe, expect, it } from 'vitest';
import type { FunctionModel } from '../../src/core/model/project.js';
import type { LocalFunction, RuntimeClient } from '../../src/emulator/local-function.js';
import { fixtureFunction, normalizedLines } from '../helpers.js';

/**
 * The same handlers under pylambda's runtime client and under the official awslambdaric (from PyPI),
 * both against pylambda's Runtime API server: the results, errors and log lines must be identical.
 */

const started: LocalFunction[] = [];
afterAll(async () => {
  await Promise.all(started.map((f) => f.shutdown()));
});

interface Outcome {
  payload: string;
  functionError: string | undefined;
  errorType: string | undefined;
  lines: string[];
}

async function run(client: RuntimeClient, fn: Partial<FunctionModel> & { handler: string }, event: string | Buffer = '{}', contentType?: string): Promise<Outcome> {
  const { local, logs } = fixtureFunction(fn, { runtimeClient: client });
  started.push(local);
  const result = await local.invoke({ payload: event, ...(contentType ? { contentType } : {}), traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' });
  await local.shutdown();
  const payload = result.payload.toString('utf8').replaceAll(result.requestId, '<id>');
  return { payload, functionError: result.functionError, errorType: result.errorType, lines: normalizedLines(logs, [result.requestId]) };
}

async function both(fn: Partial<FunctionModel> & { handler: string }, event?: string | Buffer, contentType?: string): Promise<Outcome> {
  const [ours, official] = await Promise.all([run('pylambda', fn, event, contentType), run('awslambdaric', fn, event, contentType)]);
  expect(ours).toEqual(official);
  return ours;
}

describe('results', () => {
  it('a dict, with the context filled in', async () => {
    const out = await both({ handler: 'results.as_dict', name: 'my-fn', memorySize: 256 }, '{"a": [1, 2.5, "x"]}');
    expect(JSON.parse(out.payload)).toEqual({
      ok: true, echo: { a: [1, 2.5, 'x'] }, requestId: '<id>', function: 'my-fn', memory: '256', version: '$LATEST',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:my-fn', remaining_positive: true, group: '/aws/lambda/my-fn', identity: null,
    });
    expect(out.functionError).toBeUndefined();
  });

  it.each([
    ['results.as_str', '"plain string"'],
    ['results.as_none', 'null'],
    ['results.as_decimal', '{"price": 19.99, "big": 12345678901234567890.123456789, "list": [1, -5E+2], "nan": NaN}'],
    ['results.as_float_nan', '{"value": NaN, "inf": Infinity}'],
    ['pkg/sub/mod.handler', '"nested"'],
    ['pkg.sub.mod.handler', '"nested"'],
  ])('%s', async (handler, expected) => {
    expect((await both({ handler })).payload).toBe(expected);
  });

  it('unicode is escaped before python3.12 and kept as is from python3.12 on', async () => {
    expect((await both({ handler: 'results.as_unicode', runtime: 'python3.11' })).payload).toBe(
      '{"greeting": "h\\u00e9llo w\\u00f6rld \\u2713 \\u65e5\\u672c", "emoji": "\\ud83d\\udc0d"}',
    );
    expect((await both({ handler: 'results.as_unicode', runtime: 'python3.12' })).payload).toBe('{"greeting": "héllo wörld ✓ 日本", "emoji": "🐍"}');
  });

  it('bytes are returned raw', async () => {
    const { local } = fixtureFunction({ handler: 'results.as_bytes' });
    started.push(local);
    const result = await local.invoke({ payload: '{}' });
    expect(result.payload).toEqual(Buffer.from('\x00\x01raw bytes\xff', 'latin1'));
    await both({ handler: 'results.as_bytes' });
  });

  it('an event that is not JSON reaches the handler as bytes', async () => {
    expect((await both({ handler: 'results.raw_event' }, Buffer.from('not json'), 'application/octet-stream')).payload).toBe('{"type": "bytes", "len": 8}');
  });

  it('the trace id is in _X_AMZN_TRACE_ID', async () => {
    expect((await both({ handler: 'results.trace' })).payload).toBe('{"trace": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"}');
  });
});

describe('errors', () => {
  it('a handler exception: its class, message and stack', async () => {
    const out = await both({ handler: 'failures.raises' });
    const error = JSON.parse(out.payload);
    expect(out.functionError).toBe('Unhandled');
    expect(out.errorType).toBe('CustomError');
    expect(error).toMatchObject({ errorType: 'CustomError', errorMessage: 'something broke: ünïcode', requestId: '<id>' });
    expect(error.stackTrace).toHaveLength(2);
    expect(error.stackTrace[0]).toMatch(/^ {2}File ".*failures\.py", line 12, in raises\n {4}helper\(\)\n$/);
    expect(out.lines[0]).toMatch(/^\[ERROR\] CustomError: something broke: ünïcode\rTraceback \(most recent call last\):\r\u00a0\u00a0File/);
  });

  it.each<[string, string, string]>([
    ['import_error.handler', 'Runtime.ImportModuleError', "Unable to import module 'import_error': No module named 'this_module_does_not_exist_pylambda'"],
    ['nothere.handler', 'Runtime.ImportModuleError', "Unable to import module 'nothere': No module named 'nothere'"],
    ['results.missing', 'Runtime.HandlerNotFound', "Handler 'missing' missing on module 'results'"],
    ['results', 'Runtime.MalformedHandlerName', "Bad handler 'results': not enough values to unpack (expected 2, got 1)"],
    ['sys.handler', 'Runtime.BuiltInModuleConflict', 'Cannot use built-in module sys as a handler module'],
    ['init_raises.handler', 'RuntimeError', 'config missing at import'],
  ])('init failure %s -> %s', async (handler, errorType, errorMessage) => {
    const out = await both({ handler });
    expect(out.functionError).toBe('Unhandled');
    expect(JSON.parse(out.payload)).toMatchObject({ errorType, errorMessage, requestId: '' });
    expect(out.lines[0]).toMatch(/^\[WARNING\]\t<time>\t\tLAMBDA_WARNING: Unhandled exception\./);
  });

  it('a syntax error names the file and line', async () => {
    const out = await both({ handler: 'syntax_error.handler' });
    const error = JSON.parse(out.payload);
    expect(error.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(error.errorMessage).toMatch(/^Syntax error in module 'syntax_error': expected ':' \(syntax_error\.py, line 1\)$/);
    expect(error.stackTrace[0]).toMatch(/^ {2}File ".*syntax_error\.py" Line 1\n/);
  });

  it('a result that cannot be marshalled', async () => {
    const out = await both({ handler: 'results.unserializable' });
    expect(JSON.parse(out.payload)).toEqual({ errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable', errorType: 'Runtime.MarshalError', requestId: '<id>', stackTrace: [] });
  });

  it('a result that failed to marshal leaves nothing behind for the next invocation', async () => {
    for (const runtimeClient of ['pylambda', 'awslambdaric'] as const) {
      const { local } = fixtureFunction({ handler: 'results.fails_then_succeeds' }, { runtimeClient });
      started.push(local);
      expect((await local.invoke({ payload: '{"bad": true}' })).errorType).toBe('Runtime.MarshalError');
      const again = await local.invoke({ payload: '{}' });
      expect([runtimeClient, again.errorType, again.payload.toString()]).toEqual([runtimeClient, undefined, '{"a": 1}']);
    }
  });

  it('an event that is not valid JSON: simplejson\'s words for it (runtime-parity-corners.test.ts has more)', async () => {
    const out = await both({ handler: 'results.as_str' }, Buffer.from('{bad'), 'application/json');
    expect(out.errorType).toBe('Runtime.UnmarshalError');
    expect(JSON.parse(out.payload)).toEqual({
      errorType: 'Runtime.UnmarshalError',
      errorMessage: "Unable to unmarshal input: Expecting property name enclosed in double quotes or '}': line 1 column 2 (char 1)",
      requestId: '<id>',
      stackTrace: [],
    });
  });
});

describe('the platform ends an invocation the same way whichever client runs', () => {
  it.each<[string, Partial<FunctionModel>, string, string, RegExp]>([
    ['timeout', { timeout: 1 }, 'failures.slow', 'Sandbox.Timedout', /^RequestId: <id> Error: Task timed out after 1\.00 seconds$/],
    ['exit', {}, 'failures.exits', 'Runtime.ExitError', /^RequestId: <id> Error: Runtime exited with error: exit status 3$/],
    // A clean exit is worded apart: RIE internal/lambda/rapid/handlers.go (watchEvents).
    ['clean exit', {}, 'failures.exits_cleanly', 'Runtime.ExitError', /^RequestId: <id> Error: Runtime exited without providing a reason$/],
    ['signal', {}, 'failures.segfault', 'Runtime.ExitError', /^RequestId: <id> Error: Runtime exited with error: signal: segmentation fault$/],
    ['memory', { memorySize: 128 }, 'failures.hog', 'Runtime.OutOfMemory', /^RequestId: <id> Error: Runtime exited with error: signal: killed$/],
  ])('%s', async (_name, fn, handler, errorType, message) => {
    const out = await both({ handler, ...fn });
    expect(out.errorType).toBe(errorType);
    expect(JSON.parse(out.payload).errorMessage).toMatch(message);
  });

  it('a response of exactly 6291556 bytes passes; one byte more fails', async () => {
    const ok = await both({ handler: 'results.exact_limit' });
    expect(ok.payload.length).toBe(6291556);
    const over = await both({ handler: 'results.exact_limit' }, '{"over": 1}');
    expect(JSON.parse(over.payload)).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size (6291557 bytes) exceeded maximum allowed payload size (6291556 bytes).',
    });
  });
});

describe('log lines', () => {
  it('text format', async () => {
    const out = await both({ handler: 'logs.handler' });
    expect(out.lines.slice(0, 6)).toEqual([
      'cold start print',
      'a print line',
      '[INFO]\t<time>\t<id>\tinfo arg',
      "[WARNING]\t<time>\t<id>\t{'structured': True, 'n': 1}",
      '[ERROR]\t<time>\t<id>\tchild logger',
      '[ERROR]\t<time>\t<id>\tcaught',
    ]);
  });

  it('JSON format with a log level', async () => {
    const out = await both({ handler: 'logs.handler', logFormat: 'JSON', logLevel: 'DEBUG' });
    const records = out.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(records.map((r) => [r.level, r.message, r.logger])).toEqual([
      ['INFO', 'info arg', 'root'],
      ['WARNING', { structured: true, n: 1 }, 'root'],
      ['ERROR', 'child logger', 'child'],
      // The handler's own logger.setLevel(INFO) at import wins over AWS_LAMBDA_LOG_LEVEL=DEBUG, as on Lambda.
      ['ERROR', 'caught', 'root'],
    ]);
    expect(records[2]).toMatchObject({ requestId: '<id>', orderId: 'o-1', timestamp: '<time>' });
    expect(records[3]).toMatchObject({ errorType: 'KeyError', errorMessage: "'missing'", location: expect.stringMatching(/logs\.py:handler:\d+$/) });
  });
});
