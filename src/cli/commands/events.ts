import type { CommandDefinition } from '../command.js';
import { UserError } from '../../core/errors.js';

export const command: CommandDefinition = {
  name: 'events',
  summary: 'Generate sample events.',
  usage: 'pylambda events generate <kind> [options]',
  maxPositionals: 2,
  options: {},
  async run() {
    throw new UserError('not yet');
  },
};
