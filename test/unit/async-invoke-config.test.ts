import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { fnTemplate } from '../helpers.js';
import { line, read as readServerless } from './serverless-helpers.js';

const readSam = (text: string) => readSamTemplate(text, { file: 'template.yaml' });
const queue = (name: string) => `arn:aws:sqs:us-east-1:123456789012:${name}`;

describe("a SAM function's asynchronous invocation settings", () => {
  it('reads EventInvokeConfig and DeadLetterQueue, with destinations by !GetAtt and !Ref', () => {
    const { project, diagnostics } = readSam(fnTemplate({
      resources: [
        'Failed: { Type: AWS::SQS::Queue }', 'Dlq: { Type: AWS::SQS::Queue, Properties: { QueueName: my-dlq } }', 'Alerts: { Type: AWS::SNS::Topic }',
        'Other: { Type: AWS::Serverless::Function, Properties: { Runtime: python3.12, Handler: app.other, FunctionName: other-fn } }',
      ],
      properties: [
        'EventInvokeConfig:',
        '  MaximumRetryAttempts: 1',
        '  MaximumEventAgeInSeconds: 600',
        '  DestinationConfig:',
        '    OnSuccess: { Type: Lambda, Destination: !GetAtt Other.Arn }',
        '    OnFailure: { Type: SQS, Destination: !GetAtt Failed.Arn }',
        'DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Dlq.Arn }',
      ],
    }));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(project!.functions.find((f) => f.id === 'Fn')!.asyncInvoke).toEqual({
      maximumRetryAttempts: 1, maximumEventAgeSeconds: 600,
      onSuccess: { type: 'lambda', arn: 'arn:aws:lambda:us-east-1:123456789012:function:other-fn', path: 'Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnSuccess.Destination' },
      onFailure: { type: 'sqs', arn: queue('Failed'), path: 'Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnFailure.Destination' },
      deadLetter: { type: 'sqs', arn: queue('my-dlq'), path: 'Resources.Fn.Properties.DeadLetterQueue.TargetArn' },
    });
    expect(project!.functions.find((f) => f.id === 'Other')!.asyncInvoke).toBeUndefined();
  });

  it.each<[string, string[], string]>([
    ['retries past 2', ['EventInvokeConfig: { MaximumRetryAttempts: 3 }'], "error Resources.Fn.Properties.EventInvokeConfig.MaximumRetryAttempts: 3 is outside Lambda's range of 0 to 2"],
    ['an age under a minute', ['EventInvokeConfig: { MaximumEventAgeInSeconds: 30 }'], "error Resources.Fn.Properties.EventInvokeConfig.MaximumEventAgeInSeconds: 30 is outside Lambda's range of 60 to 21600"],
    ['an unknown type', ['EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: Kinesis, Destination: arn:aws:kinesis:us-east-1:123456789012:stream/s } } }'],
      "error Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnFailure.Destination: 'Kinesis' is not a destination type (sqs, sns, lambda, eventbridge, s3)"],
    ['a dead-letter queue that is a function', ['DeadLetterQueue: { TargetArn: arn:aws:lambda:us-east-1:123456789012:function:x }'],
      "error Resources.Fn.Properties.DeadLetterQueue.TargetArn: 'arn:aws:lambda:us-east-1:123456789012:function:x' is not the ARN of an SQS queue, an SNS topic"],
    ['an S3 bucket on success, by its ARN', ['EventInvokeConfig: { DestinationConfig: { OnSuccess: { Destination: arn:aws:s3:::done } } }'],
      "error Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnSuccess.Destination: 'arn:aws:s3:::done' is an S3 bucket, which Lambda takes as an OnFailure destination only: records of successful invocations go to a queue, topic, function or event bus"],
    ['an S3 bucket on success, by its Type', ['EventInvokeConfig: { DestinationConfig: { OnSuccess: { Type: S3, Destination: arn:aws:s3:::done } } }'],
      "error Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnSuccess.Destination: 'arn:aws:s3:::done' is an S3 bucket, which Lambda takes as an OnFailure destination only: records of successful invocations go to a queue, topic, function or event bus"],
    ['a destination SAM creates', ['EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: SQS } } }'],
      'warning Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnFailure: has no Destination: SAM creates the queue or topic on deploy, which dev does not, so nothing is sent locally'],
  ])('says what is wrong: %s', (_what, properties, expected) => {
    const { diagnostics } = readSam(fnTemplate({ properties }));
    expect(diagnostics.map(line)).toContain(expected);
  });

  it('takes an S3 bucket on failure, and refuses one on success in an AWS::Lambda::EventInvokeConfig too', () => {
    const { project, diagnostics } = readSam(fnTemplate({
      resources: ['Failed: { Type: AWS::S3::Bucket }', 'Config: { Type: AWS::Lambda::EventInvokeConfig, Properties: { FunctionName: !Ref Fn, Qualifier: $LATEST, DestinationConfig: { OnSuccess: { Destination: !GetAtt Failed.Arn } } } }'],
      properties: ['EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: S3, Destination: !GetAtt Failed.Arn } } }'],
    }));
    expect(diagnostics.map(line)).toEqual([
      "error Resources.Config.Properties.DestinationConfig.OnSuccess.Destination: 'arn:aws:s3:::failed' is an S3 bucket, which Lambda takes as an OnFailure destination only: records of successful invocations go to a queue, topic, function or event bus",
    ]);
    expect(project).toBeUndefined();
    const failure = readSam(fnTemplate({ resources: ['Failed: { Type: AWS::S3::Bucket }'], properties: ['EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: S3, Destination: !GetAtt Failed.Arn } } }'] }));
    expect(failure.project!.functions[0]!.asyncInvoke).toEqual({ onFailure: { type: 's3', arn: 'arn:aws:s3:::failed', path: 'Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnFailure.Destination' } });
  });

  it('takes an AWS::Lambda::EventInvokeConfig over the function, and a plain function DeadLetterConfig', () => {
    const { project, diagnostics } = readSam(fnTemplate({
      properties: ['EventInvokeConfig: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 }', 'DeadLetterConfig: { TargetArn: arn:aws:sns:us-east-1:123456789012:dead }'],
      resources: [
        'Config:', '  Type: AWS::Lambda::EventInvokeConfig',
        '  Properties: { FunctionName: !Ref Fn, Qualifier: $LATEST, MaximumRetryAttempts: 0, DestinationConfig: { OnSuccess: { Destination: arn:aws:events:us-east-1:123456789012:event-bus/default } } }',
        'Stray: { Type: AWS::Lambda::EventInvokeConfig, Properties: { FunctionName: nowhere, Qualifier: $LATEST, MaximumRetryAttempts: 0 } }',
      ],
    }));
    expect(project!.functions[0]!.asyncInvoke).toEqual({
      maximumRetryAttempts: 0, maximumEventAgeSeconds: 900,
      onSuccess: { type: 'eventbridge', arn: 'arn:aws:events:us-east-1:123456789012:event-bus/default', path: 'Resources.Config.Properties.DestinationConfig.OnSuccess.Destination' },
      deadLetter: { type: 'sns', arn: 'arn:aws:sns:us-east-1:123456789012:dead', path: 'Resources.Fn.Properties.DeadLetterConfig.TargetArn' },
    });
    expect(diagnostics.map(line)).toContain("warning Resources.Stray.Properties.FunctionName: 'nowhere' is no function pylambda runs: its configuration is not used");
  });
});

describe("a serverless.yml function's asynchronous invocation settings", () => {
  const yml = (fn: string[]) => ['service: shop', 'provider: { name: aws, runtime: python3.12, region: eu-west-1 }', 'functions:', '  other: { handler: app.other }', '  fn:', '    handler: app.handler', ...fn.map((l) => `    ${l}`),
    'resources:', '  Resources:', '    Failed: { Type: AWS::SQS::Queue, Properties: { QueueName: failed-q } }', '    Dead: { Type: AWS::SNS::Topic }', ''].join('\n');

  it('reads maximumRetryAttempts, maximumEventAge, destinations (a function of the service, an object with a GetAtt) and onError', () => {
    const { project, diagnostics } = readServerless(yml([
      'maximumRetryAttempts: 1', 'maximumEventAge: 7200',
      'destinations:', '  onSuccess: other', '  onFailure: { type: sqs, arn: { Fn::GetAtt: [Failed, Arn] } }',
      'onError: { Ref: Dead }',
    ]));
    expect(diagnostics.filter((d) => d.severity === 'error').map(line)).toEqual([]);
    expect(project!.functions.find((f) => f.id === 'fn')!.asyncInvoke).toEqual({
      maximumRetryAttempts: 1, maximumEventAgeSeconds: 7200,
      onSuccess: { type: 'lambda', arn: 'arn:aws:lambda:eu-west-1:123456789012:function:other', path: 'functions.fn.destinations.onSuccess' },
      onFailure: { type: 'sqs', arn: 'arn:aws:sqs:eu-west-1:123456789012:failed-q', path: 'functions.fn.destinations.onFailure.arn' },
      deadLetter: { type: 'sns', arn: 'arn:aws:sns:eu-west-1:123456789012:Dead', path: 'functions.fn.onError' },
    });
  });

  it('builds the ARNs in the region\'s partition (arn:aws-cn in cn-north-1)', () => {
    const { project, diagnostics } = readServerless(yml([
      'destinations:', '  onSuccess: other', '  onFailure: { type: sqs, arn: { Fn::GetAtt: [Failed, Arn] } }', 'onError: { Ref: Dead }',
      'events:', '  - sqs: { arn: { Fn::GetAtt: [Failed, Arn] } }',
    ]).replace('region: eu-west-1', 'region: cn-north-1'));
    expect(diagnostics.filter((d) => d.severity === 'error').map(line)).toEqual([]);
    const fn = project!.functions.find((f) => f.id === 'fn')!;
    expect(fn.asyncInvoke).toEqual({
      onSuccess: { type: 'lambda', arn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:other', path: 'functions.fn.destinations.onSuccess' },
      onFailure: { type: 'sqs', arn: 'arn:aws-cn:sqs:cn-north-1:123456789012:failed-q', path: 'functions.fn.destinations.onFailure.arn' },
      deadLetter: { type: 'sns', arn: 'arn:aws-cn:sns:cn-north-1:123456789012:Dead', path: 'functions.fn.onError' },
    });
    expect(fn.events).toMatchObject([{ kind: 'sqs', queue: 'arn:aws-cn:sqs:cn-north-1:123456789012:failed-q' }]);
  });

  it('takes ARNs as written, and refuses what Lambda refuses', () => {
    const { project } = readServerless(yml(['destinations: { onFailure: "arn:aws:sns:eu-west-1:123456789012:t" }', 'onError: arn:aws:sqs:eu-west-1:123456789012:dlq']));
    expect(project!.functions.find((f) => f.id === 'fn')!.asyncInvoke).toEqual({
      onFailure: { type: 'sns', arn: 'arn:aws:sns:eu-west-1:123456789012:t', path: 'functions.fn.destinations.onFailure' },
      deadLetter: { type: 'sqs', arn: 'arn:aws:sqs:eu-west-1:123456789012:dlq', path: 'functions.fn.onError' },
    });
    const wrong = readServerless(yml(['maximumRetryAttempts: 5', 'destinations: { onFailure: nothing-here }'])).diagnostics.map(line);
    expect(wrong).toContain("error functions.fn.maximumRetryAttempts: 5 is outside Lambda's range of 0 to 2");
    expect(wrong).toContain("error functions.fn.destinations.onFailure: 'nothing-here' is not the ARN of an SQS queue, an SNS topic, a function, an event bus, a bucket");
    const bucket = readServerless(yml(['destinations: { onSuccess: "arn:aws:s3:::done", onFailure: { type: s3, arn: "arn:aws:s3:::failed" } }']));
    expect(bucket.diagnostics.map(line)).toEqual([
      "error functions.fn.destinations.onSuccess: 'arn:aws:s3:::done' is an S3 bucket, which Lambda takes as an OnFailure destination only: records of successful invocations go to a queue, topic, function or event bus",
    ]);
    const long = readServerless(yml(['destinations: { onSuccess: { type: s3, arn: "arn:aws:s3:::done" } }'])).diagnostics.map(line);
    expect(long).toContain("error functions.fn.destinations.onSuccess.arn: 'arn:aws:s3:::done' is an S3 bucket, which Lambda takes as an OnFailure destination only: records of successful invocations go to a queue, topic, function or event bus");
  });
});
