// An execution environment runs one version of its function: invoked under an alias or a version number, the function
// sees the version that runs (context.function_version, AWS_LAMBDA_FUNCTION_VERSION, its log stream), under both
// runtime clients, and environments of different versions are never shared.
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalFunction, RuntimeClient } from '../../src/emulator/local-function.js';
import { fixtureFunction } from '../helpers.js';

const live: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
});

interface Seen {
  pid: number;
  function_version: string;
  env: string;
  arn: string;
  stream: string;
}

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:Fn';

function versioned(runtimeClient: RuntimeClient) {
  const { local, logs } = fixtureFunction({ handler: 'version.handler', reservedConcurrency: 1, qualifiers: { aliases: { live: '3', beta: '$LATEST' }, versions: true } }, { runtimeClient });
  live.push(local);
  const run = (qualifier?: string, sleep = 0) => local.invoke({ payload: JSON.stringify({ sleep }), ...(qualifier ? { qualifier } : {}) }).then((r) => JSON.parse(r.payload.toString()) as Seen);
  return { local, logs, run };
}

describe.each<RuntimeClient>(['pylambda', 'awslambdaric'])('the version an environment runs (%s)', (runtimeClient) => {
  it('is the alias\'s or the number invoked, in an environment of its own; an alias and its number share one', async () => {
    const { logs, run } = versioned(runtimeClient);
    const latest = await run();
    const alias = await run('live');
    const number = await run('3');
    const beta = await run('beta');
    const view = (s: Seen) => [s.function_version, s.env, s.arn];
    expect(view(latest)).toEqual(['$LATEST', '$LATEST', ARN]);
    expect(view(alias)).toEqual(['3', '3', `${ARN}:live`]);
    expect(view(number)).toEqual(['3', '3', `${ARN}:3`]);
    // An alias of $LATEST runs $LATEST.
    expect(view(beta)).toEqual(['$LATEST', '$LATEST', `${ARN}:beta`]);
    // One slot: version 3 took it from $LATEST's environment, kept it for `3`, and gave it back for beta.
    expect(alias.pid).not.toBe(latest.pid);
    expect(number.pid).toBe(alias.pid);
    expect(beta.pid).not.toBe(alias.pid);
    expect(latest.stream).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(alias.stream).toMatch(/^\d{4}\/\d\d\/\d\d\/\[3\][0-9a-f]{32}$/);
    // START says the version that ran.
    const starts = logs.filter((l) => l.kind === 'platform' && l.line === 'start').map((l) => l.text.replace(/RequestId: \S+/, 'RequestId: <id>'));
    expect(starts).toEqual(['$LATEST', '3', '3', '$LATEST'].map((v) => `START RequestId: <id> Version: ${v}`));
  });

  it('at the concurrency limit, runs a version waiting behind another\'s invocation in a new environment once that one ends', async () => {
    const { local, run } = versioned(runtimeClient);
    const [first, second] = await Promise.all([run(undefined, 0.3), run('live')]);
    expect([first.env, second.env]).toEqual(['$LATEST', '3']);
    expect(second.pid).not.toBe(first.pid);
    expect(local.environmentCount).toBe(1);
  });
});
