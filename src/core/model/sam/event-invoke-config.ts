/**
 * A template's settings for a function's asynchronous invocations: SAM's `EventInvokeConfig` and `DeadLetterQueue`,
 * a plain function's `DeadLetterConfig`, and `AWS::Lambda::EventInvokeConfig` resources, which name their function
 * (its Ref: its name) and a Qualifier.
 */
import { asyncInvokeOf, readAsyncLimit, readDestination, readDestinationConfig, type AsyncInvokeConfig } from '../async-invoke.js';
import { FieldReader, isRecord } from '../fields.js';
import type { FunctionModel } from '../project.js';
import { functionNamed } from './function-refs.js';
import { resourceProperties, type ParsedTemplate } from './template.js';

/** The function's own settings: `path(key)` is where a property is written (its Globals' or its own). */
export function functionAsyncInvoke(props: Record<string, unknown>, path: (key: string) => string, r: FieldReader): { asyncInvoke?: AsyncInvokeConfig } {
  const config = r.record(props.EventInvokeConfig, path('EventInvokeConfig')) ?? {};
  const at = (key: string) => `${path('EventInvokeConfig')}.${key}`;
  // SAM's DeadLetterQueue is { Type: SQS | SNS, TargetArn }; AWS::Lambda::Function's DeadLetterConfig is { TargetArn }.
  const sam = r.record(props.DeadLetterQueue, path('DeadLetterQueue'));
  const cfn = r.record(props.DeadLetterConfig, path('DeadLetterConfig'));
  const dlq = sam ?? cfn;
  const dlqPath = sam ? path('DeadLetterQueue') : path('DeadLetterConfig');
  return asyncInvokeOf({
    maximumRetryAttempts: readAsyncLimit(config.MaximumRetryAttempts, at('MaximumRetryAttempts'), r, 'retryAttempts'),
    maximumEventAgeSeconds: readAsyncLimit(config.MaximumEventAgeInSeconds, at('MaximumEventAgeInSeconds'), r, 'eventAgeSeconds'),
    ...readDestinationConfig(config.DestinationConfig, at('DestinationConfig'), r),
    deadLetter: dlq ? readDestination(dlq.TargetArn, dlq.Type, `${dlqPath}.TargetArn`, r, ['sqs', 'sns']) : undefined,
  } as AsyncInvokeConfig);
}

/**
 * The functions with the settings of the template's `AWS::Lambda::EventInvokeConfig` resources over their own. One
 * for an alias or version (a Qualifier other than $LATEST) applies locally too: dev runs one version of the code.
 */
export function withEventInvokeConfigs(template: ParsedTemplate, functions: readonly FunctionModel[], r: FieldReader): FunctionModel[] {
  const out = [...functions];
  for (const [id, resource] of Object.entries(template.resources)) {
    if (!isRecord(resource) || resource.Type !== 'AWS::Lambda::EventInvokeConfig') continue;
    const props = resourceProperties(template, id);
    const base = `Resources.${id}.Properties`;
    const name = r.string(props.FunctionName, `${base}.FunctionName`);
    if (name === undefined) continue;
    const at = functionNamed(out, name);
    if (at < 0) {
      r.warn(`${base}.FunctionName`, `'${name}' is no function pylambda runs: its configuration is not used`);
      continue;
    }
    const fn = out[at]!;
    const own = asyncInvokeOf({
      maximumRetryAttempts: readAsyncLimit(props.MaximumRetryAttempts, `${base}.MaximumRetryAttempts`, r, 'retryAttempts'),
      maximumEventAgeSeconds: readAsyncLimit(props.MaximumEventAgeInSeconds, `${base}.MaximumEventAgeInSeconds`, r, 'eventAgeSeconds'),
      ...readDestinationConfig(props.DestinationConfig, `${base}.DestinationConfig`, r),
    } as AsyncInvokeConfig).asyncInvoke;
    if (own) out[at] = { ...fn, asyncInvoke: { ...fn.asyncInvoke, ...own } };
  }
  return out;
}
