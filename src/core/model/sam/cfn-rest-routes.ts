import { isRecord, type FieldReader } from '../fields.js';
import type { CorsConfig, Route } from '../project.js';
import { anyMethod } from './api-paths.js';
import { CfnAuthorizers } from './cfn-authorizers.js';
import { evaluated, reference, referencedResource, resourcesOfType, text, type CfnApiRoutes } from './cfn-api-refs.js';
import { warnStreaming } from './integration-streaming.js';
import { integrationTimeout } from './integration-timeout.js';
import { proxyTarget, type IntegrationTargets } from './integration-targets.js';
import { cfnTenantIdFrom } from './integration-tenant.js';
import { cfnMethodValidation } from './request-validators.js';
import type { ParsedTemplate } from './template.js';

/**
 * The routes of REST APIs written as plain CloudFormation, as AWS CDK synthesizes them (RestApi, LambdaRestApi)
 * and as `sam local start-api` serves them (cfn_api_provider.py `_extract_cloud_formation_method`): every
 * `AWS::ApiGateway::Method` whose Integration is `AWS_PROXY` to a function of the template is a route, on the path
 * its `AWS::ApiGateway::Resource` chain spells (each Resource's PathPart under its ParentId, up to the API's
 * RootResourceId).
 */

export interface CfnRestRoutes extends CfnApiRoutes {
  /**
   * CORS of the paths that have an OPTIONS method with a MOCK integration answering CORS headers: what CDK adds
   * for `defaultCorsPreflightOptions` (aws-apigateway resource.ts `addCorsPreflight`), with the method's logical id.
   */
  readonly cors: Map<string, { readonly config: CorsConfig; readonly method: string }>;
}

const RESOURCE = 'AWS::ApiGateway::Resource';
const REST_API = 'AWS::ApiGateway::RestApi';
const NOT_SERVED = 'so this method is not served';

/** The REST APIs' routes, by API logical id (every AWS::ApiGateway::RestApi of the template has an entry). */
export function readCfnRestRoutes(template: ParsedTemplate, targets: IntegrationTargets, r: FieldReader): Map<string, CfnRestRoutes> {
  const apis = new Map<string, CfnRestRoutes>(resourcesOfType(template, REST_API).map(([id]) => [id, { id, routes: [], unserved: [], cors: new Map() }]));
  const paths = new Map<string, string | undefined>();
  const authorizers = new CfnAuthorizers(template, targets, r);
  for (const [id, props] of resourcesOfType(template, 'AWS::ApiGateway::Method')) {
    const at = `Resources.${id}.Properties`;
    // The API first: a method added to an API pylambda does not serve (another stack's) is said once, and its
    // other values, which may not be known locally either, are not read.
    const apiId = referencedResource(template, props.RestApiId, REST_API, `${at}.RestApiId`, NOT_SERVED, r);
    const api = apiId === undefined ? undefined : apis.get(apiId);
    if (!api) continue;
    const path = methodPath(template, props.ResourceId, `${at}.ResourceId`, paths, r);
    const written = text(props.HttpMethod, template, `${at}.HttpMethod`, r);
    if (!api || path === undefined || written === undefined) continue;
    const method = anyMethod(written);
    const integration = isRecord(props.Integration) ? props.Integration : undefined;
    const type = typeof integration?.Type === 'string' ? integration.Type.toUpperCase() : undefined;
    if (method === 'OPTIONS' && type === 'MOCK') {
      const cors = mockCors(integration!, `${at}.Integration`, template, r);
      if (cors) {
        api.cors.set(path, { config: cors, method: id });
        continue;
      }
    }
    const target = integration ? proxyTarget({ type: integration.Type, uri: integration.Uri }, targets) : { why: 'a method without an Integration' };
    if ('why' in target) {
      api.unserved.push({ method, path, ...target });
      continue;
    }
    warnStreaming(integration!.ResponseTransferMode, `${at}.Integration.ResponseTransferMode`, r);
    const apiKey = evaluated(props.ApiKeyRequired, template);
    const operationName = evaluated(props.OperationName, template);
    const route: Route = {
      method,
      path,
      functionId: target.id,
      ...(target.qualifier ? { qualifier: target.qualifier } : {}),
      ...integrationTimeout(integration!.TimeoutInMillis, 'rest', `${at}.Integration.TimeoutInMillis`, r),
      ...authorizers.of('rest', props, at),
      ...(apiKey === true || apiKey === 'true' ? { apiKeyRequired: true } : {}),
      ...(typeof operationName === 'string' && operationName !== '' ? { operationName } : {}),
      ...cfnMethodValidation(template, api.id, props, at, r),
      ...cfnTenantIdFrom(template, integration!),
      source: { file: r.file, path: `Resources.${id}` },
    };
    api.routes.push(route);
  }
  return apis;
}

/** The path of a method's ResourceId: `!GetAtt Api.RootResourceId` is `/`, `!Ref SomeResource` that resource's path. */
function methodPath(template: ParsedTemplate, value: unknown, at: string, paths: Map<string, string | undefined>, r: FieldReader): string | undefined {
  const ref = reference(value);
  if (ref?.attr === 'RootResourceId' && template.resources[ref.id]?.Type === REST_API) return '/';
  if (ref && ref.attr === undefined && template.resources[ref.id]?.Type === RESOURCE) return resourcePath(template, ref.id, paths, new Set(), r);
  if (ref && template.context.notCreated?.[ref.id] !== undefined) return undefined;
  r.warn(at, `is not !GetAtt <RestApi>.RootResourceId or a !Ref to an ${RESOURCE} of this template, ${NOT_SERVED}`, 'dev');
  return undefined;
}

/** `/a/b/c`: the resource's PathPart under its parent's path; undefined (said once, at the resource) when the chain is broken. */
function resourcePath(template: ParsedTemplate, id: string, paths: Map<string, string | undefined>, seen: Set<string>, r: FieldReader): string | undefined {
  if (paths.has(id)) return paths.get(id);
  const props = isRecord(template.resources[id]?.Properties) ? template.resources[id]!.Properties as Record<string, unknown> : {};
  const at = `Resources.${id}.Properties`;
  seen.add(id);
  const part = text(props.PathPart, template, `${at}.PathPart`, r);
  const parent = reference(props.ParentId);
  let path: string | undefined;
  if (part === undefined) {
    if (props.PathPart === undefined) r.warn(`${at}.PathPart`, `is required, so the methods on ${id} are not served`, 'dev');
  } else if (parent?.attr === 'RootResourceId' && template.resources[parent.id]?.Type === REST_API) {
    path = `/${part}`;
  } else if (parent && parent.attr === undefined && template.resources[parent.id]?.Type === RESOURCE) {
    if (seen.has(parent.id)) {
      r.warn(`${at}.ParentId`, `${parent.id} is one of ${id}'s own descendants (a cycle), so the methods on ${id} are not served`, 'dev');
    } else {
      const above = resourcePath(template, parent.id, paths, seen, r);
      path = above === undefined ? undefined : `${above}/${part}`;
    }
  } else {
    r.warn(`${at}.ParentId`, `is not !GetAtt <RestApi>.RootResourceId or a !Ref to another ${RESOURCE} of this template, so the methods on ${id} are not served`, 'dev');
  }
  paths.set(id, path);
  return path;
}

/**
 * An OPTIONS MOCK method's CORS answer: the headers its integration response sets (`ResponseParameters`, values
 * quoted as API Gateway literals: `"'*'"`; CDK adds `Vary: Origin` to an origin other than `*`) and its status (CDK's
 * default is 204). Undefined when it sets no
 * Access-Control-Allow-Origin (then it is an unserved mock like any other).
 */
function mockCors(integration: Record<string, unknown>, at: string, template: ParsedTemplate, r: FieldReader): CorsConfig | undefined {
  const responses = evaluated(integration.IntegrationResponses, template);
  const list = Array.isArray(responses) ? responses : [];
  const index = list.findIndex((res) => isRecord(res) && isRecord(res.ResponseParameters) && 'method.response.header.Access-Control-Allow-Origin' in res.ResponseParameters);
  if (index < 0) return undefined;
  const response = list[index] as Record<string, unknown>;
  const params = response.ResponseParameters as Record<string, unknown>;
  const header = (name: string): string | undefined => {
    const value = params[`method.response.header.${name}`];
    return typeof value === 'string' ? /^\s*'(.*)'\s*$/s.exec(value)?.[1] : undefined;
  };
  if (isRecord(response.ResponseTemplates) && Object.keys(response.ResponseTemplates).length > 0) {
    // CDK adds a template that echoes an allowed Origin when it lists several (resource.ts `addCorsPreflight`).
    r.warn(`${at}.IntegrationResponses[${index}].ResponseTemplates`, 'are not run locally (VTL): the CORS preflight answers with the ResponseParameters\' headers as written', 'dev');
  }
  const split = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const status = Number(response.StatusCode);
  const maxAge = Number(header('Access-Control-Max-Age'));
  const vary = header('Vary');
  return {
    allowOrigins: split(header('Access-Control-Allow-Origin')),
    allowMethods: split(header('Access-Control-Allow-Methods')),
    allowHeaders: split(header('Access-Control-Allow-Headers')),
    exposeHeaders: split(header('Access-Control-Expose-Headers')),
    allowCredentials: header('Access-Control-Allow-Credentials') === 'true',
    ...(Number.isInteger(maxAge) && header('Access-Control-Max-Age') !== undefined ? { maxAge } : {}),
    preflightStatus: Number.isInteger(status) && status >= 200 ? status : 200,
    ...(vary ? { preflightVary: vary } : {}),
  };
}
