import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, generateEvent } from '../../src/api/events.js';
import { methodArn } from '../../src/core/gateway/authorizer.js';
import { targetGroupArn } from '../../src/core/gateway/identity.js';
import { unreachableFunction } from '../../src/core/lambda-api/invoke-scope.js';
import { resolveIntrinsics, type CfnContext } from '../../src/core/model/cfn/intrinsics.js';
import { functionArn } from '../../src/core/runtime/environment.js';

// Every ARN pylambda builds from a region is in that region's partition, every host of an event in its domain:
// arn:aws-cn:... and amazonaws.com.cn in China (CloudFormation's AWS::Partition and AWS::URLSuffix, botocore's partitions.json).
const REGIONS: readonly [string, string, string][] = [
  ['us-east-1', 'aws', 'amazonaws.com'],
  ['cn-north-1', 'aws-cn', 'amazonaws.com.cn'],
  ['us-gov-west-1', 'aws-us-gov', 'amazonaws.com'],
  ['us-isob-east-1', 'aws-iso-b', 'sc2s.sgov.gov'],
];

const partitionsIn = (value: unknown): string[] => [...new Set(JSON.stringify(value).match(/arn:[a-z-]*:/g) ?? [])];

describe.each(REGIONS)('ARNs in %s: partition %s', (region, partition, suffix) => {
  const kindsWithArns = ['alb', 'sqs', 'sns', 's3', 'schedule', 'scheduler', 'cloudformation', 'dynamodb', 'kinesis', 'kafka', 'activemq', 'rabbitmq', 'firehose', 'ses'];
  it.each(kindsWithArns)('events generate %s', (kind) => {
    expect(partitionsIn(generateEvent(kind, { region }, {}))).toEqual([`arn:${partition}:`]);
  });

  it('no other kind has an ARN of another partition', () => {
    for (const kind of Object.keys(EVENT_KINDS).filter((k) => !kindsWithArns.includes(k))) {
      expect(partitionsIn(generateEvent(kind, { region }, {})).filter((p) => p !== `arn:${partition}:`), kind).toEqual([]);
    }
  });

  // A host ends in a letter: an ActiveMQ messageID goes on after its broker's host (`...amazonaws.com-37557-...`).
  it.each(['apigw-rest', 'http-api', 'alb', 'apigw-websocket', 'sns', 'appsync', 'kafka', 'activemq'])('events generate %s: its hosts in the partition\'s domain', (kind) => {
    const text = JSON.stringify(generateEvent(kind, { region }, {}));
    const hosts = [...new Set(text.match(new RegExp(`[\\w.-]+\\.${region}\\.[a-z0-9.-]*[a-z]`, 'g')))];
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts) expect(host).toMatch(new RegExp(`\\.${region}\\.(elb\\.)?${suffix.replaceAll('.', '\\.')}$`));
  });

  it('the function\'s ARN (the context object\'s invoked_function_arn), a target group\'s, an authorizer\'s methodArn', () => {
    expect(functionArn('fn', region, '123456789012')).toBe(`arn:${partition}:lambda:${region}:123456789012:function:fn`);
    expect(targetGroupArn('tg', region, '123456789012')).toMatch(new RegExp(`^arn:${partition}:elasticloadbalancing:${region}:123456789012:targetgroup/tg/[0-9a-f]{16}$`));
    expect(methodArn({ region, accountId: '123456789012', apiId: 'abc', stage: 'Prod', method: 'GET', path: '/x' })).toBe(`arn:${partition}:execute-api:${region}:123456789012:abc/Prod/GET/x`);
  });

  it('another account\'s function: the AccessDenied names the caller and the function in the partition', () => {
    const denied = unreachableFunction({ functionName: 'fn', account: '222222222222' }, { region, accountId: '123456789012' });
    expect(JSON.parse(denied!.response.body.toString())).toEqual({
      Message: `User: arn:${partition}:iam::123456789012:root is not authorized to perform: lambda:InvokeFunction on resource: arn:${partition}:lambda:${region}:222222222222:function:fn because no resource-based policy allows the lambda:InvokeFunction action`,
    });
  });

  it('CloudFormation: AWS::Partition, AWS::URLSuffix, AWS::StackId, a resource\'s Arn and a queue\'s URL', () => {
    const ctx: CfnContext = { parameters: {}, conditions: {}, mappings: {}, resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q' } }, B: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'b' } } }, region, accountId: '123456789012', stackName: 's' };
    expect(resolveIntrinsics({
      p: { Ref: 'AWS::Partition' }, sub: { 'Fn::Sub': 'arn:${AWS::Partition}:x' }, suffix: { Ref: 'AWS::URLSuffix' }, stack: { Ref: 'AWS::StackId' },
      queue: { 'Fn::GetAtt': ['Q', 'Arn'] }, bucket: { 'Fn::GetAtt': ['B', 'Arn'] }, url: { Ref: 'Q' },
    }, ctx)).toEqual({
      p: partition, sub: `arn:${partition}:x`, suffix, stack: `arn:${partition}:cloudformation:${region}:123456789012:stack/s/00000000-0000-0000-0000-000000000000`,
      queue: `arn:${partition}:sqs:${region}:123456789012:q`, bucket: `arn:${partition}:s3:::b`, url: `https://sqs.${region}.${suffix}/123456789012/q`,
    });
  });
});
