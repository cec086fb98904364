import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { fnTemplate } from '../helpers.js';

/** A template with one function `Fn`: its extra properties, and optional Globals and Parameters sections. */
function template(properties: string, extra = ''): string {
  return fnTemplate({ sections: [extra], properties: ['CodeUri: src/', ...properties.split('\n')] });
}

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });
const lines = (text: string) => read(text).diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`);

describe('Architectures: exactly one, as Lambda and SAM CLI take it', () => {
  it.each<[string, string, string, string[]]>([
    ['one', 'Architectures: [arm64]', '', []],
    ['two (the app templates\' cookiecutter default)', 'Architectures: [x86_64, arm64]', '', [
      'error Resources.Fn.Properties.Architectures: Lambda takes exactly one architecture, got 2 (x86_64, arm64)',
    ]],
    ['none', 'Architectures: []', '', ['error Resources.Fn.Properties.Architectures: Lambda takes exactly one architecture, got 0']],
    ['two from Globals', '', 'Globals:\n  Function:\n    Architectures: [x86_64, arm64]', [
      'error Globals.Function.Architectures: Lambda takes exactly one architecture, got 2 (x86_64, arm64)',
    ]],
    // aws-sam-translator's globals.py: "Function.Architectures": MergeOp.REPLACE (older versions added the lists).
    ['one in Globals and one on the function: the function\'s replaces it', 'Architectures: [arm64]', 'Globals:\n  Function:\n    Architectures: [x86_64]', []],
    ['two in Globals and one on the function', 'Architectures: [arm64]', 'Globals:\n  Function:\n    Architectures: [x86_64, arm64]', []],
  ])('%s', (_what, properties, extra, expected) => {
    const text = template(properties, extra);
    expect(lines(text)).toEqual(expected);
    if (expected.length === 0) expect(read(text).project?.functions[0]?.architecture).toBe('arm64');
  });
});

describe('DurableConfig', () => {
  it('is read with a warning that durable executions are not emulated, at its path', () => {
    const text = template('DurableConfig:\n  ExecutionTimeout: 3600\n  RetentionPeriodInDays: 7');
    expect(read(text).project?.functions.map((f) => f.id)).toEqual(['Fn']);
    expect(lines(text)).toEqual([
      'warning Resources.Fn.Properties.DurableConfig: durable executions are not emulated: the handler receives the plain event, without the checkpoint state Lambda sends a durable function',
    ]);
  });
});

// apigw-lambda-efs-sam of aws-samples/serverless-patterns writes to its EFS mount: dev answered 500 without a word of why.
describe('FileSystemConfigs (EFS)', () => {
  it.each<[string, string, string[]]>([
    ['one mount', 'FileSystemConfigs:\n  - Arn: arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1\n    LocalMountPath: /mnt/msg',
      ["warning Resources.Fn.Properties.FileSystemConfigs: EFS is not mounted locally: /mnt/msg is not the file system here, so the function's reads and writes there fail or reach this machine's own directory"]],
    ['none', 'FileSystemConfigs: []', []],
  ])('%s', (_what, properties, expected) => expect(lines(template(properties))).toEqual(expected));
});

describe('CapacityProviderConfig (Lambda Managed Instances)', () => {
  it.each<[string, string, string]>([
    ['on the function', 'CapacityProviderConfig:\n  Arn: arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp', ''],
    ['from Globals', '', 'Globals:\n  Function:\n    CapacityProviderConfig:\n      Arn: arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp'],
  ])('%s: runs as an on-demand function, with a warning that says how Managed Instances differ', (_what, properties, extra) => {
    const text = template(properties, extra);
    expect(read(text).project?.functions.map((f) => f.id)).toEqual(['Fn']);
    expect(lines(text).map((l) => l.replace(/^warning (Resources\.Fn\.Properties|Globals\.Function)\./, 'warning '))).toEqual([
      'warning CapacityProviderConfig: Lambda Managed Instances are not emulated: on them one execution environment runs several invocations at once (Python: a process each, sharing /tmp, up to PerExecutionEnvironmentMaxConcurrency), while pylambda runs this function as an on-demand one, one invocation per environment, each with its own /tmp',
    ]);
  });
});

describe('FunctionName', () => {
  it.each<[string, string, string, string, string[]]>([
    ['a literal name', 'FunctionName: orders', '', 'orders', []],
    ['a parameter with a Default', 'FunctionName: !Ref Name', 'Parameters:\n  Name: { Type: String, Default: from-default }', 'from-default', []],
    ['a parameter without a value: the logical id, with a warning', 'FunctionName: !Ref Name', 'Parameters:\n  Name: { Type: String }', 'Fn', [
      'warning Resources.Fn.Properties.FunctionName: parameter Name has no Default and no override (--parameter-overrides Name=...); locally the function is named Fn (its AWS_LAMBDA_FUNCTION_NAME and log group)',
    ]],
    ['a Sub of a parameter without a value', 'FunctionName: !Sub "${Name}-fn"', 'Parameters:\n  Name: { Type: String }', 'Fn', [
      'warning Resources.Fn.Properties.FunctionName: parameter Name has no Default and no override (--parameter-overrides Name=...); locally the function is named Fn (its AWS_LAMBDA_FUNCTION_NAME and log group)',
    ]],
    ['not a string', 'FunctionName: [a]', '', 'Fn', ['error Resources.Fn.Properties.FunctionName: must be a string, not a list']],
  ])('%s', (_what, properties, extra, name, expected) => {
    const text = template(properties, extra);
    expect(lines(text)).toEqual(expected);
    if (!expected.some((line) => line.startsWith('error'))) expect(read(text).project?.functions[0]?.name).toBe(name);
  });
});

describe('Tracing and TenancyConfig', () => {
  it.each<[string, string, string, object]>([
    ['Tracing: Active', 'Tracing: Active', '', { tracing: 'Active' }],
    ['from Globals', '', 'Globals:\n  Function:\n    Tracing: Active', { tracing: 'Active' }],
    ['PassThrough: Lambda samples nothing itself', 'Tracing: PassThrough', '', {}],
    ['tenant isolation', 'TenancyConfig: { TenantIsolationMode: PER_TENANT }', '', { tenantIsolation: true }],
  ])('%s', (_name, properties, extra, expected) => {
    const fn = read(template(properties, extra)).project!.functions[0]!;
    expect({ ...(fn.tracing ? { tracing: fn.tracing } : {}), ...(fn.tenantIsolation ? { tenantIsolation: fn.tenantIsolation } : {}) }).toEqual(expected);
  });
});
