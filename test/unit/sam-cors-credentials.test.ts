import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

/** An API of `type` whose CORS setting is `cors`, with one function on it; its allowCredentials and the warnings. */
function read(type: 'AWS::Serverless::Api' | 'AWS::Serverless::HttpApi', cors: string) {
  const rest = type === 'AWS::Serverless::Api';
  const { project, diagnostics } = readSamTemplate(`Resources:
  MyApi:
    Type: ${type}
    Properties:
      StageName: dev
      ${rest ? 'Cors' : 'CorsConfiguration'}: ${cors}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
      Events:
        Get: { Type: ${rest ? 'Api' : 'HttpApi'}, Properties: { Path: /items, Method: GET, ${rest ? 'RestApiId' : 'ApiId'}: !Ref MyApi } }
`, { file: 'template.yaml' });
  expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return {
    credentials: project!.endpoints.find((e) => e.id === 'MyApi')!.cors!.allowCredentials,
    warnings: diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.path}: ${d.message}`),
  };
}

const NOT_TRUE = (path: string, what: string) =>
  `${path}: is ${what}, not the boolean true: SAM deploys the API without Access-Control-Allow-Credentials, and so does pylambda; write AllowCredentials: true`;

describe("SAM's Cors AllowCredentials: only the boolean true sends Access-Control-Allow-Credentials (samtranslator add_cors)", () => {
  const restAt = 'Resources.MyApi.Properties.Cors.AllowCredentials';
  const httpAt = 'Resources.MyApi.Properties.CorsConfiguration.AllowCredentials';
  it.each<[string, 'AWS::Serverless::Api' | 'AWS::Serverless::HttpApi', string, boolean, string[]]>([
    ['REST: true', 'AWS::Serverless::Api', `{ AllowOrigin: "'https://app.example.com'", AllowCredentials: true }`, true, []],
    // SAM CLI's own swagger-template.yaml writes it so, quoted like the other Cors values, and its start-api sends the header.
    ["REST: \"'true'\"", 'AWS::Serverless::Api', `{ AllowOrigin: "'https://app.example.com'", AllowCredentials: "'true'" }`, false, [NOT_TRUE(restAt, `string "'true'"`)]],
    ['REST: the string "true"', 'AWS::Serverless::Api', `{ AllowOrigin: "'https://app.example.com'", AllowCredentials: "true" }`, false, [NOT_TRUE(restAt, 'string "true"')]],
    ["REST: \"'false'\" is what it says", 'AWS::Serverless::Api', `{ AllowOrigin: "'https://app.example.com'", AllowCredentials: "'false'" }`, false, []],
    // SAM refuses true with the wildcard origin, not "'true'": that API deploys, without the header.
    ["REST: \"'true'\" with the wildcard origin", 'AWS::Serverless::Api', `{ AllowOrigin: "'*'", AllowCredentials: "'true'" }`, false, [NOT_TRUE(restAt, `string "'true'"`)]],
    ['HTTP: true', 'AWS::Serverless::HttpApi', '{ AllowOrigins: [https://app.example.com], AllowCredentials: true }', true, []],
    ['HTTP: the string "true"', 'AWS::Serverless::HttpApi', '{ AllowOrigins: [https://app.example.com], AllowCredentials: "true" }', false, [NOT_TRUE(httpAt, 'string "true"')]],
  ])('%s', (_, type, cors, credentials, warnings) => expect(read(type, cors)).toEqual({ credentials, warnings }));

  it('an AWS::ApiGatewayV2::Api, read by CloudFormation, takes the string "true" as true', () => {
    const { project, diagnostics } = readSamTemplate(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Code: src/, Handler: app.handler, Runtime: python3.12 }
  Quick:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: q, ProtocolType: HTTP, Target: !GetAtt Fn.Arn, CorsConfiguration: { AllowOrigins: [https://app.example.com], AllowCredentials: "true" } }
`, { file: 'template.yaml' });
    expect(diagnostics).toEqual([]);
    expect(project!.endpoints[0]!.cors!.allowCredentials).toBe(true);
  });
});
