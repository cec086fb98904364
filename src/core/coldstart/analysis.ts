import { usToMs, type ImportTree } from './importtime.js';
import { ownerOf, type ModuleMap, type OwnerKind } from './modules.js';
import { chainOf, indexTree, userCumulativeUs, type IndexOptions, type NodeInfo, type Phase, type TreeIndex } from './tree-index.js';

/** Import time of one phase of a cold start. */
export interface PhaseTotal {
  /** Sum of the cumulative times of the phase's outermost imports, less what nested in them belongs to another phase. */
  readonly ms: number;
  /** Modules imported (each first import once). */
  readonly modules: number;
}

/** A top-level package of the user's imports: `pandas` with every `pandas.*` module. */
export interface PackageCost {
  readonly name: string;
  /** Sum of the self times of its modules: what the package itself costs. */
  readonly selfMs: number;
  readonly modules: number;
  /** The first module of the package to be imported, its cumulative time and how it was pulled in. */
  readonly firstImport: { readonly module: string; readonly cumulativeMs: number; readonly chain: readonly string[] };
  readonly owner?: { readonly kind: OwnerKind; readonly name: string; readonly version?: string };
}

/** The user's import time grouped by installed distribution (or stdlib / your code). */
export interface DistributionCost {
  readonly name: string;
  readonly kind: OwnerKind;
  readonly version?: string;
  readonly selfMs: number;
  readonly modules: number;
  /** Its top-level packages, heaviest first. */
  readonly packages: readonly string[];
}

export interface ModuleCost {
  readonly module: string;
  readonly selfMs: number;
  readonly cumulativeMs: number;
  readonly chain: readonly string[];
}

export interface ImportAnalysis {
  readonly handlerModule: string;
  /** The init's import time (start-up, runtime and user; not the first invocation's), in ms. */
  readonly totalMs: number;
  readonly phases: Readonly<Record<Phase, PhaseTotal>>;
  /** The user's top-level packages, heaviest (selfMs) first. */
  readonly packages: readonly PackageCost[];
  /** The same for the first invocation's imports (inside the handler: the lazy pattern), paid by each environment's first request. */
  readonly invokePackages: readonly PackageCost[];
  /** Present when a module map was given. */
  readonly distributions?: readonly DistributionCost[];
  /** The user's modules with the most self time, heaviest first, each with its chain. */
  readonly heaviestModules: readonly ModuleCost[];
  /** The runtime client's imports (not the user's to fix), top-level names in order. */
  readonly runtimeImports: readonly string[];
  /** Modules the function's code imported first here that Lambda's runtime has loaded before it (LAMBDA_PRELOADED), in order. */
  readonly preloadedImports: readonly string[];
  readonly truncated: boolean;
}

export interface AnalyzeOptions extends IndexOptions {
  readonly modules?: ModuleMap;
  /** How many modules `heaviestModules` lists (default 10). */
  readonly top?: number;
}

const byCostThenName = <T extends { selfMs: number; name: string }>(a: T, b: T) => b.selfMs - a.selfMs || a.name.localeCompare(b.name);

/** Only a module's first import is counted: a failed import printed again later would count twice. */
function firstImports(index: TreeIndex, phase: Phase): NodeInfo[] {
  return index.nodes.filter((info) => info.phase === phase && index.first.get(info.node.name) === info);
}

export function analyzeImports(tree: ImportTree, options: AnalyzeOptions): ImportAnalysis {
  return analyzeIndex(indexTree(tree, options), options);
}

export function analyzeIndex(index: TreeIndex, options: Omit<AnalyzeOptions, keyof IndexOptions> = {}): ImportAnalysis {
  const { tree } = index;
  // Cumulative times, not sums of self times: the profile's medians are taken per module, so a module's median
  // cumulative time need not be its own plus its imports'. A preloaded module inside the user's imports moves
  // its whole subtree to the runtime.
  const phaseTotal = (phase: Phase): PhaseTotal => ({
    ms: usToMs(index.nodes.reduce((sum, i) => {
      const parentPhase = i.parent?.phase;
      if (i.phase === phase && parentPhase !== phase) return sum + i.node.cumulativeUs;
      if (i.phase !== phase && parentPhase === phase) return sum - i.node.cumulativeUs;
      return sum;
    }, 0)),
    modules: firstImports(index, phase).length,
  });
  const user = firstImports(index, 'user');
  const packages = packageCosts(index, user, options.modules);

  let distributions: DistributionCost[] | undefined;
  if (options.modules) {
    const byOwner = new Map<string, { kind: OwnerKind; version?: string; selfMs: number; modules: number; packages: string[] }>();
    for (const pkg of packages) {
      const owner = pkg.owner!;
      const entry = byOwner.get(owner.name) ?? { kind: owner.kind, ...(owner.version ? { version: owner.version } : {}), selfMs: 0, modules: 0, packages: [] };
      entry.selfMs += pkg.selfMs;
      entry.modules += pkg.modules;
      entry.packages.push(pkg.name);
      byOwner.set(owner.name, entry);
    }
    distributions = [...byOwner].map(([name, e]) => ({ name, ...e })).sort(byCostThenName);
  }

  const heaviestModules = [...user]
    .sort((a, b) => b.node.selfUs - a.node.selfUs || a.order - b.order)
    .slice(0, options.top ?? 10)
    .map((info) => ({
      module: info.node.name,
      selfMs: usToMs(info.node.selfUs),
      cumulativeMs: usToMs(userCumulativeUs(index, info)),
      chain: chainOf(index, info),
    }));

  return {
    handlerModule: index.handlerModule,
    totalMs: usToMs(index.nodes.filter((i) => !i.parent && i.phase !== 'invoke').reduce((sum, i) => sum + i.node.cumulativeUs, 0)),
    phases: { startup: phaseTotal('startup'), runtime: phaseTotal('runtime'), user: phaseTotal('user'), invoke: phaseTotal('invoke') },
    packages,
    invokePackages: packageCosts(index, firstImports(index, 'invoke'), options.modules),
    ...(distributions ? { distributions } : {}),
    heaviestModules,
    runtimeImports: index.nodes.filter((i) => i.phase === 'runtime' && !i.parent).map((i) => i.node.name),
    preloadedImports: index.nodes.filter((i) => i.preloaded).map((i) => i.node.name),
    truncated: tree.truncated,
  };
}

/** Modules grouped by their top-level package, each with its own time and its first import. */
function packageCosts(index: TreeIndex, infos: readonly NodeInfo[], modules: ModuleMap | undefined): PackageCost[] {
  const groups = new Map<string, NodeInfo[]>();
  for (const info of infos) groups.set(info.topLevel, [...(groups.get(info.topLevel) ?? []), info]);
  return [...groups].map(([name, members]) => {
    const head = members[0]!;
    const owner = modules ? ownerOf(name, modules, index.handlerModule) : undefined;
    return {
      name,
      selfMs: usToMs(members.reduce((sum, i) => sum + i.node.selfUs, 0)),
      modules: members.length,
      firstImport: { module: head.node.name, cumulativeMs: usToMs(userCumulativeUs(index, head)), chain: chainOf(index, head) },
      ...(owner ? { owner } : {}),
    };
  }).sort(byCostThenName);
}
