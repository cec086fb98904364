import { describe, expect, it } from 'vitest';
import { chaliceImportProblem, parseChaliceScriptOutput, type ChaliceAppError } from '../../src/core/model/chalice/app-info.js';

const CTX = { python: '.venv/bin/python', projectVenv: true, stage: 'dev', configFile: '.chalice/config.json' };
const error = (overrides: Partial<ChaliceAppError>): ChaliceAppError => ({ phase: 'import', type: 'RuntimeError', message: 'boom', traceback: '', ...overrides });

describe('the message for an app that cannot be read', () => {
  it.each<[string, ChaliceAppError, typeof CTX, { message: string; hint: string }]>([
    ['chalice missing from the project venv', error({ type: 'ModuleNotFoundError', message: "No module named 'chalice'", missing_module: 'chalice', location: { file: 'app.py', line: 1 } }), CTX, {
      message: "app.py could not be imported: ModuleNotFoundError: No module named 'chalice' (app.py, line 1) — install it in the project's virtual environment: .venv/bin/python -m pip install chalice",
      hint: 'pylambda reads the routes from the app itself, with the Python that runs it.',
    }],
    ['chalice missing from another Python', error({ type: 'ModuleNotFoundError', message: "No module named 'chalice'", missing_module: 'chalice' }), { ...CTX, python: '/usr/bin/python3', projectVenv: false }, {
      message: "app.py could not be imported: ModuleNotFoundError: No module named 'chalice' — install it in a virtual environment for the project: python3 -m venv .venv && .venv/bin/python -m pip install chalice (pylambda uses .venv/bin/python when it exists; now it ran /usr/bin/python3)",
      hint: 'pylambda reads the routes from the app itself, with the Python that runs it.',
    }],
    ['chalice missing when the script looks for the app class', error({ phase: 'find_app', type: 'ModuleNotFoundError', message: "No module named 'chalice'", missing_module: 'chalice' }), CTX, {
      message: "The Chalice app could not be found: ModuleNotFoundError: No module named 'chalice' — install it in the project's virtual environment: .venv/bin/python -m pip install chalice",
      hint: 'pylambda reads the routes from the app itself, with the Python that runs it.',
    }],
    ['another module missing', error({ type: 'ModuleNotFoundError', message: "No module named 'requests'", missing_module: 'requests', location: { file: 'chalicelib/db.py', line: 2 } }), CTX, {
      message: "app.py could not be imported: ModuleNotFoundError: No module named 'requests' (chalicelib/db.py, line 2)",
      hint: "Install the project's dependencies for .venv/bin/python: .venv/bin/python -m pip install -r requirements.txt",
    }],
    ['an exception, with its traceback', error({ type: 'KeyError', message: "'TABLE'", traceback: 'Traceback (most recent call last):\n  File "/p/app.py", line 3, in <module>\nKeyError: \'TABLE\'\n', location: { file: 'app.py', line: 3 } }), { ...CTX, stage: 'prod' }, {
      message: "app.py could not be imported: KeyError: 'TABLE' (app.py, line 3)\n    Traceback (most recent call last):\n      File \"/p/app.py\", line 3, in <module>\n    KeyError: 'TABLE'",
      hint: "app.py is imported as chalice deploy imports it: with the environment_variables of stage 'prod' from .chalice/config.json set. A variable that exists only once deployed can be given with --env-vars FILE ({\"Parameters\": {\"NAME\": \"value\"}}): the import and the functions get it.",
    }],
    ['an exception, with an --env-vars file given', error({ type: 'KeyError', message: "'TABLE'", location: { file: 'app.py', line: 3 } }), { ...CTX, envVarsFile: 'env.json' } as typeof CTX, {
      message: "app.py could not be imported: KeyError: 'TABLE' (app.py, line 3)",
      hint: "app.py is imported as chalice deploy imports it: with the environment_variables of stage 'dev' from .chalice/config.json set, and what env.json gives api_handler (Parameters and its section).",
    }],
    // The stage's variables and --env-vars are beside the point for code Python cannot compile.
    ['a syntax error, in a module app.py imports', error({ type: 'IndentationError', message: 'unexpected indent', traceback: '  File "/p/chalicelib/db.py", line 4\n    x = 1\nIndentationError: unexpected indent\n', location: { file: 'chalicelib/db.py', line: 4 } }), CTX, {
      message: 'app.py could not be imported: IndentationError: unexpected indent (chalicelib/db.py, line 4)\n      File "/p/chalicelib/db.py", line 4\n        x = 1\n    IndentationError: unexpected indent',
      hint: 'Fix the code at chalicelib/db.py, line 4: pylambda reads the routes by importing app.py, as chalice deploy does.',
    }],
    ['no app attribute', error({ phase: 'find_app', type: 'AttributeError', message: "app.py has no attribute 'app' (Chalice deploys app.app)" }), CTX, {
      message: "app.py has no attribute 'app' (Chalice deploys app.app)",
      hint: 'Chalice deploys the object named app in app.py as the API handler: app = Chalice(app_name="...")',
    }],
    ['not a Chalice app', error({ phase: 'find_app', type: 'TypeError', message: 'app.app is a Flask, not a chalice.Chalice app' }), CTX, {
      message: 'app.app is a Flask, not a chalice.Chalice app',
      hint: 'Chalice deploys the object named app in app.py as the API handler: app = Chalice(app_name="...")',
    }],
  ])('%s', (_, err, ctx, expected) => {
    expect(chaliceImportProblem(err, ctx)).toEqual(expected);
  });
});

describe("the script's output", () => {
  it('an unexpected shape is a bug, named by its path', () => {
    expect(() => parseChaliceScriptOutput({ ok: true, app_name: 'x' })).toThrow(/^pylambda_chalice_app.py output: /);
    expect(() => parseChaliceScriptOutput({ ok: false, error: { phase: 'elsewhere' } })).toThrow(/^pylambda_chalice_app.py output: error\./);
  });
});
