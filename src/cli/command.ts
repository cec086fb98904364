import { parseArgs } from 'node:util';
import { UserError } from '../core/errors.js';
import type { CliIO, Style } from '../ui/io.js';
import { didYouMean } from '../core/did-you-mean.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /**
   * A repeatable option that also takes the `K=V` arguments after its value, as SAM CLI's `OptionNargs`
   * does for `--parameter-overrides A=1 B=2` (no function or directory name holds a `=`).
   */
  readonly nargs?: boolean;
  /** An empty value means something (`--body ''`, an empty request body); for any other option it is refused. */
  readonly mayBeEmpty?: boolean;
  readonly description: string;
  /** Shown in help: what the value is (FILE, NAME, ...). */
  readonly value?: string;
  readonly default?: string | boolean;
}

export interface CommandContext {
  readonly io: CliIO;
  readonly json: boolean;
  readonly debug: boolean;
  readonly style: Style;
  readonly errStyle: Style;
  /** Registers work to undo when the user interrupts (Ctrl-C): stop processes, servers. */
  readonly onInterrupt: (cleanup: () => Promise<void> | void) => void;
}

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

/** One command: its help, its options, and what it does. Exit code as the result. */
export interface CommandDefinition {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Longer help shown after the options (examples, notes). */
  readonly details?: string;
  readonly maxPositionals: number;
  /** What its arguments name (FUNCTION, DIR), for the refusal of an empty one; a command without it checks its own. */
  readonly positional?: string;
  /**
   * The exit code of a UserError of the work failing (USER_ERROR_EXIT.failure, 1) when 1 means something else
   * for this command: `invoke` exits 1 when the function fails, so a script must tell that from moto's failure.
   */
  readonly userErrorExitCode?: number;
  /**
   * Options of sam, chalice or serverless that users of those type here (`-f`, `--no-autoreload`), and
   * what to write instead: said in place of a bare "Unknown option".
   */
  readonly peerOptions?: Readonly<Record<string, string>>;
  run(ctx: CommandContext, args: ParsedArgs): Promise<number>;
}

export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  json: { type: 'boolean', description: 'Print machine-readable JSON on stdout' },
  debug: { type: 'boolean', description: 'Show stack traces of internal errors' },
  help: { type: 'boolean', short: 'h', description: 'Show help' },
};

export function parseCommandArgs(command: CommandDefinition, argv: readonly string[]): ParsedArgs {
  const options = { ...GLOBAL_OPTIONS, ...command.options };
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
      ),
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    const { values, positionals } = takeNargs(options, parsed);
    refuseEmpty(options, parsed.tokens ?? [], command);
    if (positionals.length > command.maxPositionals) {
      throw new UserError(`Unexpected argument '${positionals[command.maxPositionals]}'`, { hint: `Usage: ${command.usage}`, exitCode: 2 });
    }
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    if (error instanceof UserError) throw error;
    const raw = (error as Error).message;
    // parseArgs takes `--port -1` for an option without its value: say how to pass a negative one.
    const ambiguous = /argument is ambiguous[\s\S]*use '(--[\w-]+)=-XYZ'/.exec(raw)?.[1];
    // Node's own wording names its placeholder: "Option '-e, --event <value>' argument missing".
    const valueless = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(raw)?.[1];
    const unknown = /^Unknown option '(--?[^'=]+)/.exec(raw)?.[1];
    const peer = unknown ? command.peerOptions?.[unknown] : undefined;
    const meant = unknown ? didYouMean(unknown, Object.keys(options).map((name) => `--${name}`)) : undefined;
    const message = ambiguous ? `${ambiguous} needs a value; one that starts with a dash is written ${ambiguous}=-VALUE`
      : valueless ? `${valueless} needs a value`
      : peer ? `Unknown option '${unknown}': ${peer}`
      : meant ? `Unknown option '${unknown}': did you mean ${meant}?`
      : raw.replace(/\. To specify a positional argument.*$/s, '');
    throw new UserError(message, { hint: `Usage: ${command.usage}\nRun \`pylambda ${command.name} --help\` for the options.`, exitCode: 2 });
  }
}

/**
 * `--template=` or `--template "$TPL"` with TPL unset: an empty value would be taken as no option at all (the
 * default template, every function), or reach a path as '' (`--event=` read the current directory). sam's click
 * refuses an empty path too.
 */
function refuseEmpty(options: Readonly<Record<string, OptionSpec>>, tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>, command: CommandDefinition): void {
  for (const token of tokens) {
    let what: string | undefined;
    if (token.kind === 'option' && token.value === '' && !options[token.name]?.mayBeEmpty) {
      const spec = options[token.name];
      what = `--${token.name} was given an empty value (an unset shell variable?): give it ${spec?.value ?? 'a value'}`;
    } else if (token.kind === 'positional' && token.value === '' && command.positional) {
      what = `${command.positional} is empty ('', an unset shell variable?): give one`;
    }
    if (what) throw new UserError(`${what}, or leave it out`, { hint: `Usage: ${command.usage}`, exitCode: 2 });
  }
}

/** Moves the `K=V` positionals that follow an `nargs` option's value into that option's values. */
function takeNargs(options: Readonly<Record<string, OptionSpec>>, parsed: ReturnType<typeof parseArgs>): ParsedArgs {
  const values = { ...parsed.values } as ParsedArgs['values'];
  const positionals: string[] = [];
  let taking: string | undefined;
  for (const token of parsed.tokens ?? []) {
    if (token.kind === 'option') {
      taking = options[token.name]?.nargs ? token.name : undefined;
    } else if (token.kind === 'positional' && taking && token.value.includes('=')) {
      values[taking] = [...(values[taking] as string[]), token.value];
    } else {
      taking = undefined;
      if (token.kind === 'positional') positionals.push(token.value);
    }
  }
  return { values, positionals };
}

export function commandHelp(command: CommandDefinition): string {
  const rows = Object.entries({ ...command.options, ...GLOBAL_OPTIONS }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return [flag, `${o.description}${o.default !== undefined && o.default !== false ? ` (default: ${String(o.default)})` : ''}`] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  const lines = [`Usage: ${command.usage}`, '', command.summary, '', 'Options:', ...rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`)];
  if (command.details) lines.push('', command.details);
  return `${lines.join('\n')}\n`;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

/** The same help as a document, for --help --json. */
export function commandHelpJson(command: CommandDefinition): string {
  const options = Object.entries({ ...command.options, ...GLOBAL_OPTIONS }).map(([name, o]) => ({
    name: `--${name}`,
    ...(o.short ? { short: `-${o.short}` } : {}),
    takesValue: o.type === 'string',
    ...(o.multiple ? { repeatable: true } : {}),
    ...(o.value ? { value: o.value } : {}),
    description: o.description,
    ...(o.default !== undefined && o.default !== false ? { default: o.default } : {}),
  }));
  return `${JSON.stringify({ command: command.name, usage: command.usage, summary: command.summary, options, ...(command.details ? { details: command.details } : {}) })}\n`;
}
