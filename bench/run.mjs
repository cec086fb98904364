// `npm run bench`: every benchmark, one after the other (each prints its table and writes
// bench/results/<name>.json). BENCH_ONLY=invoke,dev picks some.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH } from './lib.mjs';

const all = ['invoke', 'dev', 'coldstart', 'package', 'scaffold'];
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : undefined;
for (const name of all) {
  if (only && !only.includes(name)) continue;
  const file = join(BENCH, `${name}.mjs`);
  if (!existsSync(file)) continue;
  console.log(`\n## bench/${name}\n`);
  execFileSync(process.execPath, [file], { stdio: 'inherit', env: { ...process.env, BENCH_ONLY: '' } });
}
