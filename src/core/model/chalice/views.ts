import { samplePath } from '../../events/sources/http-route.js';
import type { Project } from '../project.js';
import { CHALICE_DEFAULTS } from './config.js';

/**
 * A name that is a view's (`def index()` under `@app.route('/')`) rather than a Lambda function's: Chalice deploys no
 * function per view, but one, api_handler, that routes every request to its view (deploy/appgraph.py), so a command
 * that takes a function name says which one runs the view and how to send it the view's request.
 */
export function chaliceViewProblem(project: Project, name: string): { message: string; hint: string } | undefined {
  const all = project.endpoints.flatMap((e) => e.routes).flatMap((route) => (route.view ? [{ route, view: route.view }] : []));
  // By its name first; else by its `def` name, which a blueprint registered with a name_prefix (`bp_`) does not
  // name it by (chalice/app.py `_do_register_handler` prefixes the name only).
  const byName = all.filter((r) => r.view.name === name);
  const routes = byName.length > 0 ? byName : all.filter((r) => r.view.python === name);
  const first = routes[0];
  if (!first) return undefined;
  const list = routes.map(({ route }) => `${route.method} ${route.path}`).join(', ');
  const prefixed = [...new Set(routes.flatMap(({ view }) => (view.python ? [`${view.name} (def ${view.python})`] : [])))];
  const named = prefixed.length > 0 ? `, named ${prefixed.join(' and ')} by its blueprint's name_prefix` : '';
  return {
    message: `'${name}' is a view of the Chalice app (${list})${named}, not a Lambda function: Chalice runs every route in one function, ${CHALICE_DEFAULTS.apiHandler}`,
    hint: `Send ${CHALICE_DEFAULTS.apiHandler} the request API Gateway sends for it: pylambda events generate apigw-rest --method ${first.route.method} --path ${samplePath(first.route.path)} | pylambda invoke ${CHALICE_DEFAULTS.apiHandler} --event -`,
  };
}
