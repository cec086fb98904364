import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { endpoints, method, mocksOnly, read, REST, ROOT, said, summary } from './cfn-api-templates.js';

describe('stages and CORS preflights of AWS::ApiGateway resources (CDK RestApi)', () => {
  it('takes a Deployment\'s StageName and its StageDescription.Variables when there is no Stage', () => {
    const text = REST.replace(/ {2}ApiDeploymentStageprod9A8B:\n.*\n.*\n/, '').replace('Properties: { RestApiId: { Ref: Api1A2B3C4D } }', 'Properties: { RestApiId: { Ref: Api1A2B3C4D }, StageName: v1, StageDescription: { Variables: { tier: silver } } }');
    expect(endpoints(text)[0]).toMatchObject({ stage: 'v1', stageVariables: { tier: 'silver' } });
  });

  // cfn_api_provider.py sets the collector's stage at every AWS::ApiGateway::Stage it reads: the last one stays.
  it.each<[string, string | undefined, string, string]>([
    ['the last in the template, as sam local start-api serves it', undefined, 'dev', 'pylambda dev serves dev, the last in the template, as sam local start-api does; --stage NAME serves another'],
    ['the one --stage names', 'prod', 'prod', 'pylambda dev serves prod, as --stage names'],
    ['the last, when --stage names none of them', 'beta', 'dev', 'pylambda dev serves dev, the last in the template, as sam local start-api does: --stage beta is none of them'],
  ])('several stages: serves %s, and says which', (_what, stage, served, message) => {
    const text = `${REST}
  ApiStageDev:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: { Ref: Api1A2B3C4D }, DeploymentId: { Ref: ApiDeployment5E6F }, StageName: dev, Variables: { tier: bronze } }
`;
    const { project, diagnostics } = readSamTemplate(text, { file: 'template.yaml', ...(stage ? { stage } : {}) });
    expect([project!.endpoints[0]!.stage, project!.endpoints[0]!.stageVariables, project!.endpoints[0]!.stageChoices]).toEqual([served, { tier: served === 'prod' ? 'gold' : 'bronze' }, ['prod', 'dev']]);
    expect(diagnostics.filter((d) => d.path === 'Resources.Api1A2B3C4D').map((d) => d.message)).toContain(`has 2 stages (prod, dev): ${message}`);
  });

  it('without any stage, serves it as Prod and says that AWS would not', () => {
    const text = REST.replace(/ {2}ApiDeploymentStageprod9A8B:\n.*\n.*\n/, '');
    expect(endpoints(text)[0]!.stage).toBe('Prod');
    expect(said(text, 'warning')).toContain('Resources.Api1A2B3C4D: has no stage (an AWS::ApiGateway::Stage, or an AWS::ApiGateway::Deployment with a StageName): on AWS it answers only once deployed to one; served locally as stage Prod');
  });

  it('answers the CORS preflight of CDK\'s OPTIONS mock methods with the headers they set', () => {
    const text = `${REST}${method('ApiusersidordersOPTIONS2222', 'OPTIONS', '{ Ref: ApiusersidordersA5B6 }', `
        Type: MOCK
        RequestTemplates: { application/json: '{ statusCode: 200 }' }
        IntegrationResponses:
          - StatusCode: '204'
            ResponseParameters:
              method.response.header.Access-Control-Allow-Headers: "'Content-Type,X-Amz-Date,Authorization'"
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Methods: "'OPTIONS,GET,POST'"`)}
`;
    const [api] = endpoints(text);
    expect(api!.preflight).toBe('mock');
    expect(api!.routes.find((r) => r.path === '/users/{id}/orders')!.cors).toEqual({
      allowOrigins: ['*'], allowMethods: ['OPTIONS', 'GET', 'POST'], allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization'], exposeHeaders: [], allowCredentials: false, preflightStatus: 204,
    });
    expect(api!.routes.find((r) => r.path === '/')).not.toHaveProperty('cors');
  });

  it("serves CDK's OPTIONS mock on a resource with no method served as a preflight-only route, and says nothing of it", () => {
    const mock = (id: string, on: string, origin = "'*'", extra = '') => method(id, 'OPTIONS', on, `
        Type: MOCK
        IntegrationResponses:
          - StatusCode: '204'
            ResponseParameters:
              method.response.header.Access-Control-Allow-Headers: "'Content-Type'"
              method.response.header.Access-Control-Allow-Origin: "${origin}"${extra}
              method.response.header.Access-Control-Allow-Methods: "'OPTIONS,GET,POST'"`);
    // `/users` has a mock method only (GET /users is a mock too), `/users/{id}` an HTTP_PROXY GET, `/` a function.
    const text = `${REST}${mock('ApiOPTIONSRoot', ROOT)}${mock('ApiusersOPTIONS', '{ Ref: ApiusersC1D2 }', "'https://app.example.com'", `
              method.response.header.Vary: "'Origin'"`)}${mock('ApiusersidOPTIONS', '{ Ref: ApiusersidE3F4 }')}
`;
    const [api] = endpoints(text);
    expect(summary([api!])).toEqual(['Api1A2B3C4D rest prod: GET / -> ItemsFn, POST /users/{id}/orders -> OtherFn, ANY /{proxy+} -> ItemsFn, OPTIONS /users -> , OPTIONS /users/{id} -> ']);
    expect(api!.routes.find((r) => r.path === '/')!.cors).toMatchObject({ preflightStatus: 204 });
    expect(api!.routes.find((r) => r.path === '/users')).toEqual({
      method: 'OPTIONS', path: '/users', functionId: '', preflightOnly: true, source: { file: 'template.yaml', path: 'Resources.ApiusersOPTIONS' },
      cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['OPTIONS', 'GET', 'POST'], allowHeaders: ['Content-Type'], exposeHeaders: [], allowCredentials: false, preflightStatus: 204, preflightVary: 'Origin' },
    });
    expect(said(text, 'warning')).toEqual([
      'Resources.Api1A2B3C4D: 2 of its 5 methods are not served locally: GET /users/{id} (an http_proxy integration to https://example.com/users/{id}); GET /users (a mock integration)',
    ]);
  });

  it('an API whose only methods served would be CORS mocks is not served', () => {
    const text = mocksOnly(method('ApiOPTIONSRoot', 'OPTIONS', ROOT, `
        Type: MOCK
        IntegrationResponses: [{ StatusCode: '204', ResponseParameters: { method.response.header.Access-Control-Allow-Origin: "'*'" } }]`));
    expect(read(text).project!.endpoints).toEqual([]);
    expect(said(text, 'warning')).toEqual(['Resources.Api1A2B3C4D: has CORS preflights (OPTIONS mock methods) only, no method that calls a function, so it is not served']);
  });
});
