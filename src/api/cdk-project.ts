/** A CDK app's stack template, found as `cdk synth` writes it (the rules are core/model/sam/cdk-app.ts). */
import { join, resolve } from 'node:path';
import { directoryNames, readTextSync } from '../adapters/fs.js';
import { UserError } from '../core/errors.js';
import { chooseCdkTemplate, cdkOutputDir } from '../core/model/sam/cdk-app.js';

/** What `--template` takes to read the CDK app in `dir` (its stack's template), for a message. */
export function cdkTemplateOrHint(dir: string): string {
  try {
    return cdkTemplate(dir);
  } catch {
    return 'cdk.out/<Stack>.template.json (after cdk synth)';
  }
}

/**
 * The stack template `cdk synth` wrote for the CDK app in `dir`, relative to it (core/model/sam/cdk-app.ts);
 * `shownDir`: the app's directory as the user named it, which the hints' paths start with.
 */
export function cdkTemplate(dir: string, shownDir?: string): string {
  let config: unknown;
  try {
    config = JSON.parse(readTextSync(join(dir, 'cdk.json'), 1024 * 1024));
  } catch (error) {
    throw new UserError(`${join(dir, 'cdk.json')} cannot be read: ${(error as Error).message}`, { hint: 'The CDK CLI reads it too: fix it, then run `cdk synth`.' });
  }
  const out = cdkOutputDir(config);
  const names = directoryNames(resolve(dir, out));
  // A CDK Stage's stacks are in an assembly of their own (cdk.out/assembly-Prod/), which `cdk synth` writes too.
  const staged = (names ?? []).filter((n) => n.startsWith('assembly-')).flatMap((a) => (directoryNames(resolve(dir, out, a)) ?? []).map((f) => `${a}/${f}`));
  return chooseCdkTemplate(out, names && [...names, ...staged], shownDir);
}
