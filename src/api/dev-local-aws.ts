/** `pylambda dev --local-aws`: moto started for the project, and what dev says about it. */
import type { PythonInfo } from '../adapters/python.js';
import type { Diagnostic } from '../core/errors.js';
import { errorEvent } from './dev-error-event.js';
import type { DevEvent } from './dev-types.js';
import { startLocalAws, type LocalAws } from './local-aws.js';
import { heldResourceNames } from '../adapters/local-aws-client.js';
import { failureDestinations, missingDestinations, templateTopics } from '../core/local-aws/missing-destinations.js';
import type { LoadedProject } from './project.js';

export interface DevLocalAwsOptions {
  readonly loaded: LoadedProject;
  readonly python: PythonInfo;
  readonly region: string;
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  readonly onEvent: (event: DevEvent) => void;
  /** moto died: said unless dev is stopping (then its end is expected). */
  readonly onGone: (diagnostic: Diagnostic) => void;
}

export async function startDevLocalAws(options: DevLocalAwsOptions): Promise<LocalAws> {
  const { loaded, onEvent } = options;
  // moto takes seconds to start: say what the wait is for.
  onEvent({ type: 'local-aws-starting' });
  const aws = await startLocalAws({
    root: loaded.root,
    ...(loaded.template ? { template: loaded.template } : {}),
    configFile: loaded.project.configFile,
    python: options.python,
    region: options.region,
    hostEnv: options.hostEnv,
    onError: errorEvent(onEvent),
  });
  aws.onGone(options.onGone);
  // AWS_ENDPOINT_URL_LAMBDA is dev's Lambda API with --local-aws (docs/dev.md), whatever the shell has.
  const services = Object.keys(aws.env).filter((k) => k.startsWith('AWS_ENDPOINT_URL_') && k !== 'AWS_ENDPOINT_URL_LAMBDA');
  if (services.length > 0) {
    onEvent({ type: 'warning', diagnostic: { severity: 'warning', file: '', path: '', message: `${services.join(', ')} ${services.length === 1 ? 'is' : 'are'} set in your shell, and boto3 prefers ${services.length === 1 ? 'it' : 'them'} to AWS_ENDPOINT_URL: with --local-aws the functions get the local endpoint there too` } });
  }
  for (const w of aws.warnings) onEvent({ type: 'warning', diagnostic: w });
  for (const w of await unheldDestinations(loaded, aws)) onEvent({ type: 'warning', diagnostic: w });
  onEvent({ type: 'local-aws', endpoint: aws.endpoint, created: aws.created });
  return aws;
}

/**
 * The queues, topics and buckets the functions' failures go to (OnFailure destinations, dead-letter queues) that
 * neither the template declares nor the endpoint holds, said once at the start (core/local-aws/missing-destinations.ts).
 * An endpoint that cannot list them says nothing here: a failure's line says what became of its record.
 */
async function unheldDestinations(loaded: LoadedProject, aws: LocalAws): Promise<Diagnostic[]> {
  const destinations = failureDestinations(loaded.project);
  if (destinations.length === 0) return [];
  const held = await heldResourceNames(aws.endpoint, aws.region).catch(() => undefined);
  if (!held) return [];
  for (const topic of templateTopics(loaded.template)) held.sns.add(topic);
  return missingDestinations(destinations, held, loaded.project.configFile);
}
