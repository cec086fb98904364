import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/core/model/project.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { samFunction } from './sam-helpers.js';

/** The warning that a definition's routes have no permission to invoke their function, which most of these templates get. */
const NO_PERMISSION = /event of its gives API Gateway permission/;

/** `messages`: every diagnostic but NO_PERMISSION's, which are in `permissions` (their own tests below). */
function read(text: string, files: Record<string, string> = {}) {
  const result = readSamTemplate(text, { file: 'template.yaml', readFile: (path) => files[path] });
  const all = result.diagnostics.map((d) => `${d.severity} ${d.file === 'template.yaml' ? '' : `[${d.file}] `}${d.path}: ${d.message}`);
  return { ...result, messages: all.filter((m) => !NO_PERMISSION.test(m)), permissions: all.filter((m) => NO_PERMISSION.test(m)) };
}

/** `id kind stage: METHOD path -> Fn, ...` for compact, exact comparisons. */
const summary = (list: readonly Endpoint[] = []) => list.map((e) => `${e.id} ${e.kind} ${e.stage}: ${e.routes.map((r) => `${r.method} ${r.path} -> ${r.functionId}`).join(', ')}`);

const fn = (name: string, events = '', runtime = 'python3.12') => samFunction(name, { events, runtime, properties: '\n      CodeUri: src/' });

const proxy = (fnId: string, extra = '') => `
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${fnId}.Arn}/invocations${extra}`;

const restApi = (paths: string, extra = '') => `
  MyApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod${extra}
      DefinitionBody:
        openapi: 3.0.1
        info: {title: items, version: '1'}
        paths:${paths}`;

describe('routes defined only in an API\'s OpenAPI definition', () => {
  it('a REST API with only a DefinitionBody (the report\'s template) serves its aws_proxy operations, without a word', () => {
    const out = read(`Resources:${restApi(`
          /items/{id}:
            get:${proxy('ItemFn')}`)}${fn('ItemFn')}`);
    expect(summary(out.project?.endpoints)).toEqual(['MyApi rest prod: GET /items/{id} -> ItemFn']);
    expect(out.project!.endpoints[0]!.source).toEqual({ file: 'template.yaml', path: 'Resources.MyApi' });
    expect(out.messages).toEqual([]);
    expect(out.project).not.toHaveProperty('unservedEndpoints');
  });

  it('an HTTP API whose DefinitionUri is a file: routes, payload format versions, and problems named in that file', () => {
    const template = `Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: api/openapi.yaml${fn('ItemFn')}`;
    const spec = `openapi: 3.0.1
paths:
  /items/{id}:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        payloadFormatVersion: "1.0"
        uri:
          Fn::Sub: arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ItemFn.Arn}/invocations
  /slow:
    post:
      x-amazon-apigateway-integration: {type: aws_proxy, timeoutInMillis: 31000, uri: !GetAtt ItemFn.Arn}
`;
    const out = read(template, { 'api/openapi.yaml': spec });
    expect(out.messages).toEqual([
      "error [api/openapi.yaml] api/openapi.yaml: paths./slow.post.x-amazon-apigateway-integration.timeoutInMillis: 31000 is outside an HTTP API integration's 50 to 30000",
    ]);
    const fixed = read(template, { 'api/openapi.yaml': spec.replace('31000', '3000') });
    expect(fixed.messages).toEqual([]);
    expect(summary(fixed.project?.endpoints)).toEqual(['HttpApi http $default: GET /items/{id} -> ItemFn, POST /slow -> ItemFn']);
    expect(fixed.project!.endpoints[0]!.routes.map((r) => [r.payloadFormatVersion, r.integrationTimeoutMs, r.source])).toEqual([
      ['1.0', undefined, { file: 'api/openapi.yaml', path: 'api/openapi.yaml: paths./items/{id}.get' }],
      [undefined, 3000, { file: 'api/openapi.yaml', path: 'api/openapi.yaml: paths./slow.post' }],
    ]);
  });

  it('an AWS::Include of a local file, with a mock OPTIONS and an HTTP proxy not served: one warning naming them', () => {
    const out = read(`Resources:
  MyApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      BinaryMediaTypes: ['image~1png']
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: ./openapi.yaml${fn('ItemFn')}`, {
      './openapi.yaml': `swagger: "2.0"
x-amazon-apigateway-binary-media-types: [application/pdf]
paths:
  /items:
    x-amazon-apigateway-any-method:
      x-amazon-apigateway-integration: {type: aws_proxy, uri: {"Fn::Sub": "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ItemFn.Arn}/invocations"}}
    options:
      x-amazon-apigateway-integration: {type: mock}
  /legacy:
    get:
      x-amazon-apigateway-integration: {type: http_proxy, uri: "https://legacy.example.com/"}
`,
    });
    expect(summary(out.project?.endpoints)).toEqual(['MyApi rest v1: ANY /items -> ItemFn']);
    expect(out.project!.endpoints[0]!.binaryMediaTypes).toEqual(['image/png', 'application/pdf']);
    expect(out.messages).toEqual([
      'warning Resources.MyApi.Properties.DefinitionBody: 2 of its 3 operations are not served locally: OPTIONS /items (a mock integration); GET /legacy (an http_proxy integration to https://legacy.example.com/)',
    ]);
  });

  const EVENTS = fn('ItemFn', `
        List: {Type: Api, Properties: {RestApiId: !Ref MyApi, Path: /items, Method: GET}}
        Create: {Type: Api, Properties: {RestApiId: !Ref MyApi, Path: /items, Method: post}}
        Old: {Type: Api, Properties: {RestApiId: !Ref MyApi, Path: /old, Method: get}}`);
  const ADDS_NOTHING = 'on AWS an event adds no route to an API with its own definition (SAM writes events into a DefinitionBody only with MergeDefinitions: true)';

  it('merges with the events on the same API: the definition\'s route wins on the same method and path, as on AWS', () => {
    const out = read(`Resources:${restApi(`
          /items:
            get:${proxy('Other')}
            post:
              responses: {}
          /items/{id}:
            get:${proxy('Other')}`)}${EVENTS}${fn('Other')}`);
    expect(summary(out.project?.endpoints)).toEqual(['MyApi rest prod: GET /items -> Other, GET /items/{id} -> Other, POST /items -> ItemFn, GET /old -> ItemFn']);
    expect(out.messages).toEqual([
      `warning Resources.ItemFn.Properties.Events.List: GET /items calls Other in MyApi's DefinitionBody: ${ADDS_NOTHING}, so Other is served there, as on AWS`,
      `warning Resources.ItemFn.Properties.Events.Create: MyApi's DefinitionBody has POST /items (no x-amazon-apigateway-integration): ${ADDS_NOTHING}; pylambda serves the event's route, as sam local start-api does`,
      `warning Resources.ItemFn.Properties.Events.Old: MyApi's DefinitionBody has no GET /old: ${ADDS_NOTHING}; pylambda serves the event's route, as sam local start-api does`,
    ]);
  });

  it('an event that repeats the definition\'s route to the same function (Application Composer writes both) is one route, without a word', () => {
    const out = read(`Resources:${restApi(`
          /items:
            get:${proxy('ItemFn')}`)}${fn('ItemFn', `
        List: {Type: Api, Properties: {RestApiId: !Ref MyApi, Path: /items, Method: get}}`)}`);
    expect(out.messages).toEqual([]);
    expect(out.project!.endpoints[0]!.routes.map((r) => [r.method, r.path, r.functionId, r.source.path])).toEqual([
      ['GET', '/items', 'ItemFn', 'Resources.MyApi.Properties.DefinitionBody.paths./items.get'],
    ]);
  });

  it('with MergeDefinitions: true, SAM writes the events into the DefinitionBody and the event\'s route wins', () => {
    const out = read(`Resources:${restApi(`
          /items:
            get:${proxy('Other')}`, `
      MergeDefinitions: true`)}${EVENTS}${fn('Other')}`);
    expect(summary(out.project?.endpoints)).toEqual(['MyApi rest prod: GET /items -> ItemFn, POST /items -> ItemFn, GET /old -> ItemFn']);
    expect(out.messages).toEqual([]);
  });

  it.each<[string, string, Record<string, string>, string[]]>([
    ['every integration is mock or a function elsewhere', restApi(`
          /health:
            get:
              x-amazon-apigateway-integration: {type: mock}
          /remote:
            get:
              x-amazon-apigateway-integration: {type: aws_proxy, uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:999999999999:function:other/invocations"}`), {},
    ['warning Resources.MyApi.Properties.DefinitionBody: none of its 2 operations can be served locally, so MyApi is not served: GET /health (a mock integration); GET /remote (its function arn:aws:lambda:us-east-1:999999999999:function:other is not in this template)']],
    ['its function is not Python', `${restApi(`
          /n:
            get:${proxy('NodeFn')}`)}${fn('NodeFn', '', 'nodejs20.x')}`, {},
    ['warning Resources.NodeFn.Properties.Runtime: is nodejs20.x; pylambda runs Python functions only, so NodeFn is skipped',
      'warning Resources.MyApi.Properties.DefinitionBody: none of its 1 operations can be served locally, so MyApi is not served: GET /n (NodeFn is skipped: its Runtime is nodejs20.x; pylambda runs Python functions only)']],
    ['the definition is in S3', `
  MyApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: s3://specs/api.yaml`, {},
    ['warning Resources.MyApi.Properties.DefinitionUri: s3://specs/api.yaml is not a local file: pylambda reads a file of the project only, so the routes it defines are not served']],
    ['the definition has no paths', restApi(' {}'), {},
    ['warning Resources.MyApi.Properties.DefinitionBody: defines no operation (a path with a method), so MyApi is not served']],
  ])('an API none of whose routes can be served: %s', (_, resources, files, messages) => {
    const out = read(`Resources:${resources}${fn('ItemFn')}`, files);
    expect(out.messages).toEqual(messages);
    expect(out.project!.endpoints).toEqual([]);
    expect(out.project!.unservedEndpoints).toEqual(['MyApi']);
  });

  it('names at most 8 operations not served, then how many more', () => {
    const paths = Array.from({ length: 10 }, (_, i) => `
          /m${i}:
            get:
              x-amazon-apigateway-integration: {type: mock}`).join('');
    const [message] = read(`Resources:${restApi(`${paths}
          /x:
            get:${proxy('ItemFn')}`)}${fn('ItemFn')}`).messages;
    expect(message).toBe(`warning Resources.MyApi.Properties.DefinitionBody: 10 of its 11 operations are not served locally: ${Array.from({ length: 8 }, (_, i) => `GET /m${i} (a mock integration)`).join('; ')}; and 2 more`);
  });

  it('the definition\'s own authorizer guards its operation, SAM\'s DefaultAuthorizer after it (a warning says so); the default every other operation of it, NONE none', () => {
    const out = read(`Resources:${restApi(`
          /own:
            get:
              security: [{Gate: []}]${proxy('ItemFn')}
          /default:
            get:${proxy('ItemFn')}
          /none:
            get:
              security: [{NONE: []}]${proxy('ItemFn')}`, `
      Auth:
        DefaultAuthorizer: SamGate
        Authorizers:
          SamGate: {FunctionArn: !GetAtt GateFn.Arn, FunctionPayloadType: REQUEST, Identity: {Headers: [X-User]}}`).replace('        paths:', `        components:
          securitySchemes:
            Gate:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authorizer:
                type: token
                authorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${GateFn.Arn}/invocations
        paths:`)}${fn('ItemFn')}${fn('GateFn')}`);
    expect(out.messages).toEqual([
      "warning Resources.MyApi.Properties.DefinitionBody.paths./own.get.security: names 2 authorizers (Gate, SamGate) once SAM adds its DefaultAuthorizer SamGate after the definition's own (swagger.py set_path_default_authorizer): API Gateway runs one per method, and pylambda dev runs the first, Gate",
    ]);
    expect(Object.fromEntries(out.project!.endpoints[0]!.routes.map((r) => [r.path, r.authorizer && `${r.authorizer.name} ${r.authorizer.type}`]))).toEqual({
      '/own': 'Gate TOKEN', '/default': 'SamGate REQUEST', '/none': undefined,
    });
  });

  it.each<[string, string, string, string]>([
    ['a REST API\'s DefaultAuthorizer', 'Api', '\n        DefaultAuthorizer: SamGate\n        Authorizers:\n          SamGate: {FunctionArn: !GetAtt GateFn.Arn}', "Auth works only with inline Swagger specified in 'DefinitionBody' property."],
    ['a REST API\'s ApiKeyRequired alone', 'Api', ' {ApiKeyRequired: true}', "Auth works only with inline Swagger specified in 'DefinitionBody' property."],
    ['an HTTP API\'s Authorizers alone', 'HttpApi', '\n        Authorizers:\n          Jwt: {JwtConfiguration: {issuer: https://issuer.example, audience: [app]}, IdentitySource: $request.header.Authorization}', "Auth works only with inline OpenApi specified in the 'DefinitionBody' property."],
  ])('Auth beside a DefinitionUri (%s) is an error, as sam build and sam deploy refuse it', (_, type, auth, sam) => {
    const out = read(`Resources:
  MyApi:
    Type: AWS::Serverless::${type}
    Properties:
      StageName: prod
      DefinitionUri: openapi.yaml
      Auth:${auth}${fn('ItemFn')}${fn('GateFn')}`, {
      'openapi.yaml': 'openapi: 3.0.1\npaths:\n  /x:\n    get:\n      x-amazon-apigateway-integration: {type: aws_proxy, payloadFormatVersion: "2.0", uri: !Sub "${ItemFn.Arn}"}\n',
    });
    expect(out.messages.filter((m) => m.startsWith('error'))).toEqual([
      `error Resources.MyApi.Properties.Auth: is refused beside a DefinitionUri by sam build and sam deploy ("${sam}"): put the definition in DefinitionBody (Fn::Transform AWS::Include keeps it in its own file), or remove Auth`,
    ]);
  });

  it('without a file reader (the library\'s pure call), a DefinitionUri file is said not to be read', () => {
    const out = readSamTemplate(`Resources:
  MyApi:
    Type: AWS::Serverless::Api
    Properties: {StageName: prod, DefinitionUri: openapi.yaml}${fn('ItemFn')}`, { file: 'template.yaml' });
    expect(out.diagnostics.map((d) => d.message)).toEqual(['openapi.yaml is not read here, so the routes it defines are not served']);
  });
});

describe('Fn::If in a DefinitionBody, evaluated with the template\'s Conditions as sam local start-api evaluates it', () => {
  const template = (paths: string) => `Parameters:
  Stage: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:${restApi(paths)}${fn('ProdFn')}${fn('DevFn')}`;
  const conditional = `
          /items:
            Fn::If:
              - IsProd
              - get:${proxy('ProdFn').replace(/\n {14}/g, '\n                  ')}
              - get:${proxy('DevFn').replace(/\n {14}/g, '\n                  ')}
          /debug:
            get: !If
              - IsProd
              - !Ref AWS::NoValue
              - ${proxy('DevFn').trim().replace(/\n {14}/g, '\n                ')}`;
  const readWith = (text: string, stage?: string, files: Record<string, string> = {}) => {
    const result = readSamTemplate(text, { file: 'template.yaml', readFile: (path) => files[path], ...(stage ? { parameterOverrides: { Stage: stage } } : {}) });
    return { summary: summary(result.project?.endpoints), messages: result.diagnostics.map((d) => `${d.severity} ${d.file} ${d.path}: ${d.message}`).filter((m) => !NO_PERMISSION.test(m)) };
  };

  it('on a path item and on an operation (AWS::NoValue leaves it out), for each value of the condition', () => {
    expect(readWith(template(conditional))).toEqual({ summary: ['MyApi rest prod: GET /items -> DevFn, GET /debug -> DevFn'], messages: [] });
    expect(readWith(template(conditional), 'prod')).toEqual({ summary: ['MyApi rest prod: GET /items -> ProdFn'], messages: [] });
  });

  it('in the file an AWS::Include inserts, which CloudFormation evaluates as the template', () => {
    const text = template('').replace(/\n {8}openapi: 3\.0\.1\n {8}info: .*\n {8}paths:/, `
        Fn::Transform: {Name: AWS::Include, Parameters: {Location: openapi.yaml}}`);
    const spec = `openapi: 3.0.1
paths:
  /items:
    Fn::If:
      - IsProd
      - get: {x-amazon-apigateway-integration: {type: aws_proxy, uri: !GetAtt ProdFn.Arn}}
      - get: {x-amazon-apigateway-integration: {type: aws_proxy, uri: !GetAtt DevFn.Arn}}
  /typo:
    get: !If [IsProduction, {x-amazon-apigateway-integration: {type: aws_proxy, uri: !GetAtt ProdFn.Arn}}, !Ref AWS::NoValue]
`;
    expect(readWith(text, 'prod', { 'openapi.yaml': spec })).toEqual({
      summary: ['MyApi rest prod: GET /items -> ProdFn'],
      messages: ['warning openapi.yaml openapi.yaml: paths./typo.get.Fn::If: no condition named IsProduction, so what it holds is not served'],
    });
  });
});
