import { describe, expect, it } from 'vitest';
import { localToolVariables, type LocalRun } from '../../src/core/runtime/local-tool-variables.js';
import type { ProjectStyle } from '../../src/core/model/project.js';

describe('the variable the tool a project comes from sets in the functions it runs locally', () => {
  const cases: ReadonlyArray<[ProjectStyle, LocalRun, Record<string, string>, Record<string, string>]> = [
    ['sam', 'invoke', {}, { AWS_SAM_LOCAL: 'true' }],
    ['sam', 'dev', { TABLE: 't' }, { AWS_SAM_LOCAL: 'true' }],
    ['serverless', 'dev', {}, { IS_OFFLINE: 'true' }],
    ['serverless', 'invoke', {}, { IS_LOCAL: 'true' }],
    ['chalice', 'dev', {}, { AWS_CHALICE_CLI_MODE: 'true' }],
    ['chalice', 'invoke', {}, { AWS_CHALICE_CLI_MODE: 'true' }],
    // The function's own value stays, an empty one too.
    ['sam', 'dev', { AWS_SAM_LOCAL: '' }, {}],
    ['serverless', 'dev', { IS_OFFLINE: 'false' }, {}],
    ['serverless', 'invoke', { IS_OFFLINE: 'false' }, { IS_LOCAL: 'true' }],
  ];
  it.each(cases)('%s %s with %j: %j', (style, run, own, expected) => {
    expect(localToolVariables(style, run, own)).toEqual(expected);
  });
});
