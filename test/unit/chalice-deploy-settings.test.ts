import { describe, expect, it } from 'vitest';
import type { ChaliceAppInfo } from '../../src/core/model/chalice/app-info.js';
import { readChaliceProject } from '../../src/core/model/chalice/read.js';

/**
 * Settings of .chalice/config.json that only `chalice deploy` uses: accepted without a word, except what
 * chalice/deploy/validate.py refuses, which is said as a warning (the app runs locally the same).
 */

const APP: ChaliceAppInfo = {
  ok: true, chalice_version: '1.34.0', python_version: '3.12.4', lambda_python_version: 'python3.12', app_name: 'demo',
  routes: [{ path: '/', method: 'GET', view_name: 'index', content_types: ['application/json'], api_key_required: false, authorizer: null, cors: null }],
  binary_types: [], functions: [{ name: 'worker', kind: 'lambda_function', handler: 'app.worker' }], missing_feature_flags: [],
};

const read = (config: Record<string, unknown>) => readChaliceProject(JSON.stringify({ version: '2.0', app_name: 'demo', ...config }), APP, { file: '.chalice/config.json' });
const problems = (config: Record<string, unknown>) => read(config).diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`);

const ROLE = "is false without an iam_role_arn: chalice deploy refuses it (\"When 'manage_iam_role' is set to false, you must provide an 'iam_role_arn' in config.json.\"); give the ARN of the role the functions run as";
const ARN = 'arn:aws:iam::123456789012:role/app';
const VPC = 'chalice deploy refuses it ("Invalid VPC params ... you must provide the subnet_ids as well as the security_group_ids")';

describe('deploy-only settings of config.json', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['what only deploying reads is accepted quietly', {
      autogen_policy: false, iam_policy_file: 'policy.json', automatic_layer: true, subnet_ids: ['subnet-1'], security_group_ids: ['sg-1'],
      xray: true, tags: { team: 'a' }, log_retention_in_days: 14, api_gateway_custom_domain: { domain_name: 'api.example.com', certificate_arn: 'arn:aws:acm:us-east-1:1:certificate/x' },
      stages: { dev: { lambda_functions: { worker: { subnet_ids: ['subnet-2'], security_group_ids: ['sg-2'], iam_role_arn: ARN, manage_iam_role: false } } } },
    }, []],
    ['manage_iam_role false with its role', { manage_iam_role: false, iam_role_arn: ARN }, []],
    ["manage_iam_role false in the stage, the role at the top level", { iam_role_arn: ARN, stages: { dev: { manage_iam_role: false } } }, []],
    ['manage_iam_role true without a role', { manage_iam_role: true }, []],
    ['manage_iam_role false without a role', { manage_iam_role: false }, [`warning manage_iam_role: ${ROLE}`]],
    ["manage_iam_role false in the stage, with an empty role", { stages: { dev: { manage_iam_role: false, iam_role_arn: '' } } }, [`warning stages.dev.manage_iam_role: ${ROLE}`]],
    // The config validate.py checks names no function: a function's role does not count, nor its manage_iam_role.
    ['manage_iam_role false, the role given to one function only', { manage_iam_role: false, stages: { dev: { lambda_functions: { worker: { iam_role_arn: ARN } } } } }, [`warning manage_iam_role: ${ROLE}`]],
    ["another stage's manage_iam_role", { stages: { dev: {}, prod: { manage_iam_role: false } } }, []],
    // deploy/appgraph.py _get_vpc_params, per function: said once for a setting every function shares.
    ['subnets and security groups', { subnet_ids: ['subnet-1'], security_group_ids: ['sg-1'] }, []],
    ['subnets without security groups', { subnet_ids: ['subnet-1'] }, [`warning subnet_ids: is set without security_group_ids: ${VPC}`]],
    ["a function's security groups without subnets", { stages: { dev: { lambda_functions: { worker: { security_group_ids: ['sg-1'] } } } } }, [`warning stages.dev.lambda_functions.worker.security_group_ids: is set without subnet_ids: ${VPC}`]],
    ['an empty list is none', { subnet_ids: [], security_group_ids: [] }, []],
    ["the function's subnets with the stage's security groups", { stages: { dev: { security_group_ids: ['sg-1'], lambda_functions: { worker: { subnet_ids: ['s'] }, api_handler: { subnet_ids: ['s'] } } } } }, []],
  ])('%s', (_what, config, expected) => {
    expect(problems(config)).toEqual(expected);
  });
});

// chalice deploy puts the requirements in a managed layer; pylambda package builds them as --layer does.
describe('automatic_layer (per stage; Chalice tests it as Python does)', () => {
  it.each<[string, Record<string, unknown>, { from: string } | undefined]>([
    ['unset', {}, undefined],
    ['true at the top level', { automatic_layer: true }, { from: 'automatic_layer' }],
    ['true in the stage', { stages: { dev: { automatic_layer: true } } }, { from: 'stages.dev.automatic_layer' }],
    ['false in the stage beats true at the top level', { automatic_layer: true, stages: { dev: { automatic_layer: false } } }, undefined],
    ["another stage's", { stages: { dev: {}, prod: { automatic_layer: true } } }, undefined],
    ['a function\'s own is not read', { stages: { dev: { lambda_functions: { worker: { automatic_layer: true } } } } }, undefined],
    ['a true value of another type', { automatic_layer: 'yes' }, { from: 'automatic_layer' }],
    ['an empty list is false', { automatic_layer: [] }, undefined],
  ])('%s', (_what, config, expected) => {
    expect(read(config).project!.dependencyLayer).toEqual(expected);
  });
});

// Chalice ignores any other key without a word (config.py reads each by name): said, with the key it likely meant.
describe('keys Chalice does not read where they are written', () => {
  const UNREAD = 'is not a setting Chalice 1.34.0 reads, so it has no effect';
  it.each<[string, Record<string, unknown>, string[]]>([
    ['every key in its place', {
      profile: 'dev', lambda_timeout: 5, tags: { a: 'b' }, api_gateway_stage: 'v1', lambda_functions: { worker: { lambda_timeout: 9 } },
      stages: { dev: { api_gateway_stage: 'v2', automatic_layer: true, xray: true, lambda_functions: { worker: { tags: { c: 'd' }, environment_variables: {}, log_retention_in_days: 7 } } }, prod: {} },
    }, []],
    ['a misspelt top-level key', { lambda_timout: 5 }, [`warning lambda_timout: ${UNREAD} (did you mean lambda_timeout?)`]],
    ["a misspelt key of a stage, even one not served", { stages: { dev: {}, prod: { enviroment_variables: {} } } }, [`warning stages.prod.enviroment_variables: ${UNREAD} (did you mean environment_variables?)`]],
    ["the start of a function's key", { stages: { dev: { lambda_functions: { worker: { lambda_memory: 512 } } } } }, [`warning stages.dev.lambda_functions.worker.lambda_memory: ${UNREAD} (did you mean lambda_memory_size?)`]],
    ['a key like none', { stages: { dev: { frobnicate: 1 } } }, [`warning stages.dev.frobnicate: ${UNREAD}`]],
    ['a key of a later Chalice', { lambda_ephemeral_storage: 1024 }, [`warning lambda_ephemeral_storage: ${UNREAD}`]],
    ["a stage's setting under a function of the stage", { stages: { dev: { lambda_functions: { worker: { api_gateway_stage: 'x' } } } } }, ['warning stages.dev.lambda_functions.worker.api_gateway_stage: is a setting of the whole stage, which Chalice does not read per function: move it to stages.dev']],
    ["a stage's setting under a top-level function", { lambda_functions: { worker: { automatic_layer: true } } }, ['warning lambda_functions.worker.automatic_layer: is a setting of the whole stage, which Chalice does not read per function: move it to the top level or stages.<stage>']],
    ["a top-level function's tags, which Chalice does not merge", { lambda_functions: { worker: { tags: { a: 'b' } } } }, ['warning lambda_functions.worker.tags: is not applied: Chalice merges tags from the top level, stages.<stage> and stages.<stage>.lambda_functions.<name> only; move them to stages.<stage>.lambda_functions.worker']],
    ['app_name in a stage', { stages: { dev: { app_name: 'other' } } }, ['warning stages.dev.app_name: is read at the top level of config.json only: Chalice ignores it here']],
  ])('%s', (_what, config, expected) => {
    expect(problems(config)).toEqual(expected);
  });
});
