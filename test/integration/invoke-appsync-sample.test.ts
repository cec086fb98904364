import { describe, expect, it } from 'vitest';
import { invokeOnce } from '../../src/api/invoke.js';
import { FIXTURES, testPython } from '../helpers.js';

/**
 * `pylambda invoke` of an AppSync direct Lambda resolver's function without --event: Powertools' AppSyncResolver
 * gets the context object AppSync sends for the template's first resolver, where `{}` made it fail with
 * "No resolver found for 'None.None'".
 */
const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' };

describe('pylambda invoke of an AppSync resolver function, without --event', () => {
  it("gets its first resolver's field, which Powertools' AppSyncResolver routes", async () => {
    const { result, sampleEvent } = await invokeOnce({ dir: `${FIXTURES}projects/appsync`, functionName: 'TodosFunction', python: testPython(), hostEnv });
    expect(sampleEvent).toBe('appsync sample (AppSync trigger GetTodoResolver)');
    expect(result.functionError).toBeUndefined();
    expect(JSON.parse(result.payload.toString())).toEqual({ id: '1', title: 'write tests', api: 'appsync-api' });
  });
});
