// Shared pieces of the benchmarks: statistics, a line-protocol client, result output.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(BENCH, '..');

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values) => percentile(values, 50);
export const ms = (v) => `${v.toFixed(2)} ms`;

/** One persistent process speaking JSON lines: send an event, await its result line. */
export function lineClient(argv, options = {}) {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'], ...options });
  let buffer = '';
  const waiting = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      waiting.shift()?.(line);
    }
  });
  return {
    send(event) {
      return new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin.write(`${event}\n`);
      });
    },
    close() {
      child.stdin.end();
      child.kill('SIGKILL');
    },
  };
}

/**
 * Times `count` sequential calls of each function, alternating blocks of `block` calls between them so
 * that both see the same machine (load, frequency, caches) and their ratio means something.
 */
export async function timeInterleaved(fns, count, warmup, block = 100) {
  for (const fn of fns) for (let i = 0; i < warmup; i++) await fn();
  const samples = fns.map(() => []);
  const totals = fns.map(() => 0);
  for (let done = 0; done < count; done += block) {
    for (const [k, fn] of fns.entries()) {
      const started = performance.now();
      for (let i = 0; i < block; i++) {
        const t = performance.now();
        await fn();
        samples[k].push(performance.now() - t);
      }
      totals[k] += performance.now() - started;
    }
  }
  return samples.map((s, k) => ({ samples: s, total: totals[k], p50: median(s), p99: percentile(s, 99), perSecond: (s.length / totals[k]) * 1000 }));
}

/** Times `count` sequential calls of `fn`, after `warmup` untimed ones. */
export async function timeSequential(fn, count, warmup) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  const total = performance.now() - started;
  return { samples, total, p50: median(samples), p99: percentile(samples, 99), perSecond: (count / total) * 1000 };
}

export function saveResults(name, results) {
  const dir = join(BENCH, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
}

export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`).join('\n');
}
