import { fstatSync, readFileSync } from 'node:fs';
import { readStdinUpTo } from '../api/event-input.js';
import { asError, UserError, USER_ERROR_EXIT, systemError } from '../core/errors.js';
import { internalErrorText } from '../ui/internal-error.js';
import { styleFor, type CliIO } from '../ui/io.js';
import { userErrorJson, userErrorText } from '../ui/user-error.js';
import { commandHelp, commandHelpJson, parseCommandArgs, type CommandContext } from './command.js';
import { didYouMean } from '../core/did-you-mean.js';
import { samCommandMeant } from '../core/sam-commands.js';
import { COMMANDS } from './registry.js';

/** Every command's exit codes (docs/commands.md, "Exit codes"): a UserError's are USER_ERROR_EXIT's. */
export const EXIT = { ok: 0, ...USER_ERROR_EXIT, internal: 70, interrupted: 130 } as const;

/** 128 + the signal's number, as a shell reports a process that signal ended. */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: EXIT.interrupted, SIGPIPE: 141, SIGTERM: 143, SIGHUP: 129 };

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function topHelpJson(): string {
  const commands = Object.entries(COMMANDS).map(([name, c]) => ({ name, summary: c.summary }));
  return `${JSON.stringify({ version: version(), usage: 'pylambda <command> [options]', commands, globalOptions: ['--json', '--debug', '--help', '--version'] })}\n`;
}

function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  return [
    'pylambda: run, test, profile and package Python AWS Lambda functions locally',
    '',
    'Usage: pylambda <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'Global options: --json (machine-readable output), --debug (stack traces), --help (-h), --version (-v)',
    'Run `pylambda <command> --help` (or `pylambda help <command>`) for a command\'s options.',
    '',
  ].join('\n');
}

/** Runs the CLI in-process and returns the exit code; `interrupts` collects cleanups for Ctrl-C. */
export async function runCli(argv: readonly string[], io: CliIO, interrupts: Array<() => Promise<void> | void> = []): Promise<number> {
  // `pylambda help [COMMAND]`, as git and npm take it, is `pylambda [COMMAND] --help`.
  if (argv[0] === 'help') argv = [...argv.slice(1), '--help'];
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  const errStyle = styleFor(io.stderr, io.env);
  let userErrorExitCode: number | undefined;
  try {
    // The global options may come before the command (`pylambda --json invoke`), as with git.
    // `pylambda --help invoke` is `pylambda invoke --help`.
    const at = argv.findIndex((a) => !['--json', '--debug', '--help', '-h'].includes(a));
    const name = at >= 0 && !argv[at]!.startsWith('-') ? argv[at] : undefined;
    if (!name) {
      if (argv.includes('--version') || argv.includes('-v')) {
        io.stdout.write(json ? `${JSON.stringify({ version: version() })}\n` : `${version()}\n`);
        return EXIT.ok;
      }
      const asked = argv.length === 0 || argv.includes('--help') || argv.includes('-h');
      const unknown = argv.find((a) => !['--json', '--debug', '--help', '-h'].includes(a));
      if (!asked && unknown !== undefined) {
        throw new UserError(`Unknown option '${unknown}'`, { hint: 'Usage: pylambda <command> [options]\nRun `pylambda --help` for the commands.', exitCode: EXIT.usage });
      }
      // Exit 2 with --json is an error a program reads from stdout, not the help it did not ask for.
      if (!asked && json) throw new UserError('Missing the command', { hint: `Commands: ${Object.keys(COMMANDS).join(', ')}. Run \`pylambda --help\` for what each does.`, exitCode: EXIT.usage });
      io.stdout.write(json ? topHelpJson() : topHelp());
      return asked ? EXIT.ok : EXIT.usage;
    }
    const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!entry) {
      const sam = samCommandMeant(argv.slice(at).filter((a) => !a.startsWith('-')));
      if (sam) throw new UserError(`Unknown command '${name}': sam ${sam.sam} is SAM CLI's; ${sam.answer}`, { hint: `Commands: ${Object.keys(COMMANDS).join(', ')}`, exitCode: EXIT.usage });
      const meant = didYouMean(name.toLowerCase(), Object.keys(COMMANDS));
      throw new UserError(`Unknown command '${name}'${meant ? `: did you mean ${meant}?` : ''}`, { hint: `Commands: ${Object.keys(COMMANDS).join(', ')}`, exitCode: EXIT.usage });
    }
    const command = await entry.load();
    userErrorExitCode = command.userErrorExitCode;
    const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(json ? commandHelpJson(command) : commandHelp(command));
      return EXIT.ok;
    }
    const args = parseCommandArgs(command, rest);
    const ctx: CommandContext = {
      io,
      json,
      debug,
      style: styleFor(io.stdout, io.env),
      errStyle,
      onInterrupt: (cleanup) => interrupts.push(cleanup),
    };
    return await command.run(ctx, args);
  } catch (error) {
    // The interrupt's cleanup stopped the processes this command was waiting for; that is not an error.
    if (io.interrupted?.()) return EXIT.interrupted;
    // The machine's refusals (an unwritable --out) are the user's to fix, as a UserError is: the same output and exit codes.
    const system = systemError(error);
    const userError = error instanceof UserError ? error : system ? new UserError(system.message, { hint: system.hint, exitCode: system.exitCode, cause: error }) : undefined;
    if (userError) {
      if (json) io.stdout.write(`${JSON.stringify({ error: userErrorJson(userError) })}\n`);
      io.stderr.write(userErrorText(userError, errStyle));
      if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
      return userError.exitCode === EXIT.failure && userErrorExitCode !== undefined ? userErrorExitCode : userError.exitCode;
    }
    const e = asError(error);
    if (json) io.stdout.write(`${JSON.stringify({ error: { message: e.message, internal: true } })}\n`);
    io.stderr.write(`${internalErrorText(e, errStyle, debug)}\n`);
    return EXIT.internal;
  }
}

/** The executable's entry point: real streams, Ctrl-C stops everything, the exit code is set. */
export async function main(argv: readonly string[]): Promise<void> {
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    process.stderr.write('error: the current directory no longer exists (deleted, or moved away)\ncd to an existing directory and run the command again.\n');
    process.exitCode = EXIT.usage;
    return;
  }
  const interrupts: Array<() => Promise<void> | void> = [];
  let interrupted = false;
  const end = (signal: NodeJS.Signals) => {
    if (signal !== 'SIGHUP') process.exit(SIGNAL_EXIT[signal] ?? 143);
    // With its terminal gone, Node 20 aborts in process.exit (resetting the terminal fails with EIO,
    // nodejs/node#51519): end by the signal itself, which the shell reports as 129.
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C does not wait; a second SIGHUP or SIGTERM (the shell's, then the kernel's) does.
    if (interrupted) {
      if (signal === 'SIGINT') process.exit(EXIT.interrupted);
      return;
    }
    interrupted = true;
    const force = setTimeout(() => end(signal), 3000);
    force.unref();
    const cleanUp = async () => {
      // async: a cleanup that throws at once fails as one that rejects, not as an exception in this signal handler.
      const results = await Promise.allSettled(interrupts.map(async (c) => c()));
      // A cleanup that failed (dev's stop) is a bug, said as any other: it went without a word.
      const style = styleFor(process.stderr, process.env);
      for (const r of results) if (r.status === 'rejected') process.stderr.write(`${internalErrorText(asError(r.reason), style, argv.includes('--debug'))}\n`);
    };
    cleanUp().then(() => end(signal), () => end(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The terminal closed: what runs is stopped as for Ctrl-C (Node would die at once, cleaning up nothing).
  process.on('SIGHUP', onSignal);
  // The reader of our output went away (`pylambda dev | head`, a pager quit): Node threw the next write's
  // EPIPE as an uncaught error, with its stack. Stop as Unix tools stop on SIGPIPE, with what runs stopped
  // first (no Python process left), and end as the shell reports them; later write errors say nothing new.
  let outputGone = false;
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (outputGone) return;
    // EIO: the terminal is gone, and SIGHUP may not have come first (a session whose terminal was revoked).
    if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
    outputGone = true;
    if (!interrupted) onSignal(error.code === 'EIO' ? 'SIGHUP' : 'SIGPIPE');
  };
  process.stdout.on('error', onOutputError);
  process.stderr.on('error', onOutputError);
  const io: CliIO = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd,
    interrupted: () => interrupted,
    readStdin: readStdinUpTo,
    stdinIsTTY: process.stdin.isTTY === true,
    stdinIsPiped: stdinIsPiped(),
  };
  process.exitCode = await runCli(argv, io, interrupts);
}

/** A pipe or a file with something in it; not a terminal, /dev/null, or the socket a parent process leaves open. */
function stdinIsPiped(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || (stat.isFile() && stat.size > 0);
  } catch {
    return false;
  }
}
