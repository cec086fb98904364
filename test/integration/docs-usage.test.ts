import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOBAL_OPTIONS } from '../../src/cli/command.js';
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

/** A doc's section from its heading to the next heading of the same level. */
function section(doc: string, heading: string): string {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${doc} has no heading ${heading}`);
  const end = text.indexOf(`\n${heading.split(' ')[0]} `, start + heading.length + 2);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('docs/commands.md, the command reference', () => {
  // What a user types is `pylambda events generate`; the registry's key is its first word.
  const typed = (name: string): string => (name === 'events' ? 'events generate' : name);

  it('has a section for each command and for no other', () => {
    const text = readFileSync(join(ROOT, 'docs/commands.md'), 'utf8');
    const sections = [...text.matchAll(/^## pylambda (.+)$/gm)].map((m) => m[1]!).sort();
    expect(sections).toEqual(Object.keys(COMMANDS).map(typed).sort());
  });

  it("the README's table links each command's section", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const linked = [...readme.matchAll(/^\| \[`pylambda ([^`]+)`\]\(docs\/commands\.md#pylambda-([a-z-]+)\)/gm)].map((m) => [m[1], m[2]]);
    expect(linked.sort()).toEqual(Object.keys(COMMANDS).map(typed).sort().map((name) => [name, name.replace(/ /g, '-')]));
  });

  // events has no usage line that lists its options (there are dozens): its section names them in its prose, and an
  // option only --help had (--detail-type, --new-image) was one a reader of the reference could not find.
  it('pylambda events generate: its section names every option --help lists, and no other', async () => {
    const command = await COMMANDS.events!.load();
    const text = section('docs/commands.md', '## pylambda events generate');
    const named = new Set(text.match(/--[a-z][a-zA-Z0-9-]*/g) ?? []);
    const options = Object.keys(command.options).map((o) => `--${o}`);
    expect(options.filter((o) => !named.has(o))).toEqual([]);
    const globals = Object.keys(GLOBAL_OPTIONS).map((o) => `--${o}`);
    expect([...named].filter((o) => !options.includes(o) && !globals.includes(o))).toEqual([]);
  });
});
