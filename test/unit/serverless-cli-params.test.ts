import { describe, expect, it } from 'vitest';
import { FieldReader } from '../../src/core/model/fields.js';
import { parseParamOptions } from '../../src/core/model/serverless/cli-params.js';
import { resolveVariables } from '../../src/core/model/serverless/variables/resolve.js';
import { line } from './serverless-helpers.js';

describe("--param, as the Serverless Framework's --param takes it", () => {
  it.each<[string[], Record<string, string>]>([
    [['domain=example.com'], { domain: 'example.com' }],
    [['url=https://a.example/?x=1'], { url: 'https://a.example/?x=1' }],
    [['key=value  '], { key: 'value' }],
    [['a=1', 'b=2', 'a=3'], { a: '3', b: '2' }],
    [['spaced key= v'], { 'spaced key': ' v' }],
  ])('%j', (given, params) => {
    expect(parseParamOptions(given)).toEqual({ params });
  });

  it.each([['domain'], ['=x'], ['domain='], ['domain=   ']])('refuses %j', (given) => {
    expect(parseParamOptions([given])).toEqual({ error: `--param '${given}' is not KEY=VALUE, as in --param 'domain=example.com' (the form the Serverless Framework takes)` });
  });

  const config = { provider: { name: 'aws', stage: 'prod' }, params: { default: { domain: 'example.com', tier: 'free' }, prod: { tier: 'paid' } } };
  it.each<[string, string, Record<string, string>, unknown]>([
    ['--param wins over the stage\'s params', '${param:tier}', { tier: 'gold' }, 'gold'],
    ['and over params.default', '${param:domain}', { domain: 'example.org' }, 'example.org'],
    ['without it, the stage\'s', '${param:tier}', {}, 'paid'],
    ['a parameter serverless.yml does not have', '${param:extra}', { extra: 'x' }, 'x'],
  ])('${param:}: %s', (_, expression, params, expected) => {
    const r = new FieldReader('serverless.yml');
    const out = resolveVariables({ ...config, value: expression }, { env: {}, options: {}, params }, r);
    expect([out.value, r.diagnostics]).toEqual([expected, []]);
  });

  it('names --param when a parameter has no value', () => {
    const r = new FieldReader('serverless.yml');
    resolveVariables({ ...config, value: '${param:nope}' }, { env: {}, options: {} }, r);
    expect(r.diagnostics.map(line)).toEqual(['error value: ${param:nope} has no value: neither --param nope=... nor params.prod.nope nor params.default.nope is set, and no fallback is given']);
  });
});
