import { isRecord, type FieldReader } from '../fields.js';
import type { Route } from '../project.js';
import { anyMethod, withoutTrailingSlash } from './api-paths.js';
import { CfnAuthorizers } from './cfn-authorizers.js';
import { referencedResource, resourcesOfType, text, type CfnApiRoutes } from './cfn-api-refs.js';
import { integrationTimeout } from './integration-timeout.js';
import { proxyTarget, type IntegrationTargets } from './integration-targets.js';
import type { ParsedTemplate } from './template.js';

/**
 * The routes of HTTP APIs written as plain CloudFormation, as AWS CDK synthesizes them (HttpApi with
 * HttpLambdaIntegration) and as `sam local start-api` serves them (cfn_api_provider.py `_extract_cfn_gateway_v2_route`):
 * every `AWS::ApiGatewayV2::Route` whose Target is `integrations/<id>` of an `AWS::ApiGatewayV2::Integration` of type
 * `AWS_PROXY` to a function of the template; and an API's quick-create `Target`.
 */

const API = 'AWS::ApiGatewayV2::Api';
const INTEGRATION = 'AWS::ApiGatewayV2::Integration';
const NOT_SERVED = 'so this route is not served';

/** The HTTP APIs' routes, by API logical id (every HTTP AWS::ApiGatewayV2::Api of the template has an entry). */
export function readCfnHttpRoutes(template: ParsedTemplate, httpApis: readonly string[], targets: IntegrationTargets, r: FieldReader): Map<string, CfnApiRoutes> {
  const apis = new Map<string, CfnApiRoutes>(httpApis.map((id) => [id, { id, routes: [], unserved: [] }]));
  for (const [id, props] of resourcesOfType(template, API)) {
    const api = apis.get(id);
    if (api && props.Target !== undefined) quickCreate(template, api, props, `Resources.${id}.Properties`, targets, r);
  }
  const authorizers = new CfnAuthorizers(template, targets, r);
  const integrations = new Map<string, Pick<Route, 'payloadFormatVersion' | 'integrationTimeoutMs'>>();
  for (const [id, props] of resourcesOfType(template, 'AWS::ApiGatewayV2::Route')) {
    const at = `Resources.${id}.Properties`;
    const apiId = referencedResource(template, props.ApiId, API, `${at}.ApiId`, NOT_SERVED, r);
    const api = apiId === undefined ? undefined : apis.get(apiId);
    if (!api) continue;
    const key = routeKey(text(props.RouteKey, template, `${at}.RouteKey`, r), `${at}.RouteKey`, r);
    if (!key) continue;
    const integrationId = targetIntegration(props.Target);
    if (props.Target === undefined) {
      // A route without a target answers 404 on AWS; CDK never writes one.
      api.unserved.push({ ...key, why: 'a route without a Target' });
      continue;
    }
    const integration = integrationId === undefined ? undefined : template.resources[integrationId];
    if (!integration || integration.Type !== INTEGRATION) {
      r.warn(`${at}.Target`, `is not integrations/<id> of an ${INTEGRATION} of this template (for example !Join ['', [integrations/, !Ref MyIntegration]]), ${NOT_SERVED}`, 'dev');
      continue;
    }
    const iProps = isRecord(integration.Properties) ? integration.Properties : {};
    const iAt = `Resources.${integrationId}.Properties`;
    const target = proxyTarget({ type: iProps.IntegrationType, uri: iProps.IntegrationUri, ...(iProps.IntegrationSubtype === undefined ? {} : { integrationSubtype: String(iProps.IntegrationSubtype) }) }, targets);
    if ('why' in target) {
      api.unserved.push({ ...key, ...target });
      continue;
    }
    // Routes share an integration (CDK makes one per route, hand-written templates often one for all): read it once.
    const settings = integrations.get(integrationId!) ?? integrationSettings(iProps, iAt, r);
    integrations.set(integrationId!, settings);
    api.routes.push({
      ...key,
      functionId: target.id,
      ...(target.qualifier ? { qualifier: target.qualifier } : {}),
      ...settings,
      ...authorizers.of('http', props, at),
      source: { file: r.file, path: `Resources.${id}` },
    });
  }
  return apis;
}

function integrationSettings(props: Record<string, unknown>, at: string, r: FieldReader): Pick<Route, 'payloadFormatVersion' | 'integrationTimeoutMs'> {
  const version = r.payloadFormatVersion(props.PayloadFormatVersion, `${at}.PayloadFormatVersion`);
  if (props.PayloadFormatVersion === undefined) {
    r.warn(`${at}.PayloadFormatVersion`, "is required for an HTTP API's Lambda proxy integration ('1.0' or '2.0'; API Gateway refuses it without one): served with 2.0");
  }
  return { ...(version ? { payloadFormatVersion: version } : {}), ...integrationTimeout(props.TimeoutInMillis, 'http', `${at}.TimeoutInMillis`, r) };
}

/**
 * The integration a route's Target names, `integrations/<id>`, however the template spells it: as CDK writes it
 * (`!Join ['', [integrations/, !Ref X]]`), joined at the slash (`!Join [/, [integrations, !Ref X]]`, as AWS's
 * serverless-patterns and SAM CLI's own start-api templates write it), `!Sub integrations/${X}` or a literal id.
 * SAM CLI resolves the Target and takes what follows `integrations/` (cfn_api_provider.py), so every spelling works there.
 */
export function targetIntegration(value: unknown): string | undefined {
  const written = targetText(value);
  return written === undefined ? undefined : /^integrations\/\$?\{?([A-Za-z0-9]+)\}?$/.exec(written)?.[1];
}

/** The Target as text, a `!Ref X` in it written `${X}`; undefined when it holds anything else. */
function targetText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return undefined;
  const join = value['Fn::Join'];
  if (Array.isArray(join)) {
    const [separator, parts] = join as unknown[];
    if (typeof separator !== 'string' || !Array.isArray(parts)) return undefined;
    const texts = parts.map((part) => (typeof part === 'string' ? part : isRecord(part) && typeof part.Ref === 'string' ? `\${${part.Ref}}` : undefined));
    return texts.every((t) => t !== undefined) ? texts.join(separator) : undefined;
  }
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string' && isRecord(sub[1])) {
    const vars = sub[1];
    return sub[0].replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
      const v = vars[name];
      return isRecord(v) && typeof v.Ref === 'string' ? `\${${v.Ref}}` : whole;
    });
  }
  return undefined;
}

/** `GET /items/{id}`, `ANY /{proxy+}` or `$default` (API Gateway's route keys). */
function routeKey(key: string | undefined, at: string, r: FieldReader): Pick<Route, 'method' | 'path'> | undefined {
  if (key === undefined) return undefined;
  if (key === '$default') return { method: 'ANY', path: '$default' };
  const match = /^(\S+) (\/\S*)$/.exec(key);
  if (!match) {
    r.error(at, `'${key}' is not a route key: a method and a path ('GET /items/{id}', 'ANY /{proxy+}') or $default`);
    return undefined;
  }
  return { method: anyMethod(match[1]!), path: withoutTrailingSlash(match[2]!) };
}

/**
 * Quick create: an Api with a `Target` (a function's ARN) gets an AWS_PROXY integration with payload 2.0, a route
 * (`RouteKey`, else `$default`) and a `$default` stage (AWS::ApiGatewayV2::Api, `Target`).
 */
function quickCreate(template: ParsedTemplate, api: CfnApiRoutes, props: Record<string, unknown>, at: string, targets: IntegrationTargets, r: FieldReader): void {
  const key = props.RouteKey === undefined ? { method: 'ANY', path: '$default' } : routeKey(text(props.RouteKey, template, `${at}.RouteKey`, r), `${at}.RouteKey`, r);
  if (!key) return;
  const target = proxyTarget({ type: 'aws_proxy', uri: props.Target }, targets);
  if ('why' in target) api.unserved.push({ ...key, ...target });
  else api.routes.push({ ...key, functionId: target.id, ...(target.qualifier ? { qualifier: target.qualifier } : {}), source: { file: r.file, path: `${at}.Target` } });
}
