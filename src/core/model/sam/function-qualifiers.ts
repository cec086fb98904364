/**
 * The aliases and versions a template publishes for its functions (FunctionQualifiers): SAM's AutoPublishAlias, and
 * `AWS::Lambda::Alias` / `AWS::Lambda::Version` resources, which name their function (its Ref: its name; or its ARN).
 */
import { FieldReader, isRecord } from '../fields.js';
import type { FunctionModel, FunctionQualifiers } from '../project.js';
import { aliasQualifier } from './alias-qualifier.js';
import { functionNamed } from './function-refs.js';
import { resourceProperties, type ParsedTemplate } from './template.js';

/** A version as a template can write it for an alias to run. */
const WRITTEN_VERSION = /^(\$LATEST|[1-9][0-9]*)$/;

/** The functions, each with the aliases and versions the template publishes for it. */
export function withQualifiers(template: ParsedTemplate, functions: readonly FunctionModel[], r: FieldReader): FunctionModel[] {
  const found = new Map<number, { aliases: Record<string, string>; versions: boolean }>();
  const of = (at: number) => found.get(at) ?? found.set(at, { aliases: {}, versions: false }).get(at)!;
  functions.forEach((fn, at) => {
    const alias = aliasQualifier(template, fn.id).qualifier;
    // SAM publishes a version at each deploy and points the alias at it: its number is the deployment's.
    if (!alias) return;
    of(at).versions = true;
    of(at).aliases[alias] = '$LATEST';
  });
  for (const [id, resource] of Object.entries(template.resources)) {
    if (!isRecord(resource) || (resource.Type !== 'AWS::Lambda::Alias' && resource.Type !== 'AWS::Lambda::Version')) continue;
    const props = resourceProperties(template, id);
    const base = `Resources.${id}.Properties`;
    const name = typeof props.FunctionName === 'string' ? props.FunctionName : undefined;
    const at = name === undefined ? -1 : functionNamed(functions, name);
    if (at < 0) continue;
    const entry = of(at);
    if (resource.Type === 'AWS::Lambda::Version') {
      entry.versions = true;
      continue;
    }
    const alias = r.string(props.Name, `${base}.Name`);
    if (alias === undefined) continue;
    // `!GetAtt FnVersion.Version` (CDK's currentVersion) is the deployment's number: locally the working copy runs.
    const version = typeof props.FunctionVersion === 'string' && WRITTEN_VERSION.test(props.FunctionVersion) ? props.FunctionVersion : '$LATEST';
    entry.aliases[alias] = version;
    if (version !== '$LATEST') entry.versions = true;
  }
  return functions.map((fn, at) => {
    const qualifiers: FunctionQualifiers | undefined = found.get(at);
    return qualifiers ? { ...fn, qualifiers } : fn;
  });
}
