import { describe, expect, it } from 'vitest';
import { invokeLocalEvent, parseEnvOptions } from '../../src/core/model/serverless/invoke-local.js';

// serverless invoke local's --data, --path and --raw (Framework v3, lib/plugins/aws/invoke-local/index.js
// extendedValidate, lib/utils/fs/parse.js), as pylambda invoke takes them.
describe("the event serverless invoke local's --data, --path and --raw make", () => {
  it.each<[string, { text: string; file?: string; raw?: boolean }, string]>([
    ['--data JSON', { text: '{"a": 1}' }, '{"a": 1}'],
    ['--data that is not JSON: a string', { text: 'hello' }, '"hello"'],
    ['--data a number', { text: '42' }, '42'],
    ['--data JSON keeps its digits', { text: '{"n": 12345678901234567890}' }, '{"n": 12345678901234567890}'],
    ['--data with --raw: the text as a string', { text: '{"a": 1}', raw: true }, '"{\\"a\\": 1}"'],
    ['--data with spaces around is not trimmed', { text: ' hi ' }, '" hi "'],
    ['--path .json: JSON', { text: '{"a": [1, 2]}\n', file: 'event.json' }, '{"a": [1, 2]}\n'],
    ['--path .json with --raw: still the object, parsed by its name', { text: '{"a": 1}', file: 'e.json', raw: true }, '{"a": 1}'],
    ['--path .yml: YAML', { text: 'a: 1\nb: [x, y]\n', file: 'events/e.yml' }, '{"a":1,"b":["x","y"]}'],
    ['--path .yaml: YAML, its scalars as js-yaml reads them', { text: 'on: yes\nn: 0x10\n', file: 'e.yaml' }, '{"on":"yes","n":16}'],
    ['--path .yml, empty: {}', { text: '', file: 'e.yml' }, '{}'],
    ['--path of another kind: its text, trimmed, tried as JSON', { text: ' {"a": 1}\n', file: 'event.txt' }, '{"a": 1}'],
    ['--path of another kind, not JSON: a string', { text: 'hello\n', file: 'event.txt' }, '"hello"'],
    ['--path of another kind with --raw: a string', { text: '[1]\n', file: 'event.txt', raw: true }, '"[1]"'],
  ])('%s', (_, given, payload) => {
    expect(invokeLocalEvent({ raw: false, ...given })).toEqual({ payload });
  });

  it.each<[{ text: string; file?: string }, string]>([
    [{ text: '{"a": }', file: 'e.json' }, "The event from e.json is not valid JSON (line 1, column 7): Unexpected token '}'"],
    [{ text: 'module.exports = {}', file: 'event.js' }, 'The event file event.js is JavaScript, whose export serverless invoke local takes as the event: pylambda runs no JavaScript for an event, write it as JSON or YAML'],
    [{ text: 'a: [1', file: 'e.yml' }, 'The event from e.yml is not YAML: line 1, column 6: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ])('refuses %j', (given, message) => {
    expect(invokeLocalEvent({ raw: false, ...given })).toEqual({ error: message });
  });
});

describe("--env NAME=VALUE, as serverless invoke local's --env takes it", () => {
  it.each<[string[], Record<string, string>]>([
    [['STAGE=dev'], { STAGE: 'dev' }],
    [['URL=https://a.example/?x=1'], { URL: 'https://a.example/?x=1' }],
    [['A=1', 'B=2', 'A=3'], { A: '3', B: '2' }],
    [['EMPTY='], { EMPTY: '' }],
    [['FLAG'], { FLAG: '' }],
    [['SPACED= v '], { SPACED: ' v ' }],
  ])('%j', (given, env) => {
    expect(parseEnvOptions(given)).toEqual({ env });
  });

  it.each([['=x'], ['A B=1'], ['1A=x'], ['']])('refuses %j', (given) => {
    expect(parseEnvOptions([given])).toEqual({ error: `--env '${given}' is not NAME=VALUE with a variable's name (letters, digits and _, a letter first), as in --env STAGE=dev` });
  });
});
