import { describe, expect, it } from 'vitest';
import type { ChaliceAppInfo, ChaliceFunctionInfo, ChaliceRouteInfo } from '../../src/core/model/chalice/app-info.js';
import { chaliceCors } from '../../src/core/model/chalice/endpoint.js';
import { prepareChaliceConfig, readChaliceProject, type ChaliceOptions } from '../../src/core/model/chalice/read.js';
import { chaliceRuntime } from '../../src/core/model/chalice/runtime.js';
import type { FunctionModel } from '../../src/core/model/project.js';

const line = (d: { severity: string; file?: string; path: string; message: string }) => `${d.severity} ${d.file} ${d.path}: ${d.message}`;

/** Chalice's APIGateway._DEFAULT_BINARY_TYPES (chalice/app.py, 1.34.0). */
const DEFAULT_BINARY_TYPES = [
  'application/octet-stream', 'application/x-tar', 'application/zip', 'audio/basic', 'audio/ogg', 'audio/mp4', 'audio/mpeg',
  'audio/wav', 'audio/webm', 'image/png', 'image/jpg', 'image/jpeg', 'image/gif', 'video/ogg', 'video/mpeg', 'video/webm',
];

function route(path: string, method = 'GET', overrides: Partial<ChaliceRouteInfo> = {}): ChaliceRouteInfo {
  return { path, method, view_name: 'view', content_types: ['application/json'], api_key_required: false, authorizer: null, cors: null, ...overrides };
}

const WORKER: ChaliceFunctionInfo = { name: 'worker', kind: 'lambda_function', handler: 'app.do_work' };

/** What the script reports for an app with one route and a @app.lambda_function named worker. */
function app(overrides: Partial<ChaliceAppInfo> = {}): ChaliceAppInfo {
  return {
    ok: true,
    chalice_version: '1.34.0',
    python_version: '3.12.4',
    lambda_python_version: 'python3.12',
    app_name: 'demo',
    routes: [route('/')],
    binary_types: DEFAULT_BINARY_TYPES,
    functions: [WORKER],
    missing_feature_flags: [],
    ...overrides,
  };
}

const read = (config: unknown, info: ChaliceAppInfo = app(), options: Partial<ChaliceOptions> = {}) =>
  readChaliceProject(typeof config === 'string' ? config : JSON.stringify(config), info, { file: '.chalice/config.json', ...options });
const problems = (config: unknown, info?: ChaliceAppInfo, options?: Partial<ChaliceOptions>) => read(config, info, options).diagnostics.map(line);
const fn = (config: unknown, id: string, options?: Partial<ChaliceOptions>): FunctionModel => {
  const result = read(config, app(), options);
  expect(result.diagnostics.filter((d) => d.severity === 'error').map(line)).toEqual([]);
  return result.project!.functions.find((f) => f.id === id)!;
};

const BASE = { version: '2.0', app_name: 'demo' };

describe('config.json lookup order (chalice/config.py _chain_lookup)', () => {
  it.each<[string, Record<string, unknown>, number]>([
    ['Chalice default: 60 s', {}, 60],
    ['top level', { lambda_timeout: 10 }, 10],
    ['lambda_functions.<name> beats the top level', { lambda_timeout: 10, lambda_functions: { worker: { lambda_timeout: 20 } } }, 20],
    ['stages.<stage> beats lambda_functions.<name>', { lambda_functions: { worker: { lambda_timeout: 20 } }, stages: { dev: { lambda_timeout: 30 } } }, 30],
    ['stages.<stage>.lambda_functions.<name> beats stages.<stage>', { stages: { dev: { lambda_timeout: 30, lambda_functions: { worker: { lambda_timeout: 40 } } } } }, 40],
    ['all four levels: the most specific wins', {
      lambda_timeout: 10, lambda_functions: { worker: { lambda_timeout: 20 } }, stages: { dev: { lambda_timeout: 30, lambda_functions: { worker: { lambda_timeout: 40 } } } },
    }, 40],
    ['null is skipped, the next level is used', { lambda_timeout: 10, stages: { dev: { lambda_timeout: null } } }, 10],
    ["another stage's value does not apply", { lambda_timeout: 10, stages: { dev: {}, prod: { lambda_timeout: 99 } } }, 10],
    ["another function's block does not apply", { lambda_timeout: 10, lambda_functions: { other: { lambda_timeout: 99 } }, stages: { dev: { lambda_functions: { api_handler: { lambda_timeout: 98 } } } } }, 10],
  ])('lambda_timeout: %s', (_, config, expected) => {
    expect(fn({ ...BASE, ...config }, 'worker').timeout).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, number]>([
    ['Chalice default: 128 MB', {}, 128],
    ['top level', { lambda_memory_size: 256 }, 256],
    ['lambda_functions.<name>', { lambda_memory_size: 256, lambda_functions: { worker: { lambda_memory_size: 512 } } }, 512],
    ['stages.<stage>', { lambda_functions: { worker: { lambda_memory_size: 512 } }, stages: { dev: { lambda_memory_size: 1024 } } }, 1024],
    ['stages.<stage>.lambda_functions.<name>', { stages: { dev: { lambda_memory_size: 1024, lambda_functions: { worker: { lambda_memory_size: 2048 } } } } }, 2048],
  ])('lambda_memory_size: %s', (_, config, expected) => {
    expect(fn({ ...BASE, ...config }, 'worker').memorySize).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, number | undefined]>([
    ['none by default', {}, undefined],
    ['top level', { reserved_concurrency: 1 }, 1],
    ['lambda_functions.<name>', { reserved_concurrency: 1, lambda_functions: { worker: { reserved_concurrency: 2 } } }, 2],
    ['stages.<stage>', { lambda_functions: { worker: { reserved_concurrency: 2 } }, stages: { dev: { reserved_concurrency: 3 } } }, 3],
    ['stages.<stage>.lambda_functions.<name>', { stages: { dev: { reserved_concurrency: 3, lambda_functions: { worker: { reserved_concurrency: 0 } } } } }, 0],
  ])('reserved_concurrency: %s', (_, config, expected) => {
    expect(fn({ ...BASE, ...config }, 'worker').reservedConcurrency).toBe(expected);
  });

  it('the selected stage decides, and the API handler is configured as api_handler', () => {
    const config = {
      ...BASE,
      stages: { dev: {}, prod: { lambda_timeout: 30, lambda_functions: { api_handler: { lambda_memory_size: 3008 } } } },
    };
    const api = fn(config, 'api_handler', { stage: 'prod' });
    expect([api.name, api.timeout, api.memorySize]).toEqual(['demo-prod', 30, 3008]);
    expect(fn(config, 'worker', { stage: 'prod' })).toMatchObject({ name: 'demo-prod-worker', timeout: 30, memorySize: 128 });
  });
});

describe('settings that vary per stage only', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['default api', {}, 'api'],
    ['top level', { api_gateway_stage: 'v1' }, 'v1'],
    ['stage beats top level', { api_gateway_stage: 'v1', stages: { dev: { api_gateway_stage: 'dev' } } }, 'dev'],
    ['lambda_functions are not consulted', { lambda_functions: { api_handler: { api_gateway_stage: 'x' } }, stages: { dev: { lambda_functions: { api_handler: { api_gateway_stage: 'y' } } } } }, 'api'],
  ])('api_gateway_stage: %s', (_, config, expected) => {
    expect(read({ ...BASE, ...config }).project!.endpoints[0]!.stage).toBe(expected);
  });

  it.each<[string, Record<string, unknown>, number | undefined]>([
    ['unset: no compression', {}, undefined],
    ['top level', { minimum_compression_size: 1024 }, 1024],
    ['stage beats top level, 0 included', { minimum_compression_size: 1024, stages: { dev: { minimum_compression_size: 0 } } }, 0],
    ['lambda_functions are not consulted', { lambda_functions: { api_handler: { minimum_compression_size: 5 } } }, undefined],
  ])('minimum_compression_size: %s', (_, config, expected) => {
    expect(read({ ...BASE, ...config }).project!.endpoints[0]!.minimumCompressionSize).toBe(expected);
  });

  it.each<[unknown, string]>([
    ['1024', "error .chalice/config.json minimum_compression_size: 'minimum_compression_size' must be an int (Chalice refuses to deploy it), not string \"1024\""],
    [1.5, "error .chalice/config.json minimum_compression_size: 'minimum_compression_size' must be an int (Chalice refuses to deploy it), not number 1.5"],
    [-1, "error .chalice/config.json minimum_compression_size: 'minimum_compression_size' must be equal to or greater than 0 and less than or equal to 10485760 (Chalice refuses to deploy -1)"],
    [10485761, "error .chalice/config.json minimum_compression_size: 'minimum_compression_size' must be equal to or greater than 0 and less than or equal to 10485760 (Chalice refuses to deploy 10485761)"],
  ])('minimum_compression_size %j is refused as chalice deploy refuses it (validate_minimum_compression_size)', (value, message) => {
    expect(problems({ ...BASE, minimum_compression_size: value })).toEqual([message]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['default x86_64', {}, 'x86_64'],
    ['top level', { lambda_architecture: 'arm64' }, 'arm64'],
    ['stage beats top level', { lambda_architecture: 'arm64', stages: { dev: { lambda_architecture: 'x86_64' } } }, 'x86_64'],
    ['lambda_functions are not consulted', { lambda_functions: { worker: { lambda_architecture: 'arm64' } } }, 'x86_64'],
  ])('lambda_architecture: %s', (_, config, expected) => {
    expect(fn({ ...BASE, ...config }, 'worker').architecture).toBe(expected);
  });
});

describe('environment_variables merge (chalice/config.py _chain_merge)', () => {
  const config = {
    ...BASE,
    environment_variables: { A: 'top', B: 'top', C: 'top' },
    lambda_functions: { worker: { environment_variables: { D: 'top-level lambda_functions: not applied' } } },
    stages: {
      dev: {
        environment_variables: { B: 'stage', C: 'stage' },
        lambda_functions: { worker: { environment_variables: { C: 'stage function' } } },
      },
    },
  };

  it('top level, then the stage, then the stage function, key by key', () => {
    expect(fn(config, 'worker').environment).toEqual({ A: 'top', B: 'stage', C: 'stage function' });
    expect(fn(config, 'api_handler').environment).toEqual({ A: 'top', B: 'stage', C: 'stage' });
  });

  it('warns that the top-level lambda_functions.<name>.environment_variables is not applied', () => {
    expect(problems(config)).toEqual([
      'warning .chalice/config.json lambda_functions.worker.environment_variables: is not applied: Chalice merges environment_variables from the top level, stages.dev and stages.dev.lambda_functions.<name> only; move them to stages.<stage>.lambda_functions.<name>',
    ]);
  });

  it("the app is imported with api_handler's variables, as chalice deploy imports it", () => {
    const prepared = prepareChaliceConfig(JSON.stringify({
      ...config,
      stages: { dev: { ...config.stages.dev, lambda_functions: { api_handler: { environment_variables: { E: 'api' } } } } },
    }), { file: '.chalice/config.json' });
    // Its deployed name, <app_name>-<stage>, may name its --env-vars section.
    expect(prepared).toEqual({ stage: 'dev', importEnvironment: { A: 'top', B: 'stage', C: 'stage', E: 'api' }, apiHandlerName: 'demo-dev', diagnostics: [] });
  });

  it('a variable that is not a string is reported before the import, which would fail without it', () => {
    const prepared = prepareChaliceConfig(JSON.stringify({ ...BASE, environment_variables: { PORT: 8080, HOST: 'x' } }), { file: '.chalice/config.json' });
    expect(prepared.importEnvironment).toEqual({ HOST: 'x' });
    expect(prepared.diagnostics.map(line)).toEqual([
      'error .chalice/config.json environment_variables.PORT: must be a string (Chalice rejects other types: "Environment variable values must be strings"), not number 8080',
    ]);
  });
});

describe('stages', () => {
  it('dev is the default stage, and may be absent (Chalice then uses the top-level settings)', () => {
    expect(read({ ...BASE, lambda_timeout: 5 }).project!.functions.map((f) => [f.name, f.timeout])).toEqual([['demo-dev', 5], ['demo-dev-worker', 5]]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a stage that is not there', { stages: { dev: {}, beta: {} } }, 'prod', "has no stage 'prod' (its stages are dev, beta); chalice deploy --stage prod would start one from the top-level settings: add \"prod\": {} under stages to do that here"],
    ['no stages at all', {}, 'prod', "has no stage 'prod' (it defines no stages); chalice deploy --stage prod would start one from the top-level settings: add \"prod\": {} under stages to do that here"],
    ['dev named explicitly', { stages: { prod: {} } }, 'dev', "has no stage 'dev' (its stages are prod); chalice deploy --stage dev would start one from the top-level settings: add \"dev\": {} under stages to do that here"],
  ])('--stage naming %s is an error', (_, config, stage, message) => {
    expect(problems({ ...BASE, ...config }, app(), { stage })).toEqual([`error .chalice/config.json stages: ${message}`]);
    expect(prepareChaliceConfig(JSON.stringify({ ...BASE, ...config }), { file: '.chalice/config.json', stage }).diagnostics.map(line)).toEqual([`error .chalice/config.json stages: ${message}`]);
  });
});

describe('diagnostics', () => {
  it.each<[string, unknown, string[]]>([
    ['invalid JSON', '{\n  "version": "2.0",\n  "app_name": "demo",\n}', ['error .chalice/config.json line 4, column 1: is not valid JSON: ']],
    ['not an object', '[]', ['error .chalice/config.json : must be a JSON object (for example {"version": "2.0", "app_name": "myapp", "stages": {"dev": {}}})']],
    ['a newer config version', { ...BASE, version: '3.0' }, ['error .chalice/config.json version: "3.0" is not a config version Chalice knows (1.0 or 2.0)']],
    ['a version that is no number', { ...BASE, version: 'two' }, ['error .chalice/config.json version: "two" is not a config version Chalice knows (1.0 or 2.0)']],
    ['a string timeout', { ...BASE, stages: { dev: { lambda_timeout: '30' } } }, ['error .chalice/config.json stages.dev.lambda_timeout: must be a whole number, not string "30"']],
    ['a timeout above Lambda\'s', { ...BASE, stages: { dev: { lambda_timeout: 901 } } }, ["error .chalice/config.json stages.dev.lambda_timeout: 901 is above Lambda's maximum of 900"]],
    ['memory below Lambda\'s', { ...BASE, lambda_functions: { worker: { lambda_memory_size: 64 } } }, ["error .chalice/config.json lambda_functions.worker.lambda_memory_size: 64 is below Lambda's minimum of 128"]],
    ['memory that is not whole', { ...BASE, lambda_memory_size: 128.5 }, ['error .chalice/config.json lambda_memory_size: must be a whole number, not number 128.5']],
    ['negative reserved concurrency', { ...BASE, stages: { dev: { lambda_functions: { worker: { reserved_concurrency: -1 } } } } }, ['error .chalice/config.json stages.dev.lambda_functions.worker.reserved_concurrency: -1 is below 0']],
    ['an unknown architecture', { ...BASE, stages: { dev: { lambda_architecture: 'arm' } } }, ["error .chalice/config.json stages.dev.lambda_architecture: 'arm' is not a Lambda architecture (x86_64 or arm64)"]],
    ['a variable that is not a string', { ...BASE, stages: { dev: { environment_variables: { PORT: 8080 } } } }, ['error .chalice/config.json stages.dev.environment_variables.PORT: must be a string (Chalice rejects other types: "Environment variable values must be strings"), not number 8080']],
    ['a reserved variable, reported once for all functions', { ...BASE, environment_variables: { AWS_REGION: 'eu-west-1' } }, ['error .chalice/config.json environment_variables.AWS_REGION: is reserved by Lambda and cannot be set']],
    ['a variable name Lambda refuses, at the level that sets it', { ...BASE, environment_variables: { OK: 'x' }, stages: { dev: { lambda_functions: { worker: { environment_variables: { 'BAD-NAME': 'x' } } } } } }, ['error .chalice/config.json stages.dev.lambda_functions.worker.environment_variables.BAD-NAME: is not a valid variable name (letters, digits and _, starting with a letter)']],
    ['variables that are not a mapping', { ...BASE, stages: { dev: { environment_variables: ['A=1'] } } }, ['error .chalice/config.json stages.dev.environment_variables: must be a mapping of names to strings, not a list']],
    ['stages that are not a mapping', { ...BASE, stages: ['dev'] }, ['error .chalice/config.json stages: must be a mapping, not a list']],
    ['a lambda_functions block that is not a mapping', { ...BASE, lambda_functions: { worker: 5 } }, ['error .chalice/config.json lambda_functions.worker: must be a mapping, not number 5']],
    ['an API stage name API Gateway refuses', { ...BASE, stages: { dev: { api_gateway_stage: 'my stage' } } }, ["error .chalice/config.json stages.dev.api_gateway_stage: 'my stage' is not a stage name API Gateway accepts (letters, digits, - and _)"]],
    ['configuration for a function the app does not have', { ...BASE, stages: { dev: { lambda_functions: { wroker: { lambda_timeout: 5 } } } } }, ['warning .chalice/config.json stages.dev.lambda_functions.wroker: names no Lambda function of app.py (its functions: api_handler, worker)']],
    ['no app_name', { version: '2.0' }, ["warning .chalice/config.json app_name: is not set; Chalice names the deployed functions after it (<app_name>-dev), so the app's own app_name 'demo' is used"]],
  ])('%s', (_, config, expected) => {
    const got = problems(config);
    // JSON.parse's own wording varies between Node versions; the place does not.
    expect(got.map((p) => (p.includes('is not valid JSON') ? p.replace(/(is not valid JSON: ).*$/s, '$1') : p))).toEqual(expected);
  });

  it('errors leave no project; warnings keep it', () => {
    expect(read({ ...BASE, lambda_timeout: 0 }).project).toBeUndefined();
    expect(read({ version: '2.0' }).project?.functions.map((f) => f.name)).toEqual(['demo-dev', 'demo-dev-worker']);
  });
});

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

describe('functions', () => {
  const functions: ChaliceFunctionInfo[] = [
    WORKER,
    { name: 'bp_nightly', kind: 'lambda_function', handler: 'chalicelib.blueprint.nightly' },
    { name: 'on_job', kind: 'sqs', handler: 'app.on_job', queue: 'jobs', queue_arn: null, batch_size: 5 },
    { name: 'on_arn', kind: 'sqs', handler: 'app.on_arn', queue: null, queue_arn: 'arn:aws:sqs:us-east-1:1:q', batch_size: 1, maximum_batching_window_in_seconds: 0, maximum_concurrency: null },
    { name: 'on_bulk', kind: 'sqs', handler: 'app.on_bulk', queue: 'bulk', batch_size: 100, maximum_batching_window_in_seconds: 5, maximum_concurrency: 2 },
    { name: 'on_upload', kind: 's3', handler: 'app.on_upload', bucket: 'uploads', events: ['s3:ObjectCreated:*'] },
    { name: 'every_five', kind: 'schedule', handler: 'app.every_five', expression: 'rate(5 minutes)' },
    { name: 'on_alert', kind: 'sns', handler: 'app.on_alert', topic: 'alerts' },
    { name: 'on_ec2', kind: 'cloudwatch_event', handler: 'app.on_ec2', event_pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] } },
    { name: 'on_stream', kind: 'kinesis', handler: 'app.on_stream', stream: 'clicks', batch_size: 100, starting_position: 'LATEST', maximum_batching_window_in_seconds: 0 },
    { name: 'on_table', kind: 'dynamodb', handler: 'app.on_table', stream_arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000', batch_size: 10, starting_position: 'TRIM_HORIZON', maximum_batching_window_in_seconds: 2 },
    { name: 'auth', kind: 'authorizer', handler: 'app.auth' },
    { name: 'websocket_connect', kind: 'websocket', handler: 'app.connect', route_key: '$connect' },
  ];

  it('each is <app_name>-<stage>-<name> with its handler string and triggers', () => {
    const result = read(BASE, app({ functions }));
    expect(result.project!.functions.map((f) => [f.id, f.name, f.handler, f.events])).toEqual([
      ['api_handler', 'demo-dev', 'app.app', [{ kind: 'api', id: 'GET /', path: '/', method: 'GET', apiId: 'RestAPI' }]],
      ['worker', 'demo-dev-worker', 'app.do_work', []],
      ['bp_nightly', 'demo-dev-bp_nightly', 'chalicelib.blueprint.nightly', []],
      ['on_job', 'demo-dev-on_job', 'app.on_job', [{ kind: 'sqs', id: 'on_job-sqs-event-source', queue: 'jobs', batchSize: 5 }]],
      ['on_arn', 'demo-dev-on_arn', 'app.on_arn', [{ kind: 'sqs', id: 'on_arn-sqs-event-source', queue: 'arn:aws:sqs:us-east-1:1:q', batchSize: 1 }]],
      ['on_bulk', 'demo-dev-on_bulk', 'app.on_bulk', [{ kind: 'sqs', id: 'on_bulk-sqs-event-source', queue: 'bulk', batchSize: 100, batchingWindow: 5, maximumConcurrency: 2 }]],
      ['on_upload', 'demo-dev-on_upload', 'app.on_upload', [{ kind: 's3', id: 'on_upload-s3event', bucket: 'uploads', events: ['s3:ObjectCreated:*'] }]],
      // appgraph.py _create_scheduled_model: the rule is <app_name>-<stage>-<name>-event.
      ['every_five', 'demo-dev-every_five', 'app.every_five', [{ kind: 'schedule', id: 'every_five-event', schedule: 'rate(5 minutes)', rule: 'demo-dev-every_five-event' }]],
      ['on_alert', 'demo-dev-on_alert', 'app.on_alert', [{ kind: 'other', id: 'on_alert-sns-subscription', type: 'SNS', topic: 'alerts' }]],
      ['on_ec2', 'demo-dev-on_ec2', 'app.on_ec2', [{ kind: 'other', id: 'on_ec2-event', type: 'CloudWatchEvent', pattern: { source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' } }]],
      ['on_stream', 'demo-dev-on_stream', 'app.on_stream', [{
        kind: 'other', id: 'on_stream-kinesis-event-source', type: 'Kinesis', stream: { service: 'kinesis', stream: 'clicks' }, mapping: { startingPosition: 'LATEST', batchSize: 100 },
      }]],
      ['on_table', 'demo-dev-on_table', 'app.on_table', [{
        kind: 'other', id: 'on_table-dynamodb-event-source', type: 'DynamoDB', stream: { service: 'dynamodb', table: { name: 'Orders' } }, mapping: { startingPosition: 'TRIM_HORIZON', batchSize: 10, batchWindowSeconds: 2 },
      }]],
      ['auth', 'demo-dev-auth', 'app.auth', [{ kind: 'other', id: 'auth', type: 'Authorizer' }]],
      ['websocket_connect', 'demo-dev-websocket_connect', 'app.connect', [{ kind: 'other', id: '$connect', type: 'WebSocket', details: { webSocket: { routeKey: '$connect' } } }]],
    ]);
    expect(result.diagnostics.map(line)).toEqual([]);
  });

  it('layers: the ARNs of the stage or the function, which exist in AWS only, each said once', () => {
    const A = 'arn:aws:lambda:us-east-1:123456789012:layer:shared:3';
    const B = 'arn:aws:lambda:us-east-1:123456789012:layer:pandas:1';
    const result = read({ ...BASE, stages: { dev: { layers: [A], lambda_functions: { worker: { layers: [A, B] } } } } });
    expect(result.project!.functions.map((f) => [f.id, f.externalLayers])).toEqual([['api_handler', [A]], ['worker', [A, B]]]);
    expect(result.diagnostics.map(line)).toEqual([
      `warning .chalice/config.json stages.dev.layers[0]: '${A}' is a layer in AWS: its modules are not available locally`,
      `warning .chalice/config.json stages.dev.lambda_functions.worker.layers[0]: '${A}' is a layer in AWS: its modules are not available locally`,
      `warning .chalice/config.json stages.dev.lambda_functions.worker.layers[1]: '${B}' is a layer in AWS: its modules are not available locally`,
    ]);
    expect(problems({ ...BASE, layers: A })).toEqual([`error .chalice/config.json layers: must be a list, not string "${A}"`]);
    // Lambda takes five layers at most.
    expect(problems({ ...BASE, lambda_functions: { worker: { layers: [1, 2, 3, 4, 5, 6].map((n) => `${A.slice(0, -1)}${n}`) } } }).filter((p) => p.startsWith('error'))).toEqual([
      "error .chalice/config.json lambda_functions.worker.layers: lists 6 layers, above Lambda's maximum of 5 a function",
    ]);
  });

  it("config.json's app_name names the functions, not the app's", () => {
    expect(read({ ...BASE, app_name: 'shop' }, app({ app_name: 'other' })).project!.functions.map((f) => f.name)).toEqual(['shop-dev', 'shop-dev-worker']);
  });

  it('runtime: what the installed Chalice reports, else Chalice\'s mapping of the Python version', () => {
    expect(read(BASE, app({ lambda_python_version: 'python3.13' })).project!.functions[0]!.runtime).toBe('python3.13');
    expect(read(BASE, app({ lambda_python_version: null }), { pythonVersion: '3.11.7' }).project!.functions[0]!.runtime).toBe('python3.11');
    expect(read(BASE, app({ lambda_python_version: null, python_version: '3.9.18' })).project!.functions[0]!.runtime).toBe('python3.10');
  });

  it('a runtime pylambda does not know is an error that says where it came from', () => {
    expect(problems(BASE, app({ lambda_python_version: 'python3.15', python_version: '3.15.0' }))).toEqual([
      "error .chalice/config.json runtime (chosen by Chalice for Python 3.15.0): 'python3.15' is not a supported Python runtime (supported: python3.8, python3.9, python3.10, python3.11, python3.12, python3.13, python3.14)",
    ]);
  });

  it.each([
    ['3.8.18', 'python3.10'], ['3.9.0', 'python3.10'], ['3.10.14', 'python3.10'], ['3.12.4', 'python3.12'], ['3.14.0', 'python3.14'], ['3.15.1', 'python3.15'],
  ])('chaliceRuntime(%s) is %s (chalice/config.py lambda_python_version)', (version, runtime) => {
    expect(chaliceRuntime(version)).toBe(runtime);
  });
});
