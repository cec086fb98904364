import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers.js';
import { cli } from './invoke-cli.js';

/**
 * .chalice/config.json through `pylambda invoke` and the real chalice: what matters locally (a function's memory,
 * timeout and merged variables, per stage) reaches the function; a key Chalice would ignore without a word is said.
 */
const APP = `import os

from chalice import Chalice

app = Chalice(app_name="cfg")


@app.lambda_function()
def worker(event, context):
    return {
        "memory": os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"],
        "timeout_s": round(context.get_remaining_time_in_millis() / 1000),
        "env": {k: os.environ.get(k) for k in ("TOP", "STAGE", "FN")},
        "name": context.function_name,
    }
`;

function project(config: object): string {
  const dir = scratchDir('chalice-config');
  mkdirSync(join(dir, '.chalice'));
  writeFileSync(join(dir, '.chalice', 'config.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'app.py'), APP);
  return dir;
}

describe('pylambda invoke on a Chalice app: config.json as chalice deploy reads it', () => {
  it('a function gets its memory, timeout and variables from the levels Chalice looks in; misspelt keys are said and ignored', async () => {
    const dir = project({
      version: '2.0', app_name: 'cfg', lambda_memory_size: 256, lambda_timout: 3, environment_variables: { TOP: 'top', STAGE: 'top' },
      stages: {
        dev: { environment_variables: { STAGE: 'dev' }, lambda_functions: { worker: { lambda_timeout: 7, lambda_memory: 1024, environment_variables: { FN: 'fn' } } } },
        prod: { lambda_memory_size: 2048 },
      },
    });
    const out = await cli(['invoke', 'worker'], { cwd: dir });
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ memory: '256', timeout_s: 7, env: { TOP: 'top', STAGE: 'dev', FN: 'fn' }, name: 'cfg-dev-worker' });
    expect(out.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toEqual([
      'warning: lambda_timout: is not a setting Chalice 1.34.0 reads, so it has no effect (did you mean lambda_timeout?)',
      'warning: stages.dev.lambda_functions.worker.lambda_memory: is not a setting Chalice 1.34.0 reads, so it has no effect (did you mean lambda_memory_size?)',
    ]);
    const prod = await cli(['invoke', 'worker', '--stage', 'prod'], { cwd: dir });
    expect(JSON.parse(prod.stdout)).toEqual({ memory: '2048', timeout_s: 60, env: { TOP: 'top', STAGE: 'top', FN: null }, name: 'cfg-prod-worker' });
  });
});
