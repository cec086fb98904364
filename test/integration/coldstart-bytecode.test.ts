import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheTag, isHashBasedPyc, stageCodeDirectory } from '../../src/api/coldstart-stage.js';
import { coldstartCli } from '../coldstart-helpers.js';
import { testPython } from '../helpers.js';

/**
 * "No bytecode cache unless the code ships one": the runs use a stage of the code directory whose
 * __pycache__ folders keep only hash-based .pyc (timestamp-based ones would be stale on Lambda, whose zip
 * rewrites modification times), and they never write bytecode.
 */
const root = mkdtempSync(join(tmpdir(), 'pylambda-coldstart-bytecode-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A .pyc header: magic, then the PEP 552 flags (bit 0: hash-based). */
const pyc = (hashBased: boolean) => Buffer.concat([Buffer.from([0xa7, 0x0d, 0x0d, 0x0a]), Buffer.from([hashBased ? 1 : 0, 0, 0, 0]), Buffer.alloc(8)]);

describe('the stage of a code directory', () => {
  const code = join(root, 'stage-src');
  mkdirSync(join(code, 'pkg', '__pycache__'), { recursive: true });
  mkdirSync(join(code, 'data'));
  mkdirSync(join(code, '.venv', 'lib'), { recursive: true });
  writeFileSync(join(code, 'app.py'), 'import pkg\n');
  writeFileSync(join(code, 'pkg', '__init__.py'), '');
  writeFileSync(join(code, 'pkg', 'x.py'), '');
  writeFileSync(join(code, 'pkg', '__pycache__', '__init__.cpython-311.pyc'), pyc(true));
  writeFileSync(join(code, 'pkg', '__pycache__', 'x.cpython-311.pyc'), pyc(false));
  writeFileSync(join(code, 'pkg', '__pycache__', 'x.cpython-312.pyc'), pyc(true));
  writeFileSync(join(code, 'data', 'table.csv'), 'a,b\n');
  writeFileSync(join(code, '.venv', 'pyvenv.cfg'), '');

  it('reads the .pyc flags', () => {
    expect(isHashBasedPyc(join(code, 'pkg', '__pycache__', '__init__.cpython-311.pyc'))).toBe(true);
    expect(isHashBasedPyc(join(code, 'pkg', '__pycache__', 'x.cpython-311.pyc'))).toBe(false);
    expect(isHashBasedPyc(join(code, 'app.py'))).toBe(false);
    expect(cacheTag('3.11.7')).toBe('cpython-311');
  });

  it('links the files, mirrors only the folders with bytecode, and keeps only the hash-based .pyc of the running Python', async () => {
    const stage = stageCodeDirectory(code, 'cpython-311');
    expect({ kept: stage.keptBytecode, dropped: stage.droppedBytecode }).toEqual({ kept: 1, dropped: 1 });
    expect(readdirSync(stage.dir).sort()).toEqual(['.venv', 'app.py', 'data', 'pkg']);
    expect(lstatSync(join(stage.dir, 'app.py')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(stage.dir, 'data')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(stage.dir, '.venv')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(stage.dir, 'pkg')).isDirectory()).toBe(true);
    expect(readdirSync(join(stage.dir, 'pkg', '__pycache__'))).toEqual(['__init__.cpython-311.pyc']);
    await stage.remove();
    expect(existsSync(stage.dir)).toBe(false);
    expect(readdirSync(join(code, 'pkg', '__pycache__')).sort()).toEqual(['__init__.cpython-311.pyc', 'x.cpython-311.pyc', 'x.cpython-312.pyc']);
  });
});

interface Measured {
  runs: { stats: { median: number; min: number } };
  package: { bytecode: string; pythonFilesWithBytecode: number; staleBytecodeFiles?: number; compile?: { files: number; ms: number } };
  findings: { rule: string; savingsMs?: number; message: string }[];
}

describe('a function with 60 KB of its own Python to compile', () => {
  const project = join(root, 'big');
  let python: string;
  let runtime: string;
  beforeAll(() => {
    python = testPython();
    runtime = `python${execFileSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim()}`;
    mkdirSync(project);
    writeFileSync(join(project, 'template.yaml'), [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Big:',
      '    Type: AWS::Serverless::Function',
      `    Properties: {CodeUri: ., Handler: lambda_function.lambda_handler, Runtime: ${runtime}}`,
      '',
    ].join('\n'));
    writeFileSync(join(project, 'lambda_function.py'), 'import big\n\n\ndef lambda_handler(event, context):\n    return big.f1(1)\n');
    const body = Array.from({ length: 400 }, (_, i) => `def f${i}(a, b=1, *args, **kw):\n    x = [a + b * ${i}, {'k${i}': a}, (b, a)]\n    if a > ${i}:\n        return sum(x[0] for _ in range(3))\n    return x\n`);
    writeFileSync(join(project, 'big.py'), body.join('\n'));
  });

  const measure = async (runs = 3): Promise<Measured> => {
    const { code, stdout } = await coldstartCli(['--runs', String(runs), '--json'], project);
    expect(code).toBe(0);
    return JSON.parse(stdout) as Measured;
  };
  const compileall = (...mode: string[]) => execFileSync(python, ['-m', 'compileall', '-q', ...mode, project]);
  const clean = () => rmSync(join(project, '__pycache__'), { recursive: true, force: true });

  it('without .pyc: compiles at every cold start, and the finding says how much that costs', async () => {
    const report = await measure();
    expect(report.package).toMatchObject({ bytecode: 'absent', pythonFilesWithBytecode: 0, compile: { files: 2 } });
    const finding = report.findings.find((f) => f.rule === 'no-bytecode')!;
    expect(finding.savingsMs).toBe(report.package.compile!.ms);
    expect(finding.savingsMs).toBeGreaterThan(5);
    expect(existsSync(join(project, '__pycache__'))).toBe(false);
  });

  it('timestamp-based .pyc beside the sources do not count (they are stale on Lambda), and the runs do not use them', async () => {
    compileall();
    try {
      const report = await measure();
      expect(report.package).toMatchObject({ bytecode: 'absent', pythonFilesWithBytecode: 0, staleBytecodeFiles: 2 });
      expect(report.findings.find((f) => f.rule === 'no-bytecode')!.message).toContain('The 2 timestamp-based .pyc beside the sources do not count');
    } finally {
      clean();
    }
  });

  it('shipped hash-based .pyc are used: no finding, and a faster cold start', async () => {
    const without = await measure(5);
    compileall('--invalidation-mode', 'unchecked-hash');
    try {
      const shipped = await measure(5);
      expect(shipped.package).toMatchObject({ bytecode: 'present', pythonFilesWithBytecode: 2 });
      expect(shipped.package.compile).toBeUndefined();
      expect(shipped.findings.map((f) => f.rule)).not.toContain('no-bytecode');
      // The fastest runs: a busy machine only ever adds time, so they are the least disturbed. No margin
      // is asked for: under the whole suite's load a third of the compile time was within the noise.
      expect(shipped.runs.stats.min).toBeLessThan(without.runs.stats.min);
    } finally {
      clean();
    }
  });
});
