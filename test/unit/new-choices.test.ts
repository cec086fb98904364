import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { NEWEST_PYTHON_RUNTIME } from '../../src/core/model/limits.js';
import {
  defaultRuntime,
  nextQuestion,
  projectNameProblem,
  resolveChoices,
  runtimeWarnings,
  type GivenChoices,
} from '../../src/core/templates/choices.js';
import { nextSteps, shellWord } from '../../src/core/templates/examples.js';

describe('projectNameProblem', () => {
  it.each(['demo-app', 'a', 'MyApi2', 'x'.repeat(59), 'todo-api-v2'])('accepts %s', (name) => {
    expect(projectNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', 'a project name is required'],
    ['9lives', 'it must start with a letter'],
    ['-app', 'it must start with a letter'],
    ['my_app', "'_' is not allowed: use letters, digits and hyphens only"],
    ['my app', "' ' is not allowed"],
    ['my.app', "'.' is not allowed"],
    ['../escape', 'it must start with a letter'],
    ['a/b', "'/' is not allowed"],
    ['x'.repeat(60), 'it is 60 characters long; the most is 59'],
    // user29: a letter with an accent was refused as not a letter, an emoji printed as half a surrogate pair.
    ['café-api', "'é' is not allowed: a CloudFormation stack name takes only the letters A-Z and a-z (no accents), digits and hyphens"],
    ['éclair', "'é' is not allowed: a CloudFormation stack name takes only the letters A-Z and a-z (no accents), digits and hyphens"],
    ['cafe\u0301-api', "'é' is not allowed: a CloudFormation stack name takes only the letters A-Z and a-z (no accents), digits and hyphens"],
    ['q\u0301', "'q\u0301' is not allowed: a CloudFormation stack name takes only the letters A-Z and a-z (no accents), digits and hyphens"],
    ['a😀b', "'😀' is not allowed: use letters, digits and hyphens only"],
  ])('refuses %j: %s', (name, rule) => {
    expect(projectNameProblem(name)).toContain(rule);
  });
});

describe('defaultRuntime', () => {
  it.each([
    ['3.12.4', 'python3.12'],
    ['3.9.18', 'python3.9'],
    ['3.11.7', 'python3.11'],
    // Newer than Lambda has: the newest Lambda runtime that is not newer.
    ['3.99.0', NEWEST_PYTHON_RUNTIME.name],
    ['4.0.0', NEWEST_PYTHON_RUNTIME.name],
    ['3.8.10', 'python3.8'],
    // Older than every Lambda runtime pylambda runs, or unknown: the newest.
    ['3.7.16', NEWEST_PYTHON_RUNTIME.name],
    [undefined, NEWEST_PYTHON_RUNTIME.name],
  ])('Python %s -> %s', (version, runtime) => {
    expect(defaultRuntime(version).name).toBe(runtime);
  });
});

describe('nextQuestion', () => {
  const defaults = { runtime: 'python3.12' };
  const today = '2026-01-15';
  /** The keys asked, in order, answering each question with `answers[key]` or its default. */
  const asked = (given: GivenChoices, answers: GivenChoices = {}) => {
    const state: GivenChoices = { ...given };
    const keys: string[] = [];
    for (let q = nextQuestion(state, defaults, today); q; q = nextQuestion(state, defaults, today)) {
      keys.push(q.key);
      state[q.key] = answers[q.key] ?? q.default;
    }
    return { keys, state };
  };

  it.each<[GivenChoices, GivenChoices, string[]]>([
    [{}, {}, ['style', 'framework', 'example', 'api', 'runtime', 'architecture']],
    [{}, { style: 'chalice' }, ['style', 'example', 'architecture']],
    [{ style: 'chalice' }, {}, ['example', 'architecture']],
    [{ example: 'todo', api: 'http' }, {}, ['style', 'framework', 'runtime', 'architecture']],
    [{ style: 'raw', example: 'hello', api: 'alb', runtime: 'python3.9', architecture: 'arm64' }, {}, ['framework']],
    [{ style: 'raw', framework: 'serverless', example: 'hello', api: 'alb', runtime: 'python3.9', architecture: 'arm64' }, {}, []],
  ])('given %j, answering %j, asks %j', (given, answers, keys) => {
    expect(asked(given, answers).keys).toEqual(keys);
  });

  it('offers the defaults of the issue, and the local runtime first among the newest', () => {
    const { state } = asked({});
    expect(state).toEqual({ style: 'raw', framework: 'sam', example: 'hello', api: 'rest', runtime: 'python3.12', architecture: 'x86_64' });
    expect(nextQuestion({ style: 'raw' }, defaults, today)!.options.map((o) => o.value)).toEqual(['sam', 'serverless']);
    const runtime = nextQuestion({ style: 'raw', framework: 'sam', example: 'hello', api: 'rest' }, defaults, today)!;
    expect(runtime.options[0]!.value).toBe(NEWEST_PYTHON_RUNTIME.name);
    expect(runtime.default).toBe('python3.12');
  });

  it('marks the runtimes Lambda has deprecated by the day it asks, and still offers them', () => {
    const labels = (day: string) => nextQuestion({ style: 'raw', framework: 'sam', example: 'hello', api: 'rest' }, defaults, day)!.options.map((o) => `${o.value}: ${o.label}`);
    expect(labels('2024-10-13')).toEqual(['python3.14', 'python3.13', 'python3.12', 'python3.11', 'python3.10', 'python3.9', 'python3.8'].map((r) => `${r}: ${r}`));
    expect(labels('2025-12-14').slice(-2)).toEqual(['python3.9: python3.9', 'python3.8: python3.8 (deprecated 2024-10-14)']);
    expect(labels('2025-12-15').slice(-3)).toEqual(['python3.10: python3.10', 'python3.9: python3.9 (deprecated 2025-12-15)', 'python3.8: python3.8 (deprecated 2024-10-14)']);
    expect(labels('2026-11-27').slice(-4, -1)).toEqual(['python3.11: python3.11', 'python3.10: python3.10 (deprecated 2026-10-31)', 'python3.9: python3.9 (deprecated 2025-12-15)']);
    expect(labels('2027-02-01').at(-1)).toBe('python3.8: python3.8 (deprecated 2024-10-14, no new functions since 2027-02-01)');
  });
});

describe('runtimeWarnings', () => {
  it('says nothing of a supported runtime', () => {
    expect(runtimeWarnings({ style: 'raw', runtime: 'python3.12' }, '2026-11-27')).toEqual([]);
    expect(runtimeWarnings({ style: 'raw', runtime: 'python3.9' }, '2025-12-14')).toEqual([]);
  });

  it('warns of a deprecated one, with the dates Lambda stops creating and updating functions on it, and what to choose', () => {
    expect(runtimeWarnings({ style: 'raw', runtime: 'python3.9' }, '2026-01-15')).toEqual([
      'Lambda deprecated python3.9 on 2025-12-15: it gets no security patches; functions on it still run, but from 2027-02-01 Lambda creates none and from 2027-03-03 updates none. Choose python3.10 or newer (--runtime python3.14 for the newest).',
    ]);
    expect(runtimeWarnings({ style: 'raw', runtime: 'python3.9' }, '2026-11-27')[0]).toMatch(/Choose python3\.11 or newer/);
    expect(runtimeWarnings({ style: 'raw', runtime: 'python3.9' }, '2027-02-01')[0]).toContain('and since 2027-02-01 Lambda creates no functions on it (existing ones update until 2027-03-03)');
    expect(runtimeWarnings({ style: 'raw', runtime: 'python3.9' }, '2027-03-03')[0]).toContain('and since 2027-03-03 Lambda neither creates nor updates functions on it');
  });

  it('tells a Chalice project, whose runtime is its Python\'s, which Python to use', () => {
    expect(runtimeWarnings({ style: 'chalice', runtime: 'python3.9' }, '2026-01-15')[0]).toMatch(/\. Chalice deploys on the runtime of the Python that runs it: make the venv with Python 3\.10 or newer\.$/);
  });
});

describe('resolveChoices', () => {
  const defaults = { runtime: 'python3.11' };

  it('applies the defaults without a terminal', () => {
    expect(resolveChoices('demo', {}, defaults)).toEqual({
      name: 'demo', style: 'raw', framework: 'sam', example: 'hello', api: 'rest', runtime: 'python3.11', architecture: 'x86_64',
    });
    // A Chalice app has no framework to choose.
    expect(resolveChoices('demo', { style: 'chalice' }, defaults)).toEqual({
      name: 'demo', style: 'chalice', example: 'hello', api: 'rest', runtime: 'python3.11', architecture: 'x86_64',
    });
  });

  it('keeps what is given', () => {
    const given = { style: 'raw', framework: 'serverless', example: 'todo', api: 'alb', runtime: 'python3.13', architecture: 'arm64' };
    expect(resolveChoices('demo', given, defaults)).toMatchObject(given);
  });

  it('lets a Chalice app run on arm64 (Chalice 1.34 lambda_architecture)', () => {
    expect(resolveChoices('demo', { style: 'chalice', architecture: 'arm64' }, defaults).architecture).toBe('arm64');
  });

  it.each<[GivenChoices, string]>([
    [{ style: 'flask' }, "--style must be raw or chalice, not 'flask'"],
    [{ example: 'crud' }, "--example must be hello or todo, not 'crud'"],
    [{ api: 'grpc' }, "--api must be rest, http or alb, not 'grpc'"],
    [{ architecture: 'arm' }, "--arch must be x86_64 or arm64, not 'arm'"],
    // A runtime Lambda had is not said to be none: its retirement is.
    [{ runtime: 'python3.7' }, "--runtime 'python3.7': Lambda deprecated python3.7 on 2023-12-04 and created no functions on it from 2024-01-09, and updates none from 2027-03-03: pylambda does not run it"],
    [{ runtime: 'python2.7' }, "--runtime 'python2.7': Lambda deprecated python2.7 on 2021-07-15, and updates none from 2022-05-30: pylambda does not run it"],
    [{ runtime: 'nodejs20.x' }, "--runtime 'nodejs20.x' is not a Lambda Python runtime"],
    // The Python version for Lambda's name of the runtime.
    [{ runtime: '3.12' }, "--runtime '3.12' is not a Lambda Python runtime: did you mean python3.12?"],
    [{ runtime: 'Python3.13' }, "--runtime 'Python3.13' is not a Lambda Python runtime: did you mean python3.13?"],
    [{ runtime: '3.11.7' }, "--runtime '3.11.7' is not a Lambda Python runtime: did you mean python3.11?"],
    [{ style: 'chalice', api: 'http' }, '--api http does not apply to a Chalice project: Chalice puts routes behind an API Gateway REST API only'],
    [{ style: 'chalice', api: 'alb' }, '--api alb does not apply to a Chalice project'],
    [{ framework: 'cdk' }, "--framework must be sam or serverless, not 'cdk'"],
    [{ style: 'chalice', framework: 'serverless' }, '--framework serverless does not apply to a Chalice project: Chalice describes and deploys the app itself (.chalice/config.json, chalice deploy); use --style raw for SAM or the Serverless Framework'],
    [{ style: 'chalice', framework: 'sam' }, '--framework sam does not apply to a Chalice project'],
    [{ style: 'chalice', runtime: 'python3.13' }, '--runtime python3.13 does not apply to a Chalice project: Chalice deploys on the runtime of the Python that runs it (here python3.11)'],
  ])('refuses %j: %s', (given, message) => {
    let error: unknown;
    try {
      resolveChoices('demo', given, defaults);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(message);
    expect((error as UserError).exitCode).toBe(2);
  });

  it('accepts a Chalice --runtime equal to the local one', () => {
    expect(resolveChoices('demo', { style: 'chalice', runtime: 'python3.11' }, defaults).runtime).toBe('python3.11');
  });
});

describe('nextSteps', () => {
  const choices = resolveChoices('demo', {}, { runtime: 'python3.12' });

  it.each([
    [{ localVersion: '3.12.1', windows: false, npx: false }, choices, ['cd demo', 'python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt', 'pylambda dev']],
    [{ localVersion: '3.11.7', windows: false, npx: true }, choices, ['cd demo', 'python3.12 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt', 'npx pylambda dev']],
    [{ localVersion: '3.12.1', windows: true, npx: false }, choices, ['cd demo', 'py -m venv .venv && .venv\\Scripts\\pip install -r requirements-dev.txt', 'pylambda dev']],
    [{ windows: false, npx: false }, { ...choices, example: 'todo' as const }, ['cd demo', 'python3.12 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt', 'pylambda dev --local-aws']],
    [{ cd: 'apps/demo', localVersion: '3.12.1', windows: false, npx: false }, choices, ['cd apps/demo', 'python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt', 'pylambda dev']],
    [{ cd: '../my projects/demo', localVersion: '3.12.1', windows: false, npx: false }, choices, ["cd '../my projects/demo'", 'python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt', 'pylambda dev']],
    [{ cd: '', localVersion: '3.12.1', windows: false, npx: false }, choices, ['python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt', 'pylambda dev']],
    // A pyenv install that is not selected: python3.12 (its shim) would fail.
    [{ localVersion: '3.11.7', windows: false, npx: false, runtimePython: '/home/u/.pyenv/versions/3.12.1/bin/python3.12' }, choices, ['cd demo', '/home/u/.pyenv/versions/3.12.1/bin/python3.12 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt', 'pylambda dev']],
    [{ localVersion: '3.11.7', windows: false, npx: false, runtimePython: '/home/my user/py/python3.12' }, choices, ['cd demo', "'/home/my user/py/python3.12' -m venv .venv && .venv/bin/pip install -r requirements-dev.txt", 'pylambda dev']],
  ])('%j', (options, c, steps) => {
    expect(nextSteps(c, options)).toEqual(steps);
  });

  // Each line is pasted into a shell: a name with $, quotes, & or ; stays one word there.
  it.each([
    ['a b/c$d/x', false, "'a b/c$d/x'"],
    ['e"f/x', false, `'e"f/x'`],
    ["it's/x", false, `'it'\\''s/x'`],
    ['a&b/x', false, "'a&b/x'"],
    ['c;d/x', false, "'c;d/x'"],
    ['g(h)/x', false, "'g(h)/x'"],
    ['k*/x', false, "'k*/x'"],
    ['apps/demo-1.2', false, 'apps/demo-1.2'],
    ['C:\\work\\my app', true, '"C:\\work\\my app"'],
    ['a"b', true, '"a""b"'],
    ['C:\\work\\demo', true, 'C:\\work\\demo'],
  ])('quotes %s for %s shells', (word, windows, quoted) => {
    expect(shellWord(word, windows)).toBe(quoted);
  });
});
