import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

const API = `  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties: { Name: Api, AuthenticationType: API_KEY }
`;
const fn = (id: string) => `  ${id}:
    Type: AWS::Serverless::Function
    Properties: { Handler: app.handler, Runtime: python3.12 }
`;
const source = (id: string, arn: string, type = 'AWS_LAMBDA') => `  ${id}:
    Type: AWS::AppSync::DataSource
    Properties: { ApiId: !GetAtt Api.ApiId, Name: ${id}Name, Type: ${type}, LambdaConfig: { LambdaFunctionArn: ${arn} } }
`;
const resolver = (id: string, field: string, dataSource: string, extra = '') => `  ${id}:
    Type: AWS::AppSync::Resolver
    Properties: { ApiId: !GetAtt Api.ApiId, TypeName: Query, FieldName: ${field}, DataSourceName: ${dataSource}${extra} }
`;
const triggers = (resources: string, functionId = 'Fn') => {
  const { project } = readSamTemplate(`Transform: AWS::Serverless-2016-10-31\nResources:\n${API}${fn('Fn')}${fn('Other')}${resources}`, { file: 'template.yaml' });
  return project?.functions.find((f) => f.id === functionId)?.events.map((e) => (e.kind === 'other' && e.resolver ? `${e.id} ${e.resolver.typeName}.${e.resolver.fieldName}` : e.id));
};

describe('SAM template reader: the AppSync fields a function resolves directly', () => {
  it.each<[string, string, string[]]>([
    ['a data source naming the function by !GetAtt Fn.Arn, a resolver by !GetAtt Source.Name',
      source('Src', '!GetAtt Fn.Arn') + resolver('R', 'getTodo', '!GetAtt Src.Name'), ['R Query.getTodo']],
    ['the long GetAtt form, !Sub and the data source\'s Name written out',
      source('Src', '{ "Fn::GetAtt": [Fn, Arn] }') + source('Sub', '!Sub "${Fn.Arn}"') + resolver('A', 'a', 'SrcName') + resolver('B', 'b', '!GetAtt Sub.Name'), ['A Query.a', 'B Query.b']],
    ['another function\'s data source: none of its resolvers', source('Src', '!GetAtt Other.Arn') + resolver('R', 'getTodo', '!GetAtt Src.Name'), []],
    ['a data source that is not AWS_LAMBDA', source('Src', '!GetAtt Fn.Arn', 'NONE') + resolver('R', 'getTodo', '!GetAtt Src.Name'), []],
    // The function gets what the template or code builds, not the context object.
    ['a resolver with a request mapping template', source('Src', '!GetAtt Fn.Arn') + resolver('R', 'getTodo', '!GetAtt Src.Name', ', RequestMappingTemplate: "{}"'), []],
    ['a resolver with APPSYNC_JS code', source('Src', '!GetAtt Fn.Arn') + resolver('R', 'getTodo', '!GetAtt Src.Name', ', Code: "export function request(ctx) {}"'), []],
    ['a pipeline resolver', source('Src', '!GetAtt Fn.Arn') + resolver('R', 'getTodo', '!GetAtt Src.Name', ', Kind: PIPELINE'), []],
  ])('%s', (_name, resources, expected) => {
    expect(triggers(resources)).toEqual(expected);
  });

  it("comes after the function's own Events", () => {
    const { project } = readSamTemplate(`Transform: AWS::Serverless-2016-10-31
Resources:
${API}  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events: { Q: { Type: SQS, Properties: { Queue: arn:aws:sqs:us-east-1:123456789012:q } } }
${source('Src', '!GetAtt Fn.Arn')}${resolver('R', 'getTodo', '!GetAtt Src.Name')}`, { file: 'template.yaml' });
    expect(project?.functions[0]?.events.map((e) => e.id)).toEqual(['Q', 'R']);
  });
});
