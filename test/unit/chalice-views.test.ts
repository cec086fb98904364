import { describe, expect, it } from 'vitest';
import type { ChaliceAppInfo, ChaliceRouteInfo } from '../../src/core/model/chalice/app-info.js';
import { readChaliceProject } from '../../src/core/model/chalice/read.js';
import { chaliceViewProblem } from '../../src/core/model/chalice/views.js';

/** `pylambda invoke NAME` (and package, coldstart) where NAME is a Chalice view's: which function runs it, and how. */

function route(path: string, method: string, view_name: string, python_name: string = view_name): ChaliceRouteInfo {
  return { path, method, view_name, python_name, content_types: ['application/json'], api_key_required: false, authorizer: null, cors: null };
}

function app(routes: ChaliceRouteInfo[]): ChaliceAppInfo {
  return { ok: true, chalice_version: '1.34.0', python_version: '3.12.4', lambda_python_version: 'python3.12', app_name: 'demo', routes, binary_types: [], functions: [], missing_feature_flags: [] };
}

describe('a name that is a view\'s, not a function\'s', () => {
  const info = app([route('/users/{name}', 'GET', 'user'), route('/users/{name}', 'DELETE', 'user'), route('/files/{proxy+}', 'POST', 'files'), route('/', 'GET', 'index')]);
  const project = readChaliceProject(JSON.stringify({ version: '2.0', app_name: 'demo' }), info, { file: '.chalice/config.json' }).project!;
  it.each<[string, string | undefined, string | undefined]>([
    ['user', "'user' is a view of the Chalice app (GET /users/{name}, DELETE /users/{name}), not a Lambda function: Chalice runs every route in one function, api_handler",
      'Send api_handler the request API Gateway sends for it: pylambda events generate apigw-rest --method GET --path /users/name | pylambda invoke api_handler --event -'],
    ['files', "'files' is a view of the Chalice app (POST /files/{proxy+}), not a Lambda function: Chalice runs every route in one function, api_handler",
      'Send api_handler the request API Gateway sends for it: pylambda events generate apigw-rest --method POST --path /files/proxy | pylambda invoke api_handler --event -'],
    ['index', "'index' is a view of the Chalice app (GET /), not a Lambda function: Chalice runs every route in one function, api_handler",
      'Send api_handler the request API Gateway sends for it: pylambda events generate apigw-rest --method GET --path / | pylambda invoke api_handler --event -'],
    ['nope', undefined, undefined],
    ['api_handler', undefined, undefined],
  ])('%s', (name, message, hint) => {
    expect(chaliceViewProblem(project, name)).toEqual(message === undefined ? undefined : { message, hint });
  });
});

describe('the view of each route, as data from the app (pylambda_chalice_app.py\'s view_name and python_name)', () => {
  it('is the view\'s name, and its def name only where a blueprint\'s name_prefix made them differ', () => {
    const info = app([route('/', 'GET', 'index'), route('/jobs', 'GET', 'bp_list_jobs', 'list_jobs'), { ...route('/old', 'GET', 'old'), python_name: null }]);
    const project = readChaliceProject(JSON.stringify({ version: '2.0', app_name: 'demo' }), info, { file: '.chalice/config.json' }).project!;
    expect(project.endpoints[0]!.routes.map((r) => [r.method, r.path, r.view])).toEqual([
      ['GET', '/', { name: 'index' }], ['GET', '/jobs', { name: 'bp_list_jobs', python: 'list_jobs' }], ['GET', '/old', { name: 'old' }]]);
  });

  // Read from the route's diagnostic text, these were not found: its path is not one word, its prefix has a comma and a parenthesis.
  it.each<[string, ChaliceRouteInfo, string]>([
    ['a path with a space', route('/a b', 'GET', 'spaced'), "'spaced' is a view of the Chalice app (GET /a b), not a Lambda function"],
    ['a name_prefix with a comma and a parenthesis', route('/p', 'GET', 'v(1), p', 'p'), "'p' is a view of the Chalice app (GET /p), named v(1), p (def p) by its blueprint's name_prefix, not a Lambda function"],
  ])('%s', (_what, info, message) => {
    const project = readChaliceProject(JSON.stringify({ version: '2.0', app_name: 'demo' }), app([info]), { file: '.chalice/config.json' }).project!;
    expect(chaliceViewProblem(project, info.python_name ?? info.view_name)?.message).toBe(`${message}: Chalice runs every route in one function, api_handler`);
  });
});

describe('a view of a blueprint registered with a name_prefix', () => {
  // app.register_blueprint(jobs, name_prefix='bp_'): Chalice names the view bp_list_jobs, its def is list_jobs.
  const info = app([route('/jobs', 'GET', 'bp_list_jobs', 'list_jobs'), route('/jobs', 'POST', 'bp_list_jobs', 'list_jobs'), route('/', 'GET', 'index'), route('/b', 'GET', 'bp_index', 'index')]);
  const project = readChaliceProject(JSON.stringify({ version: '2.0', app_name: 'demo' }), info, { file: '.chalice/config.json' }).project!;
  const hint = 'Send api_handler the request API Gateway sends for it: pylambda events generate apigw-rest --method GET --path /jobs | pylambda invoke api_handler --event -';
  it.each<[string, string | undefined]>([
    ['list_jobs', "'list_jobs' is a view of the Chalice app (GET /jobs, POST /jobs), named bp_list_jobs (def list_jobs) by its blueprint's name_prefix, not a Lambda function: Chalice runs every route in one function, api_handler"],
    ['bp_list_jobs', "'bp_list_jobs' is a view of the Chalice app (GET /jobs, POST /jobs), named bp_list_jobs (def list_jobs) by its blueprint's name_prefix, not a Lambda function: Chalice runs every route in one function, api_handler"],
    ['jobs', undefined],
  ])('%s', (name, message) => {
    expect(chaliceViewProblem(project, name)).toEqual(message === undefined ? undefined : { message, hint });
  });

  it("a view's own name wins over another view's def name", () => {
    expect(chaliceViewProblem(project, 'index')?.message).toBe("'index' is a view of the Chalice app (GET /), not a Lambda function: Chalice runs every route in one function, api_handler");
  });
});
