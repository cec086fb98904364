/**
 * Laying files out as Lambda will see them, shared by the functions' builds and the layers': Chalice's
 * overlay order, the zip plan, and each entry's content identity for the build key.
 */
import { overlay, zipPlan, type ZipEntry } from '../core/packaging/zip-plan.js';
import type { BuildContext } from './package-context.js';
import type { PackFile } from './package-project.js';

/** A file of a package: the project's own (`app`, `vendor`) or an installed dependency's. */
export type Layered = Omit<PackFile, 'group'> & { readonly group: 'deps' | PackFile['group'] };

const GROUP_NAMES = { deps: 'the dependencies', app: "the function's code", vendor: 'vendor/' } as const;

/** The installed dependencies of a tree (`deps.files` under `deps.tree`), as package files. */
export function dependencyFiles(deps: { readonly tree?: string; readonly key?: string; readonly files: readonly { path: string; mode: number; size: number }[] }): Layered[] {
  return deps.files.map((f) => ({
    archivePath: f.path, source: `${deps.tree}/${f.path}`, mode: f.mode, size: f.size, content: deps.key ? `deps:${deps.key}` : '', group: 'deps',
  }));
}

/**
 * The overlay order of `chalice package` (dependencies, then the app, then `vendor/`), which for a
 * plain function is dependencies then its code: the function's own file wins a path, with a warning.
 */
export function layout(ctx: BuildContext, label: string, files: readonly Layered[]): Layered[] {
  const order = ['deps', 'app', 'vendor'] as const;
  const groups = order.map((name) => ({ name, files: files.map((f, i) => ({ f, i })).filter(({ f }) => f.group === name).map(({ f, i }) => ({ source: String(i), archivePath: f.archivePath })) }));
  const result = overlay(groups);
  for (const s of result.shadowed) {
    if (s.archivePath.endsWith('.pyc')) continue;
    ctx.notice('warning', `${label}: ${s.archivePath} from ${GROUP_NAMES[s.winner as keyof typeof GROUP_NAMES]} replaces the one from ${GROUP_NAMES[s.loser as keyof typeof GROUP_NAMES]}`);
  }
  return result.files.map((f) => files[Number(f.source)]!);
}

export function plan(files: readonly Layered[], options: { prefix?: string }): { entries: readonly ZipEntry[]; unzippedBytes: number } {
  const result = zipPlan(files.map((f) => ({ path: f.archivePath, source: f.source, mode: f.mode, size: f.size })), options);
  if (!result.ok) throw new Error(`invalid zip plan:\n${result.errors.join('\n')}`);
  return result;
}

/** Content identity by source path; dependencies of an uncacheable install have none. */
export function contents(files: readonly Layered[]): (entry: ZipEntry) => string | undefined {
  const bySource = new Map(files.map((f) => [f.source, f.content]));
  return (entry) => {
    const content = bySource.get(entry.source);
    return content === '' ? undefined : content;
  };
}
