import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFiles } from '../../src/adapters/compile-bytecode.js';
import { runTool } from '../../src/adapters/tool-runner.js';
import { scratchDir, testPython } from '../helpers.js';

describe('compileFiles, on the test Python (3.11)', () => {
  // The refused line is what tells package a typo from syntax of a newer Python (newer-syntax.ts).
  it('says of each module it refuses the error, the line and its number', async () => {
    const dir = scratchDir('compile-bytecode');
    const files = { 'ok.py': 'x = 1\n', 'typo.py': 'x = 1\ndef f(:\n    pass\n', 'alias.py': 'type Point = tuple[float, float]\n' };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const jobs = Object.keys(files).map((name) => ({ source: join(dir, name), cfile: join(dir, `${name}c`), dfile: name }));
    const { failed } = await compileFiles(runTool, testPython(), jobs, { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
    expect(failed).toEqual([
      { source: join(dir, 'typo.py'), error: 'SyntaxError: invalid syntax', line: 'def f(:\n', lineno: 2 },
      { source: join(dir, 'alias.py'), error: 'SyntaxError: invalid syntax', line: 'type Point = tuple[float, float]\n', lineno: 1 },
    ]);
  }, 60_000);
});
