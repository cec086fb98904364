import { isRecord, type FieldReader } from '../fields.js';
import { DEFAULT_ROUTE_SELECTION, type WebSocketApi, type WebSocketRoute } from '../websocket-api.js';
import { evaluated, reference, resourcesOfType, text } from './cfn-api-refs.js';
import { targetIntegration } from './cfn-http-routes.js';
import { httpStage } from './cfn-stages.js';
import { proxyTarget, type IntegrationTargets } from './integration-targets.js';
import type { ParsedTemplate } from './template.js';

/**
 * WebSocket APIs written as CloudFormation (SAM has no WebSocket event; templates, CDK's WebSocketApi and
 * `chalice package` write these): an `AWS::ApiGatewayV2::Api` with `ProtocolType: WEBSOCKET`, its
 * `AWS::ApiGatewayV2::Route`s whose Target is `integrations/<id>` of an `AWS_PROXY` `AWS::ApiGatewayV2::Integration`
 * to a function of the template, the `AWS::ApiGatewayV2::RouteResponse`s that send a route's result back, and its stage.
 */

const NOT_SERVED = 'so this route is not served';

/** `ids`: the WEBSOCKET APIs of the template. An API none of whose routes can be served is said in a warning, and left out. */
export function readCfnWebSocketApis(template: ParsedTemplate, ids: readonly string[], targets: IntegrationTargets, wantedStage: string | undefined, r: FieldReader): WebSocketApi[] {
  const routes = new Map<string, WebSocketRoute[]>(ids.map((id) => [id, []]));
  const unserved = new Map<string, Array<{ routeKey: string; why: string }>>(ids.map((id) => [id, []]));
  const responses = routesWithResponses(template);
  /** Each API's route keys, with the route that has each. */
  const keys = new Map<string, string>();
  for (const [id, props] of resourcesOfType(template, 'AWS::ApiGatewayV2::Route')) {
    const at = `Resources.${id}.Properties`;
    const apiId = reference(props.ApiId)?.id;
    const list = apiId === undefined ? undefined : routes.get(apiId);
    if (!list) continue;
    const routeKey = text(props.RouteKey, template, `${at}.RouteKey`, r);
    if (routeKey === undefined) continue;
    const first = keys.get(`${apiId}\n${routeKey}`);
    if (first !== undefined) {
      r.error(`${at}.RouteKey`, `${routeKey} is the key of Resources.${first} already: an API has one route per key (API Gateway refuses the second with a ConflictException)`);
      continue;
    }
    keys.set(`${apiId}\n${routeKey}`, id);
    const integrationId = targetIntegration(props.Target);
    const integration = integrationId === undefined ? undefined : template.resources[integrationId];
    if (!integration || integration.Type !== 'AWS::ApiGatewayV2::Integration') {
      r.warn(`${at}.Target`, `is not integrations/<id> of an AWS::ApiGatewayV2::Integration of this template (for example !Join ['', [integrations/, !Ref MyIntegration]]), ${NOT_SERVED}`, 'dev');
      continue;
    }
    const iProps = isRecord(integration.Properties) ? integration.Properties : {};
    const target = proxyTarget({ type: iProps.IntegrationType, uri: iProps.IntegrationUri }, targets);
    if ('why' in target) {
      r.warn(`Resources.${id}`, `${routeKey} calls ${target.why}, ${NOT_SERVED}`, 'dev');
      unserved.get(apiId!)!.push({ routeKey, why: `it calls ${target.why}` });
      continue;
    }
    if (props.AuthorizerId !== undefined || (props.AuthorizationType !== undefined && props.AuthorizationType !== 'NONE')) {
      r.warn(`${at}.AuthorizationType`, `${routeKey} has an authorizer, which pylambda dev does not run on WebSocket routes: it is served without it`, 'dev');
    }
    list.push({
      routeKey,
      functionId: target.id,
      ...(target.qualifier ? { qualifier: target.qualifier } : {}),
      ...(responses.has(id) ? { respond: true as const } : {}),
      source: { file: r.file, path: `Resources.${id}` },
    });
  }
  const out: WebSocketApi[] = [];
  for (const id of ids) {
    const props = template.resources[id]?.Properties;
    const p = isRecord(props) ? props : {};
    const apiRoutes = routes.get(id)!;
    if (apiRoutes.length === 0) {
      r.warn(`Resources.${id}`, 'is a WebSocket API with no route that calls a function of the template, so it is not served', 'dev');
      continue;
    }
    const name = evaluated(p.Name, template);
    const expression = evaluated(p.RouteSelectionExpression, template);
    if (p.RouteSelectionExpression === undefined) {
      r.error(`Resources.${id}.Properties.RouteSelectionExpression`, `is required for a WebSocket API, which has no default (API Gateway refuses it without one): ${DEFAULT_ROUTE_SELECTION} is the usual one`);
    }
    out.push({
      id,
      ...(typeof name === 'string' ? { name } : {}),
      stage: httpStage(template, id, false, wantedStage, r).name,
      routeSelectionExpression: typeof expression === 'string' ? expression : DEFAULT_ROUTE_SELECTION,
      routes: apiRoutes,
      ...(unserved.get(id)!.length > 0 ? { unservedRoutes: unserved.get(id)! } : {}),
      source: { file: r.file, path: `Resources.${id}` },
    });
  }
  return out;
}

/** The routes (logical ids) an `AWS::ApiGatewayV2::RouteResponse` answers for. */
function routesWithResponses(template: ParsedTemplate): Set<string> {
  return new Set(resourcesOfType(template, 'AWS::ApiGatewayV2::RouteResponse').flatMap(([, props]) => {
    const route = reference(props.RouteId)?.id;
    return route === undefined ? [] : [route];
  }));
}
