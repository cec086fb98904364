import { describe, expect, it } from 'vitest';
import { problems } from './serverless-helpers.js';
import { parseDotenv } from '../../src/core/model/dotenv-text.js';
import { dotenvFiles, dotenvJsReferences, dotenvSettings, stageRefused, watchedEnv, withResolvedStage, type DotenvSettings } from '../../src/core/model/serverless/dotenv.js';
import { jsFileKey, type JsFileValues } from '../../src/core/model/serverless/variables/js-files.js';
import type { SourceResult } from '../../src/core/model/serverless/variables/sources.js';
import { parseServerlessYml } from '../../src/core/model/serverless/read.js';

describe('useDotenv', () => {
  const settings = (text: string, options: Record<string, string> = {}, env: Record<string, string> = {}, files: Record<string, string> = {}, jsFiles?: JsFileValues) =>
    dotenvSettings((parseServerlessYml(text, 'serverless.yml') as { value: unknown }).value, { env, options, readFile: (path) => files[path], ...(jsFiles ? { jsFiles } : {}) });

  it('is asked for by useDotenv: true at the top, or a variable that gives true', () => {
    expect(settings('service: x\nuseDotenv: true\n')).toEqual({ stage: 'dev', unsetEnv: [] });
    expect(settings('service: x\nuseDotenv: false\n')).toBeUndefined();
    expect(settings('custom:\n  useDotenv: true\n')).toBeUndefined();
    expect(settings("useDotenv: ${strToBool(${env:DOTENV, 'true'})}\n")).toEqual({ stage: 'dev', unsetEnv: ['DOTENV'] });
    expect(dotenvFiles('prod')).toEqual(['.env.prod', '.env']);
  });

  // Framework v3 resolves provider.stage before it loads the files (scripts/serverless.js, conditionally-load-dotenv.js).
  it.each<[string, string, Record<string, string>, Record<string, string>, DotenvSettings]>([
    ['a name', 'stage: prod', {}, {}, { stage: 'prod', unsetEnv: [], resolvedStage: 'prod' }],
    ['--stage, over provider.stage', 'stage: prod', { stage: 'qa' }, {}, { stage: 'qa', unsetEnv: [], resolvedStage: 'prod' }],
    ["an option's fallback", "stage: ${opt:stage, 'prod'}", {}, {}, { stage: 'prod', unsetEnv: [], resolvedStage: 'prod' }],
    ['the option', "stage: ${opt:stage, 'prod'}", { stage: 'test' }, {}, { stage: 'test', unsetEnv: [], resolvedStage: 'test' }],
    ['a variable of the shell', "stage: ${env:STAGE, 'dev'}", {}, { STAGE: 'prod' }, { stage: 'prod', unsetEnv: [], resolvedStage: 'prod' }],
    ['a variable the shell does not set: its fallback, and the name, for the conflict check', "stage: ${env:STAGE, 'dev'}", {}, {}, { stage: 'dev', unsetEnv: ['STAGE'], resolvedStage: 'dev' }],
    ['another property', 'stage: ${self:custom.stage}', {}, {}, { stage: 'staging', unsetEnv: [], resolvedStage: 'staging' }],
    ['a file', 'stage: ${file(./stage.yml):name}', {}, {}, { stage: 'from-file', unsetEnv: [], resolvedStage: 'from-file' }],
    // The Framework runs it then, with the shell's environment (api/project.ts runs it first).
    ['a JavaScript file', 'stage: ${file(./stage.js):name}', {}, {}, { stage: 'from-js', unsetEnv: [], resolvedStage: 'from-js' }],
    ['a JavaScript file that gives nothing: its fallback', "stage: ${file(./stage.js):none, 'fb'}", {}, {}, { stage: 'fb', unsetEnv: [], resolvedStage: 'fb' }],
    ['none', 'runtime: python3.12', {}, {}, { stage: 'dev', unsetEnv: [] }],
    // The Framework stops: "provider.stage" property is not accessible (configured behind variables which cannot be resolved at this stage).
    ['what only AWS knows, --stage or not', 'stage: ${ssm:/stage}', { stage: 'qa' }, {}, { stage: 'qa', unsetEnv: [], stageUnknown: '${ssm:/stage} is of the "ssm" variable source, which is not read then (only env, file, opt, self, strToBool and sls are)' }],
    ['a JavaScript file not run', 'stage: ${file(./other.js):name}', {}, {}, { stage: 'dev', unsetEnv: [], stageUnknown: 'other.js is JavaScript, which pylambda could not run for this variable' }],
  ])('picks the stage by provider.stage: %s', (_what, stage, options, env, expected) => {
    const text = `service: x\nuseDotenv: true\ncustom: { stage: staging }\nprovider:\n  name: aws\n  ${stage}\n`;
    const js = new Map<string, SourceResult>([[jsFileKey('stage.js', 'name'), { kind: 'value', value: 'from-js' }], [jsFileKey('stage.js', 'none'), { kind: 'missing', why: 'empty' }]]);
    expect(settings(text, options, env, { 'stage.yml': 'name: from-file\n', 'other.js': '' }, js)).toEqual(expected);
  });

  // Checked against Framework v3.40's `serverless print`: each refused is "provider.stage" property is not accessible.
  it.each<[string, string, Record<string, string>, string | undefined]>([
    ['${param:} alone', '${param:stage}', {}, '${param:stage} is of the "param" variable source'],
    ['${param:} even with --stage', '${param:stage}', { stage: 'q' }, '${param:stage} is of the "param" variable source'],
    ['${aws:region}', '${aws:region}', {}, '${aws:region} is of the "aws" variable source'],
    ['a pending source ends the fallbacks', "${env:NOPE, param:stage, 'dev'}", {}, '${param:stage} is of the "param" variable source'],
    ['through ${self:}', "${self:custom.st, 'x'}", {}, '${param:stage} is of the "param" variable source'],
    ['a source before it that has a value', '${opt:stage, param:stage}', { stage: 'q' }, undefined],
    ['env, with its fallback', "${env:NOPE, 'lit'}", {}, undefined],
  ])('provider.stage is refused when a source it needs comes later, useDotenv or not: %s', (_what, stage, cli, reason) => {
    const text = `service: x\nparams: { default: { stage: p } }\ncustom: { st: '\${param:stage}' }\nprovider:\n  name: aws\n  runtime: python3.12\n  stage: ${stage}\nfunctions:\n  f: { handler: app.handler }\n`;
    const said = problems(text, cli);
    const refused = `error provider.stage: cannot be known when the Framework resolves it, before anything else (${reason ?? ''}, which is not read then (only env, file, opt, self, strToBool and sls are)): the Serverless Framework refuses the configuration ("provider.stage" property is not accessible); write the stage in the file, or as \${opt:stage, 'dev'}`;
    expect(said).toEqual(reason ? [refused] : []);
  });

  // One rule, refused at two moments (core/model/serverless/read.ts first, api/serverless-read.ts before the .env file): one wording.
  it.each<['first' | 'before-dotenv', string]>([
    ['first', 'when the Framework resolves it, before anything else'],
    ['before-dotenv', 'before the .env file is loaded'],
  ])('says a stage refused %s when it had to be known, and why it was not', (when, moment) => {
    expect(stageRefused(when, '${ssm:/s} is of the "ssm" variable source')).toBe(
      `cannot be known ${moment} (\${ssm:/s} is of the "ssm" variable source): the Serverless Framework refuses the configuration ("provider.stage" property is not accessible); write the stage in the file, or as \${opt:stage, 'dev'}`);
  });

  it('runs first the JavaScript files the stage names, and keeps the stage it resolved', () => {
    const config = { useDotenv: '${file(./dotenv.js)}', provider: { stage: '${file(./stage.js):name}', region: '${file(./region.js)}' } };
    expect(Object.fromEntries([...dotenvJsReferences(config)].map(([path, addresses]) => [path, [...addresses]]))).toEqual({ 'dotenv.js': [undefined], 'stage.js': ['name'] });
    expect(dotenvJsReferences({ provider: { stage: '${file(./stage.js):name}' } }).size).toBe(0);
    expect(withResolvedStage(config, { stage: 'qa', unsetEnv: [], resolvedStage: 'qa' })).toEqual({ ...config, provider: { ...config.provider, stage: 'qa' } });
    expect(withResolvedStage(config, { stage: 'dev', unsetEnv: [] })).toBe(config);
  });

  it("counts the variables a stage's JavaScript file asked for that the shell does not set, for the conflict check", () => {
    const unset = new Set<string>();
    const env = watchedEnv({ SET: 'x' }, unset);
    expect([env.SET, env.ASKED]).toEqual(['x', undefined]);
    const js = new Map<string, SourceResult>([[jsFileKey('stage.js', 'name'), { kind: 'value', value: 'qa' }]]);
    expect(settings('useDotenv: true\nprovider: { stage: "${file(./stage.js):name}" }\n', {}, {}, {}, js)).toEqual({ stage: 'qa', unsetEnv: [], resolvedStage: 'qa' });
    expect(dotenvSettings({ useDotenv: true, provider: { stage: '${env:OWN, "qa"}' } }, { env: {}, options: {} }, unset)).toEqual({ stage: 'qa', unsetEnv: ['ASKED', 'OWN'], resolvedStage: 'qa' });
  });

  it('reads dotenv\'s format: export, comments, quotes', () => {
    expect(parseDotenv('\uFEFF# a comment\nA=1\nexport B = two words # trailing\nC="quoted # not a comment\\nnext"\nD=\'single\'\nnot a line\n')).toEqual({
      A: '1', B: 'two words', C: 'quoted # not a comment\nnext', D: 'single',
    });
  });
});
