import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeZip } from '../../src/adapters/zip-writer.js';
import { UserError } from '../../src/core/errors.js';
import { LAYER_PREFIX, zipPlan, type ZipEntry } from '../../src/core/packaging/zip-plan.js';

const FILES: Record<string, { content: string | Buffer; mode: number }> = {
  'app.py': { content: 'def handler(event, context):\n    return {"ok": True}\n', mode: 0o644 },
  'pkg/__init__.py': { content: '', mode: 0o600 },
  'pkg/data.bin': { content: Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251)), mode: 0o664 },
  'pkg/sub/ünïcode.txt': { content: 'héllo\n', mode: 0o640 },
  'bin/tool': { content: '#!/bin/sh\necho tool\n', mode: 0o755 },
  'lib/_native.so': { content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), mode: 0o700 },
};

let dir: string;
let src: string;

function plan(prefix?: string): readonly ZipEntry[] {
  const result = zipPlan(
    Object.keys(FILES).map((path) => {
      const st = statSync(join(src, path));
      return { path, mode: st.mode, size: st.size };
    }),
    prefix === undefined ? {} : { prefix },
  );
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.entries;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function python(): string | undefined {
  for (const candidate of ['python3', 'python']) {
    try {
      execFileSync(candidate, ['-c', 'import zipfile'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pylambda-zip-'));
  src = join(dir, 'src');
  for (const [path, { content, mode }] of Object.entries(FILES)) {
    mkdirSync(join(src, path, '..'), { recursive: true });
    writeFileSync(join(src, path), content);
    chmodSync(join(src, path), mode);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zip writer', () => {
  it('gives byte-identical zips for the same files, after touching every file, in any time zone', async () => {
    const first = await writeZip(plan(), join(dir, 'one.zip'), { baseDir: src });
    const second = await writeZip(plan(), join(dir, 'two.zip'), { baseDir: src });
    expect(second.sha256).toBe(first.sha256);
    expect(first.sha256).toBe(sha256(join(dir, 'one.zip')));
    expect(first.bytes).toBe(statSync(join(dir, 'one.zip')).size);

    // Touch every file, change group/other bits but not the owner's execute bit.
    const later = new Date('2031-06-15T12:34:56Z');
    for (const [path, { mode }] of Object.entries(FILES)) {
      utimesSync(join(src, path), later, later);
      chmodSync(join(src, path), mode & 0o100 ? 0o750 : 0o600);
    }
    const touched = await writeZip(plan(), join(dir, 'three.zip'), { baseDir: src });
    expect(touched.sha256).toBe(first.sha256);

    const zone = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      const east = await writeZip(plan(), join(dir, 'east.zip'), { baseDir: src });
      process.env.TZ = 'Pacific/Pago_Pago';
      const west = await writeZip(plan(), join(dir, 'west.zip'), { baseDir: src });
      expect([east.sha256, west.sha256]).toEqual([first.sha256, first.sha256]);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("is read by Python's zipfile with the plan's order, modes and the fixed date", async (context) => {
    const py = python();
    if (!py) return context.skip();
    await writeZip(plan(), join(dir, 'py.zip'), { baseDir: src });
    const script = [
      'import json, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None',
      'print(json.dumps([[i.filename, list(i.date_time), oct(i.external_attr >> 16), i.create_system, z.read(i).hex()] for i in z.infolist()]))',
    ].join('\n');
    const listed = JSON.parse(execFileSync(py, ['-c', script, join(dir, 'py.zip')], { encoding: 'utf8' })) as [string, number[], string, number, string][];
    expect(listed.map(([name]) => name)).toEqual(['app.py', 'bin/tool', 'lib/_native.so', 'pkg/__init__.py', 'pkg/data.bin', 'pkg/sub/ünïcode.txt']);
    for (const [name, date, mode, system, hex] of listed) {
      expect(date).toEqual([1980, 1, 1, 0, 0, 0]);
      expect(mode).toBe(name === 'bin/tool' || name === 'lib/_native.so' ? '0o100755' : '0o100644');
      expect(system).toBe(3); // Unix: the mode in the high bits is meant to be read
      expect(Buffer.from(hex, 'hex').equals(Buffer.from(FILES[name]!.content))).toBe(true);
    }
  });

  it('shows the modes and dates to unzip -Z', async (context) => {
    if (!existsSync('/usr/bin/unzip')) return context.skip();
    await writeZip(plan(LAYER_PREFIX), join(dir, 'layer.zip'), { baseDir: src });
    const lines = execFileSync('unzip', ['-Z', join(dir, 'layer.zip')], { encoding: 'utf8' }).split('\n').filter((l) => /^[-d]r/.test(l));
    expect(lines).toHaveLength(Object.keys(FILES).length);
    for (const line of lines) {
      expect(line).toMatch(/ 80-Jan-01 00:00 python\//);
      expect(line.startsWith(/python\/(bin\/tool|lib\/_native\.so)$/.test(line) ? '-rwxr-xr-x' : '-rw-r--r--')).toBe(true);
    }
  });

  it('fails without leaving a partial zip when a file changed since the plan', async () => {
    const entries = plan();
    writeFileSync(join(src, 'app.py'), 'grown since the plan was made\n'.repeat(10));
    const out = join(dir, 'bad.zip');
    // `pylambda package > build.log` in the code directory: a file that grows while it is read. It was an internal error.
    const error = await writeZip(entries, out, { baseDir: src }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect([(error as UserError).message, (error as UserError).hint]).toEqual([
      `${join(src, 'app.py')} changed while it was zipped into bad.zip (it had ${(FILES['app.py']!.content as string).length} bytes when the files were listed)`,
      'Something writes to it during the packaging, such as the output of pylambda package redirected into the code directory: write that elsewhere, or leave the file out with .pylambdaignore.',
    ]);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
    writeFileSync(join(src, 'app.py'), FILES['app.py']!.content);
  });

  it('fails when a source is missing', async () => {
    const out = join(dir, 'missing.zip');
    const entries = [{ path: 'gone.py', source: join(dir, 'does-not-exist.py'), mode: 0o100644, externalAttributes: 0o100644 * 65536, size: 3 }];
    await expect(writeZip(entries, out)).rejects.toThrow(/ENOENT/);
    expect(existsSync(out)).toBe(false);
  });

  it('reports progress per entry', async () => {
    const seen: string[] = [];
    await writeZip(plan(), join(dir, 'progress.zip'), { baseDir: src, onEntry: (i, total, e) => seen.push(`${i + 1}/${total} ${e.path}`) });
    expect(seen[0]).toBe('1/6 app.py');
    expect(seen).toHaveLength(6);
  });
});
