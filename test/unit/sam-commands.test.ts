import { describe, expect, it } from 'vitest';
import { samCommandMeant } from '../../src/core/sam-commands.js';

describe("SAM CLI's commands, typed here", () => {
  it.each([
    [['local', 'invoke', 'HelloFunction'], 'local invoke', /pylambda invoke \[FUNCTION\] --event FILE$/],
    [['local', 'start-api'], 'local start-api', /pylambda dev, which serves every API/],
    [['LOCAL', 'Start-Lambda'], 'local start-lambda', /pylambda dev, which serves Lambda's Invoke API \(--lambda-port PORT\)/],
    [['local', 'generate-event', 's3', 'put'], 'local generate-event', /pylambda events generate KIND$/],
    [['generate-event', 'sqs'], 'generate-event', /pylambda events generate KIND$/],
    [['local'], 'local', /sam local invoke is pylambda invoke, sam local start-api and start-lambda are pylambda dev/],
    [['local', 'start'], 'local', /sam local invoke is pylambda invoke/],
    [['build', '--use-container'], 'build', /pylambda package, which builds/],
    [['init'], 'init', /pylambda new NAME$/],
    [['validate', '--lint'], 'validate', /checks the template each time it reads it/],
    [['deploy', '--guided'], 'deploy', /does not deploy: sam still does$/],
    [['sync', '--watch'], 'sync', /does not deploy/],
    [['logs'], 'logs', /does not deploy/],
  ])('%j is sam %s', (words, sam, answer) => {
    const meant = samCommandMeant(words);
    expect(meant?.sam).toBe(sam);
    expect(meant?.answer).toMatch(answer);
  });

  it.each([[[]], [['frobnicate']], [['invok']], [['constructor']], [['toString']]])('%j is none of its commands', (words) => {
    expect(samCommandMeant(words)).toBeUndefined();
  });
});
