import { createProject, type NewResult } from '../../api/new.js';
import { UserError } from '../../core/errors.js';
import { projectNameProblem, type GivenChoices } from '../../core/templates/choices.js';
import type { Style } from '../../ui/io.js';
import { createPrompter, type Prompter } from '../../ui/prompt.js';
import { stringOption, type CommandDefinition, type ParsedArgs } from '../command.js';

const USAGE = 'pylambda new NAME [--style raw|chalice] [--framework sam|serverless] [--example hello|todo] [--api rest|http|alb] [--runtime python3.x] [--arch x86_64|arm64] [--force] [--yes] [--json]';

export const command: CommandDefinition = {
  name: 'new',
  summary: 'Create a project (raw handler or Chalice app, hello or todo) that runs, tests and serves at once.',
  usage: USAGE,
  maxPositionals: 1,
  options: {
    style: { type: 'string', value: 'STYLE', description: 'raw (lambda_function.py + SAM template.yaml or serverless.yml) or chalice (app.py + .chalice/)', default: 'raw' },
    framework: { type: 'string', value: 'NAME', description: 'raw only: sam (template.yaml, sam deploy) or serverless (Serverless Framework v3 serverless.yml, serverless deploy)', default: 'sam' },
    example: { type: 'string', value: 'NAME', description: 'hello (two GET routes) or todo (CRUD over DynamoDB)', default: 'hello' },
    api: { type: 'string', value: 'KIND', description: 'raw only: rest (API Gateway v1 events), http (HTTP API v2) or alb', default: 'rest' },
    runtime: { type: 'string', value: 'RUNTIME', description: 'raw only: python3.8 ... python3.14 (default: the one of the local Python); a deprecated one is warned about' },
    arch: { type: 'string', value: 'ARCH', description: 'x86_64 or arm64', default: 'x86_64' },
    force: { type: 'boolean', description: 'Write into a directory that is not empty (files of the same names are replaced)' },
    yes: { type: 'boolean', short: 'y', description: 'Ask nothing: the defaults apply to every choice not given' },
  },
  details: [
    'In a terminal, each choice not given is asked; otherwise (a pipe, CI, --json, --yes) its default applies.',
    'NAME is the directory, the stack name (serverless.yml\'s service) and the Chalice app name: letters,',
    'digits and hyphens, starting with a letter, at most 59 characters. A path (apps/my-api, or . for the',
    'current directory) creates the project there, named after its last part.',
    '',
    'Examples:',
    '  pylambda new my-api',
    '  pylambda new todo-api --example todo --api http --arch arm64',
    '  pylambda new my-service --framework serverless --api http',
    '  pylambda new shop --style chalice --example todo',
    '  pylambda new services/billing-api --api http',
  ].join('\n'),
  async run(ctx, args) {
    const { io } = ctx;
    const interactive = !ctx.json && args.values.yes !== true && io.stdout.isTTY === true && process.stdin.isTTY === true;
    const prompter = interactive ? createPrompter(process.stdin, io.stdout, ctx.style) : undefined;
    try {
      const name = args.positionals[0] ?? (await askName(prompter));
      const result = await createProject({
        cwd: io.cwd,
        name,
        given: given(args),
        force: args.values.force === true,
        ...(prompter ? { ask: (question: Parameters<Prompter['choose']>[0]) => prompter.choose(question) } : {}),
        env: io.env,
        windows: process.platform === 'win32',
        // npm and npx set npm_command for the scripts they run: `exec` under npx.
        npx: io.env.npm_command === 'exec',
      });
      for (const warning of result.warnings) io.stderr.write(`${ctx.errStyle.yellow('warning:')} ${warning}\n`);
      io.stdout.write(ctx.json ? `${JSON.stringify(result)}\n` : summary(result, ctx.style));
      return 0;
    } finally {
      prompter?.close();
    }
  },
};

async function askName(prompter: Prompter | undefined): Promise<string> {
  if (!prompter) throw new UserError('A project name is required', { hint: `Usage: ${USAGE}`, exitCode: 2 });
  return prompter.text('Project name', projectNameProblem);
}

const FLAGS = [['style', 'style'], ['framework', 'framework'], ['example', 'example'], ['api', 'api'], ['runtime', 'runtime'], ['arch', 'architecture']] as const;

function given(args: ParsedArgs): GivenChoices {
  const out: GivenChoices = {};
  for (const [flag, key] of FLAGS) {
    const value = stringOption(args, flag);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const STYLE_NAMES = { raw: 'raw handler', chalice: 'Chalice app' } as const;
const FRAMEWORK_NAMES = { sam: 'SAM', serverless: 'Serverless Framework' } as const;
const API_NAMES = { rest: 'API Gateway REST API', http: 'API Gateway HTTP API', alb: 'Application Load Balancer' } as const;

function summary(result: NewResult, style: Style): string {
  const c = result.choices;
  const api = c.style === 'chalice' ? API_NAMES.rest : API_NAMES[c.api];
  const lines = [
    `${style.green('Created')} ${style.bold(c.name)}: ${STYLE_NAMES[c.style]}${c.framework ? ` (${FRAMEWORK_NAMES[c.framework]})` : ''}, ${c.example} example, ${api}, ${c.runtime}, ${c.architecture}`,
    `  in ${result.dir}`,
    '',
    ...result.files.map((f) => `  ${f}`),
    '',
    ...result.notes.map((n) => `${style.yellow('note:')} ${n}`),
    ...(result.notes.length ? [''] : []),
    'Next:',
    ...result.nextSteps.map((s) => `  ${style.cyan(s)}`),
    '',
  ];
  return lines.join('\n');
}
