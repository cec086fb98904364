import { describe, expect, it } from 'vitest';
import { lambdaEnvironment, logStreamName } from '../../src/core/runtime/environment.js';
import { startLine } from '../../src/core/runtime/report.js';
import { platformLines } from '../../src/core/runtime/platform-json.js';
import { runsVersion } from '../../src/core/lambda-api/invoke-qualifier.js';

const input = {
  fn: { name: 'Fn', handler: 'app.handler', runtime: 'python3.12', memorySize: 128, environment: { AWS_LAMBDA_FUNCTION_VERSION: 'mine' } },
  taskRoot: '/var/task',
  runtimeDir: '/var/runtime',
  runtimeApi: '127.0.0.1:9001',
  logStreamName: 'stream',
  host: {},
} as const;

describe('the version an environment runs, as the function and its log see it', () => {
  it.each<[string | undefined, string]>([
    [undefined, '$LATEST'],
    ['$LATEST', '$LATEST'],
    ['3', '3'],
  ])('AWS_LAMBDA_FUNCTION_VERSION for %s: %s (Lambda\'s own, over a variable of the function\'s)', (version, expected) => {
    expect(lambdaEnvironment({ ...input, ...(version === undefined ? {} : { version }) }).AWS_LAMBDA_FUNCTION_VERSION).toBe(expected);
  });

  it.each<[string | undefined, string]>([
    [undefined, '2026/11/28/[$LATEST]0123abcd'],
    ['7', '2026/11/28/[7]0123abcd'],
  ])('names the version in the log stream: %s', (version, expected) => {
    expect(logStreamName(new Date(Date.UTC(2026, 10, 28, 23, 59)), '0123abcd', version)).toBe(expected);
  });

  it('says the version in START, as text and as the JSON format\'s platform.start', () => {
    expect(startLine('r1', '3')).toBe('START RequestId: r1 Version: 3');
    expect(platformLines('Text', 'arn', () => 0).start('r1', '3')).toBe('START RequestId: r1 Version: 3');
    expect(JSON.parse(platformLines('JSON', 'arn', () => 0).start('r1', '3')).record).toEqual({ requestId: 'r1', functionArn: 'arn', version: '3' });
    expect(JSON.parse(platformLines('JSON', 'arn', () => 0).start('r1')).record.version).toBe('$LATEST');
  });

  it.each<[string, Parameters<typeof runsVersion>[0], string | undefined, string]>([
    ['unqualified', undefined, undefined, '$LATEST'],
    ['an alias pinned to 3', { aliases: { stable: '3' }, versions: true }, 'stable', '3'],
    ['a version number', { aliases: {}, versions: true }, '5', '5'],
    // Never reached: unknownQualifier refuses an alias the project does not declare before anything runs.
    ['an alias the project does not declare', { aliases: {}, versions: true }, 'prod', '$LATEST'],
  ])('runsVersion: %s', (_what, qualifiers, qualifier, expected) => {
    expect(runsVersion(qualifiers, qualifier)).toBe(expected);
  });
});
