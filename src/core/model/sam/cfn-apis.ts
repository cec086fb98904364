import { FieldReader, isRecord } from '../fields.js';
import type { CorsConfig, Endpoint, FunctionModel, Route } from '../project.js';
import { readApiDefinition, readProjectFile } from './api-definition.js';
import type { DefinitionOptions } from './api-definition-routes.js';
import { apiKeySource } from './api-keys.js';
import { assetPath } from './cdk-assets.js';
import { evaluated, integrationTargets, resourcesOfType, type CfnApiRoutes } from './cfn-api-refs.js';
import { readCfnHttpRoutes } from './cfn-http-routes.js';
import { readCfnWebSocketApis } from './cfn-websocket-apis.js';
import type { WebSocketApi } from '../websocket-api.js';
import { readCfnRestRoutes, type CfnRestRoutes } from './cfn-rest-routes.js';
import { httpStage, restStage } from './cfn-stages.js';
import { apiCompressionSize } from './compression-size.js';
import { cfnEndpointType } from '../endpoint-type.js';
import { httpCors } from './cors.js';
import type { IntegrationTargets } from './integration-targets.js';
import { openApiRoutes, unservedRoutes, type UnservedOperation } from './openapi-routes.js';
import type { ParsedTemplate } from './template.js';
import { strings } from '../values.js';

/**
 * REST and HTTP APIs written as plain CloudFormation (`AWS::ApiGateway::*`, `AWS::ApiGatewayV2::*`), what AWS CDK
 * and hand-written templates have, as endpoints; and those none of whose routes can be served, each said in a warning.
 */
export function readCfnApiEndpoints(template: ParsedTemplate, functions: readonly FunctionModel[], r: FieldReader, options: DefinitionOptions = {}): { endpoints: Endpoint[]; unserved: string[]; webSockets: WebSocketApi[] } {
  const targets = integrationTargets(template, functions.map((f) => f.id), options.skipped ?? {});
  const endpoints: Endpoint[] = [];
  const unserved: string[] = [];
  const add = (endpoint: Endpoint | undefined, id: string) => (endpoint ? endpoints.push(endpoint) : unserved.push(id));
  for (const api of readCfnRestRoutes(template, targets, r).values()) add(restEndpoint(template, api, targets, r, options), api.id);
  const http: string[] = [];
  const webSockets: string[] = [];
  for (const [id, props] of resourcesOfType(template, 'AWS::ApiGatewayV2::Api')) {
    const protocol = evaluated(props.ProtocolType, template);
    // An OpenAPI Body makes an HTTP API without ProtocolType, which CloudFormation then does not require.
    if (protocol === 'HTTP' || (protocol === undefined && (props.Body !== undefined || props.BodyS3Location !== undefined))) http.push(id);
    else if (protocol === 'WEBSOCKET') webSockets.push(id);
    else r.warn(`Resources.${id}.Properties.ProtocolType`, `is ${String(protocol)}: pylambda dev serves HTTP and WebSocket APIs, so ${id} is not served`, 'dev');
  }
  for (const api of readCfnHttpRoutes(template, http, targets, r).values()) add(httpEndpoint(template, api, targets, r, options), api.id);
  return { endpoints, unserved, webSockets: readCfnWebSocketApis(template, webSockets, targets, options.stage, r) };
}

function restEndpoint(template: ParsedTemplate, api: CfnRestRoutes, targets: IntegrationTargets, r: FieldReader, options: DefinitionOptions): Endpoint | undefined {
  const props = rawProperties(template, api.id);
  const at = `Resources.${api.id}.Properties`;
  const body = bodyRoutes(template, api.id, 'rest', at, targets, r, options);
  const unserved = [...body.unserved, ...api.unserved];
  const routes = [...body.routes, ...api.routes.map((route) => withCors(route, api.cors.get(route.path)?.config))];
  if (routes.length === 0 && unserved.length === 0 && !body.unread && api.cors.size > 0) {
    r.warn(`Resources.${api.id}`, 'has CORS preflights (OPTIONS mock methods) only, no method that calls a function, so it is not served', 'dev');
    return undefined;
  }
  if (!said(api.id, routes, unserved, 'methods', body.unread, r)) return undefined;
  // CDK's OPTIONS mock on a resource with no method served here (`/`, `/items` above `/items/{id}`, or one whose
  // methods are HTTP integrations) is still answered by API Gateway: a route of its own, the gateway's answer.
  const routesOnPath = new Set(routes.map((route) => route.path));
  const preflights = [...api.cors].filter(([path]) => !routesOnPath.has(path)).map(([path, mock]): Route => ({
    method: 'OPTIONS', path, functionId: '', cors: mock.config, preflightOnly: true, source: { file: r.file, path: `Resources.${mock.method}` },
  }));
  const stage = restStage(template, api.id, options.stage, r);
  const binary = strings(evaluated(props.BinaryMediaTypes, template), `${at}.BinaryMediaTypes`, r);
  // CloudFormation's ApiKeySourceType wins over the Body's x-amazon-apigateway-api-key-source.
  const keySource = props.ApiKeySourceType !== undefined ? apiKeySource(evaluated(props.ApiKeySourceType, template), `${at}.ApiKeySourceType`, r) : body.apiKeySource ? { apiKeySource: body.apiKeySource } : {};
  return {
    id: api.id,
    kind: 'rest',
    stage: stage.name,
    ...(api.cors.size > 0 ? { preflight: 'mock' as const } : {}),
    binaryMediaTypes: [...new Set([...binary, ...body.binaryMediaTypes])],
    ...keySource,
    ...apiCompressionSize(evaluated(props.MinimumCompressionSize, template), `${at}.MinimumCompressionSize`, body.minimumCompressionSize, r),
    ...cfnEndpointType(evaluated(props.EndpointConfiguration, template), `${at}.EndpointConfiguration`, r),
    ...(stage.variables ? { stageVariables: stage.variables } : {}),
    ...(stage.choices ? { stageChoices: stage.choices } : {}),
    routes: [...routes, ...preflights],
    ...unservedRoutes(unserved),
    source: { file: r.file, path: `Resources.${api.id}` },
  };
}

function httpEndpoint(template: ParsedTemplate, api: CfnApiRoutes, targets: IntegrationTargets, r: FieldReader, options: DefinitionOptions): Endpoint | undefined {
  const props = rawProperties(template, api.id);
  const at = `Resources.${api.id}.Properties`;
  const body = bodyRoutes(template, api.id, 'http', at, targets, r, options);
  const routes = [...body.routes, ...api.routes];
  const unserved = [...body.unserved, ...api.unserved];
  if (!said(api.id, routes, unserved, 'routes', body.unread, r)) return undefined;
  const cors: CorsConfig | undefined = httpCors(evaluated(props.CorsConfiguration, template), `${at}.CorsConfiguration`, r);
  const stage = httpStage(template, api.id, props.Target !== undefined, options.stage, r);
  return {
    id: api.id,
    kind: 'http',
    stage: stage.name,
    binaryMediaTypes: [],
    ...(cors ? { cors } : {}),
    ...(stage.variables ? { stageVariables: stage.variables } : {}),
    ...(stage.choices ? { stageChoices: stage.choices } : {}),
    routes,
    ...unservedRoutes(unserved),
    source: { file: r.file, path: `Resources.${api.id}` },
  };
}

function rawProperties(template: ParsedTemplate, id: string): Record<string, unknown> {
  const props = template.resources[id]?.Properties;
  return isRecord(props) ? props : {};
}

function withCors(route: Route, cors: CorsConfig | undefined): Route {
  return cors ? { ...route, cors } : route;
}

/**
 * An API's OpenAPI `Body` (or `BodyS3Location`, a local file before `aws cloudformation package`), read as a SAM API's
 * definition. CDK's `SpecRestApi` with `ApiDefinition.fromAsset` writes a `BodyS3Location` in its asset bucket and
 * says in the metadata (`aws:asset:property: BodyS3Location`) that it is the file `aws:asset:path` in cdk.out,
 * which SAM CLI reads instead (resource_metadata_normalizer.py replaces any property the metadata names).
 */
function bodyRoutes(template: ParsedTemplate, id: string, kind: 'rest' | 'http', at: string, targets: IntegrationTargets, r: FieldReader, options: DefinitionOptions): { routes: Route[]; unserved: UnservedOperation[]; binaryMediaTypes: string[]; apiKeySource?: 'AUTHORIZER'; minimumCompressionSize?: number; unread: boolean } {
  const props = rawProperties(template, id);
  const keys = { DefinitionBody: 'Body', DefinitionUri: 'BodyS3Location' } as const;
  const asset = props.Body === undefined ? assetPath(template.resources[id], 'BodyS3Location') : undefined;
  const { text: assetText, error } = asset !== undefined && options.readFile ? readProjectFile(options.readFile, asset) : {};
  if (asset !== undefined && options.readFile && assetText === undefined) {
    r.warn(`Resources.${id}.Metadata.aws:asset:path`, error !== undefined ? `${asset} cannot be read (${error}): the routes of its definition are not served`
      : `${asset} is not in cdk.out (not synthesized, or cleaned): run cdk synth to write it; the routes of its definition are not served until then`, 'dev');
    return { routes: [], unserved: [], binaryMediaTypes: [], unread: true };
  }
  const location = asset ?? props.BodyS3Location;
  const readFile = asset !== undefined ? (path: string) => (path === asset ? assetText : options.readFile?.(path)) : options.readFile;
  const { has, definition } = readApiDefinition({ DefinitionBody: props.Body, DefinitionUri: location }, (key) => `${at}.${keys[key as keyof typeof keys]}`, targets.ctx, readFile, r);
  if (!definition) return { routes: [], unserved: [], binaryMediaTypes: [], unread: has };
  const reader = definition.file ? new FieldReader(definition.file) : r;
  const where = (inDocument: string) => (definition.file ? `${definition.file}: ${inDocument}` : `${at}.Body.${inDocument}`);
  const out = openApiRoutes(definition.document, kind, targets, where, reader);
  if (reader !== r) r.diagnostics.push(...reader.diagnostics);
  return { ...out, unread: false };
}

/** How many operations a warning names before it says how many more there are. */
const NAMED = 8;

/** One warning per API naming what is not served; false when nothing of it is. `unread`: a Body not read locally, said already. */
function said(id: string, routes: readonly Route[], unserved: readonly UnservedOperation[], what: string, unread: boolean, r: FieldReader): boolean {
  const total = routes.length + unserved.length;
  const named = unserved.slice(0, NAMED).map((op) => `${op.method} ${op.path} (${op.why})`).join('; ') + (unserved.length > NAMED ? `; and ${unserved.length - NAMED} more` : '');
  const message = total === 0 ? (unread ? undefined : `has no ${what}, so it is not served`)
    : routes.length === 0 ? `none of its ${total} ${what} can be served locally, so ${id} is not served: ${named}`
      : unserved.length > 0 ? `${unserved.length} of its ${total} ${what} ${unserved.length === 1 ? 'is' : 'are'} not served locally: ${named}` : undefined;
  if (message) r.warn(`Resources.${id}`, message, 'dev');
  return routes.length > 0;
}
