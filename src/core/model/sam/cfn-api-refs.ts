import { Unresolved, resolveIntrinsics } from '../cfn/intrinsics.js';
import { isRecord, type FieldReader } from '../fields.js';
import type { Route } from '../project.js';
import type { IntegrationTargets } from './integration-targets.js';
import type { UnservedOperation } from './openapi-routes.js';
import type { ParsedTemplate } from './template.js';

/**
 * What the readers of plain CloudFormation API Gateway resources (cfn-rest-routes.ts, cfn-http-routes.ts) share.
 * They read references as written: locally `!Ref MyResource` has no value, but it names the resource, which is how
 * `sam local start-api` follows them too (samcli/lib/providers/cfn_api_provider.py).
 */

/** The routes one API's resources put on it, and the operations it has that are not served (each with why). */
export interface CfnApiRoutes {
  readonly id: string;
  readonly routes: Route[];
  readonly unserved: UnservedOperation[];
}

/** `!Ref X`, `!GetAtt X.Attr` (either form) or a logical id written out: X and the attribute. */
export function reference(value: unknown): { id: string; attr?: string } | undefined {
  if (typeof value === 'string') return { id: value };
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  if (keys[0] === 'Ref' && typeof value.Ref === 'string') return { id: value.Ref };
  if (keys[0] !== 'Fn::GetAtt') return undefined;
  const arg = value['Fn::GetAtt'];
  const [id, attr] = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split('.') : [];
  return typeof id === 'string' && typeof attr === 'string' ? { id, attr } : undefined;
}

/** The logical id of the resource of type `type` that `value` names (`!Ref Api`), else undefined with a warning at `at`. */
export function referencedResource(template: ParsedTemplate, value: unknown, type: string, at: string, skipped: string, r: FieldReader): string | undefined {
  const ref = reference(value);
  const resource = ref ? template.resources[ref.id] : undefined;
  if (ref && resource?.Type === type) return ref.id;
  if (ref && typeof resource?.Type === 'string' && resource.Type.startsWith('AWS::Serverless::')) {
    r.warn(at, `'${ref.id}' is an ${resource.Type}: pylambda serves the routes of its functions' events and definition, not resources added to it, ${skipped}`, 'dev');
    return undefined;
  }
  if (value === undefined) r.warn(at, `is required (a !Ref to an ${type}), ${skipped}`, 'dev');
  else if (ref && template.context.notCreated?.[ref.id] !== undefined) return undefined;
  else r.warn(at, `${ref ? `'${ref.id}' is not an ${type} of this template` : `is not a !Ref to an ${type} of this template`}, ${skipped}`, 'dev');
  return undefined;
}

/** The resources of one type, by logical id, with their raw (unresolved) properties. */
export function resourcesOfType(template: ParsedTemplate, type: string): Array<[string, Record<string, unknown>]> {
  return Object.entries(template.resources)
    .filter(([, resource]) => isRecord(resource) && resource.Type === type)
    .map(([id, resource]) => [id, isRecord(resource.Properties) ? resource.Properties : {}]);
}

/**
 * A scalar property evaluated (`!Sub`, a parameter): a string, or undefined. One that cannot be known locally (an
 * import, a parameter without a value) is no fault of the template: a warning says what is not served for it.
 */
export function text(value: unknown, template: ParsedTemplate, at: string, r: FieldReader): string | undefined {
  const resolved = resolveIntrinsics(value, template.context);
  if (resolved instanceof Unresolved) {
    r.warn(at, `${resolved.reason}: it cannot be known locally, so what it belongs to is not served`, 'dev');
    return undefined;
  }
  return r.string(resolved, at);
}

/** Any property evaluated; undefined when absent or not known locally (no message: the caller says what that means). */
export function evaluated(value: unknown, template: ParsedTemplate): unknown {
  const out = resolveIntrinsics(value, template.context);
  return out instanceof Unresolved ? undefined : out;
}

/** The functions of the template an integration may name, for integration-targets.ts `proxyTarget`. */
export function integrationTargets(template: ParsedTemplate, runs: readonly string[], skipped: Readonly<Record<string, string>>): IntegrationTargets {
  return { ctx: template.context, runs: new Set(runs), skipped };
}
