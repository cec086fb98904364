import { describe, expect, it } from 'vitest';
import { prepareChaliceConfig } from '../../src/core/model/chalice/read.js';
import { app, BASE, fn, line, problems, read } from './chalice-reader-support.js';

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

