import { describe, expect, it } from 'vitest';
import { LAMBDA_SET_VARIABLES, lambdaEnvironment } from '../../src/core/runtime/environment.js';

/**
 * The coldstart review does not flag reads of the variables Lambda always sets (pylambda_lint.py
 * --lambda-env LAMBDA_SET_VARIABLES): the list must be what a function's environment really has.
 */
describe('LAMBDA_SET_VARIABLES', () => {
  const env = lambdaEnvironment({
    fn: { name: 'Fn', handler: 'app.handler', runtime: 'python3.12', memorySize: 128, environment: { BUCKET: 'b' } },
    taskRoot: '/var/task',
    runtimeDir: '/var/runtime',
    runtimeApi: '127.0.0.1:9001',
    logStreamName: '2024/01/31/[$LATEST]0123',
    host: { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' },
  });

  it('are all set in every environment pylambda makes, as on Lambda (LAMBDA-FACTS section 1)', () => {
    expect(LAMBDA_SET_VARIABLES.filter((name) => env[name] === undefined)).toEqual([]);
  });

  it('include AWS_REGION and the function\'s identity, but not its own variables nor the per-invocation trace id', () => {
    expect(LAMBDA_SET_VARIABLES).toEqual(expect.arrayContaining(['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_EXECUTION_ENV', 'LAMBDA_TASK_ROOT', '_HANDLER']));
    expect(LAMBDA_SET_VARIABLES).not.toContain('BUCKET');
    expect(LAMBDA_SET_VARIABLES).not.toContain('_X_AMZN_TRACE_ID');
  });
});
