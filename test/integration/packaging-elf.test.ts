import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readElfInfo } from '../../src/adapters/elf-reader.js';
import { packageTarget } from '../../src/core/packaging/platform.js';
import { checkSharedObject } from '../../src/core/packaging/shared-objects.js';

/** The real extension modules of the Python on this machine (`python3 -c "import _json; ..."`). */
function extensionModules(): { json: string; ctypes: string; version: string } | undefined {
  try {
    const out = execFileSync('python3', ['-c', 'import _json, _ctypes, sys; print(_json.__file__); print(_ctypes.__file__); print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    const [json, ctypes, version] = out.trim().split('\n');
    return json && ctypes && version && json.endsWith('.so') ? { json, ctypes, version } : undefined;
  } catch {
    return undefined;
  }
}

function hasReadelf(): boolean {
  try {
    execFileSync('readelf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The highest GLIBC_ version in `readelf -V`'s version-needs section (not the definitions). Run without blocking the
 * test's worker: 80 runs took 123 s on a loaded machine, and a worker blocked past a minute misses vitest's calls.
 */
async function readelfGlibc(path: string): Promise<string | undefined> {
  const { stdout: out } = await promisify(execFile)('readelf', ['-V', '-W', path], { encoding: 'utf8' });
  const needs = out.split(/Version needs section/)[1]?.split(/Version (definition|symbols) section/)[0] ?? '';
  const versions = [...needs.matchAll(/Name: (GLIBC_(?:[0-9.]+|ABI_\w+))/g)].map((m) => m[1]!);
  const rank = (v: string) => (v === 'GLIBC_ABI_DT_RELR' ? [2, 36, 0] : v.slice(6).split('.').map(Number));
  versions.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  });
  return versions[versions.length - 1];
}

const machine = arch() === 'arm64' ? 'aarch64' : arch() === 'x64' ? 'x86_64' : undefined;
const modules = extensionModules();

describe('real shared objects on this machine', () => {
  it.skipIf(!modules || !machine)("parses the Python's _json and _ctypes extension modules", async () => {
    for (const path of [modules!.json, modules!.ctypes]) {
      const result = readElfInfo(path);
      expect(result.ok, path).toBe(true);
      if (!result.ok) continue;
      expect(result.info.elfClass).toBe(64);
      expect(result.info.endianness).toBe('little');
      expect(result.info.machineName).toBe(machine);
      expect(result.info.type).toBe(3);
      if (hasReadelf()) expect(result.info.glibc?.symbol).toBe(await readelfGlibc(path));
    }
  });

  it.skipIf(!modules || machine !== 'x86_64')('checks them against Lambda targets', () => {
    const result = readElfInfo(modules!.ctypes);
    if (!result.ok) throw new Error(result.error);
    const target = packageTarget('python3.12', 'arm64');
    const problems = checkSharedObject('_ctypes.so', result.info, target);
    expect(problems[0]).toBe('_ctypes.so is built for x86_64, but the function runs on aarch64 (arm64)');
  });

  it.skipIf(!hasReadelf())('agrees with readelf on the highest GLIBC need of system libraries', async () => {
    const dirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib64', '/usr/lib64'].filter(existsSync);
    const libraries = dirs.flatMap((d) => readdirSync(d).filter((f) => /\.so(\.\d+)*$/.test(f)).map((f) => join(d, f))).slice(0, 80);
    let compared = 0;
    for (const path of libraries) {
      const result = readElfInfo(path);
      if (!result.ok) continue; // linker scripts named .so (libc.so) are text
      expect(result.info.glibc?.symbol, path).toBe(await readelfGlibc(path));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
    // 80 runs of readelf: 123 s under a load of 15 on 2 cores.
  }, 300_000);

  it('returns an error value for files that are not ELF, or not there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pylambda-elf-'));
    try {
      writeFileSync(join(dir, 'script.so'), 'GROUP ( /lib/libc.so.6 )\n');
      expect(readElfInfo(join(dir, 'script.so'))).toEqual({ ok: false, error: 'not a valid ELF file: no ELF magic' });
      const missing = readElfInfo(join(dir, 'missing.so'));
      expect(missing.ok).toBe(false);
      if (!missing.ok) expect(missing.error).toMatch(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
