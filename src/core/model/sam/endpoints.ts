import type { Diagnostic } from '../../errors.js';
import { compileRoutes } from '../../routing/compile.js';
import { FieldReader } from '../fields.js';
import type { Endpoint, FunctionModel } from '../project.js';
import type { WebSocketApi } from '../websocket-api.js';
import type { DefinitionOptions } from './api-definition-routes.js';
import { readAlbEndpoints } from './alb.js';
import { readApiEndpoints } from './apis.js';
import { readCfnApiEndpoints } from './cfn-apis.js';
import { readFunctionUrls } from './function-urls.js';
import type { ParsedTemplate } from './template.js';

/**
 * The HTTP endpoints of a SAM template: REST and HTTP APIs (implicit and explicit) from the functions'
 * events and the APIs' OpenAPI definitions, those written as plain CloudFormation (CDK's), function URLs, and ALB listeners with Lambda targets. Only
 * functions pylambda runs get routes. The diagnostics include the route tables' own (two functions on one
 * route is an error here, at startup). `unserved`: the APIs with a definition none of whose routes is served.
 */
export function readSamEndpoints(template: ParsedTemplate, functions: readonly FunctionModel[], file: string, options: DefinitionOptions = {}): { endpoints: Endpoint[]; unserved: string[]; webSockets: WebSocketApi[]; diagnostics: Diagnostic[] } {
  const r = new FieldReader(file);
  const apis = readApiEndpoints(template, functions, r, options);
  const cfn = readCfnApiEndpoints(template, functions, r, options);
  const endpoints = [...apis.endpoints, ...cfn.endpoints, ...readFunctionUrls(template, functions, r), ...readAlbEndpoints(template, functions, r, options.skipped)];
  const diagnostics = [...r.diagnostics];
  for (const endpoint of endpoints) diagnostics.push(...compileRoutes(endpoint).diagnostics);
  return { endpoints, unserved: [...apis.unserved, ...cfn.unserved], webSockets: cfn.webSockets, diagnostics };
}
