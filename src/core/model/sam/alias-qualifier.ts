import { resolveIntrinsics } from '../cfn/intrinsics.js';
import { resourceProperties, type ParsedTemplate } from './template.js';

/**
 * The alias a SAM function's events and URL invoke: with AutoPublishAlias, SAM gives them the alias, not the
 * function (sam_resources.py: `"function": lambda_alias or lambda_function` for events, the URL's
 * `TargetFunctionArn` the alias's ARN), so Lambda's invoked ARN is `...:function:Fn:live` (Route.qualifier).
 */
export function aliasQualifier(template: ParsedTemplate, functionId: string): { qualifier?: string } {
  if (template.resources[functionId]?.Type !== 'AWS::Serverless::Function') return {};
  const alias = resolveIntrinsics(resourceProperties(template, functionId, 'Function').AutoPublishAlias, template.context);
  return typeof alias === 'string' && alias !== '' ? { qualifier: alias } : {};
}
