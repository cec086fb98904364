import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/registry.js';
import { ROOT } from '../helpers.js';

/** The options a usage line names (`--json`, which every command takes, left out: the docs say so once). */
function optionsOf(usage: string): string[] {
  return [...new Set(usage.match(/--[a-z][a-zA-Z0-9-]*/g) ?? [])].filter((o) => o !== '--json').sort();
}

/** The usage line of `pylambda NAME` in a doc: the first code block or span that starts so and has options in brackets. */
function docUsage(doc: string, name: string): string {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const code = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```|`([^`\n]+)`/g)].map((m) => m[1] ?? m[2]!);
  const block = code.find((b) => b.startsWith(`pylambda ${name} `) && b.includes(' [--'));
  if (!block) throw new Error(`${doc} has no usage block for pylambda ${name}`);
  return block;
}

describe('the usage lines of docs/', () => {
  // A user reads docs/commands.md or a command's page before --help: an option missing there (dev.md had no
  // --api-key) looks like one that does not exist, one only there like a typo of theirs.
  it.each<[string, string]>([
    ['docs/commands.md', 'new'], ['docs/commands.md', 'dev'], ['docs/commands.md', 'invoke'], ['docs/commands.md', 'coldstart'],
    ['docs/commands.md', 'package'], ['docs/dev.md', 'dev'], ['docs/coldstart.md', 'coldstart'], ['docs/new.md', 'new'],
  ])('%s: pylambda %s names the options --help names', async (doc, name) => {
    const command = await COMMANDS[name]!.load();
    expect(optionsOf(docUsage(doc, name))).toEqual(optionsOf(command.usage));
  });
});
