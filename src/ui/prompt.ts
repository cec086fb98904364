import { createInterface, type Interface } from 'node:readline';
import { UserError } from '../core/errors.js';
import type { Style } from './io.js';

/** A question with a fixed set of answers; Enter takes the default. */
export interface ChoiceQuestion {
  readonly message: string;
  readonly options: ReadonlyArray<{ readonly value: string; readonly label: string }>;
  readonly default: string;
}

export interface Prompter {
  /** The chosen option's value. */
  choose(question: ChoiceQuestion): Promise<string>;
  /** A line of free text, checked by `validate` (an error message, or undefined when fine). */
  text(message: string, validate: (answer: string) => string | undefined): Promise<string>;
  close(): void;
}

const cancelled = () => new UserError('Cancelled: the input ended (Ctrl-D) before the questions were answered; nothing was written');

/** Wrong answers are asked again this many times, then the default (or an error for free text) applies. */
const ATTEMPTS = 3;

/**
 * Questions in a terminal. Only for a TTY: the caller decides, and without one the defaults apply
 * (pylambda never waits for input that a script or CI cannot give). An answer is the option's number,
 * its value, or a unique start of its value; an empty answer is the default.
 */
export function createPrompter(input: NodeJS.ReadableStream, output: { write(text: string): unknown }, style: Style): Prompter {
  // No output stream for readline: the terminal echoes what is typed, and the prompts are written here.
  const rl: Interface = createInterface({ input, terminal: false });
  const lines: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let closed = false;
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const next of waiting.splice(0)) next(undefined);
  });
  const ask = (prompt: string): Promise<string | undefined> => {
    output.write(prompt);
    const line = lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (closed) return Promise.resolve(undefined);
    return new Promise((resolve) => waiting.push(resolve));
  };

  return {
    async choose(question) {
      output.write(`${style.bold(question.message)}\n`);
      question.options.forEach((o, i) => {
        const mark = o.value === question.default ? style.dim(' (default)') : '';
        output.write(`  ${i + 1}) ${o.label}${mark}\n`);
      });
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const answer = await ask(`${style.cyan('?')} Choose 1-${question.options.length} [${question.default}]: `);
        // The prompts run only in a terminal, where the input ends only when the user types Ctrl-D: a way out.
        if (answer === undefined) throw cancelled();
        const chosen = pick(question, answer.trim());
        if (chosen !== undefined) return chosen;
        output.write(`${style.yellow('!')} '${answer.trim()}' is not one of the choices\n`);
      }
      output.write(`${style.dim(`using ${question.default}`)}\n`);
      return question.default;
    },
    async text(message, validate) {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const answer = await ask(`${style.cyan('?')} ${message}: `);
        if (answer === undefined) throw cancelled();
        const problem = validate(answer.trim());
        if (problem === undefined) return answer.trim();
        output.write(`${style.yellow('!')} ${problem}\n`);
      }
      throw new UserError(`No valid answer to '${message}'`, { exitCode: 2 });
    },
    close() {
      rl.close();
    },
  };
}

/** The option an answer names: its number, its value, or a unique start of its value. */
export function pick(question: ChoiceQuestion, answer: string): string | undefined {
  if (answer === '') return question.default;
  const index = Number(answer);
  if (Number.isInteger(index) && index >= 1 && index <= question.options.length) return question.options[index - 1]!.value;
  const lower = answer.toLowerCase();
  const exact = question.options.find((o) => o.value.toLowerCase() === lower);
  if (exact) return exact.value;
  const starts = question.options.filter((o) => o.value.toLowerCase().startsWith(lower));
  return starts.length === 1 ? starts[0]!.value : undefined;
}
