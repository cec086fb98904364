import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/core/model/project.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { line, read as readServerless } from './serverless-helpers.js';
import { samFunction } from './sam-helpers.js';

const sam = (text: string) => readSamTemplate(text, { file: 'template.yaml' });

/** `METHOD path key` for each route needing an API key, `METHOD path` for the others, per endpoint. */
const keyed = (project: Project | undefined) =>
  project!.endpoints.map((e) => `${e.id}${e.preflightApiKeyRequired ? ' (preflight keyed)' : ''}: ${e.routes.map((r) => `${r.method} ${r.path}${r.apiKeyRequired ? ' key' : r.apiKeyRequired === false ? ' no-key' : ''}`).join(', ')}`);

const fn = (events: string) => samFunction('Fn', { events });

describe('SAM: which REST routes need an API key', () => {
  it.each([
    ['the API\'s Auth.ApiKeyRequired applies to all its routes, and an event\'s own Auth wins', `
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, Auth: { ApiKeyRequired: true } }${fn(`
        A: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /a, Method: get } }
        B: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /b, Method: get, Auth: { ApiKeyRequired: false } } }`)}`,
    ['Api (preflight keyed): GET /a key, GET /b no-key']],
    ['an event alone needs a key; Globals.Api sets the implicit API\'s default', `
Globals:
  Api:
    Auth: { ApiKeyRequired: false }
Resources:${fn(`
        A: { Type: Api, Properties: { Path: /a, Method: get, Auth: { ApiKeyRequired: true } } }
        B: { Type: Api, Properties: { Path: /b, Method: post } }`)}`,
    ['ServerlessRestApi: GET /a key, POST /b']],
    ['AddApiKeyRequiredToCorsPreflight: false leaves the preflight without a key', `
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, Cors: "'*'", Auth: { ApiKeyRequired: true, AddApiKeyRequiredToCorsPreflight: false } }${fn(`
        A: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /a, Method: get } }`)}`,
    ['Api: GET /a key']],
    ['an OpenAPI security naming the x-api-key scheme (the operation\'s, else the document\'s)', `
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        openapi: '3.0.1'
        security: [{ api_key: [] }]
        components:
          securitySchemes:
            api_key: { type: apiKey, name: x-api-key, in: header }
            token: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: custom, x-amazon-apigateway-authorizer: { type: token } }
        paths:
          /a:
            get: { x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' } }
          /b:
            get: { security: [], x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' } }
          /c:
            get: { security: [{ token: [] }], x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' } }${fn(' {}')}`,
    ['Api: GET /a key, GET /b, GET /c']],
  ])('%s', (_, resources, expected) => {
    const text = resources.startsWith('\nGlobals') ? resources : `Resources:${resources}`;
    const { project, diagnostics } = sam(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(keyed(project)).toEqual(expected);
  });

  it('an OpenAPI security naming an API key alone says nothing', () => {
    const { diagnostics } = sam(`Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        swagger: '2.0'
        securityDefinitions: { api_key: { type: apiKey, name: x-api-key, in: header } }
        paths:
          /a:
            get: { security: [{ api_key: [] }], x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' } }${fn(' {}')}
  Invoke: { Type: AWS::Lambda::Permission, Properties: { Action: lambda:InvokeFunction, FunctionName: !Ref Fn, Principal: apigateway.amazonaws.com } }`);
    expect(diagnostics.map(line)).toEqual([]);
  });

  it('HTTP APIs have no API keys: an ApiKeyRequired there is a warning', () => {
    const { project, diagnostics } = sam(`Resources:
  Http:
    Type: AWS::Serverless::HttpApi
    Properties: { Auth: { ApiKeyRequired: true } }${fn(`
        A: { Type: HttpApi, Properties: { ApiId: !Ref Http, Path: /a, Method: get, Auth: { ApiKeyRequired: true } } }`)}`);
    expect(keyed(project)).toEqual(['Http: GET /a']);
    expect(diagnostics.map(line)).toEqual([
      'warning Resources.Fn.Properties.Events.A.Properties.Auth.ApiKeyRequired: does nothing: HTTP APIs have no API keys (an Api event, on a REST API, checks them)',
      'warning Resources.Http.Properties.Auth.ApiKeyRequired: does nothing: HTTP APIs have no API keys (a REST API, AWS::Serverless::Api, checks them)',
    ]);
  });

  it('reads the AWS::ApiGateway::ApiKey values a request may send: enabled ones with a Value', () => {
    const { project, diagnostics } = sam(`Parameters:
  Key: { Type: String, Default: from-a-parameter-0123456789 }
Resources:
  Literal: { Type: AWS::ApiGateway::ApiKey, Properties: { Enabled: true, Value: abcdefghij0123456789 } }
  FromParameter: { Type: AWS::ApiGateway::ApiKey, Properties: { Enabled: 'true', Value: !Ref Key } }
  Made: { Type: AWS::ApiGateway::ApiKey, Properties: { Enabled: true } }
  Disabled: { Type: AWS::ApiGateway::ApiKey, Properties: { Value: never-sent-0123456789 } }
  Plan: { Type: AWS::ApiGateway::UsagePlan, Properties: { ApiStages: [{ ApiId: !Ref ServerlessRestApi, Stage: Prod }] } }
  PlanKey: { Type: AWS::ApiGateway::UsagePlanKey, Properties: { KeyId: !Ref Literal, KeyType: API_KEY, UsagePlanId: !Ref Plan } }${fn(`
        A: { Type: Api, Properties: { Path: /a, Method: get, Auth: { ApiKeyRequired: true } } }`)}`);
    expect(project!.apiKeys).toEqual([
      { name: 'Literal', value: 'abcdefghij0123456789', stages: [{ api: 'ServerlessRestApi', stage: 'Prod' }], source: { file: 'template.yaml', path: 'Resources.Literal' } },
      { name: 'FromParameter', value: 'from-a-parameter-0123456789', stages: [], source: { file: 'template.yaml', path: 'Resources.FromParameter' } },
    ]);
    expect(diagnostics.map(line)).toEqual([
      'warning Resources.FromParameter: is in no usage plan (an AWS::ApiGateway::UsagePlanKey with its KeyId), so API Gateway answers 403 Forbidden to a request with it, and pylambda dev does too (--api-key KEY gives dev a key that opens every route)',
      'warning Resources.Disabled.Properties.Enabled: is not true, so API Gateway refuses the key Disabled (a key is disabled unless Enabled: true), and pylambda dev does too',
    ]);
  });
});

describe('SAM: the usage plans a key is in', () => {
  const template = (planId: string, usagePlan = 'PER_API') => `Parameters:
  PlanParam: { Type: String, Default: abc123 }
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, Auth: { ApiKeyRequired: true, UsagePlan: { CreateUsagePlan: ${usagePlan} } } }
  Other:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, Auth: { ApiKeyRequired: true } }
  MyKey: { Type: AWS::ApiGateway::ApiKey, Properties: { Enabled: true, Value: abcdefghij0123456789 } }
  MyPlanKey: { Type: AWS::ApiGateway::UsagePlanKey, Properties: { KeyId: !Ref MyKey, KeyType: API_KEY, UsagePlanId: ${planId} } }${fn(`
        A: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /a, Method: get } }
        B: { Type: Api, Properties: { RestApiId: !Ref Other, Path: /b, Method: get } }`)}`;
  const UNKNOWN = 'warning Resources.MyPlanKey.Properties.UsagePlanId: is not an AWS::ApiGateway::UsagePlan of this template (nor one SAM makes for an API\'s Auth.UsagePlan), so pylambda dev cannot know which APIs its plan holds: the key MyKey opens every API locally';

  it.each<[string, string, string, Array<{ api: string }> | undefined, string[]]>([
    ['the plan SAM makes for an API\'s Auth.UsagePlan PER_API (<Api>UsagePlan) holds that API', '!Ref ApiUsagePlan', 'PER_API', [{ api: 'Api' }], []],
    ['the plan SAM makes for Auth.UsagePlan SHARED (ServerlessUsagePlan) holds every API that shares it', '!Ref ServerlessUsagePlan', 'SHARED', [{ api: 'Api' }], []],
    ['<Api>UsagePlan when the API\'s plan is SHARED is no plan SAM makes', '!Ref ApiUsagePlan', 'SHARED', undefined, [UNKNOWN]],
    ['a plan id from a parameter: unknown, so every API', '!Ref PlanParam', 'PER_API', undefined, [UNKNOWN]],
    ['a plan id from another stack: unknown, so every API', '!ImportValue shared-plan', 'PER_API', undefined, [UNKNOWN]],
  ])('%s', (_, planId, usagePlan, stages, warnings) => {
    const { project, diagnostics } = sam(template(planId, usagePlan));
    expect(project!.apiKeys).toEqual([{ name: 'MyKey', value: 'abcdefghij0123456789', ...(stages ? { stages } : {}), source: { file: 'template.yaml', path: 'Resources.MyKey' } }]);
    expect(diagnostics.map(line)).toEqual(warnings);
  });
});

describe("SAM: an AWS::ApiGateway::UsagePlan's limits", () => {
  // apigw-usage-plans of aws-samples/serverless-patterns: dev said nothing of them, where it warns of Auth.UsagePlan's.
  it.each<[string, string, string[]]>([
    ['Throttle, Quota and a stage\'s Throttle, in one warning', 'Throttle: { RateLimit: 5 }, Quota: { Limit: 50, Period: DAY }, ApiStages: [{ ApiId: !Ref Api, Stage: prod, Throttle: { /a/GET: { RateLimit: 1 } } }]',
      ["warning Resources.Plan.Properties: Throttle, Quota, ApiStages[0].Throttle are not enforced locally: requests with an API key are neither throttled nor counted (API Gateway answers 429 past the usage plan's limits)"]],
    ['a Quota alone', 'Quota: { Limit: 50, Period: DAY }, ApiStages: [{ ApiId: !Ref Api, Stage: prod }]',
      ["warning Resources.Plan.Properties: Quota is not enforced locally: requests with an API key are neither throttled nor counted (API Gateway answers 429 past the usage plan's limits)"]],
    ['no limits', 'ApiStages: [{ ApiId: !Ref Api, Stage: prod }]', []],
  ])('%s', (_, plan, warnings) => {
    const text = `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, Auth: { ApiKeyRequired: true } }
  Plan: { Type: AWS::ApiGateway::UsagePlan, Properties: { ${plan} } }${fn(`
        A: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /a, Method: get } }`)}`;
    expect(sam(text).diagnostics.map(line)).toEqual(warnings);
  });
});

describe('where a REST API takes its keys from (ApiKeySourceType)', () => {
  const definition = (source: string) => `
      DefinitionBody:
        swagger: '2.0'
        x-amazon-apigateway-api-key-source: ${source}
        paths:
          /a:
            get: { x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' } }`;
  it.each<[string, string, 'AUTHORIZER' | undefined]>([
    ['an AWS::Serverless::Api\'s ApiKeySourceType', `
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, ApiKeySourceType: AUTHORIZER }${fn(`
        A: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /a, Method: get } }`)}`, 'AUTHORIZER'],
    ['its definition\'s x-amazon-apigateway-api-key-source', `
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod${definition('AUTHORIZER')}${fn(' {}')}`, 'AUTHORIZER'],
    ['the property wins over the definition', `
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      ApiKeySourceType: HEADER${definition('AUTHORIZER')}${fn(' {}')}`, undefined],
    ['an AWS::ApiGateway::RestApi\'s ApiKeySourceType', `
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      ApiKeySourceType: AUTHORIZER${definition('HEADER').replace('DefinitionBody', 'Body')}
  Deployment: { Type: AWS::ApiGateway::Deployment, Properties: { RestApiId: !Ref Api, StageName: prod } }${fn(' {}')}`, 'AUTHORIZER'],
  ])('%s', (_, resources, expected) => {
    const { project, diagnostics } = sam(`Resources:${resources}`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(project!.endpoints[0]!.apiKeySource).toBe(expected);
  });

  it('another value is an error at its path', () => {
    const { diagnostics } = sam(`Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, ApiKeySourceType: COOKIE }${fn(`
        A: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /a, Method: get } }`)}`);
    expect(diagnostics.map(line)).toEqual(["error Resources.Api.Properties.ApiKeySourceType: 'COOKIE' is not HEADER or AUTHORIZER"]);
  });
});

describe('SAM: API keys kept out of the template', () => {
  it('a key from an import or an Enabled that cannot be resolved: warned about, and the template still loads', () => {
    const { project, diagnostics } = sam(`Resources:
  Imported: { Type: AWS::ApiGateway::ApiKey, Properties: { Enabled: true, Value: !ImportValue shared-key } }
  Switched: { Type: AWS::ApiGateway::ApiKey, Properties: { Enabled: !GetAtt Nowhere.Enabled, Value: abcdefghij0123456789 } }${fn(`
        A: { Type: Api, Properties: { Path: /a, Method: get, Auth: { ApiKeyRequired: true } } }`)}`);
    expect(project!.apiKeys).toEqual([{ name: 'Switched', value: 'abcdefghij0123456789', stages: [], source: { file: 'template.yaml', path: 'Resources.Switched' } }]);
    expect(diagnostics.map(line)).toEqual([
      'warning Resources.Imported.Properties.Value: Fn::ImportValue cannot be evaluated locally: pylambda dev cannot know the key Imported, so it does not take it (--api-key KEY gives dev the key to take)',
      'warning Resources.Switched.Properties.Enabled: !GetAtt Nowhere.Enabled: no resource has that name: the key Switched is taken as enabled',
      'warning Resources.Switched: is in no usage plan (an AWS::ApiGateway::UsagePlanKey with its KeyId), so API Gateway answers 403 Forbidden to a request with it, and pylambda dev does too (--api-key KEY gives dev a key that opens every route)',
    ]);
  });
});

describe('serverless.yml: private routes and provider.apiGateway.apiKeys', () => {
  const yml = (apiKeys: string, events: string) => `
service: shop
provider:
  name: aws
  runtime: python3.12
  apiGateway:
    apiKeys:${apiKeys}
functions:
  users:
    handler: app.handler
    events:${events}
`;

  it('private: true needs a key; the keys with a value are read, in usage plans too, unless disabled', () => {
    const { project, diagnostics } = readServerless(yml(`
      - onlyAName
      - { name: mine, value: value-of-mine-0123456789 }
      - { name: off, value: disabled-0123456789, enabled: false }
      - free:
          - { name: planned, value: value-of-planned-0123456789 }
          - anotherName`, `
      - http: { method: get, path: users, private: true }
      - http: { method: post, path: users, private: false }
      - http: GET open`));
    expect(diagnostics).toEqual([]);
    expect(keyed(project)).toEqual(['ApiGatewayRestApi: GET /users key, POST /users, GET /open']);
    expect(project!.apiKeys).toEqual([
      { name: 'mine', value: 'value-of-mine-0123456789', source: { file: 'serverless.yml', path: 'provider.apiGateway.apiKeys[1]' } },
      { name: 'planned', value: 'value-of-planned-0123456789', source: { file: 'serverless.yml', path: 'provider.apiGateway.apiKeys[3].free[0]' } },
    ]);
  });

  it('HTTP APIs have no API keys: private on an httpApi event is a warning', () => {
    const { diagnostics } = readServerless(yml(' []', `
      - httpApi: { method: get, path: /users, private: true }`));
    expect(diagnostics.map(line)).toEqual([
      'warning functions.users.events[0].httpApi.private: does nothing: HTTP APIs have no API keys (an http event, on a REST API, checks them)',
    ]);
  });
});
