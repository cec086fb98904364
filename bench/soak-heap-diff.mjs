#!/usr/bin/env node
/**
 * Compares heap snapshots of one process (V8 keeps a node's id across the snapshots of one process, so a node of B
 * whose id A lacks was allocated between them):
 *
 *   node bench/soak-heap-diff.mjs A.heapsnapshot B.heapsnapshot [C.heapsnapshot]
 *
 * prints, by category (an object's constructor, a closure's function name, or the node's type), the change of count
 * and of self size from each snapshot to the next, and, with three, what was allocated between A and B and is still
 * alive in C, with a retainer path for a few of each: what a burst between A and B left for good.
 */
import { readFileSync } from 'node:fs';

export function readSnapshot(path) {
  const { snapshot: { meta }, nodes, edges, strings } = JSON.parse(readFileSync(path, 'utf8'));
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_fields.indexOf('type') >= 0 ? meta.edge_types[0] : [];
  const at = (field) => meta.node_fields.indexOf(field);
  const [TYPE, NAME, ID, SIZE, EDGES] = [at('type'), at('name'), at('id'), at('self_size'), at('edge_count')];
  const count = nodes.length / nf;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) firstEdge[i + 1] = firstEdge[i] + nodes[i * nf + EDGES] * ef;
  const node = (i) => ({ type: nodeTypes[nodes[i * nf + TYPE]], name: strings[nodes[i * nf + NAME]], id: nodes[i * nf + ID], size: nodes[i * nf + SIZE] });
  const edgeName = (e) => {
    const type = edgeTypes[edges[e]];
    const nameOrIndex = edges[e + 1];
    return type === 'element' || type === 'hidden' ? `[${nameOrIndex}]` : type === 'context' ? `ctx.${strings[nameOrIndex]}` : strings[nameOrIndex];
  };
  return { count, node, nf, ef, edges, edgeTypes, firstEdge, edgeName };
}

export function category({ type, name }) {
  if (type === 'object') return name;
  if (type === 'closure') return `(closure ${name || 'anonymous'})`;
  if (type.includes('string')) return '(string)';
  if (type === 'code') return `(code ${name.replace(/\s.*$/, '').slice(0, 40)})`;
  if (type === 'hidden' || type === 'array' || type === 'native' || type === 'object shape') return `(${type} ${name.slice(0, 40)})`;
  return `(${type})`;
}

function byCategory(snap, keep = () => true) {
  const out = new Map();
  for (let i = 0; i < snap.count; i++) {
    const n = snap.node(i);
    if (!keep(n)) continue;
    const c = category(n);
    const row = out.get(c) ?? { count: 0, size: 0, sample: [] };
    row.count++;
    row.size += n.size;
    if (row.sample.length < 3) row.sample.push(i);
    out.set(c, row);
  }
  return out;
}

function ids(snap) {
  const out = new Set();
  for (let i = 0; i < snap.count; i++) out.add(snap.node(i).id);
  return out;
}

/** Whether a category is V8's own code and what goes with it (feedback, deopt data, the weak lists of its dependents): warm-up, not the program's. */
export const isCode = (c) => c.startsWith('(code') || c === '(hidden system / WeakArrayList)';

/** A snapshot's bytes, and of them V8's own code's. */
export function heapTotals(snap) {
  const totals = { all: 0, code: 0 };
  for (let i = 0; i < snap.count; i++) {
    const n = snap.node(i);
    totals.all += n.size;
    if (isCode(category(n))) totals.code += n.size;
  }
  return totals;
}

export function diff(before, after, limit = 25) {
  const a = byCategory(before);
  const b = byCategory(after);
  const rows = [];
  for (const c of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(c) ?? { count: 0, size: 0 };
    const y = b.get(c) ?? { count: 0, size: 0 };
    if (x.count !== y.count || x.size !== y.size) rows.push({ c, count: y.count - x.count, size: y.size - x.size });
  }
  rows.sort((p, q) => Math.abs(q.size) - Math.abs(p.size));
  return rows.slice(0, limit);
}

/** Who holds node `i`: one path of strong retainers up to a root or `depth` steps. */
function retainers(snap, i, depth = 10) {
  if (!snap.reverse) {
    const reverse = Array.from({ length: snap.count }, () => []);
    for (let from = 0; from < snap.count; from++) {
      for (let e = snap.firstEdge[from]; e < snap.firstEdge[from + 1]; e += snap.ef) {
        const type = snap.edgeTypes[snap.edges[e]];
        if (type === 'weak' || type === 'shortcut') continue;
        reverse[snap.edges[e + 2] / snap.nf].push([from, e]);
      }
    }
    snap.reverse = reverse;
  }
  const path = [];
  const seen = new Set([i]);
  let at = i;
  for (let d = 0; d < depth; d++) {
    const up = snap.reverse[at].find(([from]) => !seen.has(from));
    if (!up) break;
    const [from, e] = up;
    seen.add(from);
    path.push(`${category(snap.node(from))}.${snap.edgeName(e)}`);
    at = from;
  }
  return path.join(' <- ');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const paths = process.argv.slice(2);
  const snaps = paths.map(readSnapshot);
  snaps.forEach((s, k) => console.log(`${paths[k]}: ${s.count} nodes, ${heapTotals(s).all} bytes`));
  for (let k = 1; k < snaps.length; k++) {
    console.log(`\n${paths[k - 1]} -> ${paths[k]}: ${heapTotals(snaps[k]).all - heapTotals(snaps[k - 1]).all} bytes`);
    for (const { c, count, size } of diff(snaps[k - 1], snaps[k])) console.log(`  ${String(size).padStart(9)} B ${String(count).padStart(6)}  ${c}`);
  }
  if (snaps.length === 3) {
    const [a, b, c] = snaps;
    const [inA, inB] = [ids(a), ids(b)];
    const kept = byCategory(c, (n) => inB.has(n.id) && !inA.has(n.id));
    const rows = [...kept].sort((p, q) => q[1].size - p[1].size).slice(0, 20);
    console.log(`\nallocated between ${paths[0]} and ${paths[1]}, alive in ${paths[2]}: ${[...kept.values()].reduce((s, r) => s + r.size, 0)} bytes`);
    for (const [name, row] of rows) {
      console.log(`  ${String(row.size).padStart(9)} B ${String(row.count).padStart(6)}  ${name}`);
      for (const i of row.sample.slice(0, 2)) console.log(`      ${retainers(c, i)}`);
    }
  }
}
