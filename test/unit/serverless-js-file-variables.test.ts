import { describe, expect, it } from 'vitest';
import { line } from './serverless-helpers.js';
import { FieldReader } from '../../src/core/model/fields.js';
import { resolveVariables } from '../../src/core/model/serverless/variables/resolve.js';
import { jsFileKey, jsFileReferences, jsFileValuesFromRun } from '../../src/core/model/serverless/variables/js-files.js';
import type { ConfigRun } from '../../src/core/model/serverless/config-file.js';
import { Unresolved } from '../../src/core/model/cfn/intrinsics.js';
import { answerJsQuestion, type JsQuestion, type JsReply } from '../../src/core/model/serverless/variables/js-questions.js';
import type { SourceResult } from '../../src/core/model/serverless/variables/sources.js';

const refs = (config: unknown) => Object.fromEntries([...jsFileReferences(config)].map(([path, addresses]) => [path, [...addresses]]));

describe('the JavaScript files ${file()} variables name', () => {
  it.each<[string, unknown, Record<string, (string | undefined)[]>]>([
    ['a whole export and properties, one entry per file', { a: '${file(./c.js)}', b: ['${file(./c.js):env.x}', '${file(c.js):env.x}'] }, { 'c.js': [undefined, 'env.x'] }],
    ['inside text and in fallbacks', { a: 'pre-${opt:x, file(./d.cjs):k}-post', b: "${env:X, file(../shared/e.js):y, 'z'}" }, { 'd.cjs': ['k'], '../shared/e.js': ['y'] }],
    ['in the address of another variable', { a: '${self:custom.${file(./s.js):stage}}' }, { 's.js': ['stage'] }],
    ['not YAML, .mjs or .ts files (the Framework reads those as text)', { a: '${file(./c.yml):x}', b: '${file(./m.mjs)}', c: '${file(./t.ts)}' }, {}],
    ['not a path or an address with variables in it', { a: '${file(./${opt:stage}.js)}', b: '${file(./c.js):${opt:stage}}' }, {}],
    ['not bad syntax (the resolver reports it)', { a: '${file(./c.js):x' }, {}],
  ])('%s', (_, config, expected) => {
    expect(refs(config)).toEqual(expected);
  });
});

const run = (stdout: string, extra: Partial<ConfigRun> = {}): ConfigRun => ({ code: 0, stdout, stderr: '', timedOut: false, timeoutMs: 30_000, ...extra });

describe("a loader run's values", () => {
  const values = (r: ConfigRun, addresses: (string | undefined)[] = ['env']) => [...jsFileValuesFromRun(r, 'c.js', '/svc/c.js', addresses).values.values()];

  it.each<[string, ConfigRun, SourceResult]>([
    ['a value', run('{"values":[{"value":{"A":"1"}}],"files":[]}'), { kind: 'value', value: { A: '1' } }],
    ['nothing', run('{"values":[{"missing":true}]}'), { kind: 'missing', why: 'c.js\'s "env" is empty' }],
    ['a throw, at its line', run(JSON.stringify({ values: [{ error: 'thrown', message: 'nope', stack: 'Error: nope\n    at env (/svc/c.js:3:9)\n    at x (node:internal/y:1:1)' }] })), { kind: 'error', message: 'c.js\'s "env" failed: nope (at c.js:3:9)' }],
    ['a throw as it loads', run(JSON.stringify({ values: [{ error: 'thrown', message: 'nope', load: true }] })), { kind: 'error', message: 'cannot load c.js: nope' }],
    ['not JSON', run('{"values":[{"error":"not-json","message":"it is a function"}]}'), { kind: 'error', message: 'c.js\'s "env" is not JSON data (it is a function)' }],
    ['a question that failed', run('{"values":[{"error":"resolve-variable","name":"resolveVariable","argument":"env:X","message":"${env:X} has no value"}]}'),
      { kind: 'error', message: 'c.js\'s "env" calls resolveVariable("env:X"): ${env:X} has no value' }],
    ['a question only AWS answers', run('{"values":[{"unresolved":"${ssm:/a} reads AWS","name":"resolveConfigurationProperty","argument":["custom","a"]}]}'),
      { kind: 'unresolved', value: new Unresolved('c.js\'s "env" calls resolveConfigurationProperty(["custom","a"]), which cannot be known locally: ${ssm:/a} reads AWS') }],
    ['a timeout', run('', { timedOut: true, code: null }), { kind: 'error', message: 'c.js gave no value within 30 s, so pylambda stopped it (a Promise that never settles?); PYLAMBDA_CONFIG_TIMEOUT sets the limit in seconds' }],
    ['a Promise never settled', run('{"error":"unsettled"}'), { kind: 'error', message: 'c.js never settled its Promise (Node had nothing left to run)' }],
    ['a crash', run('', { code: 1, stderr: 'Error: late\n    at Timeout' }), { kind: 'error', message: 'Node stopped with exit code 1 before c.js gave its value:\nError: late\n    at Timeout' }],
  ])('%s', (_, r, expected) => {
    expect(values(r)).toEqual([expected]);
  });

  it('keeps the files the module required, for dev to watch', () => {
    expect(jsFileValuesFromRun(run('{"values":[{"value":1}],"files":["/svc/lib.js"]}'), 'c.js', '/svc/c.js', [undefined]).files).toEqual(['/svc/lib.js']);
  });
});

describe('the resolver with JavaScript values', () => {
  const resolveWith = (config: Record<string, unknown>, js: Record<string, SourceResult>) => {
    const r = new FieldReader('serverless.yml');
    const jsFiles = new Map(Object.entries(js).map(([k, v]) => { const [path, address] = k.split(':'); return [jsFileKey(path!, address), v]; }));
    const out = resolveVariables({ service: 's', ...config }, { env: {}, options: { stage: 'prod' }, readFile: () => undefined, jsFiles }, r);
    return { out, diagnostics: r.diagnostics.map(line) };
  };

  it('takes the value for the address as it is, and resolves variables in it', () => {
    expect(resolveWith({ custom: { a: '${file(./c.js):env}', b: 'x-${file(./c.js):n}' } }, { 'c.js:env': { kind: 'value', value: { STAGE: '${opt:stage}', 'x.y': 1 } }, 'c.js:n': { kind: 'value', value: 7 } }))
      .toEqual({ out: { service: 's', custom: { a: { STAGE: 'prod', 'x.y': 1 }, b: 'x-7' } }, diagnostics: [] });
  });

  it('tells of a variable it lacks, whose path and address are resolved, and leaves it unknown', () => {
    const wanted: unknown[] = [];
    const r = new FieldReader('serverless.yml');
    const out = resolveVariables({ a: '${file(./c.${opt:stage}.js):${self:k}}', k: 'key' }, { env: {}, options: { stage: 'prod' }, readFile: () => 'module.exports = {}', jsFiles: new Map(), jsFileWanted: (...args) => wanted.push(args) }, r);
    expect([out.a, wanted, r.diagnostics]).toEqual([{ reason: 'c.prod.js is JavaScript, which pylambda could not run for this variable' }, [['c.prod.js', 'key']], []]);
  });

  it('takes the fallback when the file gives nothing, and names the variable in an error', () => {
    expect(resolveWith({ a: "${file(./c.js):x, 'dflt'}", b: '${file(./c.js):y}' }, { 'c.js:x': { kind: 'missing', why: 'none' }, 'c.js:y': { kind: 'error', message: 'c.js\'s "y" failed: nope' } }))
      .toEqual({ out: { service: 's', a: 'dflt', b: undefined }, diagnostics: ['error b: ${file(./c.js):y}: c.js\'s "y" failed: nope'] });
  });
});

describe("the answer to a ${file()} function's resolveVariable and resolveConfigurationProperty", () => {
  const config = {
    service: 's',
    provider: { name: 'aws', stage: "${opt:stage, 'dev'}" },
    custom: { word: 'hi', nested: '${self:custom.word}-${sls:stage}', map: { a: '${env:A}' }, bad: '${env:NOPE}', remote: '${ssm:/x}', js: '${file(./c.js):x}', other: '${file(./d.js):y}' },
  };
  const ask = (name: JsQuestion['name'], argument: unknown, jsValues: Record<string, SourceResult> = {}) => {
    const wanted: string[] = [];
    const jsFiles = new Map(Object.entries(jsValues).map(([k, v]) => { const [path, address] = k.split(':'); return [jsFileKey(path!, address), v]; }));
    const reply = answerJsQuestion(config, { name, argument, address: 'x' }, {
      env: { A: 'a' }, options: { stage: 'prod' }, readFile: (path) => ({ 'x.yml': 'k: [1, 2]', 'c.js': 'module.exports = {}' })[path], jsFiles, jsFileWanted: (path, address) => wanted.push(`${path}:${address ?? ''}`),
    });
    return wanted.length ? { reply, wanted } : reply;
  };

  it.each<[string, JsQuestion['name'], unknown, JsReply | { reply: JsReply; wanted: string[] }, Record<string, SourceResult>?]>([
    ['self, its variables resolved first', 'resolveVariable', 'self:custom.nested', { value: 'hi-prod' }],
    ['a mapping, resolved inside', 'resolveVariable', 'self:custom.map', { value: { a: 'a' } }],
    ['opt', 'resolveVariable', 'opt:stage', { value: 'prod' }],
    ['env with a fallback', 'resolveVariable', 'env:NOPE, "fallback"', { value: 'fallback' }],
    ['a null fallback', 'resolveVariable', 'env:NOPE, null', { value: null }],
    ['another file', 'resolveVariable', 'file(./x.yml):k', { value: [1, 2] }],
    ['nothing: an error, as in the Framework', 'resolveVariable', 'env:NOPE', { error: '${env:NOPE} has no value: NOPE is not set in the environment, and no fallback is given' }],
    ['a property whose own variable fails', 'resolveVariable', 'self:custom.bad', { error: 'custom.bad: ${env:NOPE} has no value: NOPE is not set in the environment, and no fallback is given' }],
    ['bad syntax', 'resolveVariable', 'self:custom.${x', { error: 'invalid variable syntax: ${self:custom.${x} has no closing }' }],
    ['not a string', 'resolveVariable', 42, { error: 'it takes a string, as in resolveVariable(\'self:custom.x\')' }],
    ['what only AWS knows', 'resolveVariable', 'self:custom.remote', { unresolved: '${ssm:/x} reads AWS Systems Manager Parameter Store through the "ssm" variable source, which pylambda cannot do locally' }],
    ['a property', 'resolveConfigurationProperty', ['custom', 'nested'], { value: 'hi-prod' }],
    ['a property that is not set: undefined, not an error', 'resolveConfigurationProperty', ['custom', 'none'], { missing: true }],
    ['keys that are not strings', 'resolveConfigurationProperty', 'custom.word', { error: 'it takes an array of keys, as in resolveConfigurationProperty([\'custom\', \'x\'])' }],
    ['a JavaScript value known', 'resolveVariable', 'self:custom.other', { value: 'y' }, { 'd.js:y': { kind: 'value', value: 'y' } }],
    ['a JavaScript value not yet known: told, to be run', 'resolveVariable', 'self:custom.js', { reply: { unresolved: 'c.js is JavaScript, which pylambda could not run for this variable' }, wanted: ['c.js:x'] }],
  ])('%s', (_, name, argument, expected, js) => {
    expect(ask(name, argument, js)).toEqual(expected);
  });
});
