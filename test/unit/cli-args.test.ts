import { describe, expect, it } from 'vitest';
import { parseCommandArgs, type CommandDefinition } from '../../src/cli/command.js';
import { UserError } from '../../src/core/errors.js';

const command: CommandDefinition = {
  name: 'dev',
  summary: '',
  usage: 'pylambda dev [--port P]',
  maxPositionals: 1,
  options: { port: { type: 'string', short: 'p', description: 'the port' } },
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

  it('--port=-1 is a value', () => {
    expect(parseCommandArgs(command, ['--port=-1']).values.port).toBe('-1');
  });
});
