import { describe, expect, it } from 'vitest';
import { matchesPattern, parsePattern, patternProblem } from '../../src/core/local-aws/event-filter.js';
import { passesQueueFilters } from '../../src/core/local-aws/queue-filter.js';

// The rows of the Lambda developer guide's "Filter rule syntax" table, each with a record it matches and one it does not.
describe('a Lambda event filter pattern', () => {
  it.each<[string, Record<string, unknown>, unknown, boolean]>([
    ['null', { UserID: [null] }, { UserID: null }, true],
    ['null, a value', { UserID: [null] }, { UserID: 'x' }, false],
    ['empty', { LastName: [''] }, { LastName: '' }, true],
    ['equals', { Name: ['Alice'] }, { Name: 'Alice' }, true],
    ['equals, another value', { Name: ['Alice'] }, { Name: 'Bob' }, false],
    ['equals, a number is not its string', { Code: [100] }, { Code: '100' }, false],
    ['equals ignoring case', { Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'ALICE' }, true],
    ['and: every key', { Location: ['New York'], Day: ['Monday'] }, { Location: 'New York', Day: 'Tuesday' }, false],
    ['and: every key holds', { Location: ['New York'], Day: ['Monday'] }, { Location: 'New York', Day: 'Monday' }, true],
    ['or: one of the list', { PaymentType: ['Credit', 'Debit'] }, { PaymentType: 'Debit' }, true],
    ['or of fields ($or)', { $or: [{ Location: ['NY'] }, { Day: ['Monday'] }] }, { Location: 'LA', Day: 'Monday' }, true],
    ['or of fields, none', { $or: [{ Location: ['NY'] }, { Day: ['Monday'] }] }, { Location: 'LA', Day: 'Sunday' }, false],
    ['not (anything-but)', { Weather: [{ 'anything-but': ['Raining'] }] }, { Weather: 'Sunny' }, true],
    ['not, the excluded value', { Weather: [{ 'anything-but': ['Raining'] }] }, { Weather: 'Raining' }, false],
    ['not, a missing key', { Weather: [{ 'anything-but': ['Raining'] }] }, {}, false],
    ['anything-but a prefix', { Region: [{ 'anything-but': { prefix: 'us-' } }] }, { Region: 'us-east-1' }, false],
    ['numeric equals', { Price: [{ numeric: ['=', 100] }] }, { Price: 100 }, true],
    ['numeric range', { Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 20 }, true],
    ['numeric range, outside', { Price: [{ numeric: ['>', 10, '<=', 20] }] }, { Price: 10 }, false],
    ['numeric, a string', { Price: [{ numeric: ['>', 10] }] }, { Price: '11' }, false],
    ['exists', { ProductName: [{ exists: true }] }, { ProductName: 'x' }, true],
    ['exists, missing', { ProductName: [{ exists: true }] }, {}, false],
    ['does not exist', { ProductName: [{ exists: false }] }, {}, true],
    ['does not exist, present', { ProductName: [{ exists: false }] }, { ProductName: 'x' }, false],
    ['begins with', { Region: [{ prefix: 'us-' }] }, { Region: 'us-east-1' }, true],
    ['ends with', { FileName: [{ suffix: '.png' }] }, { FileName: 'a.jpg' }, false],
    ['a nested object', { detail: { state: ['on'] } }, { detail: { state: 'on' } }, true],
    ['a nested object, not an object', { detail: { state: ['on'] } }, { detail: 'on' }, false],
    ['a list value: one element matches', { tags: ['b'] }, { tags: ['a', 'b'] }, true],
    ['a single value is taken as a list of one', { Name: 'Alice' }, { Name: 'Alice' }, true],
    ['a rule of another kind lets the value through', { Ip: [{ cidr: '10.0.0.0/8' }] }, { Ip: '192.168.0.1' }, true],
  ])('%s', (_what, pattern, record, expected) => {
    expect(matchesPattern(pattern, record)).toBe(expected);
  });

  it('is read from a JSON string (SAM, CloudFormation) or an object (serverless.yml); anything else is none', () => {
    expect(parsePattern('{"body": {"a": [1]}}')).toEqual({ body: { a: [1] } });
    expect(parsePattern({ body: { a: [1] } })).toEqual({ body: { a: [1] } });
    expect(parsePattern('{body')).toBeUndefined();
    expect(parsePattern('["a"]')).toBeUndefined();
  });
});

describe('what Lambda may refuse in a filter pattern', () => {
  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['the rules of its table: nothing', { body: { a: ['x', 1, null, { prefix: 'p' }, { numeric: ['>', 1] }], b: [{ exists: false }] }, $or: [{ c: [{ 'anything-but': ['y'] }] }] }, undefined],
    ['a value that is no list', { body: { kind: 'job' } }, 'body.kind is "job", not a list of rules'],
    ['a rule it does not know', { body: { ip: [{ cidr: '10.0.0.0/8' }] } }, 'body.ip has {"cidr":"10.0.0.0/8"}, not a rule Lambda knows (prefix, suffix, equals-ignore-case, numeric, anything-but, exists)'],
    ['one inside $or', { $or: [{ a: [{ wildcard: '*' }] }] }, 'a has {"wildcard":"*"}, not a rule Lambda knows (prefix, suffix, equals-ignore-case, numeric, anything-but, exists)'],
    ['$or of no patterns', { $or: 'x' }, '$or is not a list of patterns'],
  ])('%s', (_what, pattern, expected) => {
    expect(patternProblem(pattern)).toBe(expected);
  });
});

// "Control which events Lambda sends to your function": the table of an SQS body's format against the pattern's.
describe('an SQS message against a mapping\'s filters', () => {
  const record = (body: string) => ({ messageId: 'm', body, attributes: { SenderId: 'AIDA1' }, eventSource: 'aws:sqs' });
  const jsonRule = { body: { kind: ['job'] } };
  const plainRule = { body: [{ prefix: 'job' }] };
  it.each<[string, Record<string, unknown>[], string, boolean]>([
    ['no filters: every message', [], 'anything', true],
    ['a JSON body under a body object: filtered on its fields', [jsonRule], '{"kind": "job"}', true],
    ['a JSON body under a body object, another value', [jsonRule], '{"kind": "report"}', false],
    ['a plain body under a body object: dropped', [jsonRule], 'job', false],
    ['a plain body under plain-string rules: filtered on the string', [plainRule], 'job 42', true],
    ['a plain body under plain-string rules, another string', [plainRule], 'report', false],
    ['a JSON body under plain-string rules: dropped, whatever the text', [{ body: [{ prefix: '{' }] }], '{"kind": "job"}', false],
    ['a JSON list is a plain body', [{ body: [{ prefix: '[' }] }], '[1, 2]', true],
    ['a pattern without body: the record\'s other keys', [{ attributes: { SenderId: ['AIDA1'] } }], 'job', true],
    ['filters are ORed', [jsonRule, plainRule], 'job 1', true],
    ['a nested body field', [{ body: { order: { total: [{ numeric: ['>', 100] }] } } }], '{"order": {"total": 150}}', true],
  ])('%s', (_what, filters, body, expected) => {
    expect(passesQueueFilters(filters, record(body))).toBe(expected);
  });
});
