import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageFunctions } from '../../src/api/package.js';
import { FIXTURES, ROOT, testPython } from '../helpers.js';
import { cli, dist, fakeInstaller, options, removeTemporary, temporary, zipNames } from './package-helpers.js';

afterAll(removeTemporary);

/** The test venv's chalice package, whose runtime modules go into a Chalice app's zip. */
const CHALICE_DIR = join(ROOT, '.venv-test', 'lib', 'python3.11', 'site-packages', 'chalice');

function demo(): string {
  const dir = temporary('pylambda-package-chalice-');
  cpSync(`${FIXTURES}chalice/demo`, dir, { recursive: true });
  rmSync(join(dir, '__pycache__'), { recursive: true, force: true });
  return dir;
}

describe('pylambda package on a Chalice project', () => {
  it('packages what Chalice packages: app.py, chalicelib/ and the chalice runtime modules app.py imports', async () => {
    const dir = demo();
    const { code, stdout, stderr } = await cli(['package', 'api_handler', '--python', testPython(), '--json'], dir);
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as { builds: Array<{ artifacts: Array<{ file: string }> }> };
    expect(out.builds).toHaveLength(1);
    const names = zipNames(join(dir, '.pylambda', 'package', 'api_handler.zip')).filter((n) => !n.endsWith('.pyc'));
    expect(names).toEqual(['app.py', 'chalice/__init__.py', 'chalice/app.py', 'chalicelib/__init__.py', 'chalicelib/blueprint.py', 'chalicelib/greeting.py']);
  });

  it("puts the requirements in a layer zip of their own for automatic_layer, as chalice deploy's managed layer (fake installer)", async () => {
    const dir = demo();
    writeFileSync(join(dir, '.chalice', 'config.json'), JSON.stringify({ version: '2.0', app_name: 'demo', environment_variables: { TABLE_NAME: 't' }, stages: { dev: { automatic_layer: true } } }));
    writeFileSync(join(dir, 'requirements.txt'), 'fastlib\n');
    const fake = fakeInstaller([() => ({ files: { 'fastlib/__init__.py': '', ...dist('fastlib', '1') } })]);
    const { opts, notices } = options(dir, fake.runTool, { python: testPython(), functionNames: ['api_handler'], tools: { chalicePackageDir: async () => CHALICE_DIR } });
    await packageFunctions(opts);
    const out = join(dir, '.pylambda', 'package');
    expect(readdirSync(out).sort()).toEqual(['api_handler.layer.zip', 'api_handler.zip', 'manifest.json']);
    expect(zipNames(join(out, 'api_handler.layer.zip'))).toEqual(['python/fastlib-1.dist-info/METADATA', 'python/fastlib-1.dist-info/RECORD', 'python/fastlib/__init__.py']);
    expect(zipNames(join(out, 'api_handler.zip')).filter((n) => n.startsWith('fastlib'))).toEqual([]);
    expect(notices).toContainEqual({ level: 'note', message: 'stages.dev.automatic_layer in .chalice/config.json: the dependencies go to a layer zip of their own, as chalice deploy puts them in its managed layer (--layer)' });
  });
});
