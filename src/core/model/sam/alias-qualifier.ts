import { resolveIntrinsics } from '../cfn/intrinsics.js';
import type { EventSource } from '../event-sources.js';
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

/** A SAM function's triggers, each with the alias it invokes (aliasQualifier); its API routes carry theirs as Route.qualifier. */
export function triggersWithAlias(events: readonly EventSource[], template: ParsedTemplate, functionId: string): EventSource[] {
  const { qualifier } = aliasQualifier(template, functionId);
  return events.map((event) => (qualifier === undefined || event.kind === 'api' || event.kind === 'httpApi' ? event : { ...event, qualifier }));
}
