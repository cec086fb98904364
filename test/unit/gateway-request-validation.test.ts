// apigw-data-validation and apigw-lambda-tenant-isolation of aws-samples/serverless-patterns validate requests
// before their function runs; dev passed every request on, so the function saw what AWS answers 400 to.
import { describe, expect, it } from 'vitest';
import { schemaProblem } from '../../src/core/gateway/json-schema.js';
import { checkRequest } from '../../src/core/gateway/request-validation.js';
import { routeRequest } from '../../src/core/gateway/route-request.js';
import type { Endpoint, RequestValidation, Route } from '../../src/core/model/project.js';
import { compileRoutes } from '../../src/core/routing/index.js';
import { REQUEST_ID, request } from './http-test-support.js';

const VEHICLE = {
  type: 'object',
  required: ['make', 'year'],
  properties: {
    make: { type: 'string', minLength: 2, pattern: '^[A-Z]' },
    year: { type: 'integer', minimum: 2010, exclusiveMaximum: true, maximum: 2030 },
    color: { type: 'string', enum: ['green', 'red'] },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 2, uniqueItems: true },
    owner: { $ref: '#/definitions/owner' },
    dealer: { $ref: 'https://apigateway.amazonaws.com/restapis/abc/models/Dealer' },
  },
  additionalProperties: false,
  definitions: { owner: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
};
const DEALER = { type: 'object', properties: { id: { type: 'integer' } } };
const lookup = (ref: string) => (ref.endsWith('/Dealer') ? DEALER : undefined);

describe('schemaProblem: JSON Schema draft 4, as API Gateway models are written', () => {
  it.each<[string, unknown, string | undefined]>([
    ['a body that fits', { make: 'MINI', year: 2020, tags: ['a'], owner: { name: 'ann' }, dealer: { id: 3 } }, undefined],
    ['a required property missing', { make: 'MINI' }, '/: the required property year is missing'],
    ['below the minimum', { make: 'MINI', year: 2009 }, '/year: 2009 is less than the minimum 2010'],
    ['at an exclusive maximum (a draft 4 boolean)', { make: 'MINI', year: 2030 }, '/year: 2030 is greater than or equal to the maximum 2030'],
    ['a number where an integer is asked', { make: 'MINI', year: 2020.5 }, '/year: number is not of type integer'],
    ['a string where an integer is asked', { make: 'MINI', year: '2020' }, '/year: string is not of type integer'],
    ['outside the enum', { make: 'MINI', year: 2020, color: 'pink' }, '/color: "pink" is not one of ["green","red"]'],
    ['too short', { make: 'M', year: 2020 }, '/make: shorter than 2 characters'],
    ['not matching the pattern', { make: 'mini', year: 2020 }, '/make: does not match the pattern ^[A-Z]'],
    ['an item of the wrong type', { make: 'MINI', year: 2020, tags: [1] }, '/tags/0: integer is not of type string'],
    ['too many items', { make: 'MINI', year: 2020, tags: ['a', 'b', 'c'] }, '/tags: more than 2 items'],
    ['repeated items', { make: 'MINI', year: 2020, tags: ['a', 'a'] }, '/tags: items are not unique'],
    ['an extra property', { make: 'MINI', year: 2020, wheels: 4 }, '/: the property wheels is not allowed'],
    ['a $ref inside the schema', { make: 'MINI', year: 2020, owner: {} }, '/owner: the required property name is missing'],
    ["a $ref to another of the API's models", { make: 'MINI', year: 2020, dealer: { id: 'x' } }, '/dealer/id: string is not of type integer'],
    ['not an object', [1], '/: array is not of type object'],
  ])('%s', (_, value, problem) => expect(schemaProblem(VEHICLE, value, lookup)).toBe(problem));

  it.each<[string, unknown, unknown, string | undefined]>([
    ['anyOf: one fits', { anyOf: [{ type: 'string' }, { type: 'integer' }] }, 3, undefined],
    ['anyOf: none fits', { anyOf: [{ type: 'string' }, { type: 'integer' }] }, true, '/: fits none of anyOf'],
    ['oneOf: two fit', { oneOf: [{ type: 'number' }, { type: 'integer' }] }, 3, '/: fits 2 of oneOf, not exactly one'],
    ['not', { not: { type: 'null' } }, null, '/: fits the schema under not'],
    ['multipleOf', { multipleOf: 0.5 }, 1.25, '/: 1.25 is not a multiple of 0.5'],
    ['a type list', { type: ['string', 'null'] }, null, undefined],
    ['a $ref to no model', { $ref: 'https://apigateway.amazonaws.com/restapis/abc/models/Gone' }, {}, '/: $ref https://apigateway.amazonaws.com/restapis/abc/models/Gone names no model of the API'],
    ['a schema that refers to itself without end', { $ref: '#' }, {}, '/: $ref # refers to itself too deeply'],
    ['format is not checked', { type: 'string', format: 'email' }, 'not an email', undefined],
    // Valid ECMA 262 patterns that the u flag refuses: they are read without it, not taken as matching nothing.
    ['a pattern with an escaped dash: fits', { type: 'string', pattern: '^\\d{3}\\-\\d{4}$' }, '555-1234', undefined],
    ['a pattern with an escaped dash: does not fit', { type: 'string', pattern: '^\\d{3}\\-\\d{4}$' }, '5551234', '/: does not match the pattern ^\\d{3}\\-\\d{4}$'],
    ['a class with a dash after \\w: fits', { type: 'string', pattern: '^[\\w-.]+$' }, 'a-b.c', undefined],
    ['a class with a dash after \\w: does not fit', { type: 'string', pattern: '^[\\w-.]+$' }, 'a b', '/: does not match the pattern ^[\\w-.]+$'],
    ['a pattern that compiles no way matches nothing', { type: 'string', pattern: '(' }, 'a', '/: does not match the pattern ('],
    ['dependencies: a property that needs another, present', { dependencies: { card: ['billing'] } }, { card: 1, billing: 2 }, undefined],
    ['dependencies: the property it needs missing', { dependencies: { card: ['billing'] } }, { card: 1 }, '/: card needs the property billing'],
    ['dependencies: a property every object inherits is not there', { dependencies: { toString: ['x'] } }, {}, undefined],
    ['dependencies: an inherited name is not a property the object has', { dependencies: { a: ['constructor'] } }, { a: 1 }, '/: a needs the property constructor'],
    ['dependencies: a schema', { dependencies: { a: { required: ['b'] } } }, { a: 1 }, '/: the required property b is missing'],
    ['a $ref with a stray % in its fragment', { definitions: { '100%': { type: 'string' } }, $ref: '#/definitions/100%' }, 3, '/: integer is not of type string'],
    ['a $ref with a percent-encoded fragment', { definitions: { 'a b': { type: 'string' } }, $ref: '#/definitions/a%20b' }, 3, '/: integer is not of type string'],
    ['required: an inherited name is not there', { required: ['constructor'] }, {}, '/: the required property constructor is missing'],
    ['patternProperties', { patternProperties: { '^x-': { type: 'string' } }, additionalProperties: false }, { 'x-a': 1 }, '/x-a: integer is not of type string'],
    ['additionalItems: false past a tuple', { items: [{ type: 'string' }], additionalItems: false }, ['a', 'b'], '/: item 1 is not allowed'],
    ['maxLength counts code points', { type: 'string', maxLength: 1 }, '😀', undefined],
    ['minProperties', { minProperties: 1 }, {}, '/: fewer than 1 properties'],
    ['a pattern counts code points', { type: 'string', pattern: '^.$' }, '😀', undefined],
  ])('%s', (_, schema, value, problem) => expect(schemaProblem(schema, value)).toBe(problem));
});

describe('checkRequest: a REST method request validator', () => {
  const validation: RequestValidation = {
    parameters: [{ in: 'header', name: 'x-tenant-id' }, { in: 'querystring', name: 'page' }, { in: 'path', name: 'id' }],
    bodyModels: { 'application/json': VEHICLE },
    models: { Dealer: DEALER },
  };
  const post = (body: string, headers: Array<[string, string]> = [['X-Tenant-Id', 't1']], rawQuery = 'page=2') => request({ method: 'POST', headers, body, rawQuery });
  const answer = (refused: ReturnType<typeof checkRequest>) => refused && [refused.response.statusCode, refused.response.body.toString(), refused.reason];

  it('a request with every parameter and a body that fits goes on', () => {
    expect(checkRequest(validation, post('{"make":"MINI","year":2020}'), { id: '7' })).toBeUndefined();
  });

  it('missing parameters are named, in the order the method lists them, before the body is looked at', () => {
    expect(answer(checkRequest(validation, post('nope', [], ''), {}))).toEqual([400, '{"message": "Missing required request parameters: [x-tenant-id, page, id]"}', 'request validation: missing required parameters x-tenant-id, page, id']);
  });

  // "The required request parameters ... are included and not blank" (API Gateway docs, "Request validation for REST APIs").
  it.each<[string, Array<[string, string]>, string, string]>([
    ['an empty header', [['X-Tenant-Id', '']], 'page=2', 'x-tenant-id'],
    ['a header of spaces', [['X-Tenant-Id', '  ']], 'page=2', 'x-tenant-id'],
    ['an empty query value', [['X-Tenant-Id', 't1']], 'page=', 'page'],
    ['a query key without a value', [['X-Tenant-Id', 't1']], 'page', 'page'],
  ])('a blank parameter is missing: %s', (_, headers, rawQuery, name) => {
    expect(answer(checkRequest(validation, post('{"make":"MINI","year":2020}', headers, rawQuery), { id: '7' }))).toEqual([400, `{"message": "Missing required request parameters: [${name}]"}`, `request validation: missing required parameters ${name}`]);
  });

  it("answers as API Gateway's BAD_REQUEST_BODY: 400, BadRequestException", () => {
    const refused = checkRequest(validation, post('{"make":"MINI","year":2009}'), { id: '7' });
    expect(answer(refused)).toEqual([400, '{"message": "Invalid request body"}', 'request validation: the body does not fit its model (/year: 2009 is less than the minimum 2010)']);
    expect(refused!.response.headers).toEqual([['Content-Type', 'application/json'], ['x-amzn-RequestId', REQUEST_ID], ['x-amzn-ErrorType', 'BadRequestException'], ['x-amz-apigw-id', expect.any(String)]]);
  });

  it.each<[string, string, Array<[string, string]>, boolean]>([
    ['a body that is not JSON', 'make=MINI', [['Content-Type', 'application/json; charset=utf-8']], false],
    ['no Content-Type: taken as JSON', '{"year":1}', [], false],
    ['an empty body, checked as {}', '', [], false],
    ['a type that has no model', 'anything', [['Content-Type', 'text/plain']], true],
  ])('%s', (_, body, headers, passes) => {
    const only: RequestValidation = { bodyModels: validation.bodyModels! };
    expect(checkRequest(only, post(body, headers), null) === undefined).toBe(passes);
  });

  it('routeRequest refuses before the function, and only on the route that has a validator', () => {
    const source = { file: 'template.yaml', path: 'Resources' };
    const routes: Route[] = [{ method: 'POST', path: '/items/{id}', functionId: 'Fn', validation, source }, { method: 'GET', path: '/items/{id}', functionId: 'Fn', source }];
    const endpoint: Endpoint = { id: 'Api', kind: 'rest', stage: 'Prod', binaryMediaTypes: [], source, routes };
    const step = (req: ReturnType<typeof request>) => routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, req);
    expect(step(post('{"make":"MINI","year":2020}', [], 'page=1'))).toMatchObject({ kind: 'respond', reason: 'request validation: missing required parameters x-tenant-id' });
    expect(step(post('{"make":"MINI","year":2020}')).kind).toBe('invoke');
    expect(step(request()).kind).toBe('invoke');
  });
});

describe('routeRequest: the tenant a REST integration maps to X-Amz-Tenant-Id', () => {
  const source = { file: 'template.yaml', path: 'Resources' };
  const step = (tenantIdFrom: Route['tenantIdFrom'], req: ReturnType<typeof request>) => {
    const endpoint: Endpoint = { id: 'Api', kind: 'rest', stage: 'Prod', binaryMediaTypes: [], source, routes: [{ method: 'GET', path: '/items/{id}', functionId: 'Fn', ...(tenantIdFrom ? { tenantIdFrom } : {}), source }] };
    const s = routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, req);
    return s.kind === 'invoke' ? s.tenantId : s.reason;
  };
  it.each<[string, Route['tenantIdFrom'], ReturnType<typeof request>, string | undefined]>([
    ['a header, its last value', { in: 'header', name: 'x-tenant' }, request({ headers: [['X-Tenant', 'a'], ['x-tenant', 'blue']] }), 'blue'],
    ['a query string', { in: 'querystring', name: 't' }, request({ rawQuery: 't=red%20one' }), 'red one'],
    ['a path parameter', { in: 'path', name: 'id' }, request({ rawPath: '/items/green' }), 'green'],
    ['a literal', { value: 'fixed' }, request(), 'fixed'],
    ['a header the request lacks: none', { in: 'header', name: 'x-tenant' }, request(), undefined],
    ['no mapping', undefined, request(), undefined],
  ])('%s', (_, from, req, tenant) => expect(step(from, req)).toBe(tenant));
});
