import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildColdstartReport } from '../../src/core/coldstart/report.js';
import { coldstartProgress } from '../../src/ui/coldstart-progress.js';
import { formatColdstartReport, shortChain, wrap } from '../../src/ui/coldstart-report.js';
import { styleFor } from '../../src/ui/io.js';
import { FIXTURES } from '../helpers.js';

const plain = styleFor({ isTTY: false }, {});
const stderr = readFileSync(`${FIXTURES}coldstart/bootstrap-importtime.txt`, 'utf8');
const lint = (rule: string, line: number, message: string) => ({ rule, file: 'lambda_function.py', line, column: 1, message, fix: `Fix the ${rule} problem like this, and it goes away for good.` });
const report = (budgetMs?: number) => buildColdstartReport({
  function: { name: 'SlowFunction', handler: 'lambda_function.lambda_handler', runtime: 'python3.12', memorySizeMb: 256, pythonVersion: '3.12.4' },
  initDurationsMs: [121.4, 118.2, 130.9, 119.5],
  event: 'sqs sample (SQS trigger Jobs)',
  firstInvokeMs: 1.234,
  warmInvokeMs: 0.41,
  maxMemoryUsedMb: 24,
  ...(budgetMs ? { budgetMs } : {}),
  importtimeStderr: stderr,
  modules: { python: '3.12.4', packages: {}, stdlib: ['email', 'json', 'socket', 'urllib', 'random', 'datetime', 'calendar', 'locale'], local: ['lambda_function', 'src', 'slowpkg'] },
  lint: Array.from({ length: 8 }, (_, i) => lint(i % 2 ? 'env-unchecked' : 'client-in-handler', 10 + i, `Problem number ${i + 1}, described in a sentence long enough to need wrapping at a narrow width of the terminal.`)),
  package: { bytecode: 'absent', boto3Bundled: false, codeSizeBytes: 3 * 1024 * 1024, pythonFiles: 4, pythonFilesWithBytecode: 0 },
  moduleFiles: { slowpkg: 'slowpkg/__init__.py' },
});

describe('the terminal report', () => {
  const text = formatColdstartReport(report(), { style: plain, width: 100 });
  const lines = text.trimEnd().split('\n');

  it('fits on one screen of 100 columns', () => {
    expect(lines.length).toBeLessThanOrEqual(50);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
  });

  it('starts with the function, the runs and the verdict', () => {
    expect(lines.slice(0, 7)).toEqual([
      'Cold start of SlowFunction',
      'lambda_function.lambda_handler · python3.12 · 256 MB · run by Python 3.12.4 · event: sqs sample (SQS',
      'trigger Jobs)',
      '',
      'Init Duration   median 120 ms   p90 131 ms   min 118 ms   max 131 ms   (4 cold starts)',
      'Invocations     first 1.23 ms   warm 0.41 ms   Max Memory Used 24 MB of 256 MB',
      'Targets         raw handler < 100 ms: not met · Chalice app < 200 ms: met',
    ]);
  });

  it('lists the heaviest packages with where they come from and the chain, shortened to fit', () => {
    expect(text).toContain('\n  package     own time  modules  from       pulled in by\n  slowpkg      80.5 ms        1  your code  lambda_function -> src.handlers -> slowpkg\n');
    expect(text).toContain('\n  email        15.5 ms       12  stdlib     lambda_function -> src.handlers -> email.parser\n');
    expect(text).toContain('\n  select       8.26 ms        1  unknown    lambda_function -> ... -> socket -> selectors -> select\n');
    expect(text).toContain('\n  ... 20 more packages\n');
  });

  it('says which of the function\'s imports Lambda\'s runtime has loaded already (counted as the runtime\'s)', () => {
    expect(text).toContain('(39 modules)\n  string, math: counted as the runtime\'s, which loads them on Lambda before your code\n');
  });

  it('shows the first findings in full with file:line and fix, and names the rest', () => {
    expect(text).toContain('Findings: 6 warnings, 4 info\n  warning client-in-handler  lambda_function.py:10\n      Problem number 1,');
    expect(text).toMatch(/\n {6}fix: Fix the client-in-handler problem like this/);
    expect(text).toContain('  warning slow-module-body  slowpkg/__init__.py\n');
    expect(text).toContain('\n  ... and 5 more (no-bytecode, env-unchecked x4): all of them with --json or --html FILE\n');
  });

  it('says when requirements.txt will bundle boto3', () => {
    const base = report();
    const listed = formatColdstartReport({ ...base, package: { ...base.package!, boto3Listed: true } }, { style: plain, width: 100 }).trimEnd().split('\n');
    expect(listed.slice(-2).join(' ')).toContain(' · boto3 bundled from requirements.txt · ');
  });

  it('ends with the package', () => {
    expect(lines.slice(-2).join(' ')).toBe("Package: 4 .py files, none with .pyc for Python 3.12 · boto3 from the runtime · code directory 3.0 MB unzipped (Lambda's limit: 250 MB)");
  });

  it.each([
    [100, 'PASS', 'Budget          PASS: the median 120 ms is within the budget of 150 ms', 150],
    [100, 'FAIL', 'Budget          FAIL: the median 120 ms is 20.5 ms over the budget of 100 ms', 100],
  ])('states the budget verdict (%s columns, %s)', (width, _v, line, budget) => {
    expect(formatColdstartReport(report(budget), { style: plain, width }).split('\n')).toContain(line);
  });

  it('colours only a terminal', () => {
    const coloured = formatColdstartReport(report(100), { style: styleFor({ isTTY: true }, {}), width: 100 });
    expect(coloured).toContain('\u001b[31mFAIL\u001b[39m');
    expect(text).not.toContain('\u001b[');
  });
});

describe('helpers', () => {
  it.each([
    [['a', 'b', 'c'], 100, 'a -> b -> c'],
    [['lambda_function', 'src.handlers', 'email.parser', 'email.feedparser', 'email.utils', 'socket'], 40, 'lambda_function -> ... -> socket'],
    [['lambda_function', 'src.handlers', 'email.parser', 'email.feedparser', 'email.utils', 'socket'], 50, 'lambda_function -> ... -> email.utils -> socket'],
    [['a-very-long-module-name', 'another-very-long-one'], 10, 'a-very-long-module-name -> another-very-long-one'],
  ])('shortChain(%j, %d)', (chain, max, expected) => {
    expect(shortChain(chain, max)).toBe(expected);
  });

  it('wraps words at the width with an indent', () => {
    expect(wrap('one two three four five', 12, '  ')).toEqual(['  one two', '  three four', '  five']);
    expect(wrap('', 12, '  ')).toEqual([]);
  });
});

describe('progress', () => {
  const capture = (isTTY: boolean) => {
    let out = '';
    const progress = coldstartProgress({ write: (t: string) => (out += t), isTTY }, plain);
    progress.update({ step: 'run', run: 1, runs: 2 });
    progress.update({ step: 'run', run: 1, runs: 2, result: { initDurationMs: 20.5, firstInvokeMs: 1, maxMemoryUsedMb: 9 } });
    progress.update({ step: 'run', run: 2, runs: 2 });
    progress.update({ step: 'profile', runs: 3 });
    progress.finish();
    return out;
  };

  it('writes a line per finished step to a log', () => {
    expect(capture(false)).toBe('cold start 1/2: Init Duration 20.5 ms\nprofiling the imports of 3 more cold starts (-X importtime)\n');
  });

  it('rewrites one line in a terminal, and clears it at the end', () => {
    expect(capture(true)).toBe([
      '\r\u001b[Kcold start 1/2', '\r\u001b[Kcold start 1/2: Init Duration 20.5 ms', '\r\u001b[Kcold start 2/2',
      '\r\u001b[Kprofiling the imports of 3 more cold starts (-X importtime)', '\r\u001b[K',
    ].join(''));
  });
});
