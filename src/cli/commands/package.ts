import { resolve } from 'node:path';
import { packageFunctions, type PackageNotice } from '../../api/package.js';
import { UserError } from '../../core/errors.js';
import { progressView } from '../../ui/package-progress.js';
import { formatPackageReport, packageJson } from '../../ui/package-report.js';
import { PROJECT_OPTIONS, projectArgs } from '../project-options.js';
import { stringOption, type CommandDefinition } from '../command.js';
import { SAM_BUILD_OPTIONS } from '../sam-peer-options.js';

export const command: CommandDefinition = {
  name: 'package',
  summary: 'Build Lambda-ready zips (x86_64 or arm64, no Docker) with dependencies and bytecode.',
  usage: 'pylambda package [FUNCTION...] [--arch x86_64|arm64] [--out DIR] [--layer] [--exclude-boto3] [--template FILE] [--stage S] [--param K=V] [--region R] [--parameter-overrides K=V] [--config-env NAME] [--config-file FILE] [--python PATH] [--installer uv|pip] [--no-cache] [--json]',
  positional: 'FUNCTION',
  maxPositionals: Number.MAX_SAFE_INTEGER,
  peerOptions: SAM_BUILD_OPTIONS,
  options: {
    arch: { type: 'string', value: 'ARCH', description: "x86_64 or arm64 for every function (default: each function's Architectures)" },
    out: { type: 'string', short: 'o', value: 'DIR', description: 'Where the zips and manifest.json go (default: .aws-sam/pylambda/package/ in a SAM project, .pylambda/package/ in the others)' },
    layer: { type: 'boolean', description: 'Put the dependencies in a separate layer zip (under python/)' },
    'exclude-boto3': { type: 'boolean', description: 'Leave out boto3/botocore, which the Lambda runtime provides (an older version)' },
    ...PROJECT_OPTIONS,
    python: { type: 'string', value: 'PATH', description: "The project's Python, which runs pip (default: .venv, then $VIRTUAL_ENV, then python3)" },
    installer: { type: 'string', value: 'NAME', description: 'uv or pip (default: uv when it is on PATH, else pip)' },
    'no-cache': { type: 'boolean', description: 'Reinstall the dependencies and rewrite every zip (the cache is refreshed)' },
  },
  details: [
    'Each function gets <FunctionId>.zip (and <FunctionId>.layer.zip with --layer); functions that share',
    'their code directory, runtime and architecture share one build. Each layer of the template that a',
    'function lists gets <LayerId>.layer.zip, built as sam build does, and counts in that function\'s 250 MB.',
    'manifest.json maps each function to its files with their SHA-256 and sizes. The same inputs always',
    'give the same bytes.',
    '',
    'Dependencies come from requirements.txt in the code directory, installed for the runtime and',
    "architecture (manylinux wheels), then checked, pruned and compiled to bytecode; they are cached in",
    '.aws-sam/pylambda/cache/ in a SAM project (sam build leaves .aws-sam out of what it copies from a',
    'CodeUri), .pylambda/cache/ in the others, or $PYLAMBDA_CACHE_DIR, so an unchanged re-package takes well',
    'under a second.',
    '',
    'Examples:',
    '  pylambda package',
    '  pylambda package HelloFunction --arch arm64 --layer',
    '  pylambda package --json | jq -r \'.builds[].artifacts[].paths[]\'',
  ].join('\n'),
  async run(ctx, args) {
    const { io } = ctx;
    const arch = stringOption(args, 'arch');
    if (arch !== undefined && arch !== 'x86_64' && arch !== 'arm64') {
      throw new UserError(`--arch must be x86_64 or arm64, not '${arch}'`, { exitCode: 2 });
    }
    const installer = stringOption(args, 'installer');
    if (installer !== undefined && installer !== 'pip' && installer !== 'uv') {
      throw new UserError(`--installer must be pip or uv, not '${installer}'`, { exitCode: 2 });
    }
    const out = stringOption(args, 'out');
    const project = projectArgs(args, io.cwd);
    const python = stringOption(args, 'python');
    const notices: PackageNotice[] = [];
    const view = progressView(io.stderr, ctx.errStyle, { live: io.stderr.isTTY === true && io.env.TERM !== 'dumb', quiet: ctx.json && io.stderr.isTTY !== true });
    try {
      const outcome = await packageFunctions({
        dir: io.cwd,
        ...project,
        functionNames: args.positionals,
        ...(arch ? { architecture: arch } : {}),
        ...(out ? { outDir: resolve(io.cwd, out) } : {}),
        // Unset, a project may ask for the layer itself (a Chalice app's automatic_layer).
        ...(args.values.layer === true ? { layer: true } : {}),
        excludeBoto3: args.values['exclude-boto3'] === true,
        // A path is the user's, relative to where they are; a bare name is looked up on PATH.
        ...(python ? { python: python.includes('/') ? resolve(io.cwd, python) : python } : {}),
        ...(installer ? { installer: installer as 'pip' | 'uv' } : {}),
        noCache: args.values['no-cache'] === true,
        hostEnv: io.env,
        onProgress: view.onProgress,
        onNotice: (notice) => {
          notices.push(notice);
          const tag = notice.level === 'warning' ? ctx.errStyle.yellow('warning:') : ctx.errStyle.dim('note:');
          view.print(`${tag} ${notice.message}`);
        },
      });
      view.done();
      io.stdout.write(ctx.json ? packageJson(outcome, notices) : formatPackageReport(outcome, { cwd: io.cwd, style: ctx.style }));
      return 0;
    } finally {
      view.done();
    }
  },
};
