import { resolveConditionals, type ConditionalProblem } from '../cfn/conditionals.js';
import { Unresolved, resolveIntrinsics, type CfnContext } from '../cfn/intrinsics.js';
import { parseCfnYaml } from '../cfn/yaml.js';
import { FieldReader, isRecord } from '../fields.js';

/**
 * Where an `AWS::Serverless::Api` or `HttpApi` keeps its OpenAPI definition, read as SAM CLI's SwaggerReader
 * reads it (samcli/commands/local/lib/swagger/reader.py): `DefinitionBody` first, inline or an
 * `Fn::Transform: {Name: AWS::Include, Parameters: {Location}}`, then `DefinitionUri`. A location is a local
 * file (relative to the template's directory) or in S3; pylambda reads local files only.
 *
 * A DefinitionBody's `Fn::If` (and `AWS::NoValue`) are evaluated with the template's Conditions, as CloudFormation
 * evaluates them in the template and in what AWS::Include inserts into it; a DefinitionUri file is not, as SAM
 * uploads it without evaluating intrinsics in it (the property's documentation).
 */

/** A file of the project by its path relative to the template's directory: its text, or undefined when there is none. */
export type ReadProjectFile = (path: string) => string | undefined;

/** A project file's text (undefined: there is no such file), or why a file that is there cannot be read (a directory, its size, its permissions). */
export function readProjectFile(readFile: ReadProjectFile, path: string): { text?: string; error?: string } {
  try {
    const text = readFile(path);
    return text === undefined ? {} : { text };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export interface ApiDefinition {
  readonly document: Record<string, unknown>;
  /** The property that holds it, for messages: DefinitionBody or DefinitionUri. */
  readonly key: 'DefinitionBody' | 'DefinitionUri';
  /** The file the document was read from; absent when it is inline in the template. */
  readonly file?: string;
}

/**
 * The definition of an API whose (unresolved) properties are `props`, or undefined with a warning at
 * `at(key)` when it cannot be read locally. `has` is false when the API has no definition at all.
 */
export function readApiDefinition(
  props: Record<string, unknown>,
  at: (key: string) => string,
  ctx: CfnContext,
  readFile: ReadProjectFile | undefined,
  r: FieldReader,
): { has: boolean; definition?: ApiDefinition } {
  const { DefinitionBody: body, DefinitionUri: uri } = props;
  // SAM CLI skips a falsy body or uri as absent.
  if (!body && !uri) return { has: false };
  if (body) {
    const include = includeLocation(body);
    if (include === undefined && isRecord(body)) {
      const document = conditionalsResolved(body, ctx, (path) => `${at('DefinitionBody')}.${path}`, r);
      if (isRecord(document)) return { has: true, definition: { document, key: 'DefinitionBody' } };
      r.warn(at('DefinitionBody'), 'is not an OpenAPI document (a mapping) once its Fn::If is evaluated, so its routes are not served', 'dev');
      return { has: true };
    }
    if (include !== undefined) {
      const loaded = load(include, 'DefinitionBody', `${at('DefinitionBody')}.Fn::Transform.Parameters.Location`, ctx, readFile, r);
      const definition = loaded && withConditionalsResolved(loaded, ctx, r);
      if (definition || !uri) return { has: true, ...(definition ? { definition } : {}) };
    } else if (!uri) {
      r.warn(at('DefinitionBody'), 'is not an OpenAPI document (a mapping), so its routes are not served', 'dev');
      return { has: true };
    }
  }
  const definition = load(uri, 'DefinitionUri', at('DefinitionUri'), ctx, readFile, r);
  return { has: true, ...(definition ? { definition } : {}) };
}

/** The value with its conditionals evaluated; each that cannot be is warned about at `where(its path)`, and left out. */
function conditionalsResolved(value: unknown, ctx: CfnContext, where: (path: string) => string, r: FieldReader): unknown {
  const problems: ConditionalProblem[] = [];
  const out = resolveConditionals(value, ctx, problems);
  for (const p of problems) r.warn(where(p.path), `${p.reason}, so what it holds is not served`, 'dev');
  return out;
}

/** An AWS::Include file's document, with its problems named in that file. */
function withConditionalsResolved(definition: ApiDefinition, ctx: CfnContext, r: FieldReader): ApiDefinition | undefined {
  const file = definition.file!;
  const reader = new FieldReader(file);
  const document = conditionalsResolved(definition.document, ctx, (path) => `${file}: ${path}`, reader);
  if (!isRecord(document)) reader.warn(file, 'is not an OpenAPI document (a mapping) once its Fn::If is evaluated, so its routes are not served', 'dev');
  r.diagnostics.push(...reader.diagnostics);
  return isRecord(document) ? { ...definition, document } : undefined;
}

/** `Fn::Transform: {Name: AWS::Include, Parameters: {Location}}` (or `!Transform`): its Location. */
function includeLocation(body: unknown): unknown {
  if (!isRecord(body) || !isRecord(body['Fn::Transform'])) return undefined;
  const transform = body['Fn::Transform'];
  if (transform.Name !== 'AWS::Include') return undefined;
  return isRecord(transform.Parameters) ? transform.Parameters.Location ?? null : null;
}

function load(raw: unknown, key: ApiDefinition['key'], path: string, ctx: CfnContext, readFile: ReadProjectFile | undefined, r: FieldReader): ApiDefinition | undefined {
  const location = resolveIntrinsics(raw, ctx);
  const notServed = 'so the routes it defines are not served';
  if (location instanceof Unresolved) {
    r.warn(path, `${location.reason}, ${notServed}`, 'dev');
    return undefined;
  }
  if (isRecord(location) && location.Bucket !== undefined) {
    r.warn(path, `is in S3 (bucket ${String(location.Bucket)}, key ${String(location.Key)}): pylambda reads a local file only, ${notServed}`, 'dev');
    return undefined;
  }
  if (typeof location !== 'string' || location === '') {
    r.warn(path, `is not a file path or an S3 location, ${notServed}`, 'dev');
    return undefined;
  }
  if (/^s3:\/\//i.test(location) || /^https?:\/\//i.test(location)) {
    r.warn(path, `${location} is not a local file: pylambda reads a file of the project only, ${notServed}`, 'dev');
    return undefined;
  }
  if (!readFile) {
    r.warn(path, `${location} is not read here, ${notServed}`, 'dev');
    return undefined;
  }
  const { text, error } = readProjectFile(readFile, location);
  if (error !== undefined) {
    r.warn(path, `${location} cannot be read (${error}), ${notServed}`, 'dev');
    return undefined;
  }
  if (text === undefined) {
    r.warn(path, `${location} does not exist, ${notServed}`, 'dev');
    return undefined;
  }
  // A JSON document reads as YAML too; CloudFormation's short tags (!Sub) are read as in the template.
  const parsed = parseCfnYaml(text);
  if (!parsed.ok) {
    const p = parsed.problems[0]!;
    r.warn(path, `${location} cannot be parsed: ${p.message} (line ${p.line}, column ${p.column}), ${notServed}`, 'dev');
    return undefined;
  }
  if (!isRecord(parsed.value)) {
    r.warn(path, `${location} is not an OpenAPI document (a mapping at the top), ${notServed}`, 'dev');
    return undefined;
  }
  return { document: parsed.value, key, file: location };
}
