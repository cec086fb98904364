/**
 * A REST API's endpoint type as each format writes it. API Gateway takes EDGE, REGIONAL or PRIVATE and makes an API
 * EDGE when none is given ("If unspecified, the default is EDGE", RestApi EndpointConfiguration, CloudFormation
 * reference); an edge-optimized API is reached through a CloudFront distribution of API Gateway's own, whose headers
 * its function sees (events/http/cloudfront.ts). Chalice's `api_gateway_endpoint_type` is checked in
 * chalice/endpoint-type.ts.
 */
import type { RestEndpointType } from './project.js';
import { isRecord, type FieldReader } from './fields.js';

export const REST_ENDPOINT_TYPES: readonly RestEndpointType[] = ['EDGE', 'REGIONAL', 'PRIVATE'];

type Found = { endpointType?: RestEndpointType };

function known(text: string, at: string, refused: string, r: FieldReader, anyCase = false): Found {
  const type = anyCase ? text.toUpperCase() : text;
  if ((REST_ENDPOINT_TYPES as readonly string[]).includes(type)) return { endpointType: type as RestEndpointType };
  r.error(at, `must be one of ${REST_ENDPOINT_TYPES.join(', ')}, not ${JSON.stringify(text)} (${refused})`);
  return {};
}

/**
 * SAM `AWS::Serverless::Api` / `Globals.Api` `EndpointConfiguration`: a type (`REGIONAL`) or `{Type: REGIONAL,
 * VPCEndpointIds: [...]}`; aws-sam-translator takes a string or a mapping and passes the type on to the RestApi's
 * `EndpointConfiguration.Types` (api_generator.py `_set_endpoint_configuration`), where API Gateway refuses others.
 */
export function samEndpointType(value: unknown, at: string, r: FieldReader): Found {
  if (value === undefined || value === null) return {};
  if (isRecord(value)) {
    if (value.Type !== undefined && value.Type !== null && value.Type !== '') return samEndpointType(value.Type, `${at}.Type`, r);
    // `if isinstance(value, dict) and value.get("Type")`, else the whole mapping becomes the type.
    r.error(at, `needs a Type (${REST_ENDPOINT_TYPES.join(', ')}): aws-sam-translator makes a mapping without one the API's type itself, which API Gateway refuses in sam deploy`);
    return {};
  }
  const text = r.string(value, at);
  return text === undefined ? {} : known(text, at, 'API Gateway refuses it in sam deploy', r);
}

/** `AWS::ApiGateway::RestApi` `EndpointConfiguration.Types`: a list of one type. */
export function cfnEndpointType(value: unknown, at: string, r: FieldReader): Found {
  if (value === undefined || value === null) return {};
  const config = r.record(value, at);
  if (config?.Types === undefined) return {};
  const types = r.list(config.Types, `${at}.Types`);
  if (types === undefined || types.length === 0) return {};
  if (types.length > 1) {
    r.error(`${at}.Types`, `takes one endpoint type, not ${types.length}: a REST API is either EDGE, REGIONAL or PRIVATE`);
    return {};
  }
  const text = r.string(types[0], `${at}.Types.0`);
  return text === undefined ? {} : known(text, `${at}.Types.0`, 'API Gateway refuses it', r);
}

/**
 * serverless.yml `provider.endpointType`, in any case: the Framework's schema takes REGIONAL, EDGE and PRIVATE
 * case-insensitively and upper-cases it for the RestApi (provider.js, api-gateway/lib/rest-api.js, v3).
 */
export function serverlessEndpointType(value: unknown, at: string, r: FieldReader): Found {
  if (value === undefined || value === null) return {};
  const text = r.string(value, at);
  return text === undefined ? {} : known(text, at, 'the Framework refuses it', r, true);
}
