import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalFunction } from '../../src/emulator/local-function.js';
import { fixtureFunction, scratchDir } from '../helpers.js';

/**
 * A line the handler writes just before it returns belongs to its invocation (on Lambda it comes before
 * that invocation's END). pylambda's runtime client posts the result and asks for the next event in one
 * write, so an invocation waiting for the environment was handed its event in the same turn of the event
 * loop, before Node had read that last line from the pipe: the line was shown with the next request's id.
 */

const live: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
});

const APP = 'import sys\n\n\ndef handler(event, context):\n    print("out " + context.aws_request_id)\n    sys.stderr.write("err " + context.aws_request_id + "\\n")\n    return "ok"\n';

describe('log line attribution', () => {
  it.each([['back to back', 1], ['queued behind each other', 4]])('gives each line the request id of the invocation that wrote it (%s)', async (_how, parallel) => {
    const dir = scratchDir('attr');
    writeFileSync(join(dir, 'app.py'), APP);
    const { local, logs } = fixtureFunction({ handler: 'app.handler', reservedConcurrency: 1 }, { taskRoot: dir });
    live.push(local);
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: parallel }, () => local.invoke({ payload: '{}' })));
    }
    await local.shutdown();
    const lines = logs.filter((l) => l.kind === 'function');
    expect(lines).toHaveLength(2 * 5 * parallel);
    for (const line of lines) expect(line.text).toBe(`${line.stream === 'stdout' ? 'out' : 'err'} ${line.requestId}`);
  });
});

describe('lines without their newline', () => {
  const APP_PARTIAL = 'import sys\n\n\ndef handler(event, context):\n    sys.stdout.write("x" * event["n"])\n    sys.stdout.flush()\n    return "ok"\n';

  it('non-ASCII: split at 256 KB of UTF-8, never inside a character', async () => {
    const dir = scratchDir('partial-utf8');
    // 100,000 of a 3-byte character (300,000 bytes): 87,381 whole ones (262,143 bytes) fit in 262,144.
    writeFileSync(join(dir, 'app.py'), 'import sys\n\n\ndef handler(event, context):\n    sys.stdout.write("\\u20ac" * 100000 + "\\n")\n    return "ok"\n');
    const { local, logs } = fixtureFunction({ handler: 'app.handler' }, { taskRoot: dir });
    live.push(local);
    const result = await local.invoke({ payload: '{}' });
    const lines = logs.filter((l) => l.requestId === result.requestId && l.kind === 'function').map((l) => l.text);
    expect(lines.map((l) => Buffer.byteLength(l))).toEqual([262143, 300000 - 262143]);
    expect(lines.join('')).toBe('\u20ac'.repeat(100000));
  });

  it.each([
    ['a short one: its own line, before the END of its invocation', 5, [5]],
    ['1 MB: split at 256 KB, as CloudWatch Logs takes them', 1024 * 1024, [262144, 262144, 262144, 262144]],
  ])('%s', async (_what, n, lengths) => {
    const dir = scratchDir('partial-line');
    writeFileSync(join(dir, 'app.py'), APP_PARTIAL);
    const { local, logs } = fixtureFunction({ handler: 'app.handler' }, { taskRoot: dir });
    live.push(local);
    const started = Date.now();
    const result = await local.invoke({ payload: JSON.stringify({ n }) });
    expect(Date.now() - started).toBeLessThan(5000);
    const mine = logs.filter((l) => l.requestId === result.requestId);
    const lines = mine.filter((l) => l.kind === 'function');
    expect(lines.map((l) => l.text.length)).toEqual(lengths);
    // Before the END line of the same invocation.
    const end = mine.findIndex((l) => l.kind === 'platform' && l.text.startsWith('END '));
    expect(end).toBeGreaterThan(mine.indexOf(lines[lines.length - 1]!));
  });
});

