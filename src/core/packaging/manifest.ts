/**
 * The package's output: one zip per function (and per function's layer with `--layer`), named after
 * the function so a person or a script finds it, and `manifest.json` beside them, which maps each
 * function to its artifacts with what a deploy step needs (file, SHA-256, Lambda's CodeSha256, sizes)
 * and the build key that lets an unchanged re-package keep the zip it already has.
 */
import type { Architecture } from '../model/project.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SCHEMA = 'pylambda-package/1';
/** Bump when the same inputs would now give other zip bytes: every old build key goes stale. */
export const ARTIFACT_SCHEMA = 'pylambda-artifact/1';

export type ArtifactKind = 'function' | 'layer';

export interface ArtifactRef {
  /** The file name inside the output directory. */
  readonly file: string;
  /** Hex SHA-256 of the zip. */
  readonly sha256: string;
  /** The same digest in base64: what Lambda reports as CodeSha256, to compare with a deployed function. */
  readonly codeSha256: string;
  readonly bytes: number;
  readonly unzippedBytes: number;
  /** Digest of everything that went into the zip; absent when an input cannot be fingerprinted. */
  readonly buildKey?: string;
}

export interface FunctionArtifacts {
  readonly runtime: string;
  readonly architecture: Architecture;
  readonly handler: string;
  readonly zip: ArtifactRef;
  /** `--layer`: the function's dependencies in a layer of its own. */
  readonly layer?: ArtifactRef;
  /** The project's layers the function lists that pylambda packaged, in the function's order: keys of `layers`. */
  readonly layers?: readonly string[];
}

/** A layer of the project (a SAM LayerVersion, a serverless.yml layer), packaged once for every function that lists it. */
export interface LayerArtifacts {
  readonly runtime: string;
  readonly architecture: Architecture;
  /** The layer's directory, relative to the project root. */
  readonly contentUri: string;
  /** The BuildMethod it was built with (`python3.12`); absent when the directory was packaged as it is. */
  readonly buildMethod?: string;
  readonly zip: ArtifactRef;
}

export interface PackageManifest {
  readonly schema: typeof MANIFEST_SCHEMA;
  /** The configuration file the functions come from, relative to the project root. */
  readonly project: string;
  readonly functions: Readonly<Record<string, FunctionArtifacts>>;
  /** By logical id; absent when no packaged function lists a layer of the project. */
  readonly layers?: Readonly<Record<string, LayerArtifacts>>;
}

/**
 * `HelloFunction.zip`, `HelloFunction.layer.zip` (its `--layer` zip, or the zip of the project's layer of
 * that logical id); characters a file name should not hold become `_`.
 */
export function artifactFileName(functionId: string, kind: ArtifactKind): string {
  const safe = functionId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return kind === 'layer' ? `${safe}.layer.zip` : `${safe}.zip`;
}

/** A file name as artifactFileName makes them: nothing that could reach outside the output directory. */
const ARTIFACT_FILE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.zip$/;

function isRef(value: unknown): value is ArtifactRef {
  const v = value as Partial<ArtifactRef> | null;
  return typeof v === 'object' && v !== null && typeof v.file === 'string' && ARTIFACT_FILE.test(v.file) && typeof v.sha256 === 'string'
    && typeof v.codeSha256 === 'string' && typeof v.bytes === 'number' && typeof v.unzippedBytes === 'number'
    && (v.buildKey === undefined || typeof v.buildKey === 'string');
}

/**
 * A manifest written by this version, or undefined for anything else (none yet, another schema, a
 * hand-edited one): the previous manifest is only an optimisation, so a bad one is ignored, not fatal.
 * An entry whose file is not a plain zip name is dropped: its file is never read or removed.
 */
export function parseManifest(text: string): PackageManifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const m = value as Partial<PackageManifest> | null;
  if (typeof m !== 'object' || m === null || m.schema !== MANIFEST_SCHEMA || typeof m.project !== 'string') return undefined;
  if (typeof m.functions !== 'object' || m.functions === null) return undefined;
  const functions: Record<string, FunctionArtifacts> = {};
  for (const [id, fn] of Object.entries(m.functions)) {
    const f = fn as Partial<FunctionArtifacts>;
    if (!isRef(f.zip) || (f.layer !== undefined && !isRef(f.layer))) continue;
    if (typeof f.runtime !== 'string' || typeof f.handler !== 'string' || !isArchitecture(f.architecture)) continue;
    if (f.layers !== undefined && !(Array.isArray(f.layers) && f.layers.every((l) => typeof l === 'string'))) continue;
    functions[id] = f as FunctionArtifacts;
  }
  const layers: Record<string, LayerArtifacts> = {};
  for (const [id, layer] of Object.entries(isObject(m.layers) ? m.layers : {})) {
    const l = layer as Partial<LayerArtifacts> | null;
    if (!isObject(l) || !isRef(l.zip) || typeof l.runtime !== 'string' || !isArchitecture(l.architecture) || typeof l.contentUri !== 'string') continue;
    if (l.buildMethod !== undefined && typeof l.buildMethod !== 'string') continue;
    layers[id] = l as LayerArtifacts;
  }
  return { schema: MANIFEST_SCHEMA, project: m.project, functions, ...(Object.keys(layers).length > 0 ? { layers } : {}) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isArchitecture(value: unknown): value is Architecture {
  return value === 'x86_64' || value === 'arm64';
}

export interface ManifestScope {
  /** The configuration file, relative to the project root. */
  readonly project: string;
  /** Every function of the project that pylambda packages now, packaged in this run or not. */
  readonly functions: readonly string[];
  readonly fileExists: (file: string) => boolean;
}

export interface ManifestUpdate {
  readonly manifest: PackageManifest;
  /** Files the previous manifest named that the new one does not: to delete from the output directory. */
  readonly stale: readonly string[];
}

/**
 * The new manifest describes the project as it is now: this run's functions, plus the previous run's
 * others that are still in the project and whose files are still there (`pylambda package A` after
 * `pylambda package` keeps B's entry), sorted by function id. A function renamed, removed, left out by a
 * false Condition or no longer built here loses its entry, and its zips are stale; so are a function's
 * files it no longer has (its layer zip after a run without --layer), and every file of another project's
 * manifest. The project's layers are those the kept functions list: this run's build of each, else the
 * previous one; a layer no function lists any more is stale.
 */
export function mergeManifest(
  previous: PackageManifest | undefined,
  packaged: Readonly<Record<string, FunctionArtifacts>>,
  scope: ManifestScope,
  packagedLayers: Readonly<Record<string, LayerArtifacts>> = {},
): ManifestUpdate {
  const all: Record<string, FunctionArtifacts> = {};
  const current = new Set(scope.functions);
  const earlier = previous && previous.project === scope.project ? previous : undefined;
  const layerOf = (id: string) => packagedLayers[id] ?? earlier?.layers?.[id];
  for (const [id, fn] of Object.entries(earlier?.functions ?? {})) {
    const files = filesOf(fn, layerOf);
    if (current.has(id) && files !== undefined && files.every(scope.fileExists)) all[id] = fn;
  }
  Object.assign(all, packaged);
  const functions = Object.fromEntries(Object.keys(all).sort().map((id) => [id, all[id]!]));
  const layerIds = [...new Set(Object.values(functions).flatMap((fn) => fn.layers ?? []))].sort();
  const layers = Object.fromEntries(layerIds.flatMap((id) => {
    const layer = layerOf(id);
    return layer ? [[id, layer] as const] : [];
  }));
  const kept = new Set(Object.values(functions).flatMap((fn) => filesOf(fn, layerOf) ?? []));
  const before = [
    ...Object.values(previous?.functions ?? {}).flatMap((fn) => filesOf(fn, () => undefined, false) ?? []),
    ...Object.values(previous?.layers ?? {}).map((layer) => layer.zip.file),
  ];
  const stale = [...new Set(before)].filter((file) => !kept.has(file)).sort();
  const manifest: PackageManifest = { schema: MANIFEST_SCHEMA, project: scope.project, functions, ...(layerIds.length > 0 ? { layers } : {}) };
  return { manifest, stale };
}

/**
 * The files a function's entry needs: its zips and its layers'; undefined when a layer it lists is unknown
 * (unless `strict` is false: then only the function's own).
 */
function filesOf(fn: FunctionArtifacts, layerOf: (id: string) => LayerArtifacts | undefined, strict = true): string[] | undefined {
  const own = [fn.zip.file, ...(fn.layer ? [fn.layer.file] : [])];
  if (!strict) return own;
  const layers = (fn.layers ?? []).map(layerOf);
  if (layers.some((l) => l === undefined)) return undefined;
  return [...own, ...layers.map((l) => l!.zip.file)];
}

/**
 * Why `pylambda package` does not build a function of the project, or undefined when it does. The
 * Framework deploys a function with `package.artifact` from that zip as it is and never packages its
 * code (lib/plugins/package/lib/package-service.js), so a zip built here would not be what runs.
 */
export function notPackaged(fn: { readonly artifact?: string; readonly buildMethod?: string }): string | undefined {
  if (fn.buildMethod !== undefined) return `its Metadata.BuildMethod is ${fn.buildMethod}: sam build runs that build (make build-<FunctionId> for a makefile), so pylambda does not package it`;
  return fn.artifact === undefined ? undefined : `its package.artifact ${fn.artifact} is deployed as it is by the Serverless Framework, so pylambda does not package it`;
}

export interface BuildGroupInput {
  readonly id: string;
  /** The absolute code directory. */
  readonly codeDir: string;
  readonly runtime: string;
  readonly architecture: Architecture;
  /** serverless.yml package.patterns of its own. */
  readonly patterns?: readonly string[];
  /** The layers it lists (ids, ARNs): its budget depends on them. */
  readonly layers?: readonly string[];
}

/**
 * Functions that get the same zip: same code directory (hence the same requirements.txt), runtime
 * and architecture; and the same layers, since the size check and the report count them. Built once; each
 * function still gets its own file name.
 */
export function groupFunctions<T extends BuildGroupInput>(functions: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const fn of functions) {
    // Functions with their own package patterns (serverless.yml, packaged individually) are built apart.
    const key = JSON.stringify([fn.codeDir, fn.runtime, fn.architecture, fn.patterns ?? [], fn.layers ?? []]);
    const group = groups.get(key);
    if (group) group.push(fn);
    else groups.set(key, [fn]);
  }
  return [...groups.values()];
}

export interface BuildKeyEntry {
  readonly path: string;
  readonly mode: number;
  /** Identifies the bytes: a content digest, or the dependency cache key the file came from. */
  readonly content: string;
}

/** The text a zip's build key hashes: the same text means the zip writer would write the same bytes. */
export function buildKeyMaterial(kind: ArtifactKind, entries: readonly BuildKeyEntry[]): string {
  return JSON.stringify({ schema: ARTIFACT_SCHEMA, kind, entries: entries.map((e) => [e.path, e.mode, e.content]) });
}

/**
 * Whether the handler's module is in the package: `hello.lambda_handler` needs `hello.py`,
 * `hello/__init__.py`, a `hello` extension module or a `hello/` namespace package. `/` in the module
 * part is a package path (awslambdaric replaces it with `.`).
 */
export function handlerModuleFound(handler: string, archivePaths: readonly string[]): boolean {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return true; // a malformed handler is the template reader's error, reported there
  const module = handler.slice(0, dot).replace(/\./g, '/');
  const base = module.split('/').pop()!;
  const dir = module.includes('/') ? `${module.slice(0, module.lastIndexOf('/'))}/` : '';
  return archivePaths.some((p) => p === `${module}.py` || p.startsWith(`${module}/`)
    || (p.startsWith(dir) && !p.slice(dir.length).includes('/') && new RegExp(`^${escape(base)}(\\.[\\w-]+)?\\.so$`).test(p.slice(dir.length))));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
