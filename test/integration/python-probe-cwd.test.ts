import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pythonCanImport, resolvePython } from '../../src/adapters/python.js';
import { scratchDir, testPython } from '../helpers.js';

// pylambda runs in the project directory, and `python -c` puts that directory first on sys.path.
describe("the interpreter probes ignore the project's own modules", () => {
  const home = process.cwd();
  afterEach(() => process.chdir(home));

  const projectShadowing = (module: string) => {
    const dir = scratchDir('shadow');
    writeFileSync(join(dir, `${module}.py`), 'raise ImportError("the project\'s own module, not the standard one")\n');
    process.chdir(dir);
    return dir;
  };

  it('a json.py beside the template: the interpreter is still found', async () => {
    const dir = projectShadowing('json');
    // A path of its own, so no earlier probe's answer is reused.
    const python = join(dir, 'python-link');
    symlinkSync(testPython(), python);
    await expect(resolvePython(python)).resolves.toMatchObject({ version: expect.stringMatching(/^3\.\d+\.\d+$/) });
  });

  it('a module that shadows what is checked for: the installed one is what counts', async () => {
    projectShadowing('awslambdaric');
    expect(await pythonCanImport(testPython(), 'awslambdaric')).toBe(true);
  });
});
