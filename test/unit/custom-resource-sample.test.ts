// Four inline patterns of aws-samples/serverless-patterns are custom resources (codecommit-s3, route53-alb-s3,
// dynamodb-eventbridge-scheduler, ...): invoke sent them {} for want of a trigger, and they failed on event["RequestType"].
import { describe, expect, it } from 'vitest';
import { customResourceEvent } from '../../src/core/events/sources/cloudformation.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { read } from './serverless-helpers.js';

const ctx = { nowMs: 0, newId: () => 'id-1', region: 'eu-west-1', accountId: '111122223333' };

describe('custom resources: the requests CloudFormation sends their functions', () => {
  it('reads the resources whose ServiceToken names a function, with what is known of their properties', () => {
    const { project, diagnostics } = readSamTemplate(`Parameters:
  Secret: { Type: String }
Resources:
  Maker:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12, Handler: index.handler, Code: { ZipFile: "x = 1" } }
  Thing:
    Type: Custom::Thing
    Properties: { ServiceToken: !GetAtt Maker.Arn, Size: 3, Where: !Sub "\${AWS::Region}-x", Key: !Ref Secret }
  Other:
    Type: AWS::CloudFormation::CustomResource
    Properties: { ServiceToken: !GetAtt Elsewhere.Arn }
  Elsewhere:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12, Handler: index.handler, Code: { ZipFile: "y = 2" } }
`, { file: 'template.yaml' });
    expect(diagnostics).toEqual([]);
    expect(project!.functions.find((f) => f.id === 'Maker')!.events).toEqual([
      // A parameter without a value is left out, as nothing local knows it.
      { kind: 'other', id: 'Thing', type: 'CustomResource', customResource: { resourceType: 'Custom::Thing', properties: { Size: 3, Where: 'us-east-1-x' } } },
    ]);
    expect(project!.functions.find((f) => f.id === 'Elsewhere')!.events).toEqual([
      { kind: 'other', id: 'Other', type: 'CustomResource', customResource: { resourceType: 'AWS::CloudFormation::CustomResource', properties: {} } },
    ]);
  });

  it("serverless.yml: a custom resource of resources.Resources whose ServiceToken is a function's logical id as the Framework names it, or its ARN by its deployed name", () => {
    const { project, diagnostics } = read(`service: svc
provider: { name: aws, runtime: python3.12, region: eu-west-1 }
functions:
  hello: { handler: app.hello }
  seed-data: { handler: app.seed }
  other: { handler: app.other }
resources:
  Resources:
    Greeting:
      Type: Custom::Greeting
      Properties: { ServiceToken: { 'Fn::GetAtt': [HelloLambdaFunction, Arn] }, Name: world, Count: 2 }
    Seed:
      Type: AWS::CloudFormation::CustomResource
      Properties: { ServiceToken: !GetAtt SeedDashdataLambdaFunction.Arn, Table: !Ref Items }
    BySub:
      Type: Custom::BySub
      Properties: { ServiceToken: !Sub 'arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:svc-dev-hello' }
    Elsewhere:
      Type: Custom::Elsewhere
      Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:not-ours' }
    Items: { Type: AWS::DynamoDB::Table, Properties: { TableName: items } }
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const events = (id: string) => project!.functions.find((f) => f.id === id)!.events;
    expect(events('hello')).toEqual([
      { kind: 'other', id: 'Greeting', type: 'CustomResource', customResource: { resourceType: 'Custom::Greeting', properties: { Name: 'world', Count: 2 } } },
      { kind: 'other', id: 'BySub', type: 'CustomResource', customResource: { resourceType: 'Custom::BySub', properties: {} } },
    ]);
    expect(events('seed-data')).toEqual([
      { kind: 'other', id: 'Seed', type: 'CustomResource', customResource: { resourceType: 'AWS::CloudFormation::CustomResource', properties: { Table: 'items' } } },
    ]);
    expect(events('other')).toEqual([]);
  });

  // CloudFormation sends a custom resource's numbers and booleans as strings ("Custom resource request objects").
  it.each<[string, 'Create' | 'Update' | 'Delete', Record<string, unknown>]>([
    ['Create', 'Create', {}],
    ['Delete: with the physical id', 'Delete', { PhysicalResourceId: 'my-physical-resource-id' }],
    ['Update: with the old properties too', 'Update', { PhysicalResourceId: 'my-physical-resource-id', OldResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:maker', Size: '3' } }],
  ])('a %s request', (_, requestType, extra) => {
    expect(customResourceEvent(ctx, { requestType, resourceType: 'Custom::Thing', logicalId: 'Thing', functionName: 'maker', properties: { Size: 3 } })).toEqual({
      RequestType: requestType,
      ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:maker',
      ResponseURL: 'http://pre-signed-S3-url-for-response',
      StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/MyStack/id-1',
      RequestId: 'id-1',
      LogicalResourceId: 'Thing',
      ResourceType: 'Custom::Thing',
      ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:maker', Size: '3' },
      ...extra,
    });
  });

  it('refuses a request type CloudFormation does not send', () => {
    expect(() => customResourceEvent(ctx, { requestType: 'Remove' })).toThrow('--request-type Remove is not one CloudFormation sends: Create, Update or Delete');
  });
});
