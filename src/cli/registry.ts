import type { CommandDefinition } from './command.js';

/** Every command, loaded only when it runs, so `--help` never loads what a command needs. */
export const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<CommandDefinition> }>> = {
  new: { summary: 'Create a project: raw handler or Chalice app, hello or todo, with tests', load: async () => (await import('./commands/new.js')).command },
  invoke: { summary: 'Run a function once with an event, as Lambda would', load: async () => (await import('./commands/invoke.js')).command },
  dev: { summary: 'Serve the project locally: API Gateway, ALB and function URLs, with hot reload', load: async () => (await import('./commands/dev.js')).command },
  events: { summary: 'Generate sample events (API Gateway, ALB, SQS, S3, ...)', load: async () => (await import('./commands/events.js')).command },
  package: { summary: 'Build Lambda-ready zips for x86_64 or arm64, without Docker', load: async () => (await import('./commands/package.js')).command },
  coldstart: { summary: 'Measure, explain and budget a cold start (import tree, code review, HTML report)', load: async () => (await import('./commands/coldstart.js')).command },
};
