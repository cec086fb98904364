import type { Diagnostic } from '../../errors.js';
import { Unresolved, resolveIntrinsics, type CfnContext, type CfnResource, type LocalNote } from '../cfn/intrinsics.js';
import { expandForEach, type ForEachProblem } from '../cfn/for-each.js';
import { parseCfnYaml } from '../cfn/yaml.js';
import { FieldReader, describe, isRecord } from '../fields.js';
import { appliedGlobals, checkGlobals, checkIgnoreGlobals } from './globals-sections.js';
import { parameterValues } from './parameters.js';

export interface TemplateOptions {
  /** The template's path relative to the project, for messages. */
  readonly file: string;
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  /** Where the overrides were written, for messages (default: `--parameter-overrides`). */
  readonly parameterSource?: string;
  /** Said of a parameter without a value: where the project's samconfig sets it instead (samconfigSettings). */
  readonly parameterHints?: Readonly<Record<string, string>>;
  /** A nested stack's parameters whose value its parent passes but cannot be known locally, with why: unresolved, Default or not. */
  readonly unknownParameters?: Readonly<Record<string, string>>;
  readonly region?: string;
  readonly accountId?: string;
  readonly stackName?: string;
}

export interface ParsedTemplate {
  readonly raw: Record<string, unknown>;
  readonly resources: Readonly<Record<string, CfnResource>>;
  readonly globals: Readonly<Record<string, unknown>>;
  readonly context: CfnContext;
  /**
   * The templates of its nested stacks that were read (readSamTemplate sets it), each with the parameters its parent
   * passes it: `dev --local-aws` creates their resources too, as deploying the parent creates them.
   */
  readonly nested?: readonly NestedTemplate[];
}

export interface NestedTemplate {
  readonly template: ParsedTemplate;
  /** The file it was read from, for messages. */
  readonly file: string;
}

export const LOCAL_ACCOUNT_ID = '123456789012';

/** Parses a CloudFormation/SAM template into its sections, or the reasons it cannot be read. */
export function parseTemplate(text: string, options: TemplateOptions): { template?: ParsedTemplate; diagnostics: Diagnostic[] } {
  const { file } = options;
  const parsed = parseCfnYaml(text);
  if (!parsed.ok) {
    return {
      diagnostics: parsed.problems.map((p) => ({ severity: 'error', file, path: `line ${p.line}, column ${p.column}`, message: p.message })),
    };
  }
  const written = parsed.value;
  if (written === null || written === undefined) return { diagnostics: [{ severity: 'error', file, path: '', message: 'is empty: a SAM template needs at least Transform: AWS::Serverless-2016-10-31 and Resources' }] };
  if (!isRecord(written)) {
    return { diagnostics: [{ severity: 'error', file, path: '', message: 'is not a CloudFormation template (expected a mapping at the top)' }] };
  }
  const diagnostics: Diagnostic[] = [];
  if (!isRecord(written.Resources)) {
    diagnostics.push({ severity: 'error', file, path: 'Resources', message: 'is required and must be a mapping of resources' });
    return { diagnostics };
  }
  const { values: parameters, missing: unresolvedParameters, diagnostics: parameterDiagnostics } = parameterValues(written.Parameters, options.parameterOverrides, file, options.parameterSource);
  const unknown = Object.entries(options.unknownParameters ?? {}).filter(([name]) => isRecord(written.Parameters) && name in written.Parameters);
  const known = unresolvedParameters.length === 0 && unknown.length === 0 ? parameters : {
    ...parameters,
    ...Object.fromEntries(unresolvedParameters.map((name) => [name, new Unresolved(`parameter ${name} has no Default and no override (--parameter-overrides ${name}=...${options.parameterHints?.[name] ? `; ${options.parameterHints[name]}` : ''})`) as never])),
    ...Object.fromEntries(unknown.map(([name, why]) => [name, new Unresolved(why) as never])),
  };
  const sections = (template: Record<string, unknown>): CfnContext => ({
    parameters: known,
    conditions: isRecord(template.Conditions) ? template.Conditions : {},
    mappings: isRecord(template.Mappings) ? template.Mappings : {},
    resources: (isRecord(template.Resources) ? template.Resources : {}) as Record<string, CfnResource>,
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? LOCAL_ACCOUNT_ID,
    stackName: options.stackName ?? 'local',
  });
  // Before anything reads the resources: the SAM transform runs on the template CloudFormation expanded.
  const loops: ForEachProblem[] = [];
  const raw = expandForEach(written, sections(written), loops);
  diagnostics.push(...loops.map((p): Diagnostic => ({ severity: 'error', file, path: p.path, message: p.message })));
  const resources = raw.Resources as Record<string, unknown>;
  // A CDK app's BootstrapVersion (an SSM parameter) is read by the template's Rules only, which CloudFormation checks
  // at deploy and nothing runs locally: that its value is a name here changes nothing, so it is not said.
  diagnostics.push(...parameterDiagnostics.filter((d) => d.severity === 'error' || d.path === 'Parameters' || readOutsideRules(raw, d.path.replace(/^Parameters\./, ''))));
  const withMissing = sections(raw);
  const globals = isRecord(raw.Globals) ? raw.Globals : {};
  const checks = new FieldReader(file);
  checkGlobals(raw.Globals, checks);
  for (const [id, resource] of Object.entries(resources)) checkIgnoreGlobals(id, resource, globals, checks);
  diagnostics.push(...checks.diagnostics);
  const kept = created(resources as Record<string, CfnResource>, withMissing, file, diagnostics);
  const notCreated = Object.fromEntries(Object.entries(resources as Record<string, CfnResource>)
    .filter(([id, resource]) => !(id in kept) && isRecord(resource) && typeof resource.Condition === 'string')
    .map(([id, resource]) => [id, String((resource as { Condition: string }).Condition)]));
  return { template: { raw, resources: kept, globals, context: { ...withMissing, notCreated } }, diagnostics };
}

/** Whether anything but the Rules section refers to the parameter (`Ref`, or `${Name}` in a Fn::Sub). */
function readOutsideRules(raw: Record<string, unknown>, name: string): boolean {
  const { Rules: _rules, Parameters: _parameters, ...rest } = raw;
  const text = JSON.stringify(rest);
  return text.includes(`"Ref":${JSON.stringify(name)}`) || text.includes(`\${${name}}`) || text.includes(`\${${name}.`);
}

/**
 * The resources CloudFormation would create: one whose `Condition` is false is not (a function only in
 * prod). A condition that cannot be known locally (a parameter without a value) keeps it, with a warning.
 */
function created(resources: Record<string, CfnResource>, ctx: CfnContext, file: string, diagnostics: Diagnostic[]): Record<string, CfnResource> {
  const out: Record<string, CfnResource> = {};
  for (const [id, resource] of Object.entries(resources)) {
    // Every reader after this one takes a resource for a mapping: `Fn:` with nothing after it is said here, once.
    if (!isRecord(resource)) {
      diagnostics.push({ severity: 'error', file, path: `Resources.${id}`, message: 'must be a mapping with a Type' });
      continue;
    }
    // CloudFormation refuses both ("Every Resources object must contain a Type member"); read on, the
    // resource would be passed over without a word and the template said to have no function.
    if (resource.Type === undefined || resource.Type === null) {
      diagnostics.push({ severity: 'error', file, path: `Resources.${id}.Type`, message: 'is required (for example AWS::Serverless::Function): CloudFormation refuses a resource without one' });
      continue;
    }
    if (typeof resource.Type !== 'string' || resource.Type === '') {
      // CloudFormation takes only a type name here (no intrinsic function, no list): it refuses the template.
      diagnostics.push({ severity: 'error', file, path: `Resources.${id}.Type`, message: `must name a resource type (for example AWS::Serverless::Function), not ${resource.Type === '' ? 'an empty string' : describe(resource.Type)}` });
      continue;
    }
    if (resource.Properties !== undefined && resource.Properties !== null && !isRecord(resource.Properties)) {
      diagnostics.push({ severity: 'error', file, path: `Resources.${id}.Properties`, message: `must be a mapping of properties, not ${describe(resource.Properties)}` });
      continue;
    }
    const name = resource.Condition;
    if (typeof name === 'string') {
      if (!(name in ctx.conditions)) {
        // CloudFormation refuses the template ("Unresolved dependencies"); so does a deploy.
        diagnostics.push({ severity: 'error', file, path: `Resources.${id}.Condition`, message: `${name} is not a condition of this template (its Conditions section has no such key)` });
        continue;
      }
      const value = resolveIntrinsics({ Condition: name }, ctx);
      if (value === false) continue;
      if (value instanceof Unresolved) {
        diagnostics.push({ severity: 'warning', file, path: `Resources.${id}.Condition`, message: `${name} cannot be evaluated locally (${value.reason}): the resource is served as if it were true` });
      }
    }
    out[id] = resource;
  }
  return out;
}

/**
 * The resolved properties of one resource, with its section of Globals merged in as SAM merges it; `notes`, when
 * given, gets the references whose local value differs from the deployed one (paths below Properties).
 */
export function resourceProperties(template: ParsedTemplate, id: string, globalsSection?: string, notes?: LocalNote[]): Record<string, unknown> {
  const resource = template.resources[id];
  const own = isRecord(resource?.Properties) ? resource.Properties : {};
  const merged = mergeGlobals(appliedGlobals(template.globals, globalsSection, resource), own, globalsSection);
  const resolved = resolveIntrinsics(merged, template.context, notes);
  return isRecord(resolved) ? resolved : {};
}

/**
 * The lists of a Globals section that a resource's own list replaces instead of adding to: a function has one
 * architecture, so SAM takes the function's (aws-sam-translator's globals.py CUSTOM_STRATEGIES,
 * `"Function.Architectures": MergeOp.REPLACE`; older versions added the lists, and refused the two).
 */
const REPLACED_LISTS: Readonly<Record<string, readonly string[]>> = { Function: ['Architectures'] };

/**
 * SAM's Globals rules: a resource's own scalar wins, maps merge key by key, lists are added after the
 * globals' entries (docs: "sam-specification-template-anatomy-globals", overridable properties), but for
 * those REPLACED_LISTS names for the section.
 */
export function mergeGlobals(global: Record<string, unknown>, own: Record<string, unknown>, section?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...global };
  const replaced = section ? REPLACED_LISTS[section] ?? [] : [];
  for (const [key, value] of Object.entries(own)) {
    const base = out[key];
    if (isPlainMap(base) && isPlainMap(value)) out[key] = mergeGlobals(base, value);
    else if (Array.isArray(base) && Array.isArray(value) && !replaced.includes(key)) out[key] = [...base, ...value];
    else out[key] = value;
  }
  return out;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return !(keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::')));
}

/** Where a property of a function was set: on the function itself, else in Globals. */
export function propertyPath(template: ParsedTemplate, id: string, globalsSection: string, key: string): string {
  const own = template.resources[id]?.Properties;
  if (isRecord(own) && key in own) return `Resources.${id}.Properties.${key}`;
  if (key in appliedGlobals(template.globals, globalsSection, template.resources[id])) return `Globals.${globalsSection}.${key}`;
  return `Resources.${id}.Properties.${key}`;
}
