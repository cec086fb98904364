import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalFunction } from '../../src/emulator/local-function.js';
import { fixtureFunction, scratchDir } from '../helpers.js';

/**
 * A function's own modules named like the standard library's. Lambda's bootstrap (/var/runtime/bootstrap.py)
 * imports awslambdaric, and with it json, logging, traceback, threading, string, token..., before /var/task is
 * on sys.path: those stay the standard ones, for the runtime and for the function's `import logging`; any other
 * name (resource.py) is the function's own module. pylambda's client loads most of them later, and once put the
 * code directory first for them: a token.py of JWT helpers ended every invocation in Runtime.ExitError.
 */

const live: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
});

const APP = `import logging
import sys
from resource import get_item

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def handler(event, context):
    if event.get("fail"):
        raise ValueError("boom")
    logger.info("serving %s", event["id"])
    return {"item": get_item(event["id"]), "argv": sys.argv[1:], "logging": logging.__file__.endswith("/logging/__init__.py")}
`;

function project(): string {
  const dir = scratchDir('shadow');
  writeFileSync(join(dir, 'app.py'), APP);
  // The REST resource this function serves: Lambda never imports the standard `resource`.
  writeFileSync(join(dir, 'resource.py'), 'def get_item(item_id):\n    return {"id": item_id}\n');
  for (const name of ['token', 'string', 'logging', 'threading', 'traceback', 'linecache', 'tokenize', 'contextlib', 'json', 'decimal']) {
    writeFileSync(join(dir, `${name}.py`), `raise RuntimeError("the function's own ${name}.py was imported")\n`);
  }
  return dir;
}

describe('a function\'s modules named like the standard library\'s', () => {
  // awslambdaric too: started as Lambda's bootstrap.py starts it (pylambda_awslambdaric.py), not with -m.
  it.each(['pylambda', 'awslambdaric'] as const)('are the function\'s where Lambda\'s runtime never imported the name, and the standard ones where it did (%s)', async (runtimeClient) => {
    const { local, logs } = fixtureFunction({ handler: 'app.handler' }, { taskRoot: project(), runtimeClient });
    live.push(local);
    const ok = await local.invoke({ payload: JSON.stringify({ id: '42' }) });
    expect(ok.functionError).toBeUndefined();
    // No arguments: the handler is in _HANDLER, as on Lambda (argparse at import would refuse a stray one).
    expect(JSON.parse(ok.payload.toString())).toEqual({ item: { id: '42' }, argv: [], logging: true });
    expect(logs.some((l) => l.kind === 'function' && /^\[INFO\]\t.*\tserving 42$/.test(l.text))).toBe(true);
    const failed = await local.invoke({ payload: JSON.stringify({ fail: 1 }) });
    expect(failed.errorType).toBe('ValueError');
    expect(JSON.parse(failed.payload.toString())).toMatchObject({ errorMessage: 'boom', errorType: 'ValueError' });
    // The same environment: neither answer ended it.
    expect(failed.environmentId).toBe(ok.environmentId);
  });
});
