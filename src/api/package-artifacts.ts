/**
 * Writing the zips of one run: into a staging directory beside the output, so nothing reaches the
 * output directory unless the whole run succeeds; keeping the previous zip when its build key says
 * the bytes would be the same; and giving each function of a shared build its own name for one file.
 */
import { dirname, join } from 'node:path';
import { hexToBase64, sha256File, sha256Text } from '../adapters/file-digest.js';
import { fileSize, linkOrCopy } from '../adapters/package-files.js';
import { writeZip } from '../adapters/zip-writer.js';
import { artifactFileName, buildKeyMaterial, type ArtifactKind, type ArtifactRef, type PackageManifest } from '../core/packaging/manifest.js';
import type { ZipEntry } from '../core/packaging/zip-plan.js';
import type { Architecture } from '../core/model/project.js';
import type { ArtifactReport } from './package-types.js';

/** The state of the run's output: where things go and what already exists. */
export interface OutputState {
  readonly outDir: string;
  readonly staging: string;
  readonly previous?: PackageManifest;
  /** Ignore the previous zips (`--no-cache`). */
  readonly rebuild: boolean;
  /** Zips written or found in this run, by build key: a second build with the same key links to it. */
  readonly produced: Map<string, { path: string; sha256: string; bytes: number }>;
  /** Names to move from staging into the output directory at the end. */
  readonly staged: Set<string>;
}

export interface ZipRequest {
  readonly kind: ArtifactKind;
  readonly functionIds: readonly string[];
  readonly entries: readonly ZipEntry[];
  readonly unzippedBytes: number;
  /** The content identity of each entry's source, or undefined when one is unknown (then nothing is reused). */
  readonly contentOf: (entry: ZipEntry) => string | undefined;
  /** Called when the zip is actually written (not when a previous one is kept). */
  readonly onWrite?: () => void;
  readonly onEntry?: (index: number, total: number) => void;
}

export interface WrittenArtifact {
  readonly ref: ArtifactRef;
  /** Absolute path of the first function's zip once published. */
  readonly path: string;
  readonly reused: boolean;
}

export function buildKeyOf(request: ZipRequest): string | undefined {
  const entries: { path: string; mode: number; content: string }[] = [];
  for (const entry of request.entries) {
    const content = request.contentOf(entry);
    if (content === undefined) return undefined;
    entries.push({ path: entry.path, mode: entry.mode, content });
  }
  return sha256Text(buildKeyMaterial(request.kind, entries));
}

/** A zip of the previous run with this build key whose bytes are still what the manifest says. */
async function previousZip(state: OutputState, key: string): Promise<{ path: string; sha256: string; bytes: number } | undefined> {
  if (state.rebuild || !state.previous) return undefined;
  const refs = [...Object.values(state.previous.functions).flatMap((fn) => [fn.zip, fn.layer]), ...Object.values(state.previous.layers ?? {}).map((l) => l.zip)];
  for (const ref of refs) {
    if (!ref || ref.buildKey !== key) continue;
    const path = join(state.outDir, ref.file);
    if (fileSize(path) === ref.bytes && (await sha256File(path)) === ref.sha256) return { path, sha256: ref.sha256, bytes: ref.bytes };
  }
  return undefined;
}

export async function writeArtifact(state: OutputState, request: ZipRequest): Promise<WrittenArtifact> {
  const names = request.functionIds.map((id) => artifactFileName(id, request.kind));
  const key = buildKeyOf(request);
  let found = key === undefined ? undefined : state.produced.get(key) ?? (await previousZip(state, key));
  let reused = found !== undefined;
  if (!found) {
    const path = join(state.staging, names[0]!);
    request.onWrite?.();
    const written = await writeZip(request.entries, path, { onEntry: (i, total) => request.onEntry?.(i, total) });
    found = { path, sha256: written.sha256, bytes: written.bytes };
    state.staged.add(names[0]!);
    reused = false;
  }
  if (key !== undefined) state.produced.set(key, found);
  for (const name of names) {
    const published = join(state.outDir, name);
    const staged = join(state.staging, name);
    if (found.path === published && !state.staged.has(name)) continue; // the previous zip stays where it is
    if (found.path !== staged) {
      await linkOrCopy(found.path, staged);
      state.staged.add(name);
    }
  }
  const ref: ArtifactRef = {
    file: names[0]!,
    sha256: found.sha256,
    codeSha256: hexToBase64(found.sha256),
    bytes: found.bytes,
    unzippedBytes: request.unzippedBytes,
    ...(key === undefined ? {} : { buildKey: key }),
  };
  return { ref, path: join(state.outDir, names[0]!), reused };
}

/** The manifest reference of one function's copy of an artifact (same bytes, its own file name). */
export function refFor(artifact: WrittenArtifact, functionId: string, kind: ArtifactKind): ArtifactRef {
  return { ...artifact.ref, file: artifactFileName(functionId, kind) };
}

/**
 * What every artifact's report says of the zip written: where it is, what it is for, and its sizes and digests.
 * `copies`: each function of a shared build has its own file of the zip (`<FunctionId>.zip`), all in `paths`.
 */
export function writtenFields(
  kind: ArtifactKind,
  written: WrittenArtifact,
  functions: readonly string[],
  target: { readonly runtime: string; readonly architecture: Architecture },
  copies = false,
): Pick<ArtifactReport, 'kind' | 'path' | 'paths' | 'functions' | 'runtime' | 'architecture' | 'bytes' | 'unzippedBytes' | 'sha256' | 'codeSha256'> {
  const { ref } = written;
  const paths = copies ? functions.map((id) => join(dirname(written.path), artifactFileName(id, kind))) : [written.path];
  return { kind, path: written.path, paths, functions, runtime: target.runtime, architecture: target.architecture, bytes: ref.bytes, unzippedBytes: ref.unzippedBytes, sha256: ref.sha256, codeSha256: ref.codeSha256 };
}
