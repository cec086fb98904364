import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** A document's text outside its code blocks, where a `](x)` or a `# ` line is an example, not a link or a heading. */
function prose(file: string): string {
  return readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
}

/** The anchors GitHub makes of a document's headings (lower case, punctuation dropped, spaces as -, -1 for a repeat), and its <a id>s. */
function anchors(file: string): Set<string> {
  const text = prose(file);
  const seen = new Map<string, number>();
  const out = new Set([...text.matchAll(/<a id="([^"]+)"/g)].map((m) => m[1]!));
  for (const [, title] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = title!.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  return out;
}

describe('the links between the docs', () => {
  // A reader follows them from the README: a renamed heading or a moved page left links that led nowhere.
  it.each(DOCS)('%s: each relative link names a file there is, and a heading or anchor it has', (doc) => {
    const file = join(ROOT, doc);
    const broken: string[] = [];
    for (const [, href] of prose(file).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(href!)) continue;
      const [path, anchor] = href!.split('#');
      const target = path ? resolve(dirname(file), path) : file;
      if (!existsSync(target)) broken.push(`${href}: no ${relative(ROOT, target)}`);
      else if (anchor && target.endsWith('.md') && !anchors(target).has(anchor)) broken.push(`${href}: no such heading`);
    }
    expect(broken).toEqual([]);
  });
});
