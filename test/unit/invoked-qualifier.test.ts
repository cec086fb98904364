import { describe, expect, it } from 'vitest';
import { invokedQualifier } from '../../src/core/gateway/invoked-qualifier.js';
import { endpoints, FUNCTIONS, method, read, ROOT } from './cfn-api-templates.js';
import { queueMappings } from '../../src/core/local-aws/queue-mappings.js';
import { streamMappings } from '../../src/core/local-aws/stream-mappings.js';

/** The alias an API Gateway integration invokes, which the function sees in context.invoked_function_arn. */

const STAGE = `
  Dep: { Type: AWS::ApiGateway::Deployment, Properties: { RestApiId: { Ref: Api1A2B3C4D } } }
  Stage: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: { Ref: Api1A2B3C4D }, DeploymentId: { Ref: Dep }, StageName: test, Variables: { lambdaAlias: test } } }`;

/** CDK's per-stage alias: the function's ARN joined with `:${stageVariables.lambdaAlias}` (aws-cdk-examples' api-stages-lambda). */
const uri = (after: string, arn = "{ 'Fn::GetAtt': [ItemsFn, Arn] }") => `
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', ${arn}, '${after}']] }`;

const qualifierOf = (integration: string) => {
  const [api] = endpoints(`Resources:${FUNCTIONS}
  Api1A2B3C4D: { Type: AWS::ApiGateway::RestApi, Properties: { Name: stages } }${STAGE}
${method('Get', 'GET', ROOT, integration)}
`);
  return api!.routes[0]!.qualifier;
};

describe('the qualifier of an integration uri', () => {
  it.each<[string, string, string | undefined]>([
    ['a stage variable, kept for the stage to fill in', uri(':${stageVariables.lambdaAlias}/invocations'), '${stageVariables.lambdaAlias}'],
    ['an alias written out', uri(':live/invocations'), 'live'],
    ['a version', uri(':3/invocations'), '3'],
    ['none: the function itself', uri('/invocations'), undefined],
    ['$LATEST: the function itself', uri(':$LATEST/invocations'), undefined],
  ])('%s', (_what, integration, expected) => {
    expect(qualifierOf(integration)).toBe(expected);
  });
});

describe('invokedQualifier: the stage fills in its variables', () => {
  it.each<[string | undefined, Record<string, string> | undefined, string | undefined]>([
    ['${stageVariables.lambdaAlias}', { lambdaAlias: 'prod' }, 'prod'],
    ['v${stageVariables.n}-${stageVariables.tier}', { n: '2', tier: 'gold' }, 'v2-gold'],
    ['live', undefined, 'live'],
    // A stage without the variable: the function itself (API Gateway fails such an invocation; pylambda does not guess).
    ['${stageVariables.lambdaAlias}', {}, undefined],
    ['${stageVariables.lambdaAlias}', undefined, undefined],
    [undefined, { lambdaAlias: 'prod' }, undefined],
  ])('%s with %j: %s', (qualifier, variables, expected) => {
    expect(invokedQualifier(qualifier, variables)).toBe(expected);
  });
});

describe("a SAM function's AutoPublishAlias: what its events and URL invoke", () => {
  const routes = (alias: string) => read(`Transform: AWS::Serverless-2016-10-31
Parameters: { Alias: { Type: String, Default: live } }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12${alias}
      FunctionUrlConfig: { AuthType: NONE }
      Events:
        R: { Type: Api, Properties: { Path: /a, Method: get } }
        H: { Type: HttpApi, Properties: { Path: /a, Method: get } }
`).project!.endpoints.map((e) => `${e.kind} ${e.routes.map((r) => r.qualifier ?? '-').join(',')}`);

  it.each([
    ['\n      AutoPublishAlias: live', ['rest live', 'http live', 'url live']],
    ['\n      AutoPublishAlias: !Ref Alias', ['rest live', 'http live', 'url live']],
    ['', ['rest -', 'http -', 'url -']],
  ])('%j', (alias, expected) => {
    expect(routes(alias)).toEqual(expected);
  });
});

// sam_resources.py gives every event the alias (`lambda_alias or lambda_function`): an SQS or Kinesis mapping, a rule's
// target and a bucket's notification invoke Fn:live, as aws-sam-translator's output shows (test/integration/sam-translator.test.ts).
describe("a SAM function's AutoPublishAlias: what its triggers and their mappings invoke", () => {
  const project = (alias: string) => read(`Transform: AWS::Serverless-2016-10-31
Resources:
  Q: { Type: AWS::SQS::Queue }
  S: { Type: AWS::Kinesis::Stream, Properties: { ShardCount: 1 } }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12${alias}
      Events:
        Jobs: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn } }
        Clicks: { Type: Kinesis, Properties: { Stream: !GetAtt S.Arn, StartingPosition: LATEST } }
        Tick: { Type: Schedule, Properties: { Schedule: rate(1 hour) } }
        Get: { Type: Api, Properties: { Path: /a, Method: get } }
`).project!;

  it.each([
    ['\n      AutoPublishAlias: live', ['Jobs live', 'Clicks live', 'Tick live', 'Get -'], ['Q live'], ['S live']],
    ['', ['Jobs -', 'Clicks -', 'Tick -', 'Get -'], ['Q -'], ['S -']],
  ])('%j', (alias, events, queues, streams) => {
    const p = project(alias);
    expect(p.functions[0]!.events.map((e) => `${e.id} ${'qualifier' in e ? e.qualifier ?? '-' : '-'}`)).toEqual(events);
    expect(queueMappings(p, new Set(['Q'])).map((m) => `${m.queueName} ${m.qualifier ?? '-'}`)).toEqual(queues);
    expect(streamMappings(p, { streams: new Set(['S']), tables: new Set() }).mappings.map((m) => `${m.name} ${m.qualifier ?? '-'}`)).toEqual(streams);
  });
});
