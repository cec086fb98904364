import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { fnTemplate } from '../helpers.js';

const qualifiersOf = (options: Parameters<typeof fnTemplate>[0]) => {
  const { project } = readSamTemplate(fnTemplate(options), { file: 'template.yaml' });
  return Object.fromEntries(project!.functions.map((f) => [f.id, f.qualifiers]));
};

describe("a template's aliases and versions: what a qualified invocation may name", () => {
  it.each<[string, Parameters<typeof fnTemplate>[0], Record<string, unknown>]>([
    ['none', {}, { Fn: undefined }],
    // SAM publishes a version at each deploy and points the alias at it.
    ['AutoPublishAlias', { properties: ['AutoPublishAlias: live'] }, { Fn: { aliases: { live: '$LATEST' }, versions: true } }],
    ['AutoPublishAlias from a parameter', { sections: ['Parameters: { Alias: { Type: String, Default: prod } }'], properties: ['AutoPublishAlias: !Ref Alias'] }, { Fn: { aliases: { prod: '$LATEST' }, versions: true } }],
    ['an AWS::Lambda::Version', { resources: ['Ver: { Type: AWS::Lambda::Version, Properties: { FunctionName: !Ref Fn } }'] }, { Fn: { aliases: {}, versions: true } }],
    // CDK's addAlias: the alias runs the version its deployment publishes.
    ['an alias of a published version (CDK)', { resources: [
      'Ver: { Type: AWS::Lambda::Version, Properties: { FunctionName: !Ref Fn } }',
      'Live: { Type: AWS::Lambda::Alias, Properties: { FunctionName: !Ref Fn, Name: live, FunctionVersion: !GetAtt Ver.Version } }',
    ] }, { Fn: { aliases: { live: '$LATEST' }, versions: true } }],
    ['aliases the template points at a number and at $LATEST, by ARN', { resources: [
      'Stable: { Type: AWS::Lambda::Alias, Properties: { FunctionName: !GetAtt Fn.Arn, Name: stable, FunctionVersion: "3" } }',
      'Edge: { Type: AWS::Lambda::Alias, Properties: { FunctionName: !Ref Fn, Name: edge, FunctionVersion: $LATEST } }',
    ] }, { Fn: { aliases: { stable: '3', edge: '$LATEST' }, versions: true } }],
    ['an alias of $LATEST only: no numbered version', { resources: ['Edge: { Type: AWS::Lambda::Alias, Properties: { FunctionName: !Ref Fn, Name: edge, FunctionVersion: $LATEST } }'] }, { Fn: { aliases: { edge: '$LATEST' }, versions: false } }],
    ['an alias of another function', { resources: ['Other: { Type: AWS::Lambda::Alias, Properties: { FunctionName: elsewhere, Name: live, FunctionVersion: "1" } }'] }, { Fn: undefined }],
    ['by the deployed name', { properties: ['FunctionName: my-fn'], resources: ['Live: { Type: AWS::Lambda::Alias, Properties: { FunctionName: my-fn, Name: live, FunctionVersion: "2" } }'] }, { Fn: { aliases: { live: '2' }, versions: true } }],
  ])('%s', (_what, options, expected) => {
    expect(qualifiersOf(options)).toEqual(expected);
  });
});
