import { usToMs } from './importtime.js';
import type { TreeIndex } from './tree-index.js';

/**
 * The interpreter's own start-up, before any runtime or function code, is the same on every Lambda
 * function: a few milliseconds. Locally it can be much more, when `.pth` files in the interpreter's
 * site-packages (or a sitecustomize) import things at start-up: a certificate bundle, a coverage hook.
 * That time is in every Init Duration measured here and in none on Lambda, so it is worth saying.
 * Only what `site` imports beyond what every start-up imports counts, so a busy machine that slows the
 * whole start-up down does not trigger it.
 */
export const SLOW_STARTUP_MS = 15;
/** What `site` imports below this is noise, not a culprit worth naming. */
const CULPRIT_MS = 1;
/** What every interpreter's `site` imports (os is frozen from 3.11 on, not before). */
const STANDARD = new Set(['os', 'stat', 'posixpath', 'genericpath', '_collections_abc', '_sitebuiltins', 'io', 'abc', 'codecs', 'encodings']);

export interface SlowStartup {
  /** What the culprits cost together. */
  readonly ms: number;
  /** What `site` imported beyond the standard start-up, heaviest first. */
  readonly culprits: readonly { readonly module: string; readonly ms: number }[];
}

export function slowStartup(index: TreeIndex, thresholdMs = SLOW_STARTUP_MS): SlowStartup | undefined {
  const site = index.nodes.find((info) => info.phase === 'startup' && !info.parent && info.node.name === 'site');
  const culprits = (site?.node.children ?? [])
    .filter((child) => !STANDARD.has(child.name))
    .map((child) => ({ module: child.name, ms: usToMs(child.cumulativeUs) }))
    .sort((a, b) => b.ms - a.ms);
  const ms = culprits.reduce((sum, c) => sum + c.ms, 0);
  if (ms < thresholdMs) return undefined;
  return { ms, culprits: culprits.filter((c) => c.ms >= CULPRIT_MS) };
}
