import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The test virtual environment's interpreter (scripts/test-env.mjs makes it). */
export function testPython(): string {
  const python = `${ROOT}.venv-test/bin/python`;
  if (!existsSync(python)) throw new Error(`${python} is missing: run \`node scripts/test-env.mjs\` (npm test does)`);
  return python;
}
