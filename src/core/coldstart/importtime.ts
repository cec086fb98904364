/**
 * The import tree of one Python process, from the stderr of `python -X importtime`.
 *
 * What CPython prints (Python/import.c, `import_find_and_load`; docs: "-X importtime"):
 * - a header `import time: self [us] | cumulative | imported package`, once;
 * - one line per module when its import *finishes*: `import time: %9ld | %10ld | %*s%s`, i.e. self and
 *   cumulative microseconds (rounded up), then two spaces per nesting level, then the dotted name. So a
 *   module's children come before it (post-order), and the nesting is the only link between lines;
 * - a failed import still prints its line, so a module whose first import failed can appear again;
 * - only imports that go through the C import function are timed: a module loaded with
 *   `importlib.import_module()` (how awslambdaric loads the handler module) has no line of its own,
 *   its imports appear at the top level instead (pylambda's runtime client imports the handler with
 *   `__import__` under -X importtime, so that the handler module's own time has its line);
 * - with `-X importtime=2` (3.14+), `import time: cached | cached | name` for modules already loaded;
 *   their indentation is not reliable (printed with `%*s` on the name) and they cost nothing: they are
 *   counted, not placed in the tree.
 * The function's own stderr is interleaved with these lines; anything else is ignored, except the
 * marker pylambda's runtime client prints just before it imports the handler module (HANDLER_IMPORT_MARKER).
 * Parsing after tuna (nschloe/tuna, `read_import_profile`), which also rebuilds the tree from the indentation.
 */

import { median } from './stats.js';

/**
 * The line runtime/python/pylambda_bootstrap.py writes to stderr, only under `-X importtime`, right
 * before it imports the handler module: every top-level import after it is the function's, every one
 * before it (and after `site`) the runtime client's. Without it (awslambdaric) the phases are guessed
 * from RUNTIME_MODULES (tree-index.ts).
 */
export const HANDLER_IMPORT_MARKER = 'pylambda: importing the handler module';

/**
 * The line pylambda's runtime client writes, only under `-X importtime`, once the init is over and the
 * first event arrived, right before the handler runs: the top-level imports after it are the function's
 * lazy ones (an `import boto3` inside a function), paid by the first invocation rather than the init.
 */
export const INVOKE_MARKER = 'pylambda: invoking the handler';

export interface ImportNode {
  /** The dotted module name, as imported (`email.parser`). */
  readonly name: string;
  /** Microseconds spent in this module's own code, children excluded. */
  readonly selfUs: number;
  /** Microseconds from the start to the end of its import, children included. */
  readonly cumulativeUs: number;
  /** Nesting level as printed: 0 for a module imported while no other import was running. */
  readonly depth: number;
  /** Modules it imported for the first time, in import order. */
  readonly children: readonly ImportNode[];
}

export interface ImportTree {
  /** Top-level imports, in import order. */
  readonly roots: readonly ImportNode[];
  /** The number of import-time lines read (one per node). */
  readonly lineCount: number;
  /** `cached` lines of `-X importtime=2`: already-imported modules, not in the tree. */
  readonly cachedCount: number;
  /**
   * True when nested lines were never closed by their parent's line: the process ended (crash, kill,
   * init timeout) in the middle of an import. Those orphans are kept as top-level nodes.
   */
  readonly truncated: boolean;
  /**
   * Index in `roots` of the first import made after HANDLER_IMPORT_MARKER (equal to `roots.length` when
   * the handler imported nothing new); absent when the output has no marker.
   */
  readonly handlerImportAt?: number;
  /** Index in `roots` of the first import made after INVOKE_MARKER: the first invocation's. */
  readonly invokeAt?: number;
}

const LINE = /import time:\s*(\d+)\s*\|\s*(\d+)\s*\| ( *)(\S+)\s*$/;
const CACHED = /import time:\s*cached\s*\|\s*cached\s*\|/;

interface Building {
  name: string;
  selfUs: number;
  cumulativeUs: number;
  depth: number;
  children: Building[];
}

export function parseImportTime(stderr: string): ImportTree {
  // Lines finished but not yet adopted by a parent. Their depths never decrease from bottom to top,
  // so a new line at depth d adopts exactly the run of deeper lines at the top of the stack.
  const pending: Building[] = [];
  let lineCount = 0;
  let cachedCount = 0;
  let handlerImportAt: number | undefined;
  let invokeAt: number | undefined;
  for (const raw of stderr.split(/\r?\n/)) {
    if (handlerImportAt === undefined && raw.trim() === HANDLER_IMPORT_MARKER) {
      // No import is in progress when the runtime prints it, so everything pending is a finished root.
      handlerImportAt = pending.length;
      continue;
    }
    if (invokeAt === undefined && handlerImportAt !== undefined && raw.trim() === INVOKE_MARKER) {
      invokeAt = pending.length;
      continue;
    }
    if (CACHED.test(raw)) {
      cachedCount += 1;
      continue;
    }
    const match = LINE.exec(raw);
    if (!match) continue;
    lineCount += 1;
    const depth = Math.floor(match[3]!.length / 2);
    let start = pending.length;
    while (start > 0 && pending[start - 1]!.depth > depth) start -= 1;
    const children = pending.splice(start);
    pending.push({ name: match[4]!, selfUs: Number(match[1]), cumulativeUs: Number(match[2]), depth, children });
  }
  return {
    roots: pending,
    lineCount,
    cachedCount,
    truncated: pending.some((node) => node.depth > 0),
    ...(handlerImportAt === undefined ? {} : { handlerImportAt }),
    ...(invokeAt === undefined ? {} : { invokeAt }),
  };
}

/** Every node in import order (pre-order: a module before the modules it imported). */
export function* preorder(roots: readonly ImportNode[]): Generator<{ node: ImportNode; ancestors: readonly ImportNode[] }> {
  const stack: { node: ImportNode; ancestors: readonly ImportNode[] }[] = [...roots].reverse().map((node) => ({ node, ancestors: [] }));
  while (stack.length > 0) {
    const item = stack.pop()!;
    yield item;
    const ancestors = [...item.ancestors, item.node];
    for (let i = item.node.children.length - 1; i >= 0; i -= 1) stack.push({ node: item.node.children[i]!, ancestors });
  }
}

export const usToMs = (us: number): number => us / 1000;

/**
 * Several `-X importtime` profiles of the same cold start as one: the first profile's lines (its tree),
 * each module's self and cumulative times the median over the profiles that imported it. One profile
 * alone swings with the machine's load: a 3 ms import measured at 20 ms once made a finding of it.
 */
export function medianImportTime(profiles: readonly string[]): string {
  if (profiles.length <= 1) return profiles[0] ?? '';
  const times = new Map<string, { self: number[]; cumulative: number[] }>();
  // A module whose import failed can be imported (and listed) again: the nth line of a name is one key.
  const keyed = (profile: string) => {
    const seen = new Map<string, number>();
    return profile.split(/\r?\n/).map((line) => {
      const match = LINE.exec(line);
      if (!match) return { line };
      const n = (seen.get(match[4]!) ?? 0) + 1;
      seen.set(match[4]!, n);
      return { line, match, key: `${match[4]!}#${n}` };
    });
  };
  for (const profile of profiles) {
    for (const { match, key } of keyed(profile)) {
      if (!match) continue;
      const entry = times.get(key) ?? { self: [], cumulative: [] };
      entry.self.push(Number(match[1]));
      entry.cumulative.push(Number(match[2]));
      times.set(key, entry);
    }
  }
  return keyed(profiles[0]!).map(({ line, match, key }) => {
    if (!match) return line;
    const entry = times.get(key)!;
    return `import time: ${String(Math.round(median(entry.self))).padStart(9)} | ${String(Math.round(median(entry.cumulative))).padStart(10)} | ${match[3]}${match[4]}`;
  }).join('\n');
}
