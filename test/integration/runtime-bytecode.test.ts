import { existsSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBytecode, resolvePython } from '../../src/adapters/python.js';
import { pythonFor } from '../../src/api/local-runtime.js';
import { RUNTIME_DIR } from '../../src/emulator/runtime-launch.js';
import { scratchDir, testPython } from '../helpers.js';

/**
 * Python compiles the script it runs at each start (pylambda_bootstrap.py is two lines for that reason) and
 * the modules it imports unless their bytecode is cached: pylambda writes it for its runtime client.
 */
describe('the runtime client\'s bytecode', () => {
  it('is written for the project\'s Python when pylambda picks it', async () => {
    const { python } = await pythonFor(scratchDir('bytecode-project'), [], { PATH: process.env.PATH }, testPython());
    const [major, minor] = python.version.split('.');
    for (const name of ['pylambda_runtime', 'pylambda_marshal', 'pylambda_context', 'pylambda_runtime_api', 'pylambda_imports', 'pylambda_logging', 'pylambda_errors']) {
      expect(existsSync(join(RUNTIME_DIR, '__pycache__', `${name}.cpython-${major}${minor}.pyc`)), name).toBe(true);
    }
  });

  it('is written when missing or older than the source, and left alone otherwise', async () => {
    const dir = scratchDir('bytecode');
    writeFileSync(join(dir, 'mod.py'), 'x = 1\n');
    const python = await resolvePython(testPython());
    const [major, minor] = python.version.split('.');
    const pyc = join(dir, '__pycache__', `mod.cpython-${major}${minor}.pyc`);
    await ensureBytecode(python, dir, ['mod']);
    expect(existsSync(pyc)).toBe(true);
    const past = new Date(Date.now() - 60_000);
    const older = new Date(Date.now() - 120_000);
    utimesSync(join(dir, 'mod.py'), older, older);
    utimesSync(pyc, past, past);
    await ensureBytecode(python, dir, ['mod']);
    // Newer than its source: untouched.
    expect(Math.abs(statSync(pyc).mtimeMs - past.getTime())).toBeLessThan(1);
    utimesSync(join(dir, 'mod.py'), new Date(), new Date());
    await ensureBytecode(python, dir, ['mod']);
    expect(statSync(pyc).mtimeMs).toBeGreaterThan(past.getTime() + 1000);
  });
});
