/**
 * What the soak (bench/soak.mjs) samples of a process from outside: its RSS, its heap (written by
 * soak-probe.mjs, loaded with --import), its open fds, the processes under it or running from the project, and the
 * entries of the directories its environments and state use.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function count(dir) {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}

/** The versioned entries under each directory of dev's state directory (inline/, zips/, ...), leases and partial copies apart. */
function versions(state) {
  let n = 0;
  for (const kind of readdirSafe(state)) n += readdirSafe(join(state, kind)).filter((name) => !/\.(?:lease|partial)-\d+/.test(name)).length;
  return n;
}

function readdirSafe(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Every live process's parent, from /proc/PID/stat (its 4th field, after the parenthesised command). */
function parents() {
  const out = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z') out.set(Number(name), Number(fields[1]));
  }
  return out;
}

/** The processes under `pid` (not itself), and those anywhere whose working directory is under `root` (an orphan a group kill missed). */
export function processesOf(pid, root) {
  const tree = parents();
  const descendants = new Set();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [child, parent] of tree) {
      if ((parent === pid || descendants.has(parent)) && !descendants.has(child)) {
        descendants.add(child);
        grew = true;
      }
    }
  }
  const strays = [];
  for (const other of tree.keys()) {
    if (other === pid || descendants.has(other)) continue;
    let cwd;
    try {
      cwd = readlinkSync(`/proc/${other}/cwd`);
    } catch {
      continue;
    }
    if (cwd === root || cwd.startsWith(`${root}/`)) strays.push(other);
  }
  return { descendants: descendants.size, strays: strays.length };
}

/** One sample of `pid`: undefined fields once it is gone. */
export function sample({ pid, root, tmp, state, heapFile }) {
  const status = read(`/proc/${pid}/status`);
  const rssKb = status ? Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) : 0;
  const heap = heapFile && status ? JSON.parse(read(heapFile) || '{}') : {};
  const { descendants, strays } = processesOf(pid, root);
  return {
    rssMb: rssKb / 1024,
    heapMb: heap.heapUsed === undefined ? undefined : heap.heapUsed / 1048576,
    fds: status ? count(`/proc/${pid}/fd`) : 0,
    processes: descendants,
    strays,
    tmpEntries: count(tmp),
    stateEntries: state ? versions(state) : 0,
  };
}

export const METRICS = ['rssMb', 'heapMb', 'fds', 'processes', 'strays', 'tmpEntries', 'stateEntries'];

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const fixed = (x) => (Number.isNaN(x) || x === undefined ? '-' : Number.isInteger(x) ? String(x) : x.toFixed(1));

/**
 * One Markdown table row per metric: the mean of the first, middle and last third of the samples, their max, and the
 * value after stop. A growth that slows from the first two thirds to the last two is warm-up; a steady one, a leak.
 */
export function trendTable(title, samples, after) {
  const third = Math.max(1, Math.floor(samples.length / 3));
  const rows = [`| ${title} | first third | middle third | last third | change | max | after stop |`, '|---|---:|---:|---:|---:|---:|---:|'];
  for (const metric of METRICS) {
    const values = samples.map((s) => s[metric]).filter((v) => v !== undefined);
    if (values.length === 0) continue;
    const first = mean(values.slice(0, third));
    const middle = mean(values.slice(third, values.length - third));
    const last = mean(values.slice(-third));
    const change = first ? `${(((last - first) / first) * 100).toFixed(0)}%` : fixed(last - first);
    rows.push(`| ${metric} | ${fixed(first)} | ${fixed(middle)} | ${fixed(last)} | ${change} | ${fixed(Math.max(...values))} | ${fixed(after?.[metric])} |`);
  }
  return rows.join('\n');
}

export const heapFileIn = (dir) => join(dir, 'heap.json');
