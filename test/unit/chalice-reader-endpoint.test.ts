import { describe, expect, it } from 'vitest';
import type { ChaliceAppInfo, ChaliceRouteInfo } from '../../src/core/model/chalice/app-info.js';
import { chaliceCors } from '../../src/core/model/chalice/endpoint.js';
import { diagnosticsFor, type DiagnosticScope } from '../../src/core/errors.js';
import { app, BASE, DEFAULT_BINARY_TYPES, line, problems, read, route, WORKER } from './chalice-reader-support.js';

describe('the REST API endpoint settings, checked as chalice deploy checks them (validate.py validate_endpoint_type, validate_resource_policy)', () => {
  const at = (settings: Record<string, unknown>) => ({ ...BASE, stages: { dev: settings } });
  const refused = '(Chalice refuses to deploy it)';
  it.each<[string, Record<string, unknown>, string[]]>([
    ['EDGE, Chalice\'s default', { api_gateway_endpoint_type: 'EDGE' }, []],
    ['REGIONAL', { api_gateway_endpoint_type: 'REGIONAL' }, []],
    ['PRIVATE with its VPC endpoint', { api_gateway_endpoint_type: 'PRIVATE', api_gateway_endpoint_vpce: 'vpce-0123' }, []],
    ['PRIVATE with VPC endpoints in a list', { api_gateway_endpoint_type: 'PRIVATE', api_gateway_endpoint_vpce: ['vpce-1', 'vpce-2'] }, []],
    ['PRIVATE with a resource policy file', { api_gateway_endpoint_type: 'PRIVATE', api_gateway_policy_file: 'policy.json' }, []],
    ['an empty type is unset, as Python reads it', { api_gateway_endpoint_type: '' }, []],
    ['a type API Gateway has not', { api_gateway_endpoint_type: 'private' }, [`error .chalice/config.json stages.dev.api_gateway_endpoint_type: api gateway endpoint type must be one of EDGE, REGIONAL, PRIVATE, not "private" ${refused}`]],
    ['PRIVATE with neither', { api_gateway_endpoint_type: 'PRIVATE' }, [`error .chalice/config.json stages.dev.api_gateway_endpoint_type: Private Endpoints require api_gateway_policy_file or api_gateway_endpoint_vpce specified ${refused}`]],
    ['PRIVATE with an empty list of VPC endpoints', { api_gateway_endpoint_type: 'PRIVATE', api_gateway_endpoint_vpce: [] }, [`error .chalice/config.json stages.dev.api_gateway_endpoint_type: Private Endpoints require api_gateway_policy_file or api_gateway_endpoint_vpce specified ${refused}`]],
    ['PRIVATE with both', { api_gateway_endpoint_type: 'PRIVATE', api_gateway_endpoint_vpce: 'vpce-0123', api_gateway_policy_file: 'policy.json' }, [`error .chalice/config.json stages.dev.api_gateway_policy_file: Can only specify one of api_gateway_policy_file and api_gateway_endpoint_vpce ${refused}`]],
    ['a VPC endpoint for the default EDGE', { api_gateway_endpoint_vpce: 'vpce-0123' }, [`error .chalice/config.json stages.dev.api_gateway_endpoint_vpce: config.api_gateway_endpoint_vpce should only be specified for PRIVATE api_gateway_endpoint_type ${refused}`]],
    ['a VPC endpoint for REGIONAL', { api_gateway_endpoint_type: 'REGIONAL', api_gateway_endpoint_vpce: 'vpce-0123' }, [`error .chalice/config.json stages.dev.api_gateway_endpoint_vpce: config.api_gateway_endpoint_vpce should only be specified for PRIVATE api_gateway_endpoint_type ${refused}`]],
    ['a policy file that is no name', { api_gateway_endpoint_type: 'PRIVATE', api_gateway_policy_file: ['policy.json'] }, ['error .chalice/config.json stages.dev.api_gateway_policy_file: must be the name of a JSON file in .chalice/, not ["policy.json"]']],
  ])('%s', (_what, settings, expected) => {
    expect(problems(at(settings))).toEqual(expected);
  });

  // The model's endpoint type decides whether the event has CloudFront's headers (events/http/cloudfront.ts).
  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['unset: EDGE, Chalice\'s default', {}, undefined],
    ['an empty type is unset', { api_gateway_endpoint_type: '' }, undefined],
    ['EDGE', { api_gateway_endpoint_type: 'EDGE' }, 'EDGE'],
    ['REGIONAL', { api_gateway_endpoint_type: 'REGIONAL' }, 'REGIONAL'],
    ['PRIVATE with its VPC endpoint', { api_gateway_endpoint_type: 'PRIVATE', api_gateway_endpoint_vpce: 'vpce-0123' }, 'PRIVATE'],
  ])('the REST API\'s endpoint type: %s', (_what, settings, expected) => {
    expect(read(at(settings)).project!.endpoints[0]!.endpointType).toBe(expected);
  });

  it('the stage\'s endpoint type beats the top level\'s', () => {
    expect(read({ ...BASE, api_gateway_endpoint_type: 'REGIONAL', stages: { dev: { api_gateway_endpoint_type: 'EDGE' } } }).project!.endpoints[0]!.endpointType).toBe('EDGE');
  });

  it('looks them up per stage: the stage\'s over the top level\'s', () => {
    expect(problems({ ...BASE, api_gateway_endpoint_type: 'PRIVATE', stages: { dev: { api_gateway_endpoint_type: 'REGIONAL' }, prod: {} } })).toEqual([]);
    expect(problems({ ...BASE, api_gateway_endpoint_type: 'PRIVATE', stages: { dev: { api_gateway_endpoint_type: 'REGIONAL' }, prod: {} } }, app(), { stage: 'prod' }))
      .toEqual([`error .chalice/config.json api_gateway_endpoint_type: Private Endpoints require api_gateway_policy_file or api_gateway_endpoint_vpce specified ${refused}`]);
  });

  it('gives the resource policy file chalice deploy reads for the REST API, with where it is set, when the app has routes', () => {
    const settings = at({ api_gateway_endpoint_type: 'PRIVATE', api_gateway_policy_file: 'policy.json' });
    expect(read(settings).apiPolicyFile).toEqual({ value: 'policy.json', path: 'stages.dev.api_gateway_policy_file' });
    expect(read(settings, app({ routes: [] })).apiPolicyFile).toBeUndefined();
    expect(read(at({ api_gateway_policy_file: 'policy.json' })).apiPolicyFile).toEqual({ value: 'policy.json', path: 'stages.dev.api_gateway_policy_file' });
  });
});

describe('what the app defines (chalice/deploy/validate.py)', () => {
  it.each<[string, Partial<ChaliceAppInfo>, string[]]>([
    ['a trailing slash', { routes: [route('/users/', 'GET', { view_name: 'users' })] }, ["error app.py route GET /users/ (view users): Route cannot end with a trailing slash (Chalice refuses to deploy it): use '/users'"]],
    // A blueprint registered with name_prefix='bp_': the view's name has the prefix, its def has not.
    ['a blueprint view with a name_prefix, said by both names', { routes: [route('/jobs/', 'GET', { view_name: 'bp_jobs', python_name: 'jobs' })] }, ["error app.py route GET /jobs/ (view bp_jobs, def jobs): Route cannot end with a trailing slash (Chalice refuses to deploy it): use '/jobs'"]],
    ['an own OPTIONS next to cors', { routes: [route('/a', 'GET', { cors: cors() }), route('/a', 'OPTIONS')] }, ["error app.py route OPTIONS /a (view view): /a has cors enabled, so Chalice adds its OPTIONS method itself: remove 'OPTIONS' from methods (Chalice refuses to deploy both)"]],
    ['two CORS configurations on one path', { routes: [route('/a', 'GET', { cors: cors() }), route('/a', 'POST', { cors: cors({ allow_origin: 'https://x.example' }) })] }, ['error app.py route POST /a (view view): Route may not have multiple differing CORS configurations: every view of /a with cors must use the same one (Chalice refuses to deploy it)']],
    ['binary and text content types on one view', { routes: [route('/up', 'POST', { content_types: ['application/octet-stream', 'application/json'] })] }, ['error app.py route POST /up (view view): content_types ["application/octet-stream"] are binary types and ["application/json"] are not; all content_types of a view must agree (Chalice refuses to deploy it)']],
    ['a lower-case method', { routes: [route('/a', 'post')] }, ["warning app.py route post /a (view view): method 'post' is not upper case: API Gateway sends POST, which Chalice does not find among the view's methods, so it answers 405; write 'POST'"]],
    ['a built-in authorizer (run), an IAM one, a Cognito one and an API key', {
      routes: [
        route('/a', 'GET', { authorizer: { name: 'auth', type: 'builtin', scopes: [] } }),
        route('/i', 'GET', { authorizer: { name: 'sigv4', type: 'aws_iam', scopes: [] } }),
        route('/c', 'GET', { authorizer: { name: 'pool', type: 'cognito_user_pools', scopes: [], header: 'Authorization', provider_arns: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc'] } }),
        route('/b', 'GET', { api_key_required: true }),
      ],
      functions: [{ name: 'auth', kind: 'authorizer', handler: 'app.auth' }],
    }, [
      "warning app.py app.authorizers.pool: is checked without its signature: pylambda dev decodes the token and checks its claims (issuer, audience, expiry, scopes), but cannot fetch the issuer's keys locally",
      'warning app.py app.routes: pylambda dev runs built-in (@app.authorizer) and Cognito user pool authorizers only: GET /i (IAM authorizer sigv4) answer without theirs locally, as under chalice local, and requestContext.authorizer is empty',
    ]],
    ['two functions with one name', { functions: [WORKER, { ...WORKER, kind: 'sqs', handler: 'app.other', queue: 'q' }] }, ['error app.py function worker: Duplicate function name detected: names must be unique across all Lambda functions of a Chalice app']],
    ['a function named api_handler next to routes', { functions: [{ ...WORKER, name: 'api_handler' }] }, ['error app.py function api_handler: Duplicate function name detected: names must be unique across all Lambda functions of a Chalice app: api_handler is the function Chalice creates for the routes']],
    ['a queue URL instead of its name', { functions: [{ name: 'q', kind: 'sqs', handler: 'app.q', queue: 'https://sqs.us-east-1.amazonaws.com/1/jobs' }] }, ['error app.py function q: on_sqs_message(queue=...) must be the queue\'s name, not its URL or ARN (use queue_arn= for an ARN): https://sqs.us-east-1.amazonaws.com/1/jobs']],
    ['a feature without its flag', { missing_feature_flags: ['WEBSOCKETS'] }, ['warning app.py app.experimental_feature_flags: the app uses WEBSOCKETS without opting in (app.experimental_feature_flags.update([...])); chalice deploy refuses it']],
    ['two views on one path and method template', { routes: [route('/a/{x}'), route('/a/{y}', 'POST')] }, ['error app.py route POST /a/{y} (view view): /a/{y} puts {y} where /a/{x} (api_handler (app.py: route GET /a/{x} (view view))) has {x} on REST API RestAPI: a REST API allows one path variable under /a/ ("A sibling ({x}) of this resource already has a variable path part")']],
  ])('%s', (_, info, expected) => {
    expect(problems(BASE, app(info))).toEqual(expected);
  });
});

describe('which command says the authorizer warnings', () => {
  const info = app({
    routes: [
      route('/i', 'GET', { authorizer: { name: 'sigv4', type: 'aws_iam', scopes: [] } }),
      route('/c', 'GET', { authorizer: { name: 'pool', type: 'cognito_user_pools', scopes: [], header: 'Authorization', provider_arns: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc'] } }),
    ],
  });
  // They say how dev serves requests: invoke, coldstart and package send none through an authorizer.
  it.each<[DiagnosticScope | 'invoke', string[]]>([
    ['dev', ['app.authorizers.pool', 'app.routes']],
    ['invoke', []],
    ['package', []],
  ])('%s says %j', (command, paths) => {
    expect(diagnosticsFor(read(BASE, info).diagnostics, command).map((d) => d.path)).toEqual(paths);
  });
});

function cors(overrides: Partial<NonNullable<ChaliceRouteInfo['cors']>> = {}): NonNullable<ChaliceRouteInfo['cors']> {
  return {
    allow_origin: '*',
    allow_headers: ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key'],
    expose_headers: [],
    max_age: null,
    allow_credentials: null,
    ...overrides,
  };
}

describe('the REST endpoint', () => {
  it('runs a route\'s built-in authorizer as chalice deploy configures it: TOKEN, its header, its TTL (API Gateway\'s 300 by default)', () => {
    const builtin = (name: string) => ({ authorizer: { name, type: 'builtin', scopes: [] } });
    const info = app({
      routes: [route('/a', 'GET', builtin('gate')), route('/k', 'GET', builtin('keyed')), route('/open')],
      functions: [{ name: 'gate', kind: 'authorizer', handler: 'app.gate', ttl_seconds: null, header: 'Authorization' }, { name: 'keyed', kind: 'authorizer', handler: 'app.keyed', ttl_seconds: 0, header: 'X-Key' }],
    });
    const result = read(BASE, info);
    expect(result.project!.endpoints[0]!.routes.map((r) => [r.path, r.authorizer])).toEqual([
      ['/a', { name: 'gate', functionId: 'gate', type: 'TOKEN', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 300 }],
      ['/k', { name: 'keyed', functionId: 'keyed', type: 'TOKEN', identitySources: [{ in: 'header', name: 'X-Key' }], ttlSeconds: 0 }],
      ['/open', undefined],
    ]);
    expect(result.diagnostics.map(line)).toEqual([]);
  });

  it('runs a blueprint\'s built-in authorizer by its function\'s name (the name_prefix in it), and says chalice deploy looks it up without', () => {
    const info = app({
      routes: [route('/teams/{id}', 'GET', { authorizer: { name: 'door', type: 'builtin', scopes: [], function: 'teams_door' } }), route('/a', 'GET', { authorizer: { name: 'gate', type: 'builtin', scopes: [], function: 'gate' } })],
      functions: [{ name: 'teams_door', kind: 'authorizer', handler: 'chalicelib.teams.door', ttl_seconds: null, header: 'Authorization' }, { name: 'gate', kind: 'authorizer', handler: 'app.gate', ttl_seconds: null, header: 'Authorization' }],
    });
    const result = read(BASE, info);
    expect(result.project!.endpoints[0]!.routes.map((r) => [r.path, r.authorizer])).toMatchObject([['/teams/{id}', { name: 'door', functionId: 'teams_door' }], ['/a', { name: 'gate', functionId: 'gate' }]]);
    expect(result.diagnostics.map(line)).toEqual([
      "warning app.py app.authorizers.teams_door: runs here as chalice local runs it, but chalice deploy and chalice package look its function up as 'door', without the blueprint's name_prefix, and fail to find it: register the blueprint without name_prefix, or define the authorizer on the app",
    ]);
  });

  it('checks a route\'s CognitoUserPoolAuthorizer as chalice deploy configures it: its header, its pools\' issuers, the route\'s scopes', () => {
    const pool = (scopes: string[], header = 'Authorization') => ({
      authorizer: { name: 'pool', type: 'cognito_user_pools', scopes, header, provider_arns: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_xyz'] },
    });
    const issuers = ['https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC', 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_xyz'];
    const result = read(BASE, app({ routes: [route('/me', 'GET', pool([])), route('/admin', 'GET', pool(['admin/write'], 'X-Token'))] }));
    expect(result.project!.endpoints[0]!.routes.map((r) => [r.path, r.authorizer])).toEqual([
      ['/me', { name: 'pool', type: 'COGNITO_USER_POOLS', header: 'Authorization', issuers }],
      ['/admin', { name: 'pool', type: 'COGNITO_USER_POOLS', header: 'X-Token', issuers, scopes: ['admin/write'] }],
    ]);
    // Said once, whatever the number of routes it guards.
    expect(result.diagnostics.map(line)).toEqual([
      "warning app.py app.authorizers.pool: is checked without its signature: pylambda dev decodes the token and checks its claims (issuer, audience, expiry, scopes), but cannot fetch the issuer's keys locally",
    ]);
  });

  it('refuses a built-in authorizer\'s TTL past an hour, as API Gateway refuses it (the same rule as every reader\'s)', () => {
    const info = app({
      routes: [route('/a', 'GET', { authorizer: { name: 'gate', type: 'builtin', scopes: [] } })],
      functions: [{ name: 'gate', kind: 'authorizer', handler: 'app.gate', ttl_seconds: 7200, header: 'Authorization' }],
    });
    const result = read(BASE, info);
    expect(result.project).toBeUndefined();
    expect(result.diagnostics.map(line)).toContain('error app.py app.authorizers.gate.ttl_seconds: 7200 is not between 0 and 3600 seconds');
  });

  it('one route per path and method, all to api_handler, on the API stage, with the app\'s binary types', () => {
    const info = app({
      routes: [route('/'), route('/users/{name}', 'GET'), route('/users/{name}', 'DELETE'), route('/files/{proxy+}')],
      binary_types: [...DEFAULT_BINARY_TYPES, 'application/x-custom'],
    });
    const project = read({ ...BASE, stages: { dev: { api_gateway_stage: 'v2' } } }, info).project!;
    const [endpoint] = project.endpoints;
    expect(endpoint).toMatchObject({ id: 'RestAPI', kind: 'rest', stage: 'v2', binaryMediaTypes: [...DEFAULT_BINARY_TYPES, 'application/x-custom'] });
    expect(endpoint!.cors).toBeUndefined();
    expect(endpoint!.routes.map((r) => [r.method, r.path, r.functionId])).toEqual([
      ['GET', '/', 'api_handler'], ['GET', '/users/{name}', 'api_handler'], ['DELETE', '/users/{name}', 'api_handler'], ['GET', '/files/{proxy+}', 'api_handler'],
    ]);
    expect(project.functions[0]).toMatchObject({ id: 'api_handler', name: 'demo-dev', handler: 'app.app', codeUri: '.' });
    expect(project.functions[0]!.events).toEqual([
      { kind: 'api', id: 'GET /', path: '/', method: 'GET', apiId: 'RestAPI' },
      { kind: 'api', id: 'GET /users/{name}', path: '/users/{name}', method: 'GET', apiId: 'RestAPI' },
      { kind: 'api', id: 'DELETE /users/{name}', path: '/users/{name}', method: 'DELETE', apiId: 'RestAPI' },
      { kind: 'api', id: 'GET /files/{proxy+}', path: '/files/{proxy+}', method: 'GET', apiId: 'RestAPI' },
    ]);
  });

  it('an app without routes has no API and no api_handler (appgraph.py creates the REST API only for routes)', () => {
    const project = read(BASE, app({ routes: [] })).project!;
    expect(project.endpoints).toEqual([]);
    expect(project.functions.map((f) => f.id)).toEqual(['worker']);
  });

  it('the handler names the app attribute', () => {
    expect(read(BASE, app(), { attribute: 'application' }).project!.functions[0]!.handler).toBe('app.application');
  });

  it('CORS per route: the path\'s CORS-enabled methods then OPTIONS, Chalice\'s headers; routes without cors keep none', () => {
    const shared = cors({ allow_origin: 'https://example.com', allow_headers: ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key', 'X-Special'], expose_headers: ['X-Total', 'X-Page'], max_age: 600, allow_credentials: true });
    const info = app({ routes: [route('/s', 'GET', { cors: shared }), route('/s', 'PUT', { cors: shared }), route('/s', 'DELETE'), route('/open', 'GET', { cors: cors() })] });
    const routes = read(BASE, info).project!.endpoints[0]!.routes;
    expect(routes.map((r) => [r.method, r.path, r.cors])).toEqual([
      ['GET', '/s', { allowOrigins: ['https://example.com'], allowMethods: ['GET', 'PUT', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key', 'X-Special'], exposeHeaders: ['X-Total', 'X-Page'], allowCredentials: true, maxAge: 600 }],
      ['PUT', '/s', { allowOrigins: ['https://example.com'], allowMethods: ['GET', 'PUT', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key', 'X-Special'], exposeHeaders: ['X-Total', 'X-Page'], allowCredentials: true, maxAge: 600 }],
      ['DELETE', '/s', undefined],
      ['GET', '/open', { allowOrigins: ['*'], allowMethods: ['GET', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key'], exposeHeaders: [], allowCredentials: false }],
    ]);
  });

  it.each<[string, Partial<NonNullable<ChaliceRouteInfo['cors']>>, string[], object]>([
    ['cors=True', {}, ['GET'], { allowOrigins: ['*'], allowMethods: ['GET', 'OPTIONS'], exposeHeaders: [], allowCredentials: false }],
    ['allow_credentials=False is no header', { allow_credentials: false }, ['POST'], { allowMethods: ['POST', 'OPTIONS'], allowCredentials: false }],
    ['max_age=0 is kept', { max_age: 0 }, ['GET', 'PUT'], { allowMethods: ['GET', 'PUT', 'OPTIONS'], maxAge: 0 }],
  ])('chaliceCors: %s', (_, overrides, methods, expected) => {
    expect(chaliceCors(cors(overrides), methods)).toMatchObject(expected);
  });
});

