import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/registry.js';

describe('each command\'s usage line', () => {
  // The first line of --help is what a user copies from: an option missing there looks like one that does not exist.
  it.each(Object.keys(COMMANDS).filter((name) => name !== 'events'))('%s names every option it takes', async (name) => {
    const command = await COMMANDS[name]!.load();
    const missing = Object.keys(command.options).filter((option) => !['debug', 'help'].includes(option) && !command.usage.includes(`--${option}`));
    expect(missing).toEqual([]);
  });
});

describe("each command's help", () => {
  // Users from sam, chalice and serverless copy a first command from --help: dev had none.
  it.each(Object.keys(COMMANDS))('%s ends with examples that run the command', async (name) => {
    const command = await COMMANDS[name]!.load();
    const examples = command.details?.split('\nExamples:\n')[1]?.split('\n') ?? [];
    expect(examples.length).toBeGreaterThan(0);
    // After a pipe, or after a step that prepares what it reads (`echo ... > env.json && pylambda dev ...`).
    for (const line of examples) expect(line).toMatch(new RegExp(`^  (.* (\\||&&) )?pylambda ${name}( |$)`));
  });
});
