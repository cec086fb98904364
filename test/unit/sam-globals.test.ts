import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { fnTemplate } from '../helpers.js';

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });
const problems = (text: string) => read(text).diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`);

// What aws-sam-translator 1.115's Globals plugin takes (plugins/globals/globals.py): anything else, and sam build,
// sam local and sam deploy refuse the whole template ("'Globals' section is invalid").
describe('the sections and properties of Globals SAM takes', () => {
  it.each<[string, string, string[]]>([
    ['Function, Api and HttpApi settings', 'Globals:\n  Function: { Timeout: 10, Architectures: [arm64] }\n  Api: { Cors: "\'*\'" }\n  HttpApi: { StageVariables: { A: b } }', []],
    ['StageName in Api', 'Globals:\n  Api: { StageName: dev }', [
      "error Globals.Api.StageName: is not a property SAM takes in Globals.Api, so sam build and sam deploy refuse the template (an implicit API's stage is always Prod; set StageName on each AWS::Serverless::Api)",
    ]],
    ['StageName in HttpApi', 'Globals:\n  HttpApi: { StageName: beta }', [
      "error Globals.HttpApi.StageName: is not a property SAM takes in Globals.HttpApi, so sam build and sam deploy refuse the template (an implicit API's stage is always $default; set StageName on each AWS::Serverless::HttpApi)",
    ]],
    ['a misspelt property', 'Globals:\n  Function: { Timout: 10 }', [
      'error Globals.Function.Timout: is not a property SAM takes in Globals.Function, so sam build and sam deploy refuse the template (did you mean Timeout?)',
    ]],
    ['Events', 'Globals:\n  Function: { Events: {} }', [
      'error Globals.Function.Events: is not a property SAM takes in Globals.Function, so sam build and sam deploy refuse the template (set them on each function)',
    ]],
    ['a misspelt section', 'Globals:\n  Functions: { Timeout: 10 }', [
      'error Globals.Functions: is not a section SAM takes in Globals, so sam build and sam deploy refuse the template (did you mean Function?); the sections are Function, Api, HttpApi, SimpleTable, StateMachine, LayerVersion, CapacityProvider, MicroVMImage, NetworkConnector, WebSocketApi',
    ]],
    // Names 1.115 does not know, and no misspelling of one: a newer SAM may take them, so they do not stop dev.
    ['a property no SAM 1.115 knows', 'Globals:\n  HttpApi: { DisableExecuteApiEndpoint: true }', [
      'warning Globals.HttpApi.DisableExecuteApiEndpoint: is unknown to aws-sam-translator 1.115, which refuses the template (a newer SAM may take it); the property is ignored; the properties it knows there are Auth, AccessLogSettings, StageVariables, Tags, CorsConfiguration, DefaultRouteSettings, Domain, RouteSettings, FailOnWarnings, PropagateTags',
    ]],
    ['a section no SAM 1.115 knows', 'Globals:\n  GraphQLApi: { Tags: {} }', [
      'warning Globals.GraphQLApi: is unknown to aws-sam-translator 1.115, which refuses the template (a newer SAM may take it); the section is ignored; the sections it knows are Function, Api, HttpApi, SimpleTable, StateMachine, LayerVersion, CapacityProvider, MicroVMImage, NetworkConnector, WebSocketApi',
    ]],
    ['a section that is no mapping', 'Globals:\n  Function: 10', ['error Globals.Function: must be a mapping of properties']],
  ])('%s', (_what, globals, expected) => expect(problems(fnTemplate({ sections: [globals], properties: ['CodeUri: src/'] }))).toEqual(expected));
});

describe('IgnoreGlobals, the resource attribute', () => {
  const GLOBALS = 'Globals:\n  Function:\n    Timeout: 10\n    MemorySize: 256\n    Environment: { Variables: { A: global } }';
  /** The template's Fn with an IgnoreGlobals attribute (YAML after `IgnoreGlobals:`), or none. */
  const withIgnore = (ignore?: string) => fnTemplate({ sections: [GLOBALS], properties: ['CodeUri: src/'] })
    .replace('    Type: AWS::Serverless::Function\n', `    Type: AWS::Serverless::Function\n${ignore === undefined ? '' : `    IgnoreGlobals: ${ignore}\n`}`);
  it.each<[string, string | undefined, { timeout: number; memorySize: number; environment: Record<string, string> }]>([
    ['absent: every global applies', undefined, { timeout: 10, memorySize: 256, environment: { A: 'global' } }],
    ["'*': none applies", "'*'", { timeout: 3, memorySize: 128, environment: {} }],
    ['a list: those named do not', '[Timeout, Environment]', { timeout: 3, memorySize: 256, environment: {} }],
  ])('%s', (_what, ignore, expected) => {
    const { project, diagnostics } = read(withIgnore(ignore));
    expect(diagnostics).toEqual([]);
    expect(project!.functions[0]).toMatchObject(expected);
  });

  it('refuses a property Globals does not set, as SAM does', () => {
    expect(problems(withIgnore('[Timeout, Runtime]'))).toEqual(['error Resources.Fn.IgnoreGlobals[1]: "Runtime" is not a property Globals.Function sets, which SAM refuses']);
  });
});
