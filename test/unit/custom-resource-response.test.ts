import { describe, expect, it } from 'vitest';
import { customResourceRequest, readCustomResourceAnswer, type CustomResourceRequest } from '../../src/core/events/custom-resource-response.js';

const CREATE: CustomResourceRequest = { RequestType: 'Create', ResponseURL: 'http://x', StackId: 'arn:stack', RequestId: 'req-1', LogicalResourceId: 'Thing' };
const UPDATE: CustomResourceRequest = { ...CREATE, RequestType: 'Update', PhysicalResourceId: 'thing-1' };
const DELETE: CustomResourceRequest = { ...CREATE, RequestType: 'Delete', PhysicalResourceId: 'thing-1' };
const COPIED = { StackId: 'arn:stack', RequestId: 'req-1', LogicalResourceId: 'Thing' };
const answer = (request: CustomResourceRequest, body: unknown) => readCustomResourceAnswer(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), request);

describe('customResourceRequest', () => {
  it.each([
    ['a Create request', { ...CREATE, ResourceProperties: {} }, true],
    ['an Update request', UPDATE, true],
    ['a request type CloudFormation does not send', { ...CREATE, RequestType: 'Read' }, false],
    ['no ResponseURL', { ...CREATE, ResponseURL: undefined }, false],
    ['no StackId', { ...CREATE, StackId: 3 }, false],
    ['a PhysicalResourceId that is no string', { ...UPDATE, PhysicalResourceId: 7 }, false],
    ['an API Gateway event', { httpMethod: 'GET', path: '/' }, false],
    ['an array', [CREATE], false],
    ['null', null, false],
  ])('%s: %s', (_what, event, is) => {
    expect(customResourceRequest(event) !== undefined).toBe(is);
  });
});

describe('readCustomResourceAnswer: as CloudFormation reads the answer (user guide, "Custom resource response objects")', () => {
  it('reads a SUCCESS with its physical id, data and NoEcho', () => {
    expect(answer(CREATE, { Status: 'SUCCESS', PhysicalResourceId: 'thing-1', ...COPIED, Data: { Arn: 'a' }, NoEcho: true })).toEqual({
      status: 'SUCCESS', physicalResourceId: 'thing-1', data: { Arn: 'a' }, noEcho: true, problems: [], notes: [],
    });
  });

  it.each([
    ['no Status', { PhysicalResourceId: 'p', ...COPIED }, ['Status is missing: it must be SUCCESS or FAILED']],
    ['a Status in lower case', { Status: 'success', PhysicalResourceId: 'p', ...COPIED }, ['Status is "success": it must be SUCCESS or FAILED']],
    ['a FAILED without Reason', { Status: 'FAILED', PhysicalResourceId: 'p', ...COPIED }, ['Reason is missing: a FAILED answer must say why']],
    ['no PhysicalResourceId', { Status: 'SUCCESS', ...COPIED }, ['PhysicalResourceId is missing: it must be a non-empty string']],
    ['an empty PhysicalResourceId', { Status: 'SUCCESS', PhysicalResourceId: '', ...COPIED }, ['PhysicalResourceId is "": it must be a non-empty string']],
    ['a PhysicalResourceId over 1 KB', { Status: 'SUCCESS', PhysicalResourceId: 'p'.repeat(1025), ...COPIED }, ['PhysicalResourceId is 1025 bytes: at most 1024']],
    ['a RequestId not copied', { Status: 'SUCCESS', PhysicalResourceId: 'p', ...COPIED, RequestId: 'other' }, ['RequestId is "other": it must be the request\'s, "req-1"']],
    ['no StackId', { Status: 'SUCCESS', PhysicalResourceId: 'p', RequestId: 'req-1', LogicalResourceId: 'Thing' }, ['StackId is missing: it must be the request\'s, "arn:stack"']],
    ['Data that is a list', { Status: 'SUCCESS', PhysicalResourceId: 'p', ...COPIED, Data: [1] }, ['Data is [1]: it must be a JSON object of names and values']],
    ['NoEcho as a string', { Status: 'SUCCESS', PhysicalResourceId: 'p', ...COPIED, NoEcho: 'true' }, ['NoEcho is "true": it must be true or false']],
    ['a body over 4096 bytes', { Status: 'SUCCESS', PhysicalResourceId: 'p', ...COPIED, Data: { big: 'x'.repeat(4096) } }, [expect.stringMatching(/^it is 42\d\d bytes: CloudFormation takes at most 4096 \(Data is most of it, usually\)$/)]],
    ['text that is not JSON', 'SUCCESS', ['it is not JSON']],
    ['a JSON list', '[]', ['it is not a JSON object']],
  ])('%s is refused', (_what, body, problems) => {
    expect(answer(CREATE, body).problems).toEqual(problems);
  });

  it("an Update's answer with another physical id replaces the resource; a Delete's must keep it", () => {
    expect(answer(UPDATE, { Status: 'SUCCESS', PhysicalResourceId: 'thing-2', ...COPIED })).toMatchObject({
      problems: [], notes: ["the PhysicalResourceId changed (thing-1 -> thing-2): CloudFormation replaces the resource, and sends a Delete request for thing-1 once the stack's update completes"],
    });
    expect(answer(UPDATE, { Status: 'SUCCESS', PhysicalResourceId: 'thing-1', ...COPIED })).toMatchObject({ problems: [], notes: [] });
    expect(answer(DELETE, { Status: 'SUCCESS', PhysicalResourceId: 'thing-2', ...COPIED }).problems).toEqual(['PhysicalResourceId is "thing-2": a Delete\'s answer must keep the request\'s, "thing-1"']);
  });
});
