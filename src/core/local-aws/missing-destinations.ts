/**
 * `dev --local-aws`: the queues, topics and buckets that keep a function's failures (its asynchronous invocations'
 * OnFailure destination and dead-letter queue, its stream triggers' OnFailure destinations) and that neither the
 * template declares nor the local endpoint holds. Lambda would fail to deliver there (a DestinationDeliveryFailures
 * metric, "Capturing records of Lambda asynchronous invocations"), and a misspelt name otherwise shows only when a
 * record fails, long after dev started: it is said once, at the start.
 */
import type { Diagnostic } from '../errors.js';
import { resourceName } from '../model/cfn/intrinsics.js';
import type { Destination } from '../model/async-invoke.js';
import { isRecord } from '../model/fields.js';
import type { Project } from '../model/project.js';
import type { ParsedTemplate } from '../model/sam/template.js';

/** The kinds of destination that are resources of an endpoint, each with what its ARN's last part names. */
export type KeptDestination = Destination & { readonly type: 'sqs' | 'sns' | 's3' };

/** A destination of failures, with whose it is and what it is for. */
export interface FailureDestination {
  readonly functionId: string;
  /** What it is to the function: `OnFailure destination of Fn's asynchronous invocations`. */
  readonly role: string;
  readonly destination: KeptDestination;
}

/** The names each kind of resource has, in the template or on the endpoint. */
export interface HeldNames {
  readonly sqs: ReadonlySet<string>;
  readonly sns: ReadonlySet<string>;
  readonly s3: ReadonlySet<string>;
}

const KINDS: Readonly<Record<KeptDestination['type'], string>> = { sqs: 'SQS queue', sns: 'SNS topic', s3: 'S3 bucket' };

const kept = (d: Destination | undefined): d is KeptDestination => d?.type === 'sqs' || d?.type === 'sns' || d?.type === 's3';

/** Every function's destinations of failures that are a queue, topic or bucket. */
export function failureDestinations(project: Pick<Project, 'functions'>): FailureDestination[] {
  return project.functions.flatMap((fn) => {
    const own = [[`OnFailure destination of ${fn.id}'s asynchronous invocations`, fn.asyncInvoke?.onFailure], [`dead-letter queue of ${fn.id}`, fn.asyncInvoke?.deadLetter]] as const;
    const triggers = fn.events.flatMap((e) => (e.kind === 'other' && e.mapping?.onFailure ? [[`OnFailure destination of ${fn.id}'s trigger ${e.id}`, e.mapping.onFailure] as const] : []));
    return [...own, ...triggers].flatMap(([role, d]) => (kept(d) ? [{ functionId: fn.id, role, destination: d }] : []));
  });
}

/** What a destination's ARN names: a queue's or topic's name (`arn:aws:sqs:<region>:<account>:<name>`), a bucket's (`arn:aws:s3:::<name>`). */
export function destinationName(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/**
 * The SNS topics a template declares, by the name its Ref gives them locally (its TopicName, else its logical id):
 * the local endpoint makes a topic only when a message is published to it, so the template is where they are.
 */
export function templateTopics(template: ParsedTemplate | undefined): string[] {
  if (!template) return [];
  return Object.entries(template.resources).flatMap(([id, r]) => (isRecord(r) && r.Type === 'AWS::SNS::Topic' ? [resourceName(id, template.context)] : []));
}

/** A warning for each destination whose queue, topic or bucket is not held, once for each place it is written. */
export function missingDestinations(destinations: readonly FailureDestination[], held: HeldNames, file: string): Diagnostic[] {
  const said = new Set<string>();
  const out: Diagnostic[] = [];
  for (const { functionId, role, destination } of destinations) {
    const name = destinationName(destination.arn);
    const key = `${destination.path ?? functionId}\n${destination.arn}`;
    if (held[destination.type].has(name) || said.has(key)) continue;
    said.add(key);
    out.push({
      severity: 'warning',
      file,
      path: destination.path ?? functionId,
      message: `the ${role}, the ${KINDS[destination.type]} '${name}', is neither declared in ${file} nor held by the local AWS endpoint: `
        + 'what a failure sends there cannot be delivered (declare it, or correct the name)',
    });
  }
  return out;
}
