/** The `package` use case's options, results, progress events, and the tools it runs (swappable in tests). */
import type { SourceKind } from '../core/packaging/source-requirements.js';
import { systemClock, type Clock } from '../adapters/clock.js';
import { chalicePackageDir, findOnPath, findPythonVersion, pipVersion, uvVersion, type PythonSearch } from '../adapters/python-tools.js';
import { resolvePython, type PythonInfo } from '../adapters/python.js';
import { runTool, type RunTool } from '../adapters/tool-runner.js';
import type { PackageSize } from '../core/packaging/limits.js';
import type { ArtifactKind } from '../core/packaging/manifest.js';
import type { Architecture, ProjectStyle } from '../core/model/project.js';
import type { ProjectSelection } from './project-selection.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface PackageOptions extends ProjectSelection {
  /** Functions to package (ids or names); all of them when empty. */
  readonly functionNames?: readonly string[];
  /** Overrides every function's architecture. */
  readonly architecture?: Architecture;
  /** Where the zips and manifest.json go (default: `defaultOutDir` of the project's style, in its root). */
  readonly outDir?: string;
  /** Dependencies in a separate layer zip under `python/`. */
  readonly layer?: boolean;
  readonly excludeBoto3?: boolean;
  readonly installer?: 'auto' | 'pip' | 'uv';
  /** Rebuild the dependencies and every zip; the fresh dependencies replace the cached ones. */
  readonly noCache?: boolean;
  readonly onProgress?: (event: PackageProgress) => void;
  readonly onNotice?: (notice: PackageNotice) => void;
  /** Replacements for the real tools (tests use a fake installer). */
  readonly tools?: Partial<PackageTools>;
}

export interface PackageNotice {
  /** A warning is something to act on; a note explains a choice. */
  readonly level: 'warning' | 'note';
  readonly message: string;
}

export type BuildStep = 'install' | 'sdist' | 'check' | 'prune' | 'compile' | 'files' | 'zip';

export type PackageProgress =
  | { readonly kind: 'step'; readonly build: string; readonly step: BuildStep; readonly detail?: string }
  | { readonly kind: 'count'; readonly build: string; readonly step: BuildStep; readonly done: number; readonly total?: number; readonly detail?: string }
  | { readonly kind: 'end'; readonly build: string };

export interface ArtifactReport {
  readonly kind: ArtifactKind;
  /** Absolute path of the zip (of the first function's, for a build several functions share). */
  readonly path: string;
  /** Absolute paths of every file of the zip: one for each function of a shared build, `<FunctionId>.zip`. */
  readonly paths: readonly string[];
  readonly functions: readonly string[];
  readonly runtime: string;
  readonly architecture: Architecture;
  readonly bytes: number;
  readonly unzippedBytes: number;
  readonly sha256: string;
  readonly codeSha256: string;
  /** Bytes left under the 50 MB direct-upload limit for this zip; negative when over (it deploys through S3). */
  readonly zippedLeft: number;
  /**
   * Bytes left under the 250 MB unzipped limit for the function with all its layers; for a layer of the
   * project, the least any function listing it has left.
   */
  readonly unzippedLeft: number;
  /** A function's zip: the project's layers counted with it (`--layer`'s zip is counted too, and not named here). */
  readonly layers?: readonly string[];
  /** A function's zip: the layers Lambda counts and pylambda could not (ARNs, layers it does not build). */
  readonly uncountedLayers?: readonly string[];
  readonly entries: number;
  /** True when the zip from the previous run was kept: same build key, same bytes. */
  readonly reused: boolean;
  readonly largest: readonly PackageSize[];
}

export interface BuildReport {
  /** The functions built; for a layer of the project, the functions of this run that list it. */
  readonly functions: readonly string[];
  /** Present when this is the build of a layer of the project (a SAM LayerVersion, a serverless.yml layer). */
  readonly layer?: {
    readonly id: string; readonly contentUri: string; readonly buildMethod?: string;
    /** The kind of project that declares it: its wording (a serverless.yml layer has a `path`, and no BuildMethod). */
    readonly style?: ProjectStyle;
  };
  readonly runtime: string;
  readonly architecture: Architecture;
  readonly codeDir: string;
  readonly chalice: boolean;
  readonly dependencies: {
    readonly requirements?: string;
    readonly installer?: string;
    readonly distributions: readonly string[];
    /** `hit`: reused from the cache; `miss`: installed and cached; `off`: installed, not cacheable; `none`: no requirements. */
    readonly cache: 'hit' | 'miss' | 'off' | 'none';
    /** The requirements built here into wheels (local paths, repositories, source archives); absent when none. */
    readonly built?: readonly SourceBuild[];
  };
  /** The Python the bytecode was compiled with, and how many `.pyc` went in. */
  readonly bytecode: { readonly python?: string; readonly files: number };
  readonly artifacts: readonly ArtifactReport[];
  readonly durationMs: number;
}

/** A source requirement pip built into a wheel for the installer: the line (without its hashes), its kind, the wheel. */
export interface SourceBuild {
  readonly requirement: string;
  readonly kind: SourceKind;
  readonly wheel: string;
}

export interface PackageOutcome {
  readonly root: string;
  readonly outDir: string;
  readonly manifest: string;
  readonly builds: readonly BuildReport[];
  readonly durationMs: number;
}

/** Every process and probe the use case starts, so a test can replace the installer with a fake. */
export interface PackageTools {
  readonly runTool: RunTool;
  readonly resolvePython: (candidate: string, env?: Readonly<Record<string, string | undefined>>) => Promise<PythonInfo>;
  readonly findOnPath: (name: string, env: Env) => string | undefined;
  readonly uvVersion: (uv: string, env: Env) => Promise<string | undefined>;
  readonly pipVersion: (python: string, env: Env) => Promise<string | undefined>;
  readonly findPythonVersion: (version: string, env: Env, uv?: string) => Promise<PythonSearch>;
  readonly chalicePackageDir: (python: string, env: Env) => Promise<string | undefined>;
  readonly clock: Clock;
}

export const realTools: PackageTools = {
  runTool,
  resolvePython,
  findOnPath,
  uvVersion,
  pipVersion,
  findPythonVersion,
  chalicePackageDir,
  clock: systemClock,
};
