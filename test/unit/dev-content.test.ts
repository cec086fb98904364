import { describe, expect, it } from 'vitest';
import { ChangedContent } from '../../src/api/dev-content.js';

/** Files as digests: undefined is a file gone, a directory or one too large to compare. */
function files(start: Record<string, string | undefined>) {
  const now = { ...start };
  const read: string[] = [];
  const content = new ChangedContent(async (path) => {
    read.push(path);
    return now[path];
  });
  return { now, read, content };
}

// Code that writes a file beside itself at import (the same bytes each time) restarted dev without end.
describe('ChangedContent: a file written again with the bytes of its last change is no change', () => {
  it('counts a first change, not a rewrite of the same bytes, and a change back', async () => {
    const { now, content } = files({ '/p/openapi.json': 'a' });
    expect(await content.changed(['/p/openapi.json'])).toEqual(['/p/openapi.json']);
    expect(await content.changed(['/p/openapi.json'])).toEqual([]);
    now['/p/openapi.json'] = 'b';
    expect(await content.changed(['/p/openapi.json'])).toEqual(['/p/openapi.json']);
    now['/p/openapi.json'] = 'a';
    expect(await content.changed(['/p/openapi.json'])).toEqual(['/p/openapi.json']);
  });

  it('counts what it cannot compare: a file gone, a directory moved in, a large file', async () => {
    const { now, content } = files({ '/p/app.py': 'a', '/p/pkg': undefined, '/p/big.csv': undefined });
    await content.changed(['/p/app.py']);
    delete now['/p/app.py'];
    expect(await content.changed(['/p/app.py', '/p/pkg', '/p/big.csv'])).toEqual(['/p/app.py', '/p/pkg', '/p/big.csv']);
    expect(await content.changed(['/p/pkg', '/p/big.csv'])).toEqual(['/p/pkg', '/p/big.csv']);
    // Back with the bytes it had before it went: a change.
    now['/p/app.py'] = 'a';
    expect(await content.changed(['/p/app.py'])).toEqual(['/p/app.py']);
  });

  it('keeps every file when asked (a save after a failed reload reads it again), and its digest for the next time', async () => {
    const { content } = files({ '/p/template.yaml': 'a' });
    await content.changed(['/p/template.yaml']);
    expect(await content.changed(['/p/template.yaml'], true)).toEqual(['/p/template.yaml']);
    expect(await content.changed(['/p/template.yaml'])).toEqual([]);
  });

  it('reads only the files that changed', async () => {
    const { read, content } = files({ '/p/a.py': 'a', '/p/b.py': 'b' });
    await content.changed(['/p/a.py']);
    expect(read).toEqual(['/p/a.py']);
  });
});
