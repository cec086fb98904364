import { describe, expect, it } from 'vitest';
import { parseCommandArgs, type CommandDefinition } from '../../src/cli/command.js';
import { DEBUG_PORT_OPTION, debugOption } from '../../src/cli/debug-option.js';
import type { SamconfigOptionValues } from '../../src/core/model/sam/samconfig-options.js';

const dev: CommandDefinition = {
  name: 'dev', summary: '', usage: '', maxPositionals: 1, run: async () => 0,
  options: { 'debug-port': DEBUG_PORT_OPTION, 'debug-function': { type: 'string', value: 'NAME', description: '' } },
};

describe("debugOption: --debug-port and --debug-function over samconfig's debug_port and debug_function", () => {
  it.each<[string, string[], SamconfigOptionValues, ReturnType<typeof debugOption>]>([
    ['none', [], {}, undefined],
    ["the file's", [], { 'debug-port': 5858, 'debug-function': 'Fn' }, { port: 5858, functionName: 'Fn' }],
    ['the command line over the file', ['--debug-port', '5678', '--debug-function', 'Other'], { 'debug-port': 5858, 'debug-function': 'Fn' }, { port: 5678, functionName: 'Other' }],
    ["the command line's port, the file's function", ['--debug-port', '5678'], { 'debug-function': 'Fn' }, { port: 5678, functionName: 'Fn' }],
    ["the file's debug_function without a port: nothing to debug, as with sam", [], { 'debug-function': 'Fn' }, undefined],
  ])('%s', (_what, argv, fromFile, expected) => {
    expect(debugOption(parseCommandArgs(dev, argv), fromFile)).toEqual(expected);
  });

  it('refuses --debug-function without a port from either', () => {
    expect(() => debugOption(parseCommandArgs(dev, ['--debug-function', 'Fn']), {})).toThrow('--debug-function names the function --debug-port debugs: give --debug-port too');
  });
});
