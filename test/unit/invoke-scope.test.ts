import { describe, expect, it } from 'vitest';
import { unreachableFunction, type PlacedFunction } from '../../src/core/lambda-api/invoke-scope.js';

const SCOPE = { region: 'us-east-1', accountId: '123456789012' };
const denied = (resource: string) => `User: arn:aws:iam::123456789012:root is not authorized to perform: lambda:InvokeFunction on resource: ${resource} because no resource-based policy allows the lambda:InvokeFunction action`;

describe('unreachableFunction: the functions of another account or region than the endpoint\'s', () => {
  it.each<[string, PlacedFunction, [number, string, string, string] | undefined]>([
    ['a name alone', { functionName: 'Fn' }, undefined],
    ['a full ARN of dev\'s account and region', { functionName: 'Fn', region: 'us-east-1', account: '123456789012' }, undefined],
    ['a partial ARN of dev\'s account', { functionName: 'Fn', account: '123456789012', qualifier: 'live' }, undefined],
    ['a full ARN of another account', { functionName: 'Fn', region: 'us-east-1', account: '111122223333' },
      [403, 'AccessDeniedException', denied('arn:aws:lambda:us-east-1:111122223333:function:Fn'), 'an ARN of account 111122223333: dev serves 123456789012']],
    // The resource IAM authorizes is the ARN invoked, its qualifier included.
    ['another account, with a qualifier', { functionName: 'Fn', region: 'us-east-1', account: '111122223333', qualifier: 'live' },
      [403, 'AccessDeniedException', denied('arn:aws:lambda:us-east-1:111122223333:function:Fn:live'), 'an ARN of account 111122223333: dev serves 123456789012']],
    // A partial ARN names no region: the endpoint's.
    ['a partial ARN of another account', { functionName: 'Fn', account: '111122223333' },
      [403, 'AccessDeniedException', denied('arn:aws:lambda:us-east-1:111122223333:function:Fn'), 'an ARN of account 111122223333: dev serves 123456789012']],
    // Authorization comes first: a denied caller learns nothing of the region either.
    ['another account and region', { functionName: 'Fn', region: 'eu-west-1', account: '111122223333' },
      [403, 'AccessDeniedException', denied('arn:aws:lambda:eu-west-1:111122223333:function:Fn'), 'an ARN of account 111122223333: dev serves 123456789012']],
    ['another region of dev\'s account', { functionName: 'Fn', region: 'eu-west-1', account: '123456789012' },
      [404, 'ResourceNotFoundException', "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')", 'an ARN of eu-west-1: dev serves us-east-1']],
  ])('%s', (_what, fn, expected) => {
    const got = unreachableFunction(fn, SCOPE);
    if (expected === undefined) {
      expect(got).toBeUndefined();
      return;
    }
    const { response, reason } = got!;
    // An authorization's refusal says its text in `Message`; Lambda's own errors in `message`, with their Type.
    const body = expected[0] === 403 ? { Message: expected[2] } : { Type: 'User', message: expected[2] };
    expect([response.status, response.headers, JSON.parse(response.body.toString()), reason]).toEqual([expected[0], { 'content-type': 'application/json', 'x-amzn-errortype': expected[1] }, body, expected[3]]);
  });
});
