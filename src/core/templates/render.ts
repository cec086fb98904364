/**
 * The scaffold templates' one syntax, a small subset of Mustache: `{{name}}` is a value, `{{#flag}}` ...
 * `{{/flag}}` keeps its content when the flag is true and `{{^flag}}` ... `{{/flag}}` when it is false.
 * A section tag alone on its line takes the line with it, so Python and YAML keep their indentation.
 * Anything unknown is an error: a typo in a template must fail the tests, not reach a user's project.
 */

export interface RenderContext {
  readonly values: Readonly<Record<string, string>>;
  readonly flags: Readonly<Record<string, boolean>>;
}

export class TemplateError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'TemplateError';
  }
}

const TAG = /\{\{([#^/]?)(\w+)\}\}/g;
const STANDALONE = /^\s*\{\{([#^/])(\w+)\}\}\s*$/;

interface Section {
  readonly name: string;
  /** Whether this section's content is kept, its parents' included. */
  readonly keep: boolean;
  readonly line: number;
}

export function renderTemplate(text: string, context: RenderContext, file: string): string {
  const out: string[] = [];
  const stack: Section[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const at = index + 1;
    const keeping = stack.length === 0 || stack[stack.length - 1]!.keep;
    const standalone = STANDALONE.exec(line);
    if (standalone) {
      const [, kind, name] = standalone as unknown as [string, string, string];
      if (kind === '/') close(stack, name, file, at);
      else stack.push({ name, keep: keeping && flag(context, name, file, at) === (kind === '#'), line: at });
      return;
    }
    const rendered = renderLine(line, context, file, at);
    if (keeping) out.push(rendered);
  });
  const open = stack.pop();
  if (open) throw new TemplateError(file, open.line, `{{${open.name}}} is never closed`);
  return out.join('\n');
}

/** Values and sections within one line; a section opened on a line closes on it. */
function renderLine(line: string, context: RenderContext, file: string, at: number): string {
  const stack: Section[] = [];
  let out = '';
  let last = 0;
  for (const match of line.matchAll(TAG)) {
    const [whole, kind, name] = match as unknown as [string, string, string];
    const keeping = stack.length === 0 || stack[stack.length - 1]!.keep;
    if (keeping) out += line.slice(last, match.index);
    last = match.index! + whole.length;
    if (kind === '') {
      const value = context.values[name];
      if (value === undefined) throw new TemplateError(file, at, `unknown value {{${name}}}`);
      if (keeping) out += value;
    } else if (kind === '/') {
      close(stack, name, file, at);
    } else {
      stack.push({ name, keep: keeping && flag(context, name, file, at) === (kind === '#'), line: at });
    }
  }
  if (stack.length > 0) throw new TemplateError(file, at, `{{${stack[0]!.name}}} opened inside a line must close on it`);
  return out + line.slice(last);
}

function flag(context: RenderContext, name: string, file: string, at: number): boolean {
  const value = context.flags[name];
  if (value === undefined) throw new TemplateError(file, at, `unknown flag {{#${name}}}`);
  return value;
}

function close(stack: Section[], name: string, file: string, at: number): void {
  const open = stack.pop();
  if (!open) throw new TemplateError(file, at, `{{/${name}}} closes no section`);
  if (open.name !== name) throw new TemplateError(file, at, `{{/${name}}} closes {{${open.name}}} (opened on line ${open.line})`);
}
