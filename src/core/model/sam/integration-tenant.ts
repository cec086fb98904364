import { isRecord } from '../fields.js';
import type { Route } from '../project.js';
import { evaluated } from './cfn-api-refs.js';
import { located } from './request-validators.js';
import type { ParsedTemplate } from './template.js';

/**
 * Where a REST method's integration takes the tenant id of a function with tenant isolation from (lambda docs,
 * tenant-isolation-invoke: API Gateway maps a request header, query string or path parameter, or a literal, to the
 * X-Amz-Tenant-Id header of its Invoke call, in the integration's RequestParameters).
 */
export function cfnTenantIdFrom(template: ParsedTemplate, integration: Record<string, unknown>): { tenantIdFrom?: NonNullable<Route['tenantIdFrom']> } {
  return tenantIdFrom(evaluated(integration.RequestParameters, template));
}

/**
 * The same of an OpenAPI operation's `x-amazon-apigateway-integration`, whose `requestParameters` map is written as
 * an AWS::ApiGateway::Method's Integration.RequestParameters is (API Gateway developer guide, "OpenAPI extensions").
 */
export function openApiTenantIdFrom(integration: Record<string, unknown>): { tenantIdFrom?: NonNullable<Route['tenantIdFrom']> } {
  return tenantIdFrom(integration.requestParameters);
}

/** `integration.request.header.X-Amz-Tenant-Id` of a parameter map (its name in any case): a `'literal'` or a method request parameter. */
function tenantIdFrom(params: unknown): { tenantIdFrom?: NonNullable<Route['tenantIdFrom']> } {
  const source = Object.entries(isRecord(params) ? params : {}).find(([key]) => key.toLowerCase() === 'integration.request.header.x-amz-tenant-id')?.[1];
  if (typeof source !== 'string') return {};
  const literal = /^'(.*)'$/s.exec(source);
  if (literal) return { tenantIdFrom: { value: literal[1]! } };
  const [param] = located(source);
  return param ? { tenantIdFrom: param } : {};
}
