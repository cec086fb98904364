// What the SAM reader says of a resource CloudFormation refuses before reading its properties: not a mapping, no
// Type or one that names no type, Properties that are not a mapping.
import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });

describe('SAM reader: resources CloudFormation refuses', () => {
  it('says a resource that is not a mapping once, and reads on (found by reader-fuzz.test.ts: a TypeError before)', () => {
    const text = 'Resources:\n  Fn:\n  Other: 5\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionBody: {}\n';
    expect(read(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([
      { severity: 'error', file: 'template.yaml', path: 'Resources.Fn', message: 'must be a mapping with a Type' },
      { severity: 'error', file: 'template.yaml', path: 'Resources.Other', message: 'must be a mapping with a Type' },
    ]);
  });

  it('says a resource without a Type, or whose Properties are not a mapping, where CloudFormation refuses it (user29: "defines no Python function" and "Runtime: is required" before)', () => {
    const fn = '    Properties: {Handler: app.handler, Runtime: python3.12, CodeUri: .}\n';
    expect(read(`Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n${fn}`).diagnostics.filter((d) => d.severity === 'error')).toEqual([
      { severity: 'error', file: 'template.yaml', path: 'Resources.Fn.Type', message: 'is required (for example AWS::Serverless::Function): CloudFormation refuses a resource without one' },
    ]);
    expect(read('Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: oops\n').diagnostics.filter((d) => d.severity === 'error')).toEqual([
      { severity: 'error', file: 'template.yaml', path: 'Resources.Fn.Properties', message: 'must be a mapping of properties, not string "oops"' },
    ]);
    expect(read('Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: [a]\n').diagnostics.filter((d) => d.severity === 'error')).toEqual([
      { severity: 'error', file: 'template.yaml', path: 'Resources.Fn.Properties', message: 'must be a mapping of properties, not a list' },
    ]);
  });

  // CloudFormation takes a Type only as a type name (no intrinsic function, no list); an empty
  // one names no resource type. Both were read on before and the template said to have no Python function.
  it.each([
    ["''", 'must name a resource type (for example AWS::Serverless::Function), not an empty string'],
    ['[AWS::Serverless::Function]', 'must name a resource type (for example AWS::Serverless::Function), not a list'],
    ['{Ref: T}', 'must name a resource type (for example AWS::Serverless::Function), not a mapping'],
  ])('says a Type of %s where CloudFormation refuses it', (type, message) => {
    const text = `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: ${type}\n    Properties: {Handler: app.handler, Runtime: python3.12, CodeUri: .}\n`;
    expect(read(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([{ severity: 'error', file: 'template.yaml', path: 'Resources.Fn.Type', message }]);
  });
});
