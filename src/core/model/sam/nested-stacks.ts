import { posix } from 'node:path';
import { Unresolved, resolveIntrinsics } from '../cfn/intrinsics.js';
import { isRecord, type FieldReader } from '../fields.js';
import { isLambdaAuthorizer, type Endpoint, type FunctionModel, type Project, type RouteAuthorizer } from '../project.js';
import { assetPath, cdkName, nestedCdkName, nestedStackPath } from './cdk-assets.js';
import type { ParsedTemplate } from './template.js';

/**
 * Nested stacks, followed as SAM CLI follows them (samcli/lib/providers/sam_stack_provider.py): an
 * `AWS::Serverless::Application` whose `Location`, or an `AWS::CloudFormation::Stack` whose `TemplateURL`, is a local
 * file (relative to the parent's template, or a `file://` URL), and a CDK `NestedStack`, whose `TemplateURL` names
 * the asset bucket while its metadata names the template in cdk.out (`aws:asset:property: TemplateURL`, which SAM
 * CLI's resource_metadata_normalizer.py puts in its place). A template in S3, on the web or in the Serverless
 * Application Repository is not read, by SAM CLI either (RemoteStackLocationNotSupported).
 */
export interface NestedStack {
  /** Its logical id in the parent's template. */
  readonly id: string;
  /**
   * The name SAM CLI gives it, which starts its functions' names (`Child/HelloFn`): `Metadata.SamResourceId`, a CDK
   * NestedStack's construct id (`Child` for `Parent/Child.NestedStack/Child.NestedStackResource`), else the logical id.
   */
  readonly name: string;
  /** Its template, relative to the parent's directory (or absolute, from a `file://` URL). */
  readonly location: string;
  /** Where the location is written, for messages. */
  readonly at: string;
  /** Whether it is a CDK asset (a file `cdk synth` writes in cdk.out). */
  readonly asset: boolean;
  /** The values the parent passes its parameters (its `Parameters`, evaluated in the parent). */
  readonly parameters: Readonly<Record<string, string>>;
  /** The parameters the parent passes a value that cannot be known locally, with why. */
  readonly unknown: Readonly<Record<string, string>>;
  /** A CDK NestedStack's construct path (`Parent/Child`), under which its constructs' paths are. */
  readonly cdkPath?: string;
}

const STACK = 'AWS::CloudFormation::Stack';
const APPLICATION = 'AWS::Serverless::Application';

/**
 * The template's nested stacks with a local template; `remote`: those whose template is elsewhere, by name, with why
 * (each said in a warning), for a command that names one of their functions.
 */
export function nestedStacks(template: ParsedTemplate, r: FieldReader): { stacks: NestedStack[]; remote: Record<string, string> } {
  const stacks: NestedStack[] = [];
  const remote: Record<string, string> = {};
  for (const [id, resource] of Object.entries(template.resources)) {
    if (!isRecord(resource) || (resource.Type !== STACK && resource.Type !== APPLICATION)) continue;
    const props = isRecord(resource.Properties) ? resource.Properties : {};
    const key = resource.Type === STACK ? 'TemplateURL' : 'Location';
    const asset = resource.Type === STACK ? assetPath(resource, key) : undefined;
    const written = asset ?? props[key];
    const name = cdkName(resource)?.id ?? id;
    if (typeof written !== 'string' || /^(s3|https?):\/\//.test(written)) {
      const where = typeof written === 'string' ? written : isRecord(written) && 'ApplicationId' in written ? 'the Serverless Application Repository' : 'a location known once deployed';
      r.warn(`Resources.${id}.Properties.${key}`, `is ${typeof written === 'string' ? written : where}: the template of this nested stack is not local, so its functions are not read (sam local does not read them either)`);
      remote[name] = `it is in the nested stack ${id}, whose template is not local (${where})`;
      continue;
    }
    const location = written.startsWith('file://') ? decodeURIComponent(new URL(written).pathname) : written;
    const { parameters, unknown } = passed(props.Parameters, template);
    const cdkPath = nestedStackPath(resource);
    stacks.push({ id, name, location, at: `Resources.${id}.${asset === undefined ? `Properties.${key}` : 'Metadata.aws:asset:path'}`, asset: asset !== undefined, parameters, unknown, ...(cdkPath ? { cdkPath } : {}) });
  }
  return { stacks, remote };
}

/** The parent's `Parameters` for a child: the values known locally as strings (a list joined by commas, as CloudFormation passes it). */
function passed(value: unknown, template: ParsedTemplate): { parameters: Record<string, string>; unknown: Record<string, string> } {
  const parameters: Record<string, string> = {};
  const unknown: Record<string, string> = {};
  for (const [name, raw] of Object.entries(isRecord(value) ? value : {})) {
    const resolved = resolveIntrinsics(raw, template.context);
    if (resolved instanceof Unresolved) unknown[name] = `the parent stack passes parameter ${name} a value that cannot be known locally (${resolved.reason})`;
    else if (typeof resolved === 'string' || typeof resolved === 'number' || typeof resolved === 'boolean') parameters[name] = String(resolved);
    else if (Array.isArray(resolved) && resolved.every((v) => typeof v === 'string')) parameters[name] = resolved.join(',');
    else unknown[name] = `the parent stack passes parameter ${name} a value that is not a string`;
  }
  return { parameters, unknown };
}

/** The template of a nested stack, relative to the parent's project directory (`dir`: the parent template's). */
export function nestedTemplateFile(dir: string, stack: NestedStack): string {
  return posix.isAbsolute(stack.location) ? stack.location : posix.normalize(posix.join(dir, stack.location));
}

/**
 * A child stack's part of the project, as its parent's project holds it: its functions, layers, APIs and skipped
 * functions named under the stack's name (SAM CLI's `Child/HelloFn`, `Child/Grandchild/Fn`), their code's paths
 * from the parent's directory (`dir`: the child template's, from the parent's).
 */
export function underStack(project: Project, stack: NestedStack, dir: string): Pick<Project, 'functions' | 'endpoints' | 'skipped' | 'skippedCdk' | 'unservedEndpoints' | 'apiKeys' | 'webSockets'> {
  const id = (own: string) => `${stack.name}/${own}`;
  const path = (own: string) => (posix.isAbsolute(own) ? own : posix.normalize(posix.join(dir, own)));
  const functions = project.functions.map((fn): FunctionModel => {
    const cdk = fn.cdk && stack.cdkPath ? nestedCdkName(fn.cdk, stack.cdkPath) : fn.cdk;
    return {
      ...fn,
      id: id(fn.id),
      stack: fn.stack ? id(fn.stack) : stack.name,
      codeUri: path(fn.codeUri),
      events: fn.events.map((e) => ('apiId' in e && e.apiId !== undefined ? { ...e, apiId: id(e.apiId) } : e)),
      ...(fn.layers ? { layers: fn.layers.map((layer) => ({ ...layer, id: id(layer.id), contentUri: path(layer.contentUri) })) } : {}),
      ...(cdk ? { cdk } : {}),
    };
  });
  const guard = <T extends RouteAuthorizer | undefined>(authorizer: T): T => (authorizer && isLambdaAuthorizer(authorizer) ? { ...authorizer, functionId: id(authorizer.functionId) } : authorizer);
  const endpoints = project.endpoints.map((e): Endpoint => ({
    ...e,
    id: id(e.id),
    ...(e.preflightAuthorizer ? { preflightAuthorizer: guard(e.preflightAuthorizer) } : {}),
    routes: e.routes.map((route) => ({ ...route, functionId: route.functionId === '' ? '' : id(route.functionId), ...(route.authorizer ? { authorizer: guard(route.authorizer) } : {}) })),
  }));
  const skipped = Object.fromEntries(Object.entries(project.skipped ?? {}).map(([fn, why]) => [id(fn), why]));
  const skippedCdk = Object.fromEntries(Object.entries(project.skippedCdk ?? {}).map(([fn, name]) => [id(fn), stack.cdkPath ? nestedCdkName(name, stack.cdkPath) : name]));
  return {
    functions,
    endpoints,
    ...(Object.keys(skipped).length > 0 ? { skipped } : {}),
    ...(Object.keys(skippedCdk).length > 0 ? { skippedCdk } : {}),
    ...(project.unservedEndpoints ? { unservedEndpoints: project.unservedEndpoints.map(id) } : {}),
    ...(project.webSockets ? { webSockets: project.webSockets.map((api) => ({ ...api, id: id(api.id), routes: api.routes.map((route) => ({ ...route, functionId: id(route.functionId) })) })) } : {}),
    // A key's plans name the child's own APIs, which are renamed above: the key opens those, not a parent's API of the same id.
    ...(project.apiKeys ? { apiKeys: project.apiKeys.map((k) => ({ ...k, name: id(k.name), ...(k.stages ? { stages: k.stages.map((s) => ({ ...s, api: id(s.api) })) } : {}) })) } : {}),
  };
}
