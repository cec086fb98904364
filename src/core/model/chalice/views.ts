import { samplePath } from '../../events/sources/http-route.js';
import type { Project } from '../project.js';
import { CHALICE_DEFAULTS } from './config.js';
import { routeView } from './endpoint.js';

/**
 * A name that is a view's (`def index()` under `@app.route('/')`) rather than a Lambda function's: Chalice deploys no
 * function per view, but one, api_handler, that routes every request to its view (deploy/appgraph.py), so a command
 * that takes a function name says which one runs the view and how to send it the view's request.
 */
export function chaliceViewProblem(project: Project, name: string): { message: string; hint: string } | undefined {
  const routes = project.endpoints.flatMap((e) => e.routes).filter((r) => routeView(r) === name);
  const first = routes[0];
  if (!first) return undefined;
  const list = routes.map((r) => `${r.method} ${r.path}`).join(', ');
  return {
    message: `'${name}' is a view of the Chalice app (${list}), not a Lambda function: Chalice runs every route in one function, ${CHALICE_DEFAULTS.apiHandler}`,
    hint: `Send ${CHALICE_DEFAULTS.apiHandler} the request API Gateway sends for it: pylambda events generate apigw-rest --method ${first.method} --path ${samplePath(first.path)} | pylambda invoke ${CHALICE_DEFAULTS.apiHandler} --event -`,
  };
}
