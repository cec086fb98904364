import { describe, expect, it } from 'vitest';
import { findInvokedFunction, parseInvokeRequest, tenantProblem, type InvokeApiRequest } from '../../src/core/lambda-api/invoke-request.js';
import { FUNCTION_NAME_PATTERN, parseFunctionIdentifier, QUALIFIER_PATTERN } from '../../src/core/lambda-api/invoke-validation.js';
import { acceptedResponse, functionNotFound, invokedResponse, logResult, otherRegion, reservedZero, throttled } from '../../src/core/lambda-api/invoke-response.js';
import { executedVersion, missingQualifier, qualifiedName, unknownQualifier } from '../../src/core/lambda-api/invoke-qualifier.js';

const PATH = '/2015-03-31/functions/Fn/invocations';

function request(overrides: Partial<InvokeApiRequest> = {}): InvokeApiRequest {
  return { method: 'POST', target: PATH, headers: {}, body: Buffer.from('{"a":1}'), ...overrides };
}

/** A JSON string of `bytes` bytes. */
function jsonString(bytes: number): Buffer {
  return Buffer.from(`"${'a'.repeat(bytes - 2)}"`);
}

/** AWS's ValidationException for a FunctionName outside its pattern. */
const namePattern = (value: string) => `1 validation error detected: Value '${value}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`;
const qualifierPattern = (value: string) => `1 validation error detected: Value '${value}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`;

/** The error a request gets: status, X-Amzn-ErrorType and the body's message, as botocore reads them. */
function refusal(req: InvokeApiRequest): [number, string | undefined, string] | undefined {
  const parsed = parseInvokeRequest(req);
  if (parsed.kind !== 'error') return undefined;
  const { status, headers, body } = parsed.response;
  return [status, headers['x-amzn-errortype'], JSON.parse(body.toString()).message];
}

describe('parseFunctionIdentifier', () => {
  it.each<[string, ReturnType<typeof parseFunctionIdentifier>]>([
    ['my-fn', { functionName: 'my-fn' }],
    ['my-fn:$LATEST', { functionName: 'my-fn', qualifier: '$LATEST' }],
    ['my-fn:$LATEST.PUBLISHED', { functionName: 'my-fn', qualifier: '$LATEST.PUBLISHED' }],
    ['my-fn:live', { functionName: 'my-fn', qualifier: 'live' }],
    ['arn:aws:lambda:us-east-1:123456789012:function:my-fn', { functionName: 'my-fn', region: 'us-east-1', account: '123456789012' }],
    ['arn:aws:lambda:eu-west-1:123456789012:function:my-fn:7', { functionName: 'my-fn', qualifier: '7', region: 'eu-west-1', account: '123456789012' }],
    ['arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my-fn', { functionName: 'my-fn', region: 'us-gov-west-1', account: '123456789012' }],
    ['123456789012:function:my-fn', { functionName: 'my-fn', account: '123456789012' }],
    ['111122223333:function:my-fn:live', { functionName: 'my-fn', qualifier: 'live', account: '111122223333' }],
    ['123456789012:function:my-fn:$LATEST', { functionName: 'my-fn', qualifier: '$LATEST', account: '123456789012' }],
    // Lambda's pattern reads an ARN that stops at `function` as the function named `function` (not found on AWS).
    ['arn:aws:lambda:us-east-1:123456789012:function', { functionName: 'function', region: 'us-east-1', account: '123456789012' }],
    // A nested stack's function, as sam local names it.
    ['Child/Fn', { functionName: 'Child/Fn' }],
    ['my.fn_2', { functionName: 'my.fn_2' }],
    // What AWS refuses with the pattern (localstack's snapshots of AWS: test_function_name_and_qualifier_validation).
    ['arn:aws:s3:::bucket', undefined],
    ['arn:aws:ec2:us-east-1:123456789012:instance:i-1234567890abcdef0', undefined],
    ['arn:aws:lambda:invalid-region:123456789012:function:my-fn', undefined],
    ['arn:aws:lambda::123456789012:function:my-fn', undefined],
    ['arn:aws:lambda:us-east-1::function:my-fn', undefined],
    ['arn:aws:lambda:us-east-1:123456789012:function:my-fn:1:2', undefined],
    ['arn:aws:lambda:us-east-1:123456789012:function:my-fn:$LATES', undefined],
    ['invalid-account:function:my-fn', undefined],
    ['function:my-fn:$LATEST:extra', undefined],
    ['my-function!', undefined],
    ['*', undefined],
    ['my-fn:', undefined],
    [':x', undefined],
    ['a:b:c', undefined],
    ['my fn', undefined],
    ['my-fn:v.1', undefined],
    ['my-fn:$latest', undefined],
    ['%E0%A4%A', undefined],
  ])('%s', (identifier, expected) => {
    expect(parseFunctionIdentifier(identifier)).toEqual(expected);
  });
});

describe('parseInvokeRequest', () => {
  it.each<[string, Partial<InvokeApiRequest>, Record<string, unknown>]>([
    ['defaults: RequestResponse, no tail', {}, { functionName: 'Fn', invocationType: 'RequestResponse', tail: false, payload: Buffer.from('{"a":1}') }],
    ['no body: Lambda hands the function {}', { body: Buffer.alloc(0) }, { payload: Buffer.from('{}') }],
    ['any JSON value', { body: Buffer.from('"text"') }, { payload: Buffer.from('"text"') }],
    ['Event', { headers: { 'x-amz-invocation-type': 'Event' } }, { invocationType: 'Event' }],
    ['DryRun', { headers: { 'X-Amz-Invocation-Type': 'DryRun' } }, { invocationType: 'DryRun' }],
    ['Tail', { headers: { 'x-amz-log-type': 'Tail' } }, { tail: true }],
    // Lambda returns the log to synchronous invocations only.
    ['Tail on an Event', { headers: { 'x-amz-log-type': 'Tail', 'x-amz-invocation-type': 'Event' } }, { tail: false }],
    ['a qualifier in the name', { target: '/2015-03-31/functions/Fn%3A%24LATEST/invocations' }, { functionName: 'Fn', qualifier: '$LATEST' }],
    ['a qualifier in the query', { target: `${PATH}?Qualifier=%24LATEST` }, { functionName: 'Fn', qualifier: '$LATEST' }],
    ['the same qualifier in both', { target: '/2015-03-31/functions/Fn:live/invocations?Qualifier=live' }, { qualifier: 'live' }],
    ['an ARN', { target: '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-fn/invocations' }, { functionName: 'my-fn', region: 'us-east-1', account: '123456789012' }],
    ['a name of 256 characters, the limit', { target: `/2015-03-31/functions/${'a'.repeat(256)}/invocations` }, { functionName: 'a'.repeat(256) }],
    ['a qualifier of 128 characters, the limit', { target: `${PATH}?Qualifier=${'q'.repeat(128)}` }, { qualifier: 'q'.repeat(128) }],
    // The pattern takes `$` anywhere: `$latest` is a qualifier no function has (AWS: not found).
    ['$latest in the query', { target: `${PATH}?Qualifier=%24latest` }, { qualifier: '$latest' }],
    // Base64 comes in fours: 3580 is the most under 3583.
    ['a client context of 3580 bytes', { headers: { 'x-amz-client-context': Buffer.from(`{"custom":{"k":"${'x'.repeat(2666)}"}}`).toString('base64') } }, { invocationType: 'RequestResponse' }],
    // botocore escapes `/` in the name: a nested stack's function.
    ['an escaped slash', { target: '/2015-03-31/functions/Child%2FFn/invocations' }, { functionName: 'Child/Fn' }],
    ['a client context', { headers: { 'x-amz-client-context': Buffer.from('{"custom":{"k":"é"}}').toString('base64') } }, { clientContext: '{"custom":{"k":"\\u00e9"}}' }],
    ['a tenant', { headers: { 'x-amz-tenant-id': 'acme' } }, { tenantId: 'acme' }],
    ['6 MB, the limit', { body: jsonString(6 * 1024 * 1024) }, { invocationType: 'RequestResponse' }],
    ['an Event of 1 MB, its limit', { body: jsonString(1024 * 1024), headers: { 'x-amz-invocation-type': 'Event' } }, { invocationType: 'Event' }],
  ])('%s', (_what, overrides, expected) => {
    const parsed = parseInvokeRequest(request(overrides));
    expect(parsed.kind).toBe('invoke');
    expect(parsed.kind === 'invoke' && parsed.invocation).toMatchObject(expected);
  });

  it.each<[string, Partial<InvokeApiRequest>, [number, string, string | RegExp]]>([
    ['not JSON', { body: Buffer.from('{') }, [400, 'InvalidRequestContentException', /^Could not parse request body into json: /]],
    ['not UTF-8', { body: Buffer.from([0x22, 0xff, 0x22]) }, [400, 'InvalidRequestContentException', /^Could not parse request body into json: /]],
    ['over 6 MB', { body: Buffer.alloc(6 * 1024 * 1024 + 1, 0x20) }, [413, 'RequestEntityTooLargeException', 'Request must be smaller than 6291456 bytes for the InvokeFunction operation']],
    // The server keeps no body past the largest limit.
    ['a body the server did not keep', { body: undefined }, [413, 'RequestEntityTooLargeException', 'Request must be smaller than 6291456 bytes for the InvokeFunction operation']],
    ['an Event of 6 MB', { body: Buffer.alloc(6 * 1024 * 1024, 0x20), headers: { 'x-amz-invocation-type': 'Event' } }, [413, 'RequestEntityTooLargeException', '6291456 byte payload is too large for the Event invocation type (limit 1048576 bytes)']],
    ['an Event over 1 MB', { body: Buffer.alloc(1024 * 1024 + 1, 0x20), headers: { 'x-amz-invocation-type': 'Event' } }, [413, 'RequestEntityTooLargeException', '1048577 byte payload is too large for the Event invocation type (limit 1048576 bytes)']],
    ['an Event without a body', { body: undefined, headers: { 'x-amz-invocation-type': 'Event' } }, [413, 'RequestEntityTooLargeException', 'Request must be smaller than 6291456 bytes for the InvokeFunction operation']],
    ['an unknown invocation type', { headers: { 'x-amz-invocation-type': 'Async' } }, [400, 'ValidationException', "1 validation error detected: Value 'Async' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"]],
    ['an unknown log type', { headers: { 'x-amz-log-type': 'All' } }, [400, 'ValidationException', "1 validation error detected: Value 'All' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]"]],
    ['two qualifiers', { target: '/2015-03-31/functions/Fn:1/invocations?Qualifier=2' }, [400, 'InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.']],
    ['a client context that is not base64 JSON', { headers: { 'x-amz-client-context': 'not base64!' } }, [400, 'InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object.']],
    ['a non-Lambda ARN', { target: '/2015-03-31/functions/arn%3Aaws%3As3%3A%3A%3Ab/invocations' }, [400, 'ValidationException', namePattern('arn:aws:s3:::b')]],
    ['a name with a space', { target: '/2015-03-31/functions/my%20fn/invocations' }, [400, 'ValidationException', namePattern('my fn')]],
    ['a bad escape', { target: '/2015-03-31/functions/Fn%E0%A4%A/invocations' }, [400, 'ValidationException', namePattern('Fn%E0%A4%A')]],
    ['a misspelled $LATEST in an ARN', { target: '/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Fn:$LATES/invocations' }, [400, 'ValidationException', namePattern('arn:aws:lambda:us-east-1:123456789012:function:Fn:$LATES')]],
    ['a name over 256 characters', { target: `/2015-03-31/functions/${'a'.repeat(257)}/invocations` }, [400, 'ValidationException', `1 validation error detected: Value '${'a'.repeat(257)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 256`]],
    ['a qualifier with a dot', { target: `${PATH}?Qualifier=v.1` }, [400, 'ValidationException', qualifierPattern('v.1')]],
    ['a qualifier with a !', { target: `${PATH}?Qualifier=invalid!` }, [400, 'ValidationException', qualifierPattern('invalid!')]],
    // 129 characters fit the pattern: only the length is said.
    ['a qualifier of 129 characters', { target: `${PATH}?Qualifier=${'a'.repeat(129)}` }, [400, 'ValidationException', `1 validation error detected: Value '${'a'.repeat(129)}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128`]],
    ['an empty qualifier', { target: `${PATH}?Qualifier=` }, [400, 'ValidationException', "1 validation error detected: Value '' at 'qualifier' failed to satisfy constraint: Member must have length greater than or equal to 1"]],
    ['a bad name and a long qualifier: both said', { target: `/2015-03-31/functions/my%20fn/invocations?Qualifier=${'a'.repeat(129)}` }, [400, 'ValidationException', `2 validation errors detected: ${namePattern('my fn').slice('1 validation error detected: '.length)}; Value '${'a'.repeat(129)}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128`]],
    ['a bad qualifier and log type: both said', { target: `${PATH}?Qualifier=v.1`, headers: { 'x-amz-log-type': 'All' } }, [400, 'ValidationException', `2 validation errors detected: ${qualifierPattern('v.1').slice('1 validation error detected: '.length)}; Value 'All' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]`]],
    ['$LATEST in the name, 1 in the query', { target: '/2015-03-31/functions/Fn:$LATEST/invocations?Qualifier=1' }, [400, 'InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.']],
    ['a client context over 3583 bytes', { headers: { 'x-amz-client-context': Buffer.from(`{"custom":{"k":"${'x'.repeat(2667)}"}}`).toString('base64') } }, [400, 'InvalidRequestContentException', 'Client context must be at most 3583 bytes of base64-encoded data; this one is 3584 bytes']],
    ['GET', { method: 'GET' }, [404, 'UnknownOperationException', `Unknown operation: GET ${PATH} (this endpoint serves Invoke only)`]],
    ['another operation', { target: '/2015-03-31/functions/Fn' }, [404, 'UnknownOperationException', 'Unknown operation: POST /2015-03-31/functions/Fn (this endpoint serves Invoke only)']],
  ])('%s', (_what, overrides, [status, code, message]) => {
    const [gotStatus, gotCode, gotMessage] = refusal(request(overrides))!;
    expect([gotStatus, gotCode]).toEqual([status, code]);
    if (typeof message === 'string') expect(gotMessage).toBe(message);
    else expect(gotMessage).toMatch(message);
  });
});

describe('tenantProblem', () => {
  const refused = { status: 400, type: 'InvalidParameterValueException', message: 'Tenant ID configuration not specified or passed to a function when tenant isolation is not enabled.' };
  it.each<[string, boolean, string | undefined, typeof refused | undefined]>([
    ['isolation and a tenant', true, 'acme', undefined],
    ['no isolation and no tenant', false, undefined, undefined],
    ['isolation without a tenant', true, undefined, refused],
    ['a tenant for a function without isolation', false, 'acme', refused],
  ])('%s', (_what, isolated, tenantId, expected) => {
    const response = tenantProblem(isolated, tenantId);
    expect(response && { status: response.status, type: response.headers['x-amzn-errortype'], message: JSON.parse(response.body.toString()).message }).toEqual(expected);
  });
});

describe('findInvokedFunction', () => {
  const functions = [
    { id: 'hello', name: 'svc-dev-hello' },
    { id: 'Child/Fn', name: 'Child-Fn' },
    { id: 'svc-dev-hello', name: 'other' },
  ];
  it.each<[string, string | undefined]>([
    ['hello', 'hello'],
    ['svc-dev-hello', 'svc-dev-hello'],
    ['Child/Fn', 'Child/Fn'],
    ['Child-Fn', 'Child/Fn'],
    ['other', 'svc-dev-hello'],
    // Lambda's names are case-sensitive.
    ['Hello', undefined],
    ['nope', undefined],
  ])('%s is %s', (name, id) => {
    expect(findInvokedFunction(functions, name)?.id).toBe(id);
  });
});

describe('responses', () => {
  it.each(['$LATEST', '3'])('answers a result 200 with the executed version (%s) and the request id', (version) => {
    const res = invokedResponse({ requestId: 'r1', executedVersion: version, payload: Buffer.from('{"ok":true}'), functionError: false });
    expect(res).toEqual({ status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': 'r1', 'x-amz-executed-version': version }, body: Buffer.from('{"ok":true}') });
  });

  it('answers a function error 200 with X-Amz-Function-Error: Unhandled and the log tail', () => {
    const res = invokedResponse({ requestId: 'r1', executedVersion: '$LATEST', payload: Buffer.from('{"errorType":"ValueError"}'), functionError: true, log: 'START\nEND\n' });
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'x-amz-function-error': 'Unhandled', 'x-amz-log-result': Buffer.from('START\nEND\n').toString('base64') });
  });

  it('keeps the last 4 KB of the log, cut at a byte', () => {
    const log = `${'a'.repeat(10)}é${'b'.repeat(4095)}`;
    const tail = Buffer.from(logResult(log), 'base64');
    expect(tail.length).toBe(4096);
    expect(tail.subarray(1)).toEqual(Buffer.from('b'.repeat(4095)));
    expect(tail[0]).toBe(Buffer.from('é')[1]);
    expect(Buffer.from(logResult('short'), 'base64').toString()).toBe('short');
  });

  it.each<[string, ReturnType<typeof acceptedResponse>, number]>([
    ['Event', acceptedResponse('r1', 'Event'), 202],
    ['DryRun', acceptedResponse('r1', 'DryRun'), 204],
  ])('%s: %s with no body', (_what, res, status) => {
    expect(res).toEqual({ status, headers: { 'x-amzn-requestid': 'r1' }, body: Buffer.alloc(0) });
  });

  it.each<[string, string | undefined, string]>([
    ['unqualified: $LATEST', undefined, 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:Nope:$LATEST'],
    ['an alias', 'live', 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:Nope:live'],
    ['a version', '7', 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:Nope:7'],
  ])('says an unknown function or qualifier as Lambda does, in the shape botocore reads: %s', (_what, qualifier, message) => {
    const res = functionNotFound('arn:aws:lambda:us-east-1:123456789012:function:Nope', qualifier);
    expect([res.status, res.headers]).toEqual([404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' }]);
    expect(JSON.parse(res.body.toString())).toEqual({ Type: 'User', message });
  });

  it('says an ARN of another region as Lambda does, and nothing of its own', () => {
    const res = otherRegion('eu-west-1', 'us-east-1')!;
    expect([res.status, res.headers['x-amzn-errortype'], JSON.parse(res.body.toString()).message]).toEqual([404, 'ResourceNotFoundException', "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')"]);
    expect(otherRegion('us-east-1', 'us-east-1')).toBeUndefined();
  });

  it.each<['RequestResponse' | 'Event' | 'DryRun', number, string]>([
    ['RequestResponse', 429, 'ReservedConcurrentExecutions 0: Lambda throttles every invocation'],
    ['DryRun', 429, 'ReservedConcurrentExecutions 0: Lambda throttles every invocation'],
    ['Event', 202, 'ReservedConcurrentExecutions 0: Lambda keeps the event queued, it does not run'],
  ])('ReservedConcurrentExecutions 0, %s: %s', (type, status, reason) => {
    const { response, reason: why } = reservedZero(type, 'r1');
    expect([response.status, why]).toEqual([status, reason]);
  });

  it('throttles with the reason Lambda gives', () => {
    const res = throttled();
    expect([res.status, res.headers['x-amzn-errortype'], JSON.parse(res.body.toString())]).toEqual([429, 'TooManyRequestsException', { Type: 'User', message: 'Rate Exceeded.', Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }]);
  });
});

describe('executedVersion: what a qualifier runs, and which ones a function has', () => {
  const sam = { aliases: { live: '$LATEST' }, versions: true };
  const pinned = { aliases: { stable: '3', edge: '$LATEST' }, versions: true };
  const serverless = { aliases: {}, versions: true };
  it.each<[string, Parameters<typeof executedVersion>[0], string | undefined, string | undefined]>([
    ['unqualified', undefined, undefined, '$LATEST'],
    ['$LATEST of a function without versions', undefined, '$LATEST', '$LATEST'],
    ['an alias of a function without any', undefined, 'live', undefined],
    ['a version of a function without any', undefined, '1', undefined],
    // AutoPublishAlias: the version is the deployment's; dev runs the working copy.
    ['AutoPublishAlias', sam, 'live', '$LATEST'],
    ['a published version', sam, '7', '7'],
    ['another alias', sam, 'prod', undefined],
    // Lambda numbers versions from 1; $LATEST.PUBLISHED is a capacity provider's.
    ['version 0', sam, '0', undefined],
    ['version 01', sam, '01', undefined],
    ['$LATEST.PUBLISHED', sam, '$LATEST.PUBLISHED', undefined],
    ['$latest', sam, '$latest', undefined],
    ['an alias the template points at version 3', pinned, 'stable', '3'],
    ['an alias the template points at $LATEST', pinned, 'edge', '$LATEST'],
    ['serverless.yml: a version', serverless, '12', '12'],
    ['serverless.yml: no alias', serverless, 'live', undefined],
    ['no prototype key is an alias', sam, 'constructor', undefined],
  ])('%s', (_what, qualifiers, qualifier, expected) => {
    expect(executedVersion(qualifiers, qualifier)).toBe(expected);
  });

  it.each<[string, Parameters<typeof unknownQualifier>[0], string | undefined, string | undefined]>([
    ['unqualified', undefined, undefined, undefined],
    ['$LATEST', undefined, '$LATEST', undefined],
    ['an alias the template declares', sam, 'live', undefined],
    ['a version of a function that publishes them', sam, '7', undefined],
    ['an alias it does not declare', sam, 'nosuch', 'Function not found: arn:aws:lambda:eu-west-1:111122223333:function:fn:nosuch'],
    ['a version of a function that publishes none', undefined, '1', 'Function not found: arn:aws:lambda:eu-west-1:111122223333:function:fn:1'],
    ['an alias of a function without any', undefined, 'live', 'Function not found: arn:aws:lambda:eu-west-1:111122223333:function:fn:live'],
  ])('unknownQualifier, %s: Lambda\'s 404 or nothing', (_what, qualifiers, qualifier, message) => {
    const refused = unknownQualifier(qualifiers, qualifier, 'arn:aws:lambda:eu-west-1:111122223333:function:fn');
    expect(refused).toEqual(message === undefined ? undefined : { errorType: 'ResourceNotFoundException', errorMessage: message });
  });

  it.each<[string, ReturnType<typeof qualifiedName>]>([
    ['Fn', { name: 'Fn' }],
    ['Fn:live', { name: 'Fn', qualifier: 'live' }],
    ['Fn:$LATEST', { name: 'Fn', qualifier: '$LATEST' }],
    ['Child/Fn:3', { name: 'Child/Fn', qualifier: '3' }],
    [':live', { name: ':live' }],
  ])('qualifiedName(%j): the name and its alias or version, as aws lambda invoke --function-name reads them', (name, expected) => {
    expect(qualifiedName(name)).toEqual(expected);
  });

  it.each<[Parameters<typeof missingQualifier>[1], string]>([
    [undefined, 'Fn has no alias or version live (the project publishes no version or alias of it)'],
    [{ aliases: { live: '$LATEST' }, versions: true }, 'Fn has no alias or version live (it has alias live and numbered versions)'],
    [{ aliases: { a: '1', b: '2' }, versions: false }, 'Fn has no alias or version live (it has aliases a, b)'],
  ])('says what the function has: %j', (qualifiers, reason) => {
    expect(missingQualifier('Fn', qualifiers, 'live')).toBe(reason);
  });
});
