import { isRecord } from '../fields.js';
import type { EventSource } from '../event-sources.js';
import { namesFunction, propsOf, typeOf } from './function-refs.js';

/**
 * The AppSync fields a function resolves directly: an `AWS::AppSync::Resolver` (a unit one, without a request
 * mapping template or code: a direct Lambda resolver) whose data source is an `AWS_LAMBDA` `AWS::AppSync::DataSource`
 * naming the function in `LambdaConfig.LambdaFunctionArn`. AppSync sends such a function its resolver's context
 * object, which `pylambda invoke` without --event then samples (Powertools' AppSyncResolver routes on its
 * `info.parentTypeName` and `info.fieldName`). A resolver with a template or code sends what that builds, which
 * is the template's to say: it is left out.
 */
export function appSyncTriggers(resources: Readonly<Record<string, unknown>>, functionId: string): EventSource[] {
  const sources = Object.entries(resources).filter(([, resource]) => {
    const props = propsOf(resource);
    return typeOf(resource) === 'AWS::AppSync::DataSource' && props.Type === 'AWS_LAMBDA'
      && isRecord(props.LambdaConfig) && namesFunction(props.LambdaConfig.LambdaFunctionArn, functionId);
  });
  if (sources.length === 0) return [];
  const out: EventSource[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    const props = propsOf(resource);
    if (typeOf(resource) !== 'AWS::AppSync::Resolver' || (props.Kind !== undefined && props.Kind !== 'UNIT')) continue;
    if (['RequestMappingTemplate', 'RequestMappingTemplateS3Location', 'Code', 'CodeS3Location'].some((k) => props[k] !== undefined)) continue;
    if (typeof props.TypeName !== 'string' || typeof props.FieldName !== 'string') continue;
    if (!sources.some(([sourceId, source]) => namesDataSource(props.DataSourceName, sourceId, propsOf(source).Name))) continue;
    out.push({ kind: 'other', id, type: 'AppSync', resolver: { typeName: props.TypeName, fieldName: props.FieldName } });
  }
  return out;
}

/** `!GetAtt Source.Name`, or the data source's Name written out. */
function namesDataSource(value: unknown, sourceId: string, name: unknown): boolean {
  if (typeof value === 'string') return value === name;
  if (!isRecord(value)) return false;
  const att = value['Fn::GetAtt'];
  return Array.isArray(att) ? att[0] === sourceId && att[1] === 'Name' : att === `${sourceId}.Name`;
}
