/**
 * The resources of a template and of its nested stacks, which deploying it creates too (a SAM
 * `AWS::Serverless::Application`, an `AWS::CloudFormation::Stack`, a CDK NestedStack: core/model/sam/nested-stacks.ts).
 */
import type { Diagnostic } from '../errors.js';
import type { ParsedTemplate } from '../model/sam/template.js';
import { localAwsResources, type LocalAwsSpec } from './resources.js';

/** Each kind's local name, which the endpoint holds once. */
const LOCAL_NAME = { tables: 'TableName', buckets: 'name', queues: 'name', parameters: 'Name', secrets: 'Name', streams: 'StreamName' } as const satisfies Record<keyof LocalAwsSpec, string>;
const KIND_NAME = { tables: 'table', buckets: 'bucket', queues: 'queue', parameters: 'parameter', secrets: 'secret', streams: 'stream' } as const satisfies Record<keyof LocalAwsSpec, string>;

/** localAwsResources of the template, then of each nested stack it has read (depth first, in template order). */
export function stackTreeResources(template: ParsedTemplate, file: string): { spec: LocalAwsSpec; diagnostics: Diagnostic[] } {
  const own = localAwsResources(template, file);
  let spec = own.spec;
  const diagnostics = [...own.diagnostics];
  for (const child of template.nested ?? []) {
    const nested = stackTreeResources(child.template, child.file);
    const merged = withNested(spec, nested.spec, child.file);
    spec = merged.spec;
    diagnostics.push(...nested.diagnostics, ...merged.diagnostics);
  }
  return { spec, diagnostics };
}

/**
 * A nested stack's resources beside its parent's. Deployed, a resource without a name of its own gets one unique to its
 * stack; locally it is named by its logical id (as a function's `!Ref` sees it), so a parent's and a child's of the same
 * id are one resource here: the first is created, and a warning says the stacks share it.
 */
function withNested(spec: LocalAwsSpec, nested: LocalAwsSpec, file: string): { spec: LocalAwsSpec; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const merged = Object.fromEntries((Object.keys(LOCAL_NAME) as Array<keyof LocalAwsSpec>).map((kind) => {
    const key = LOCAL_NAME[kind];
    const nameOf = (r: LocalAwsSpec[typeof kind][number]) => String((r as unknown as Record<string, unknown>)[key]);
    const held = new Set(spec[kind].map(nameOf));
    const added = nested[kind].filter((r) => {
      if (!held.has(nameOf(r))) return true;
      diagnostics.push({
        severity: 'warning', file, path: `Resources.${r.id}`,
        message: `is the ${KIND_NAME[kind]} ${nameOf(r)} locally, as another stack's is: the local AWS endpoint has one for both (deployed, each stack has its own unless it is named)`,
      });
      return false;
    });
    return [kind, [...spec[kind], ...added]];
  }));
  return { spec: merged as unknown as LocalAwsSpec, diagnostics };
}
