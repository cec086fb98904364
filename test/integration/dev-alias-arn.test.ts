import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, scratchDir, startDev } from '../helpers.js';

/**
 * A REST API whose integration invokes an alias per stage (`...function:Fn:${stageVariables.lambdaAlias}`, as the
 * aws-cdk-examples api-stages-lambda sample writes it): the function's context.invoked_function_arn ends with the
 * served stage's alias, as on Lambda, where it was the function's own ARN. An alias the template does not declare
 * is not found, as on Lambda: the REST API answers 502 (an INTEGRATION_FAILURE, DataBiosphere/azul#7883).
 */
const uri = (after: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': ['Fn', 'Arn'] }, after]],
});
const API = { Ref: 'Api' };
const stage = (name: string) => ({ Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: API, DeploymentId: { Ref: 'Dep' }, StageName: name, Variables: { lambdaAlias: name } } });
const method = (resource: string, after: string) => ({
  Type: 'AWS::ApiGateway::Method',
  Properties: { HttpMethod: 'GET', RestApiId: API, ResourceId: { Ref: resource }, AuthorizationType: 'NONE', Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: uri(after) } },
});

describe('pylambda dev: the alias an integration invokes', () => {
  it.each([['prod', true], ['dev', false]])('stage %s: invoked_function_arn ends with its alias if the template declares it; none as written; an alias pinned to a version runs it', async (served, declared) => {
    const dir = scratchDir('dev-alias-arn');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.py'), 'import json\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps({"arn": context.invoked_function_arn, "version": context.function_version})}\n');
    writeFileSync(join(dir, 'template.json'), JSON.stringify({
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'stage-info', Code: 'src', Handler: 'app.handler', Runtime: 'python3.12' } },
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'stages' } },
        Dep: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: API } },
        Prod: stage('prod'),
        Dev: stage('dev'),
        Info: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: API, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'info' } },
        Live: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: API, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'live' } },
        Plain: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: API, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'plain' } },
        Pinned: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: API, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'pinned' } },
        Stable: { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: { Ref: 'Fn' }, Name: 'stable', FunctionVersion: '4' } },
        // CDK's currentVersion and the prod stage's alias on it: its number is the deployment's (locally $LATEST).
        FnVersion: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Fn' } } },
        ProdAlias: { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: { Ref: 'Fn' }, Name: 'prod', FunctionVersion: { 'Fn::GetAtt': ['FnVersion', 'Version'] } } },
        InfoGet: method('Info', ':${stageVariables.lambdaAlias}/invocations'),
        LiveGet: method('Live', ':live/invocations'),
        PlainGet: method('Plain', '/invocations'),
        PinnedGet: method('Pinned', ':stable/invocations'),
      },
    }));
    const { session, url, events } = await startDev(dir, { stage: served });
    try {
      const arn = 'arn:aws:lambda:us-east-1:123456789012:function:stage-info';
      const base = url('Api');
      const notFound = async (path: string) => {
        const res = await fetch(`${base}${path}`);
        return [res.status, res.headers.get('x-amzn-errortype'), await res.text()];
      };
      const failed = [502, 'InternalServerErrorException', '{"message": "Internal server error"}'];
      if (declared) {
        expect(await json(await fetch(`${base}/info`))).toEqual({ arn: `${arn}:${served}`, version: '$LATEST' });
        expect(await json(await fetch(`${base}/${served}/info`))).toEqual({ arn: `${arn}:${served}`, version: '$LATEST' });
      } else {
        expect(await notFound('/info')).toEqual(failed);
      }
      // A literal alias the template does not declare: not found either.
      expect(await notFound('/live')).toEqual(failed);
      const line = events.find((e) => e.type === 'request' && e.path === '/live');
      expect(line).toMatchObject({ status: 502, reason: `Lambda refused the invocation: ResourceNotFoundException: Function not found: ${arn}:live; Fn has no alias or version live (it has aliases stable, prod and numbered versions)` });
      expect(await json(await fetch(`${base}/plain`))).toEqual({ arn, version: '$LATEST' });
      expect(await json(await fetch(`${base}/pinned`))).toEqual({ arn: `${arn}:stable`, version: '4' });
    } finally {
      await session.stop();
    }
  });

  it("a SAM function's AutoPublishAlias: its Api, HttpApi and URL invoke the alias, as SAM wires them", async () => {
    const dir = scratchDir('dev-sam-alias-arn');
    writeFileSync(join(dir, 'app.py'), 'import json\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps({"arn": context.invoked_function_arn})}\n');
    writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Globals:
  Function: { AutoPublishAlias: live }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: aliased
      Handler: app.handler
      Runtime: python3.12
      FunctionUrlConfig: { AuthType: NONE }
      Events:
        Rest: { Type: Api, Properties: { Path: /a, Method: get } }
        Http: { Type: HttpApi, Properties: { Path: /a, Method: get } }
`);
    const { session, url } = await startDev(dir);
    try {
      const arn = 'arn:aws:lambda:us-east-1:123456789012:function:aliased:live';
      expect(await json(await fetch(`${url('ServerlessRestApi')}/a`))).toEqual({ arn });
      expect(await json(await fetch(`${url('ServerlessHttpApi')}/a`))).toEqual({ arn });
      expect(await json(await fetch(`${url('FnUrl')}/a`))).toEqual({ arn });
    } finally {
      await session.stop();
    }
  });
});
