import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, scratchDir, testPython } from '../helpers.js';

const run = promisify(execFile);

/**
 * pylambda as a package another project depends on: `import ... from 'pylambda'` through package.json's
 * `exports`, type-checked as a strict NodeNext project would, and run from outside the repository.
 * (npm test builds dist/ first.)
 */
function consumer(): string {
  const dir = scratchDir('consumer');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  mkdirSync(join(dir, 'node_modules'));
  // As npm links a local dependency (`npm install ../pylambda`).
  symlinkSync(ROOT, join(dir, 'node_modules', 'pylambda'), 'dir');
  return dir;
}

describe('pylambda as a library', () => {
  it('type-checks under strict NodeNext with the declarations it ships', async () => {
    const dir = consumer();
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, noEmit: true, types: ['node'] },
      include: ['use.ts'],
    }));
    writeFileSync(join(dir, 'use.ts'), [
      "import { invokeOnce, generateEvent, UserError, ConfigError, DevSession, type InvokeOutcome, type DevEvent, type Project } from 'pylambda';",
      'export async function main(): Promise<string> {',
      "  const outcome: InvokeOutcome = await invokeOnce({ dir: 'p', hostEnv: {}, event: Buffer.from('{}') });",
      '  const events: DevEvent[] = [];',
      "  const session = await DevSession.start({ dir: 'p', host: '127.0.0.1', port: 0, hostEnv: {}, onEvent: (e) => events.push(e) });",
      '  await session.stop();',
      "  const sample = generateEvent('sqs', {}, {});",
      '  const project: Project | undefined = undefined;',
      "  const err: unknown = new ConfigError('template.yaml', []);",
      "  return err instanceof UserError ? outcome.result.payload.toString('utf8') + JSON.stringify(sample) + String(project) : '';",
      '}',
    ].join('\n'));
    // The API takes and returns Buffers: a consumer has Node's types, as any TypeScript project on Node does.
    mkdirSync(join(dir, 'node_modules', '@types'));
    symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
    const result = await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir })
      .then((r) => ({ ...r, code: 0 }), (e: { stdout: string; stderr: string; code: number }) => e);
    expect([result.code, result.stdout, result.stderr]).toEqual([0, '', '']);
    // A whole tsc run of the declarations: 20 - 30 s alone on CI's 2 CPUs, past 60 s when the machine is loaded.
  }, 180_000);

  it('invokes a function, and throws UserError for a project that is not there, from outside the repository', async () => {
    const dir = consumer();
    writeFileSync(join(dir, 'use.mjs'), `
      import { invokeOnce, UserError } from 'pylambda';
      const outcome = await invokeOnce({
        dir: ${JSON.stringify(join(ROOT, 'examples'))}, functionName: 'HelloFunction', python: ${JSON.stringify(testPython())},
        hostEnv: process.env, event: Buffer.from(JSON.stringify({ pathParameters: { name: 'library' } })),
      });
      console.log(outcome.functionId, outcome.result.cold, outcome.result.functionError ?? 'ok', outcome.result.payload.toString('utf8'));
      try {
        await invokeOnce({ dir: 'nowhere', hostEnv: process.env });
      } catch (error) {
        console.log(error instanceof UserError, error.constructor.name);
      }
    `);
    // The process ends by itself: invokeOnce leaves nothing running.
    const { stdout } = await run(process.execPath, ['use.mjs'], { cwd: dir, timeout: 30_000 });
    const [invoked, refused] = stdout.trim().split('\n');
    expect(invoked).toMatch(/^HelloFunction true ok \{"statusCode": 200, .*library/);
    expect(refused).toBe('true UserError');
  });

  it('ships what it needs at run time, and no compiled Python of the machine that packed it', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining([
      'dist/index.js', 'dist/index.d.ts', 'dist/bin/pylambda.js', 'bin/pylambda.js', 'runtime/python/pylambda_runtime.py',
      'templates/raw/sam/template.yaml', 'templates/raw/serverless/serverless.yml', 'src/index.ts', 'LICENSE', 'README.md',
    ]));
    expect(files.filter((f) => f.includes('__pycache__') || f.startsWith('test/') || f.startsWith('.venv'))).toEqual([]);
  });
});
