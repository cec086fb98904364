/**
 * The variable that the tool each project style comes from sets in the functions it runs locally: code that asks
 * "am I running locally?" the way its tool taught it gets the answer it had there. Lambda sets none of them.
 * - `sam local` sets `AWS_SAM_LOCAL=true` in every function it runs, invoke and start-api alike, CDK apps' included
 *   (SAM CLI, samcli/local/lambdafn/env_vars.py, `_get_aws_variables`: "Variable that says this function is running
 *   in Local Lambda"), below the function's own variables, which may override it.
 * - serverless-offline sets `IS_OFFLINE=true` (src/lambda/LambdaFunction.js), and `serverless invoke local` sets
 *   `IS_LOCAL=true` (serverless, lib/plugins/invoke.js, `loadEnvVarsForLocal`).
 * - Every chalice command sets `AWS_CHALICE_CLI_MODE=true` before it loads app.py, `chalice local` included, "so users
 *   can detect if we're running a Chalice CLI command" (chalice/cli/__init__.py, `_configure_cli_env_vars`).
 * A function whose own environment sets one keeps its value.
 */
import type { ProjectStyle } from '../model/project.js';

export type LocalRun = 'dev' | 'invoke';

const MARKERS: Readonly<Record<ProjectStyle, Readonly<Record<LocalRun, string>>>> = {
  sam: { dev: 'AWS_SAM_LOCAL', invoke: 'AWS_SAM_LOCAL' },
  serverless: { dev: 'IS_OFFLINE', invoke: 'IS_LOCAL' },
  chalice: { dev: 'AWS_CHALICE_CLI_MODE', invoke: 'AWS_CHALICE_CLI_MODE' },
};

export function localToolVariables(style: ProjectStyle, run: LocalRun, own: Readonly<Record<string, string>>): Record<string, string> {
  const name = MARKERS[style][run];
  return name in own ? {} : { [name]: 'true' };
}
