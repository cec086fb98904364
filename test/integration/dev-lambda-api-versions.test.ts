// Invoked through dev's Lambda API under an alias or a version, a function sees the version that runs as Lambda shows
// it (context.function_version and AWS_LAMBDA_FUNCTION_VERSION), and the qualifier it was invoked by at the end of
// context.invoked_function_arn, under either runtime client; each version runs in environments of its own.
import { describe, expect, it } from 'vitest';
import type { DevEvent } from '../../src/api/dev.js';
import type { RuntimeClient } from '../../src/emulator/local-function.js';
import { eventually, fnTemplate } from '../helpers.js';
import { boto3, serveProject } from '../lambda-api-boto3.js';

const APP = [
  'import os',
  'PID = os.getpid()',
  'def handler(event, context):',
  '    return {"version": context.function_version, "env": os.environ["AWS_LAMBDA_FUNCTION_VERSION"], "arn": context.invoked_function_arn, "pid": PID}',
  '',
].join('\n');

/** AutoPublishAlias `live` (its version is numbered at deploy time: locally $LATEST), and `stable`, pinned to version 3. */
const TEMPLATE = fnTemplate({
  properties: ['AutoPublishAlias: live'],
  resources: ['Stable: { Type: AWS::Lambda::Alias, Properties: { FunctionName: !Ref Fn, Name: stable, FunctionVersion: "3" } }'],
});

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:Fn';

describe.each<RuntimeClient>(['pylambda', 'awslambdaric'])('the version a function invoked through dev\'s Lambda API sees (%s)', (runtimeClient) => {
  it('is the version its alias points to or the number invoked, in environments of that version only', async () => {
    const { events, lambdaApi } = await serveProject(`lambda-api-versions-${runtimeClient}`, TEMPLATE, APP, { runtimeClient });
    const results = await boto3(lambdaApi, [
      'print(json.dumps([',
      '  invoke(FunctionName="Fn"),',
      '  invoke(FunctionName="Fn:stable", LogType="Tail"),',
      '  invoke(FunctionName="Fn", Qualifier="3"),',
      '  invoke(FunctionName="Fn:live"),',
      '  invoke(FunctionName="arn:aws:lambda:us-east-1:123456789012:function:Fn:7"),',
      ']))',
    ].join('\n')) as Array<{ status: number; ExecutedVersion: string; payload: string; log?: string }>;
    const seen = results.map((r) => ({ ExecutedVersion: r.ExecutedVersion, ...(JSON.parse(r.payload) as { version: string; env: string; arn: string; pid: number }) }));
    const view = seen.map(({ pid: _pid, ...rest }) => rest);
    expect(view).toEqual([
      { ExecutedVersion: '$LATEST', version: '$LATEST', env: '$LATEST', arn: ARN },
      { ExecutedVersion: '3', version: '3', env: '3', arn: `${ARN}:stable` },
      { ExecutedVersion: '3', version: '3', env: '3', arn: `${ARN}:3` },
      { ExecutedVersion: '$LATEST', version: '$LATEST', env: '$LATEST', arn: `${ARN}:live` },
      { ExecutedVersion: '7', version: '7', env: '7', arn: `${ARN}:7` },
    ]);
    const [latest, stable, three, live, seven] = seen.map((s) => s.pid);
    // Version 3's environment serves `stable` and `3`; $LATEST's serves the unqualified call and `live`; 7 has its own.
    expect([three, live]).toEqual([stable, latest]);
    expect(new Set([latest, stable, seven]).size).toBe(3);
    // START names the version that ran.
    expect(results[1]!.log!.split('\n')[0]).toMatch(/^START RequestId: \S+ Version: 3$/);
    const cold = events.filter((e): e is Extract<DevEvent, { type: 'invoke' }> => e.type === 'invoke').map((e) => e.cold);
    expect(cold).toEqual([true, true, false, false, true]);
  }, 60_000);
});

describe('an Event invoked under an alias of version 3', () => {
  it('runs version 3, and its invocation record names that version', async () => {
    const app = [
      APP,
      'def record(event, context):',
      '    print("record", event["requestContext"]["functionArn"], event["responseContext"]["executedVersion"], event["responsePayload"]["version"])',
      '',
    ].join('\n');
    const template = fnTemplate({
      properties: ['AutoPublishAlias: live', 'EventInvokeConfig:', '  DestinationConfig:', '    OnSuccess: { Type: Lambda, Destination: !GetAtt Recorder.Arn }'],
      resources: [
        'Stable: { Type: AWS::Lambda::Alias, Properties: { FunctionName: !Ref Fn, Name: stable, FunctionVersion: "3" } }',
        'Recorder: { Type: AWS::Serverless::Function, Properties: { Runtime: python3.12, Handler: app.record } }',
      ],
    });
    const { events, lambdaApi } = await serveProject('lambda-api-version-event', template, app);
    expect(await boto3(lambdaApi, 'print(json.dumps(invoke(FunctionName="Fn:stable", InvocationType="Event")))')).toEqual({ status: 202, payload: '' });
    const recorded = await eventually(() => events.flatMap((e) => (e.type === 'log' && e.event.kind === 'function' && e.event.functionId === 'Recorder' ? [e.event.text] : []))[0], 20_000);
    expect(recorded).toBe(`record ${ARN}:3 3 3`);
  }, 60_000);
});
