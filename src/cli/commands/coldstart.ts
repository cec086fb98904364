import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DEFAULT_RUNS, measureColdstart } from '../../api/coldstart.js';
import { renderHtml } from '../../core/coldstart/html.js';
import { UserError, formatDiagnostic } from '../../core/errors.js';
import { coldstartProgress } from '../../ui/coldstart-progress.js';
import { formatColdstartReport } from '../../ui/coldstart-report.js';
import { handlerMeantText } from '../../ui/handler-meant.js';
import type { HandlerMeant } from '../../api/handler-meant.js';
import { chooseEvent, readChosenEvent } from '../event-option.js';
import { ENV_VARS_OPTION, PROJECT_OPTIONS, projectArgs } from '../project-options.js';
import { stringOption, type CommandDefinition } from '../command.js';

const MAX_RUNS = 1000;

export const command: CommandDefinition = {
  name: 'coldstart',
  summary: "Measure, explain and budget a function's cold start, as Lambda would run it.",
  usage: 'pylambda coldstart [FUNCTION] [--runs N] [--budget MS] [--event FILE | -] [--template FILE] [--stage S] [--param K=V] [--region R] [--parameter-overrides K=V] [--config-env NAME] [--config-file FILE] [--env-vars FILE] [--python PATH] [--json] [--html FILE]',
  positional: 'FUNCTION',
  maxPositionals: 1,
  // 1 is "measured, and over --budget": a wrong name, event or --python must not read as that in CI.
  userErrorExitCode: 2,
  options: {
    runs: { type: 'string', short: 'r', value: 'N', description: `Cold starts to measure, each in a new execution environment (default: ${DEFAULT_RUNS})` },
    budget: { type: 'string', short: 'b', value: 'MS', description: 'Exit 1 when the median Init Duration is over MS milliseconds' },
    event: { type: 'string', short: 'e', value: 'FILE', description: "The event, as sam local invoke -e takes it: a JSON file, or '-' for stdin (default: samconfig.toml's local_invoke event, else a sample for the function's first trigger)" },
    ...PROJECT_OPTIONS,
    'env-vars': ENV_VARS_OPTION,
    python: { type: 'string', value: 'PATH', description: 'The Python interpreter (default: .venv, then $VIRTUAL_ENV, then python3)' },
    html: { type: 'string', value: 'FILE', description: 'Also write the report as one self-contained HTML page (an import chart, the runs, the findings)' },
  },
  details: [
    'Init Duration is what Lambda\'s REPORT line calls it: from the start of the runtime process to its first',
    'request for an event. The code runs from a copy that, like Lambda\'s read-only /var/task, has no bytecode',
    'cache unless the code ships hash-based .pyc files; dependencies in the virtual environment keep theirs.',
    'Three more cold starts under `python -X importtime` show where the time goes; a static review of the',
    'code (Python ast, nothing is run) finds the usual mistakes, with file, line, fix and the time it saves.',
    '',
    'Exit codes: 0 when measured (and within --budget, if given); 1 when the median is over --budget;',
    '2 when it could not measure (a bad argument or event, no such function, no such --python, a broken',
    'project); 3 when the function cannot complete a cold start (an import error, an init past Lambda\'s 10 s,',
    'a crash). With --json, an error prints {"error": {"message", ...}}; a failed cold start adds its',
    '"errorType" and "errorMessage" (Lambda\'s, such as Runtime.ImportModuleError or Runtime.InitTimeout).',
    '',
    'Examples:',
    '  pylambda coldstart',
    '  pylambda coldstart HelloFunction --runs 20 --budget 150 --html coldstart.html',
  ].join('\n'),
  async run(ctx, args) {
    const { io } = ctx;
    const runs = parseRuns(stringOption(args, 'runs'));
    const budgetMs = parseBudget(stringOption(args, 'budget'));
    const project = projectArgs(args, io.cwd);
    // As invoke: samconfig's local_invoke table is read (its event too), under the command line.
    const chosen = await chooseEvent(stringOption(args, 'event'), io.cwd, project);
    const envVars = stringOption(args, 'env-vars');
    const python = stringOption(args, 'python');
    const html = stringOption(args, 'html');
    const functionName = args.positionals[0];
    const event = chosen.source === undefined ? undefined : await readChosenEvent(chosen, io.cwd, io.readStdin);
    // Checked before minutes of measuring, not after.
    if (html) await checkWritable(resolve(io.cwd, html), html);
    const progress = coldstartProgress(io.stderr, ctx.errStyle);
    let report;
    try {
      report = await measureColdstart({
        dir: io.cwd,
        ...project,
        samconfigReader: chosen.samconfigReader,
        ...(functionName ? { functionName } : {}),
        runs,
        ...(budgetMs !== undefined ? { budgetMs } : {}),
        ...(event ? { event } : {}),
        ...(envVars ? { envVarsFile: resolve(io.cwd, envVars) } : {}),
        ...(python ? { python } : {}),
        hostEnv: io.env,
        onProgress: progress.update,
        onWarning: (w) => {
          progress.finish();
          io.stderr.write(`${ctx.errStyle.yellow('warning:')} ${formatDiagnostic({ ...w, severity: 'error' })}\n`);
        },
        onCleanup: ctx.onInterrupt,
      });
    } catch (error) {
      // A handler its module lacks: the one most likely meant, as invoke notes it.
      const meant = error instanceof UserError ? (error.details?.handlerMeant as HandlerMeant | undefined) : undefined;
      if (meant) {
        progress.finish();
        io.stderr.write(`${ctx.errStyle.yellow('note:')} ${handlerMeantText(meant)}\n`);
      }
      throw error;
    } finally {
      progress.finish();
    }
    // The report first: a failed HTML write must not lose what was measured.
    if (ctx.json) io.stdout.write(`${JSON.stringify(report)}\n`);
    else io.stdout.write(formatColdstartReport(report, { style: ctx.style, width: (io.stdout as { columns?: number }).columns ?? 100 }));
    if (html) {
      try {
        await writeFile(resolve(io.cwd, html), renderHtml(report));
      } catch (error) {
        const message = `Cannot write the HTML report to ${html}: ${(error as Error).message}`;
        // Under --json stdout already holds the report: one document, so the error goes to stderr alone.
        if (!ctx.json) throw new UserError(message);
        io.stderr.write(`${ctx.errStyle.red('error:')} ${message}\n`);
        return 2;
      }
      io.stderr.write(`${ctx.errStyle.dim(`wrote ${html}`)}\n`);
    }
    return report.budget.status === 'fail' ? 1 : 0;
  },
};

function parseRuns(value: string | undefined): number {
  if (value === undefined) return DEFAULT_RUNS;
  const runs = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(runs >= 1 && runs <= MAX_RUNS)) throw new UserError(`--runs must be a whole number from 1 to ${MAX_RUNS}, not '${value}'`, { exitCode: 2 });
  return runs;
}

function parseBudget(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!(ms > 0)) throw new UserError(`--budget must be a positive number of milliseconds, like 150, not '${value}'`, { exitCode: 2 });
  return ms;
}

/** The HTML report's file can be written: its directory exists and is writable, and it is not a directory. */
async function checkWritable(file: string, shown: string): Promise<void> {
  const dir = dirname(file);
  const problem = await stat(file).then((info) => (info.isDirectory() ? 'it is a directory' : undefined), () => undefined)
    ?? await stat(dir).then((info) => (info.isDirectory() ? undefined : `${dir} is not a directory`), () => undefined)
    ?? await access(dir, constants.W_OK).then(() => undefined, (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? `${dir} does not exist` : `${dir} is not writable`));
  if (problem) throw new UserError(`Cannot write the HTML report to ${shown}: ${problem}`, { exitCode: 2 });
}

