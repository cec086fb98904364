import { describe, expect, it } from 'vitest';
import { endpointApiKeys, servedApiKeys } from '../../src/core/gateway/api-key.js';
import type { Endpoint } from '../../src/core/model/project.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

/** A project of templates by path from the top-level one's directory; `readFile` as loadProject gives it. */
function read(files: Record<string, string>) {
  return readSamTemplate(files['template.yaml']!, { file: 'template.yaml', readFile: (path) => files[path.replace(/^\.\//, '')] });
}
const said = (files: Record<string, string>) => read(files).diagnostics.map((d) => `${d.severity} ${d.file} ${d.path}: ${d.message}`);
const routes = (endpoints: readonly Endpoint[]) => endpoints.map((e) => `${e.id}: ${e.routes.map((r) => `${r.method} ${r.path} -> ${r.functionId}${r.authorizer && 'functionId' in r.authorizer ? ` (${r.authorizer.functionId})` : ''}`).join(', ')}`);

const fn = (id: string, extra = '', runtime = 'python3.12') => `
  ${id}:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: src/, Handler: app.handler, Runtime: ${runtime}${extra} }`;

const CHILD = `Parameters:
  TableName: { Type: String }
  Stage: { Type: String, Default: dev }
Resources:${fn('Fn', `, Layers: [!Ref Deps], Environment: { Variables: { TABLE: !Ref TableName, STAGE: !Ref Stage } }, Events: { Get: { Type: Api, Properties: { Path: /items, Method: get, Auth: { Authorizer: Gate } } } }`)}${fn('GateFn')}${fn('NodeFn', '', 'nodejs20.x')}
  Deps:
    Type: AWS::Serverless::LayerVersion
    Properties: { ContentUri: layers/deps/ }
  ServerlessRestApi:
    Type: AWS::Serverless::Api
    Properties: { StageName: Prod, Auth: { Authorizers: { Gate: { FunctionArn: !GetAtt GateFn.Arn } } } }
  Grand:
    Type: AWS::CloudFormation::Stack
    Properties: { TemplateURL: grand/template.yaml }
`;

const PARENT = `Resources:${fn('Top')}
  Items:
    Type: AWS::DynamoDB::Table
    Properties: { TableName: items-table }
  Child:
    Type: AWS::Serverless::Application
    Properties: { Location: ./child/template.yaml, Parameters: { TableName: !Ref Items, Stage: !ImportValue shared-stage } }
`;

const FILES = { 'template.yaml': PARENT, 'child/template.yaml': CHILD, 'child/grand/template.yaml': `Resources:${fn('Deep')}\n` };

describe('nested stacks: read as SAM CLI reads them (sam_stack_provider.py)', () => {
  it("names a child stack's functions, layers and APIs under its name, their code from the top-level template's directory", () => {
    const { project } = read(FILES);
    expect(project!.functions.map((f) => [f.id, f.name, f.stack, f.codeUri, f.source.file])).toEqual([
      ['Top', 'Top', undefined, 'src/', 'template.yaml'],
      ['Child/Fn', 'Fn', 'Child', 'child/src/', 'child/template.yaml'],
      ['Child/GateFn', 'GateFn', 'Child', 'child/src/', 'child/template.yaml'],
      ['Child/Grand/Deep', 'Deep', 'Child/Grand', 'child/grand/src/', 'child/grand/template.yaml'],
    ]);
    expect(project!.functions[1]!.layers!.map((l) => [l.id, l.contentUri])).toEqual([['Child/Deps', 'child/layers/deps/']]);
    expect(routes(project!.endpoints)).toEqual(['Child/ServerlessRestApi: GET /items -> Child/Fn (Child/GateFn)']);
    expect(project!.skipped).toEqual({ 'Child/NodeFn': 'its Runtime is nodejs20.x; pylambda runs Python functions only' });
  });

  it("passes the parent's Parameters, evaluated in the parent; one not known locally stays unknown, whatever the child's Default", () => {
    const { project } = read(FILES);
    expect(project!.functions[1]!.environment).toEqual({ TABLE: 'items-table', STAGE: '' });
    expect(said(FILES)).toContain('warning child/template.yaml Resources.Fn.Properties.Environment.Variables.STAGE: the parent stack passes parameter Stage a value that cannot be known locally (Fn::ImportValue cannot be evaluated locally); it is empty locally unless set with --env-vars');
  });

  it.each<[string, string, string, string]>([
    ['an S3 TemplateURL', 'Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: https://s3.amazonaws.com/b/child.yaml }', 'Resources.Child.Properties.TemplateURL',
      'is https://s3.amazonaws.com/b/child.yaml: the template of this nested stack is not local, so its functions are not read (sam local does not read them either)'],
    ['a Serverless Application Repository app', 'Type: AWS::Serverless::Application\n    Properties: { Location: { ApplicationId: arn:aws:serverlessrepo:us-east-1:1:applications/x, SemanticVersion: 1.0.0 } }', 'Resources.Child.Properties.Location',
      'is the Serverless Application Repository: the template of this nested stack is not local, so its functions are not read (sam local does not read them either)'],
    ['a local template that does not exist', 'Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./missing.yaml }', 'Resources.Child.Properties.TemplateURL',
      './missing.yaml does not exist, so the functions of this nested stack are not read'],
    ['a template that includes its parent', 'Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./template.yaml }', 'Resources.Child.Properties.TemplateURL',
      'is template.yaml, a template that includes this one (a stack cannot nest itself), so it is not read again'],
  ])('%s: a warning, and its functions are named as skipped', (_what, resource, path, message) => {
    const files = { 'template.yaml': `Resources:${fn('Top')}\n  Child:\n    ${resource}\n` };
    expect(said(files)).toEqual([`warning template.yaml ${path}: ${message}`]);
    expect(Object.keys(read(files).project!.skipped!)).toEqual(['Child']);
  });

  it("a child's API key opens the child's API, not a parent's API of the same logical id", () => {
    const api = (id: string, path: string, fnId: string) => `${fn(fnId, `, Events: { Get: { Type: Api, Properties: { Path: ${path}, Method: get, RestApiId: !Ref ${id}, Auth: { ApiKeyRequired: true } } } }`)}
  ${id}:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod }`;
    const child = `Resources:${api('Api', '/child', 'Fn')}
  Key:
    Type: AWS::ApiGateway::ApiKey
    Properties: { Enabled: true, Value: child-key-0123456789 }
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties: { ApiStages: [{ ApiId: !Ref Api, Stage: prod }] }
  PlanKey:
    Type: AWS::ApiGateway::UsagePlanKey
    Properties: { KeyId: !Ref Key, KeyType: API_KEY, UsagePlanId: !Ref Plan }
`;
    const files = { 'template.yaml': `Resources:${api('Api', '/top', 'Top')}\n  Child:\n    Type: AWS::Serverless::Application\n    Properties: { Location: ./child/template.yaml }\n`, 'child/template.yaml': child };
    const { project } = read(files);
    expect(project!.apiKeys).toEqual([{ name: 'Child/Key', value: 'child-key-0123456789', stages: [{ api: 'Child/Api', stage: 'prod' }], source: { file: 'child/template.yaml', path: 'Resources.Key' } }]);
    const keys = servedApiKeys(project!, [], 'made-up');
    expect(project!.endpoints.map((e) => `${e.id}: ${endpointApiKeys(keys, e).map((k) => k.name).join(', ')}`)).toEqual(['Api: pylambda-dev', 'Child/Api: Child/Key']);
  });

  it('a nested template that is there but cannot be read says why, not that it does not exist', () => {
    const files = { 'template.yaml': `Resources:${fn('Top')}\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./child.yaml }\n` };
    const readFile = (path: string) => {
      if (path.replace(/^\.\//, '') === 'child.yaml') throw new Error("EACCES: permission denied, open 'child.yaml'");
      return files[path as keyof typeof files];
    };
    const { project, diagnostics } = readSamTemplate(files['template.yaml'], { file: 'template.yaml', readFile });
    expect(diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      "warning Resources.Child.Properties.TemplateURL: ./child.yaml cannot be read (EACCES: permission denied, open 'child.yaml'), so the functions of this nested stack are not read",
    ]);
    expect(project!.skipped).toEqual({ Child: 'it is in the nested stack Child, whose template ./child.yaml cannot be read' });
  });

  it('a nested stack whose Condition is false is not read, as a function with one is not (SAM CLI reads it regardless)', () => {
    const files = {
      'template.yaml': `Parameters:\n  WithChild: { Type: String, Default: 'no' }\nConditions:\n  Child: !Equals [!Ref WithChild, 'yes']\nResources:${fn('Top')}\n  Kid:\n    Type: AWS::CloudFormation::Stack\n    Condition: Child\n    Properties: { TemplateURL: ./child/template.yaml }\n`,
      'child/template.yaml': CHILD,
    };
    expect([read(files).project!.functions.map((f) => f.id), said(files)]).toEqual([['Top'], []]);
  });

  it("a child's error is the project's, said in the child's file", () => {
    const files = { ...FILES, 'child/grand/template.yaml': `Resources:${fn('Deep', ', Timeout: 901')}\n` };
    expect(read(files).project).toBeUndefined();
    expect(said(files).filter((d) => d.startsWith('error'))).toEqual(['error child/grand/template.yaml Resources.Deep.Properties.Timeout: 901 is above Lambda\'s maximum of 900']);
  });

  it("serves a child's WebSocket API under the child's name, its routes running the child's functions", () => {
    const chat = `Resources:${fn('OnMessage')}
  Chat:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: chat, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Chat, IntegrationType: AWS_PROXY, IntegrationUri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${OnMessage.Arn}/invocations' }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Chat, RouteKey: $default, Target: !Sub 'integrations/\${Integration}' }
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Chat, StageName: dev }
`;
    const { project } = read({ 'template.yaml': `Resources:${fn('Top')}\n  Child:\n    Type: AWS::Serverless::Application\n    Properties: { Location: chat.yaml }\n`, 'chat.yaml': chat });
    expect(project!.webSockets!.map((api) => [api.id, api.stage, api.routes.map((r) => [r.routeKey, r.functionId])])).toEqual([['Child/Chat', 'dev', [['$default', 'Child/OnMessage']]]]);
  });
});
