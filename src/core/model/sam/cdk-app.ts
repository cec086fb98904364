import { UserError } from '../../errors.js';
import { isRecord } from '../fields.js';

/**
 * A CDK app (a directory with cdk.json) is run from what `cdk synth` writes: one CloudFormation template per
 * stack in its cloud assembly directory, read as `sam local invoke -t cdk.out/MyStack.template.json` reads it
 * (SAM CLI docs, "Using the AWS SAM CLI with the AWS CDK").
 */

/** The cloud assembly's directory: cdk.json's `output` (as `cdk synth --output` sets it), else cdk.out. */
export function cdkOutputDir(cdkJson: unknown): string {
  return isRecord(cdkJson) && typeof cdkJson.output === 'string' && cdkJson.output !== '' ? cdkJson.output : 'cdk.out';
}

/**
 * The stack template to read among the files of the cloud assembly (`undefined` when the directory does not
 * exist), as a path relative to the app: the only stack's, else an error that lists them. A nested stack's
 * template (`X.nested.template.json`) is read with its parent's stack in AWS, not on its own. `shownDir`: the
 * app's directory as the user named it (`pylambda dev my-app`), where the hints' commands and paths start.
 */
export function chooseCdkTemplate(outDir: string, files: readonly string[] | undefined, shownDir?: string): string {
  const synth = `Run \`cdk synth\` in ${shownDir ?? 'this directory'} first: pylambda runs the functions from the templates and assets it writes.`;
  const from = shownDir ? `${shownDir.replace(/\/+$/, '')}/` : '';
  if (files === undefined) throw new UserError(`This is a CDK app (cdk.json), and it has no ${outDir}/ yet`, { hint: synth });
  const stacks = files.filter((f) => f.endsWith('.template.json') && !f.endsWith('.nested.template.json')).sort();
  if (stacks.length === 0) throw new UserError(`This is a CDK app (cdk.json), and ${outDir}/ holds no stack template (*.template.json)`, { hint: synth });
  if (stacks.length > 1) {
    throw new UserError(`This CDK app has ${stacks.length} stacks in ${outDir}/: ${stacks.map((s) => s.replace(/\.template\.json$/, '')).join(', ')}`, {
      hint: `Name the one to read: ${stacks.map((s) => `--template ${from}${outDir}/${s}`).join(' or ')}.`,
    });
  }
  return `${outDir}/${stacks[0]}`;
}
