/**
 * Starting the soaked processes (bench/soak.mjs, bench/soak-heap.mjs): a scratch directory with the soak's project and
 * a TMPDIR of its own, and a child node process run with the heap probe (soak-probe.mjs) in it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeProject } from './soak-project.mjs';
import { heapFileIn } from './soak-sample.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function scratchDirs(name) {
  const dir = mkdtempSync(join(tmpdir(), `pylambda-soak-${name}-`));
  const tmp = join(dir, 'tmp');
  const project = join(dir, 'project');
  mkdirSync(tmp);
  writeProject(project);
  return { dir, tmp, project };
}

/**
 * A child node process run with the heap probe and a TMPDIR of its own. $SOAK_NODE_FLAGS adds V8 flags: with
 * `--max-opt=0`, no function is compiled to machine code, and V8's own code no longer grows with the paths run.
 */
export function soaked(args, cwd, scratch, extraEnv = {}) {
  const flags = (process.env.SOAK_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, ['--expose-gc', ...flags, '--import', join(ROOT, 'bench/soak-probe.mjs'), ...args], {
    cwd, env: { ...process.env, TMPDIR: scratch.tmp, SOAK_HEAP_FILE: heapFileIn(scratch.dir), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  return { child, exited, stderr: () => stderr };
}

/** `pylambda dev --port 0 --json` on the scratch project, once ready: its events, its front doors' URLs, what to sample of it. */
export async function startDev(scratch, python, extraEnv = {}) {
  const run = soaked([join(ROOT, 'bin/pylambda.js'), 'dev', '--port', '0', '--json', '--python', python], scratch.project, scratch, extraEnv);
  const events = [];
  let ready;
  const readyEvent = new Promise((r) => (ready = r));
  createInterface({ input: run.child.stdout }).on('line', (line) => {
    const event = JSON.parse(line);
    events.push(event);
    if (event.type === 'ready') ready(event);
  });
  const first = await Promise.race([readyEvent, run.exited.then(() => Promise.reject(new Error(`dev exited: ${run.stderr()}`)))]);
  const url = (kind) => first.endpoints.find((e) => e.kind === kind).url;
  const urls = { rest: `${url('rest')}/test`, http: url('http'), alb: url('alb'), url: url('url'), ws: `${first.webSockets[0].url}` };
  const target = { pid: run.child.pid, root: scratch.project, tmp: scratch.tmp, state: join(scratch.project, '.aws-sam', 'pylambda'), heapFile: heapFileIn(scratch.dir) };
  return { run, events, urls, target };
}
