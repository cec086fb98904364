import type { FieldReader } from '../fields.js';
import type { Endpoint, FunctionModel } from '../project.js';
import { aliasQualifier } from './alias-qualifier.js';
import { listCors } from './cors.js';
import { propertyPath, resourceProperties, type ParsedTemplate } from './template.js';

/**
 * `FunctionUrlConfig` on a function: an endpoint of its own, `<FunctionId>Url` (the logical id SAM gives the
 * AWS::Lambda::Url it generates), that sends every request to the function.
 */
export function readFunctionUrls(template: ParsedTemplate, functions: readonly FunctionModel[], r: FieldReader): Endpoint[] {
  const out: Endpoint[] = [];
  for (const fn of functions) {
    // SAM's property (a Globals one too): a plain AWS::Lambda::Function has its URL as an AWS::Lambda::Url of its own.
    if (template.resources[fn.id]?.Type !== 'AWS::Serverless::Function') continue;
    const props = resourceProperties(template, fn.id, 'Function');
    if (props.FunctionUrlConfig === undefined) continue;
    const at = propertyPath(template, fn.id, 'Function', 'FunctionUrlConfig');
    const config = r.record(props.FunctionUrlConfig, at);
    if (!config) continue;
    // SAM: "AuthType is required to configure function property `FunctionUrlConfig`. Please provide either AWS_IAM or NONE."
    const auth = r.string(config.AuthType, `${at}.AuthType`);
    if (auth !== 'AWS_IAM' && auth !== 'NONE') {
      r.error(`${at}.AuthType`, auth === undefined ? 'is required: AWS_IAM or NONE' : `'${auth}' is not AWS_IAM or NONE`);
    } else if (auth === 'AWS_IAM') {
      r.warn(`${at}.AuthType`, 'is not enforced locally: the URL answers without IAM signatures (AWS answers 403 to an unsigned request)', 'dev');
    }
    const mode = r.string(config.InvokeMode, `${at}.InvokeMode`);
    if (mode === 'RESPONSE_STREAM') r.warn(`${at}.InvokeMode`, 'is RESPONSE_STREAM; pylambda sends the whole response at once', 'dev');
    else if (mode !== undefined && mode !== 'BUFFERED') r.error(`${at}.InvokeMode`, `'${mode}' is not BUFFERED or RESPONSE_STREAM`);
    const cors = config.Cors === undefined ? undefined : listCors(config.Cors, `${at}.Cors`, r);
    out.push({
      id: `${fn.id}Url`,
      kind: 'url',
      stage: '$default',
      binaryMediaTypes: [],
      ...(cors ? { cors } : {}),
      routes: [{ method: 'ANY', path: '/*', functionId: fn.id, ...aliasQualifier(template, fn.id), source: { file: r.file, path: at } }],
      source: { file: r.file, path: at },
    });
  }
  return out;
}
