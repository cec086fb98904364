import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, testPython } from '../helpers.js';
import { cli, removeTemporary, temporary, zipNames } from './package-helpers.js';

afterAll(removeTemporary);

describe('pylambda package on a Chalice project', () => {
  it('packages what Chalice packages: app.py, chalicelib/ and the chalice runtime modules app.py imports', async () => {
    const dir = temporary('pylambda-package-chalice-');
    cpSync(`${FIXTURES}chalice/demo`, dir, { recursive: true });
    rmSync(join(dir, '__pycache__'), { recursive: true, force: true });
    const { code, stdout, stderr } = await cli(['package', 'api_handler', '--python', testPython(), '--json'], dir);
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as { builds: Array<{ artifacts: Array<{ file: string }> }> };
    expect(out.builds).toHaveLength(1);
    const names = zipNames(join(dir, '.pylambda', 'package', 'api_handler.zip')).filter((n) => !n.endsWith('.pyc'));
    expect(names).toEqual(['app.py', 'chalice/__init__.py', 'chalice/app.py', 'chalicelib/__init__.py', 'chalicelib/blueprint.py', 'chalicelib/greeting.py']);
  });
});
