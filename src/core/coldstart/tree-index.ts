import { preorder, type ImportNode, type ImportTree } from './importtime.js';

/**
 * Who caused an import: the interpreter starting up, the runtime client, the function's code during the
 * init, or the function's code while it handled the first event (`invoke`: a lazy import).
 *
 * In a cold start the process runs, in order: Python's start-up (ending with `site`), the runtime
 * client's own imports, then the handler module, whose imports appear at the top level because the
 * runtime loads it outside the C import (awslambdaric's importlib.import_module; see importtime.ts), or
 * the handler module itself (pylambda's client under -X importtime), then the first invocation.
 */
export type Phase = 'startup' | 'runtime' | 'user' | 'invoke';

/**
 * Top-level modules the runtime clients import before they load the handler module.
 * pylambda: runtime/python/pylambda_runtime.py (which pylambda_bootstrap.py runs), pylambda_marshal.py,
 * pylambda_context.py, pylambda_runtime_api.py and pylambda_logging.py (`_socket`, `json`, `importlib.machinery`
 * for the logging hook, `threading` for the parent watch, `resource` for the peak memory, once the init is over,
 * `traceback` when a handler raises; the others are usually loaded by start-up already). awslambdaric: pylambda_awslambdaric.py
 * imports what Lambda's bootstrap.py does, then awslambdaric, whose bootstrap imports the rest.
 */
export const RUNTIME_MODULES = {
  pylambda: ['pylambda_bootstrap', 'pylambda_runtime', 'pylambda_marshal', 'pylambda_context', 'pylambda_runtime_api', 'pylambda_imports', 'pylambda_logging', '_socket', 'json', 'importlib', 'threading', 'time', 'os', 'sys', 'traceback'],
  awslambdaric: ['json', 'logging', 'os', 'site', 'sys', 'time', 'traceback', 'warnings', 'awslambdaric'],
} as const;

/**
 * What Lambda's Python runtime (awslambdaric, which the managed runtimes run) has imported before it loads
 * the handler: bootstrap.py, lambda_runtime_client.py, lambda_runtime_marshaller.py, lambda_context.py and
 * lambda_runtime_log_utils.py import these, directly or through each other. On Lambda the function's own `import logging`
 * finds it loaded and costs nothing; pylambda's client loads logging only when the code asks for it (see
 * pylambda_logging.py), so a local profile shows the cost under the function's imports. It is the runtime's.
 * The same list as runtime/python/pylambda_imports.py's (a test keeps them equal).
 */
export const LAMBDA_PRELOADED: ReadonlySet<string> = new Set([
  'abc', 'atexit', 'codecs', 'collections', 'contextlib', 'copyreg', 'decimal', 'enum', 'functools', 'importlib',
  'io', 'json', 'keyword', 'linecache', 'logging', 'math', 'numbers', 'operator', 'os', 're', 'reprlib', 'string',
  'textwrap', 'threading', 'time', 'token', 'tokenize', 'traceback', 'types', 'warnings', 'weakref',
]);

export interface NodeInfo {
  readonly node: ImportNode;
  readonly parent: NodeInfo | undefined;
  readonly phase: Phase;
  /** Position in import order (pre-order), from 0. */
  readonly order: number;
  /** `pandas` for `pandas.core.frame`. */
  readonly topLevel: string;
  /** The function's code imported it first, but Lambda's runtime has it loaded already (LAMBDA_PRELOADED). */
  readonly preloaded?: true;
}

export interface TreeIndex {
  readonly tree: ImportTree;
  readonly handlerModule: string;
  readonly nodes: readonly NodeInfo[];
  /** The first import of each module name (only the first one costs: later ones are cached). */
  readonly first: ReadonlyMap<string, NodeInfo>;
}

export interface IndexOptions {
  /** The handler's module, `lambda_function` (a `/` in the handler's module part is a package path). */
  readonly handlerModule: string;
  /** Top-level names the runtime client imports before the handler; default RUNTIME_MODULES.pylambda. */
  readonly runtimeModules?: readonly string[];
}

export const topLevelOf = (name: string): string => name.split('.')[0]!;

/**
 * Phase of each top-level import: start-up through `site`, then the runtime's, then the user's. Where
 * the user's begin is exact when the runtime printed its marker (`handlerImportAt`, see importtime.ts);
 * otherwise it is the first import after `site` that is not one of the runtime's known modules.
 */
export function rootPhases(roots: readonly ImportNode[], runtimeModules: readonly string[], handlerImportAt?: number, invokeAt?: number): Phase[] {
  const site = roots.findIndex((root) => root.name === 'site');
  const phases: Phase[] = roots.map((_, i) => (i <= site ? 'startup' : invokeAt !== undefined && i >= invokeAt ? 'invoke' : 'user'));
  if (handlerImportAt !== undefined) {
    for (let i = site + 1; i < Math.min(handlerImportAt, roots.length); i += 1) phases[i] = 'runtime';
    return phases;
  }
  const runtime = new Set(runtimeModules);
  for (let i = site + 1; i < roots.length && runtime.has(topLevelOf(roots[i]!.name)); i += 1) phases[i] = 'runtime';
  return phases;
}

export function indexTree(tree: ImportTree, options: IndexOptions): TreeIndex {
  const handlerModule = options.handlerModule.replace(/\//g, '.');
  const phases = rootPhases(tree.roots, options.runtimeModules ?? RUNTIME_MODULES.pylambda, tree.handlerImportAt, tree.invokeAt);
  const rootPhase = new Map(tree.roots.map((root, i) => [root, phases[i]!]));
  const infos = new Map<ImportNode, NodeInfo>();
  const nodes: NodeInfo[] = [];
  const first = new Map<string, NodeInfo>();
  for (const { node, ancestors } of preorder(tree.roots)) {
    const parent = ancestors.length > 0 ? infos.get(ancestors[ancestors.length - 1]!) : undefined;
    const inherited = parent ? parent.phase : rootPhase.get(node) ?? 'user';
    const preloaded = inherited === 'user' && !first.has(node.name) && LAMBDA_PRELOADED.has(node.name);
    const info: NodeInfo = { node, parent, phase: preloaded ? 'runtime' : inherited, order: nodes.length, topLevel: topLevelOf(node.name), ...(preloaded ? { preloaded } : {}) };
    infos.set(node, info);
    nodes.push(info);
    if (!first.has(node.name)) first.set(node.name, info);
  }
  return { tree, handlerModule, nodes, first };
}

/** What a chain of the first invocation's imports starts from: the code that ran, not a module. */
export const INVOKE_ORIGIN = '(first invocation)';

/**
 * The chain of imports that pulled a module in, from the module that started it:
 * `lambda_function -> src.handlers -> pandas`. The user's top-level imports were made by the handler
 * module, the runtime's by its bootstrap, the first invocation's by whatever code ran (INVOKE_ORIGIN);
 * start-up imports have no such origin.
 */
export function chainOf(index: TreeIndex, info: NodeInfo, runtimeOrigin = 'pylambda_bootstrap'): string[] {
  const names: string[] = [];
  let root = info;
  for (let at: NodeInfo | undefined = info; at; at = at.parent) {
    names.unshift(at.node.name);
    root = at;
  }
  // A module Lambda's runtime preloads keeps the chain of the user's code that imported it here.
  const origin = root.phase === 'user' ? index.handlerModule : root.phase === 'runtime' ? runtimeOrigin : root.phase === 'invoke' ? INVOKE_ORIGIN : undefined;
  if (origin && names[0] !== origin) names.unshift(origin);
  return names;
}

/** True when `info` is `ancestor` or imported (transitively) while `ancestor` was being imported. */
export function isWithin(info: NodeInfo, ancestor: NodeInfo): boolean {
  for (let at: NodeInfo | undefined = info; at; at = at.parent) if (at === ancestor) return true;
  return false;
}

/** A module's cumulative import time less what it imported that Lambda's runtime has loaded before (LAMBDA_PRELOADED). */
export function userCumulativeUs(index: TreeIndex, info: NodeInfo): number {
  let us = info.node.cumulativeUs;
  for (const other of index.nodes) if (other.preloaded && other !== info && isWithin(other, info)) us -= other.node.cumulativeUs;
  return us;
}
