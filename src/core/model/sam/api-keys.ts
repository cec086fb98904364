import { Unresolved } from '../cfn/intrinsics.js';
import { isRecord, type FieldReader } from '../fields.js';
import type { ApiKeyModel, Route } from '../project.js';
import { boolean } from './values.js';
import { evaluated, reference, resourcesOfType } from './cfn-api-refs.js';
import { resourceProperties, type ParsedTemplate } from './template.js';

/** What an API's `Auth` says of API keys: its routes' default, and whether its CORS preflight needs one too. */
export interface ApiKeyAuth {
  readonly required: boolean;
  readonly preflight: boolean;
}

/**
 * `Auth.ApiKeyRequired` of an `AWS::Serverless::Api`: every method of the API needs a key, the OPTIONS methods SAM
 * makes for CORS too unless `AddApiKeyRequiredToCorsPreflight: false` (SAM's api_generator `_set_default_apikey_required`;
 * serverless-application-model issue 1786). HTTP APIs have no API keys.
 */
export function apiKeyAuth(auth: unknown, kind: 'rest' | 'http', at: string, r: FieldReader): ApiKeyAuth {
  if (!isRecord(auth) || auth.ApiKeyRequired === undefined) return { required: false, preflight: false };
  if (kind === 'http') {
    r.warn(`${at}.ApiKeyRequired`, 'does nothing: HTTP APIs have no API keys (a REST API, AWS::Serverless::Api, checks them)');
    return { required: false, preflight: false };
  }
  const required = boolean(auth.ApiKeyRequired, `${at}.ApiKeyRequired`, r);
  const preflight = auth.AddApiKeyRequiredToCorsPreflight === undefined || boolean(auth.AddApiKeyRequiredToCorsPreflight, `${at}.AddApiKeyRequiredToCorsPreflight`, r);
  return { required, preflight: required && preflight };
}

/** An `Api` event's own `Auth.ApiKeyRequired`, which wins over its API's (true or false); `HttpApi` events have none. */
export function eventApiKeyRequired(props: Record<string, unknown>, kind: 'rest' | 'http', at: string, r: FieldReader): { apiKeyRequired?: boolean } {
  const auth = props.Auth;
  if (!isRecord(auth) || auth.ApiKeyRequired === undefined) return {};
  if (kind === 'http') {
    r.warn(`${at}.Properties.Auth.ApiKeyRequired`, 'does nothing: HTTP APIs have no API keys (an Api event, on a REST API, checks them)');
    return {};
  }
  return { apiKeyRequired: boolean(auth.ApiKeyRequired, `${at}.Properties.Auth.ApiKeyRequired`, r) };
}

/**
 * A REST API's ApiKeySourceType (or its definition's `x-amazon-apigateway-api-key-source`): AUTHORIZER, or undefined
 * for HEADER, the default.
 */
export function apiKeySource(value: unknown, at: string, r: FieldReader): { apiKeySource?: 'AUTHORIZER' } {
  const source = r.string(value, at);
  if (source === undefined || source.toUpperCase() === 'HEADER') return {};
  if (source.toUpperCase() === 'AUTHORIZER') return { apiKeySource: 'AUTHORIZER' };
  r.error(at, `'${source}' is not HEADER or AUTHORIZER`);
  return {};
}

/** The API's default on the routes that do not say. */
export function withApiKeyDefault(routes: readonly Route[], required: boolean): Route[] {
  return routes.map((route) => (required && route.apiKeyRequired === undefined ? { ...route, apiKeyRequired: true } : route));
}

/**
 * The template's `AWS::ApiGateway::ApiKey` resources with a `Value`: what a request may send. A key without one
 * (SAM's `Auth.UsagePlan` makes those) gets its value from AWS at deploy time. `Enabled` defaults to false
 * (API Gateway CreateApiKey), and API Gateway refuses a disabled key.
 */
export function readApiKeys(template: ParsedTemplate, r: FieldReader): ApiKeyModel[] {
  const out: ApiKeyModel[] = [];
  const plans = usagePlanStages(template);
  for (const [id, resource] of Object.entries(template.resources)) {
    if (resource.Type !== 'AWS::ApiGateway::ApiKey') continue;
    const props = resourceProperties(template, id);
    const at = `Resources.${id}.Properties`;
    // A value kept out of the template (a NoEcho parameter, an import) is the usual way to hold a key: it cannot
    // be known locally, which is no fault of the template.
    if (props.Value instanceof Unresolved) {
      r.warn(`${at}.Value`, `${props.Value.reason}: pylambda dev cannot know the key ${id}, so it does not take it (--api-key KEY gives dev the key to take)`);
      continue;
    }
    const value = props.Value === undefined ? undefined : r.string(props.Value, `${at}.Value`);
    if (value === undefined) continue;
    if (props.Enabled instanceof Unresolved) {
      r.warn(`${at}.Enabled`, `${props.Enabled.reason}: the key ${id} is taken as enabled`);
    } else if (!boolean(props.Enabled, `${at}.Enabled`, r)) {
      r.warn(`${at}.Enabled`, `is not true, so API Gateway refuses the key ${id} (a key is disabled unless Enabled: true), and pylambda dev does too`);
      continue;
    }
    const stages = plans.get(id) ?? [];
    if (stages.length === 0) {
      r.warn(`Resources.${id}`, `is in no usage plan (an AWS::ApiGateway::UsagePlanKey with its KeyId), so API Gateway answers 403 Forbidden to a request with it, and pylambda dev does too (--api-key KEY gives dev a key that opens every route)`);
    }
    out.push({ name: id, value, stages, source: { file: r.file, path: `Resources.${id}` } });
  }
  return out;
}

/**
 * The APIs and stages each key opens, by the key's logical id: the `ApiStages` of the `AWS::ApiGateway::UsagePlan`s
 * its `AWS::ApiGateway::UsagePlanKey`s put it in ("a usage plan specifies who can access one or more deployed API
 * stages"). A stage that is a !Ref to an AWS::ApiGateway::Stage is its StageName; one not known locally is any stage.
 */
function usagePlanStages(template: ParsedTemplate): Map<string, Array<{ api: string; stage?: string }>> {
  const planStages = new Map<string, Array<{ api: string; stage?: string }>>();
  for (const [id, props] of resourcesOfType(template, 'AWS::ApiGateway::UsagePlan')) {
    const list = Array.isArray(props.ApiStages) ? props.ApiStages.filter(isRecord) : [];
    planStages.set(id, list.flatMap((s) => {
      const api = reference(s.ApiId)?.id;
      return api === undefined ? [] : [{ api, ...stageName(template, s.Stage) }];
    }));
  }
  const out = new Map<string, Array<{ api: string; stage?: string }>>();
  for (const [, props] of resourcesOfType(template, 'AWS::ApiGateway::UsagePlanKey')) {
    const key = reference(props.KeyId)?.id;
    const plan = reference(props.UsagePlanId)?.id;
    if (key === undefined || plan === undefined) continue;
    out.set(key, [...(out.get(key) ?? []), ...(planStages.get(plan) ?? [])]);
  }
  return out;
}

function stageName(template: ParsedTemplate, value: unknown): { stage?: string } {
  const ref = reference(value);
  const stage = ref && template.resources[ref.id]?.Type === 'AWS::ApiGateway::Stage' ? resourcesOfType(template, 'AWS::ApiGateway::Stage').find(([id]) => id === ref.id)?.[1].StageName : value;
  const name = evaluated(stage, template);
  return typeof name === 'string' ? { stage: name } : {};
}
