import { describe, expect, it } from 'vitest';
import { parseCommandArgs, type CommandDefinition } from '../../src/cli/command.js';
import { UserError } from '../../src/core/errors.js';

const command: CommandDefinition = {
  name: 'dev',
  summary: '',
  usage: 'pylambda dev [--port P]',
  maxPositionals: 1,
  positional: 'DIR',
  options: {
    port: { type: 'string', short: 'p', value: 'P', description: 'the port' },
    body: { type: 'string', mayBeEmpty: true, description: 'a body' },
  },
  run: async () => 0,
};

const failure = (argv: string[]) => {
  try {
    parseCommandArgs(command, argv);
  } catch (error) {
    return error as UserError;
  }
  throw new Error('parsed');
};

describe('command-line arguments', () => {
  it.each([
    ['--port -1', ['--port', '-1']],
    ['-p -1', ['-p', '-1']],
  ])('a value starting with a dash (%s): how to write it', (_what, argv) => {
    const error = failure(argv);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('--port needs a value; one that starts with a dash is written --port=-VALUE');
    expect(error.exitCode).toBe(2);
  });

  it.each([['--port'], ['-p']])('%s at the end, without its value: says which option needs one', (flag) => {
    const error = failure([flag]);
    expect(error.message).toBe('--port needs a value');
    expect(error.exitCode).toBe(2);
  });

  // An unset shell variable (`--port "$PORT"`, `dev "$DIR"`) must not pass for no option or argument at all.
  it.each([
    ['--port=', ['--port='], "--port was given an empty value (an unset shell variable?): give it P, or leave it out"],
    ['--port \'\'', ['--port', ''], "--port was given an empty value (an unset shell variable?): give it P, or leave it out"],
    ['-p \'\'', ['-p', ''], "--port was given an empty value (an unset shell variable?): give it P, or leave it out"],
    ["''", [''], "DIR is empty ('', an unset shell variable?): give one, or leave it out"],
  ])('an empty value (%s) is refused, naming what it needs', (_what, argv, message) => {
    const error = failure(argv);
    expect([error.message, error.hint, error.exitCode]).toEqual([message, 'Usage: pylambda dev [--port P]', 2]);
  });

  it('an option whose empty value means something (an empty body) takes it', () => {
    expect(parseCommandArgs(command, ['--body='])).toEqual({ values: { body: '' }, positionals: [] });
  });

  it('--port=-1 is a value', () => {
    expect(parseCommandArgs(command, ['--port=-1']).values.port).toBe('-1');
  });
});
