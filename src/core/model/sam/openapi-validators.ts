import { isRecord, type FieldReader } from '../fields.js';
import type { MethodParameter, RequestValidation } from '../project.js';
import { BUILT_IN_MODELS, requestValidation } from './request-validators.js';

/**
 * A REST operation's request validator as an OpenAPI definition gives it (API Gateway developer guide, "OpenAPI
 * extensions": x-amazon-apigateway-request-validators names the validators, x-amazon-apigateway-request-validator
 * picks one for the whole API at the top of the document or for one operation, the operation's winning). What it
 * checks comes from the operation: its `parameters` with `required: true` (and its path item's), and the schema of
 * its body per content type (OpenAPI 3 `requestBody.content`, Swagger 2 an `in: body` parameter), which API Gateway
 * imports as the API's models (`components.schemas`, `definitions`) with their `$ref`s between them.
 */
export function openApiValidation(document: Record<string, unknown>, pathItem: Record<string, unknown>, operation: Record<string, unknown>, at: string, r: FieldReader): { validation?: RequestValidation } {
  const chosen = operation[VALIDATOR] ?? document[VALIDATOR];
  if (chosen === undefined) return {};
  const validators = isRecord(document[VALIDATORS]) ? document[VALIDATORS] : {};
  const validator = typeof chosen === 'string' ? validators[chosen] : undefined;
  if (!isRecord(validator)) {
    r.warn(operation[VALIDATOR] === undefined ? VALIDATOR : `${at}.${VALIDATOR}`, `names no validator of ${VALIDATORS} (${JSON.stringify(chosen)}), so requests are not validated (API Gateway refuses the definition)`);
    return {};
  }
  const models = { ...BUILT_IN_MODELS, ...schemasOf(document) };
  const parameters = [...parametersOf(document, pathItem.parameters), ...parametersOf(document, operation.parameters)];
  const required = validator.validateRequestParameters === true ? requiredParameters(parameters) : undefined;
  const bodyModels = validator.validateRequestBody === true ? bodySchemas(document, operation, parameters) : undefined;
  return { validation: requestValidation(required, bodyModels, models) };
}

const VALIDATORS = 'x-amazon-apigateway-request-validators';
const VALIDATOR = 'x-amazon-apigateway-request-validator';

const LOCATIONS: Readonly<Record<string, MethodParameter['in']>> = { query: 'querystring', header: 'header', path: 'path' };

/** The document's schemas, which API Gateway imports as models under their names. */
function schemasOf(document: Record<string, unknown>): Record<string, unknown> {
  const components = isRecord(document.components) ? document.components : {};
  const schemas = isRecord(components.schemas) ? components.schemas : isRecord(document.definitions) ? document.definitions : {};
  return { ...schemas };
}

/** A list of parameters with local `$ref`s (`#/components/parameters/Id`, `#/parameters/Id`) followed. */
function parametersOf(document: Record<string, unknown>, value: unknown): Record<string, unknown>[] {
  return (Array.isArray(value) ? value : []).map((p) => localRef(document, p)).filter(isRecord);
}

/** The required ones, the operation's overriding its path item's of the same name and place. */
function requiredParameters(parameters: readonly Record<string, unknown>[]): MethodParameter[] {
  const byKey = new Map<string, MethodParameter | undefined>();
  for (const p of parameters) {
    const where = typeof p.in === 'string' ? LOCATIONS[p.in] : undefined;
    if (!where || typeof p.name !== 'string') continue;
    const key = `${where} ${where === 'header' ? p.name.toLowerCase() : p.name}`;
    byKey.delete(key);
    byKey.set(key, p.required === true ? { in: where, name: p.name } : undefined);
  }
  return [...byKey.values()].filter((p): p is MethodParameter => p !== undefined);
}

/** The body's schema for each content type it names (Swagger 2: the operation's or the document's `consumes`). */
function bodySchemas(document: Record<string, unknown>, operation: Record<string, unknown>, parameters: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const body = localRef(document, operation.requestBody);
  if (isRecord(body) && isRecord(body.content)) {
    for (const [type, media] of Object.entries(body.content)) if (isRecord(media) && media.schema !== undefined) out[type] = media.schema;
    return out;
  }
  const swagger = parameters.find((p) => p.in === 'body' && p.schema !== undefined);
  if (!swagger) return out;
  const consumes = Array.isArray(operation.consumes) ? operation.consumes : Array.isArray(document.consumes) ? document.consumes : ['application/json'];
  for (const type of consumes) if (typeof type === 'string') out[type] = swagger.schema;
  return out;
}

/** `{ $ref: '#/a/b' }` as the value it points to in the document; anything else as it is. */
function localRef(document: Record<string, unknown>, value: unknown): unknown {
  if (!isRecord(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/')) return value;
  let at: unknown = document;
  for (const key of value.$ref.slice(2).split('/')) at = isRecord(at) ? at[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return at;
}
