import type { CustomResourceOutcome } from '../api/custom-resource-answer.js';
import type { Style } from './io.js';

/** What `pylambda invoke` says, on stderr, of a custom resource function's answer to CloudFormation. */
export function customResourceLines(outcome: CustomResourceOutcome, style: Style, functionFailed: boolean): string[] {
  const { answer } = outcome;
  const replaced = outcome.replacedUrl ? [style.dim(`note: the event's ResponseURL (${outcome.replacedUrl}) was replaced by pylambda's own, which shows the answer here: a local run does not answer a real stack`)] : [];
  if (!answer) {
    const why = functionFailed ? 'the function failed without answering CloudFormation' : 'the function returned without answering CloudFormation';
    return [...replaced, `${style.yellow('warning:')} ${why} at its ResponseURL (cfnresponse.send, or a PUT of the answer): deployed, the stack waits for the answer until the resource's ServiceTimeout (an hour by default), then fails`];
  }
  const data = answer.data && Object.keys(answer.data).length > 0 ? `, Data ${answer.noEcho ? '(NoEcho) ' : ''}${JSON.stringify(answer.data)}` : '';
  const what = answer.status === 'FAILED'
    ? `${style.red('FAILED')}${answer.reason ? `: ${answer.reason}` : ''}${answer.physicalResourceId ? ` (PhysicalResourceId ${answer.physicalResourceId})` : ''}`
    : `${answer.status ?? '(no Status)'}${answer.physicalResourceId ? `, PhysicalResourceId ${answer.physicalResourceId}` : ''}${data}`;
  return [
    ...replaced,
    `CloudFormation's answer to the ${outcome.requestType} request: ${what}`,
    ...answer.problems.map((p) => `${style.yellow('warning:')} CloudFormation refuses this answer: ${p}`),
    ...answer.notes.map((n) => `${style.dim(`note: ${n}`)}`),
    ...(outcome.answers > 1 ? [`${style.yellow('warning:')} the function answered ${outcome.answers} times: CloudFormation takes the first answer only`] : []),
  ];
}

/** The same, for --json. */
export function customResourceJson(outcome: CustomResourceOutcome): Record<string, unknown> {
  const { answer } = outcome;
  return {
    requestType: outcome.requestType,
    answered: answer !== undefined,
    answers: outcome.answers,
    ...(outcome.replacedUrl ? { replacedResponseUrl: outcome.replacedUrl } : {}),
    ...(answer ? {
      ...(answer.status ? { status: answer.status } : {}),
      ...(answer.reason !== undefined ? { reason: answer.reason } : {}),
      ...(answer.physicalResourceId ? { physicalResourceId: answer.physicalResourceId } : {}),
      ...(answer.data ? { data: answer.data } : {}),
      ...(answer.noEcho !== undefined ? { noEcho: answer.noEcho } : {}),
      problems: answer.problems,
      notes: answer.notes,
    } : {}),
  };
}
