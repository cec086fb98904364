import { isRecord, type FieldReader } from '../fields.js';
import type { MethodParameter, RequestValidation } from '../project.js';
import { evaluated, reference, resourcesOfType } from './cfn-api-refs.js';
import { resourceProperties, type ParsedTemplate } from './template.js';

/**
 * What a REST method's request validator checks, as SAM writes it for an `Api` event (samtranslator
 * eventsources/push.py: a `RequestModel` with `ValidateBody` or `ValidateParameters` adds a validator, the one not
 * given being false; `RequestParameters` entries with `Required: true` are the parameters it requires) and as a
 * plain `AWS::ApiGateway::Method` names one (`RequestValidatorId`, `RequestParameters`, `RequestModels`).
 */

const PARAMETER = /^method\.request\.(querystring|header|path)\.(.+)$/;

/** API Gateway's own models, which every REST API has (API Gateway docs, "Data models for REST APIs"). */
export const BUILT_IN_MODELS: Readonly<Record<string, unknown>> = {
  Empty: { $schema: 'http://json-schema.org/draft-04/schema#', title: 'Empty Schema', type: 'object' },
  Error: { $schema: 'http://json-schema.org/draft-04/schema#', title: 'Error Schema', type: 'object', properties: { message: { type: 'string' } } },
};

/** An `Api` event's validation, on the API `apiId` (whose `Models` its RequestModel names). */
export function samEventValidation(template: ParsedTemplate, apiId: string, props: Record<string, unknown>, at: string, r: FieldReader): { validation?: RequestValidation } {
  const model = isRecord(props.RequestModel) ? props.RequestModel : undefined;
  if (!model || (model.ValidateBody === undefined && model.ValidateParameters === undefined)) return {};
  const validateBody = model.ValidateBody === true;
  const validateParameters = model.ValidateParameters === true;
  const apiModels = isRecord(template.resources[apiId]) ? resourceProperties(template, apiId, 'Api').Models : undefined;
  const models = { ...BUILT_IN_MODELS, ...(isRecord(apiModels) ? apiModels : {}) };
  const name = typeof model.Model === 'string' ? model.Model : undefined;
  if (validateBody && (name === undefined || !isRecord(apiModels) || !Object.hasOwn(apiModels, name))) {
    // SAM refuses the template ("it wasn't defined in the API's Models"); without the model there is nothing to check.
    r.warn(`${at}.Properties.RequestModel.Model`, `names no model of ${apiId}'s Models, so the request body is not validated (SAM refuses this template)`);
    return {};
  }
  return { validation: requestValidation(validateParameters ? samParameters(props.RequestParameters) : undefined, validateBody ? { 'application/json': models[name!] } : undefined, models) };
}

/** `RequestParameters` of an `Api` event: `method.request.header.X` strings (not required) or `{name: {Required}}` maps. */
function samParameters(value: unknown): MethodParameter[] {
  const list = Array.isArray(value) ? value : [];
  return list.flatMap((entry) => {
    if (!isRecord(entry)) return [];
    const [name, settings] = Object.entries(entry)[0] ?? [];
    return name !== undefined && isRecord(settings) && (settings.Required === true || settings.Required === 'true') ? located(name) : [];
  });
}

/** A plain `AWS::ApiGateway::Method`'s validation, when its `RequestValidatorId` names a validator of the template. */
export function cfnMethodValidation(template: ParsedTemplate, apiId: string, props: Record<string, unknown>, at: string, r: FieldReader): { validation?: RequestValidation } {
  if (props.RequestValidatorId === undefined) return {};
  const ref = reference(props.RequestValidatorId);
  const resource = ref ? template.resources[ref.id] : undefined;
  if (!ref || resource?.Type !== 'AWS::ApiGateway::RequestValidator') {
    r.warn(`${at}.RequestValidatorId`, 'is not a !Ref to an AWS::ApiGateway::RequestValidator of this template, so requests to this method are not validated', 'dev');
    return {};
  }
  const validator = isRecord(resource.Properties) ? resource.Properties : {};
  const flag = (value: unknown) => { const v = evaluated(value, template); return v === true || v === 'true'; };
  const models = apiModels(template, apiId);
  const parameters = flag(validator.ValidateRequestParameters) ? cfnParameters(evaluated(props.RequestParameters, template)) : undefined;
  let bodyModels: Record<string, unknown> | undefined;
  if (flag(validator.ValidateRequestBody)) {
    bodyModels = {};
    for (const [type, named] of Object.entries(isRecord(props.RequestModels) ? props.RequestModels : {})) {
      const name = modelName(template, named);
      if (name !== undefined && Object.hasOwn(models, name)) bodyModels[type] = models[name];
      else r.warn(`${at}.RequestModels.${type}`, `names no model of the API, so ${type} bodies are not validated`, 'dev');
    }
  }
  return { validation: requestValidation(parameters, bodyModels, models) };
}

/** `method.request.header.X: true` entries: the required ones. */
function cfnParameters(value: unknown): MethodParameter[] {
  return Object.entries(isRecord(value) ? value : {}).flatMap(([name, required]) => (required === true || required === 'true' ? located(name) : []));
}

/** The API's models by name (an `AWS::ApiGateway::Model`'s Name, else its logical id), with API Gateway's own. */
function apiModels(template: ParsedTemplate, apiId: string): Record<string, unknown> {
  const models: Record<string, unknown> = { ...BUILT_IN_MODELS };
  for (const [id, props] of resourcesOfType(template, 'AWS::ApiGateway::Model')) {
    if (reference(props.RestApiId)?.id !== apiId) continue;
    const name = evaluated(props.Name, template);
    const schema = evaluated(props.Schema, template);
    models[typeof name === 'string' ? name : id] = typeof schema === 'string' ? parsedSchema(schema) : schema ?? {};
  }
  return models;
}

/** A model as a method names it: `!Ref` to an AWS::ApiGateway::Model (its Name), or the name written out. */
function modelName(template: ParsedTemplate, value: unknown): string | undefined {
  const ref = reference(value);
  const resource = ref && typeof value !== 'string' ? template.resources[ref.id] : undefined;
  if (ref && resource?.Type === 'AWS::ApiGateway::Model') {
    const name = evaluated(isRecord(resource.Properties) ? resource.Properties.Name : undefined, template);
    return typeof name === 'string' ? name : ref.id;
  }
  const name = evaluated(value, template);
  return typeof name === 'string' ? name : undefined;
}

/** A Schema written as a JSON string, as CloudFormation also takes it; one that does not parse checks nothing. */
function parsedSchema(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** `method.request.header.X` (and querystring, path): where the parameter is; none for anything else. */
export function located(name: string): MethodParameter[] {
  const match = PARAMETER.exec(name);
  return match ? [{ in: match[1] as MethodParameter['in'], name: match[2]! }] : [];
}

export function requestValidation(parameters: MethodParameter[] | undefined, bodyModels: Record<string, unknown> | undefined, models: Record<string, unknown>): RequestValidation {
  return { ...(parameters ? { parameters } : {}), ...(bodyModels ? { bodyModels } : {}), models };
}
