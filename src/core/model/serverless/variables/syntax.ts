/**
 * The Serverless Framework v3 variable syntax: `${source:address, fallback, ...}`. A fallback is another
 * source (`self:provider.stage`, without `${}`) or a literal: a quoted string, a number, true, false or null.
 * An address may hold variables of its own (`${self:custom.${opt:stage}}`). Anything that does not start
 * with a lower-case source name followed by `:` or `(` is not a variable and is left alone, so
 * CloudFormation's `${AWS::Region}` and `${MyBucket}` survive (serverless/lib/configuration/variables/parse.js).
 */

export type Part = string | Variable;

export interface Variable {
  /** The variable as written, `${opt:stage, 'dev'}`, for messages. */
  readonly raw: string;
  readonly sources: readonly Source[];
}

export type Source =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'source'; readonly type: string; readonly params: readonly string[]; readonly address?: readonly Part[] };

export class VariableSyntaxError extends Error {}

const TYPE = /^[a-z][a-zA-Z0-9]*$/;
const TOKEN = /[a-zA-Z0-9.]/;

/** The text and variables of a string, or a syntax error. A string without variables is one text part. */
export function parseParts(text: string): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\' && i + 1 < text.length) {
      literal += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (text.startsWith('${', i)) {
      const parsed = parseVariable(text, i);
      if (parsed) {
        if (literal) parts.push(literal);
        literal = '';
        parts.push(parsed.variable);
        i = parsed.end;
        continue;
      }
    }
    literal += text[i];
    i++;
  }
  if (literal || parts.length === 0) parts.push(literal);
  return parts;
}

export function hasVariables(parts: readonly Part[]): boolean {
  return parts.some((p) => typeof p !== 'string');
}

/** A variable starting at `start` (`${`), or undefined when the braces hold something else. */
function parseVariable(text: string, start: number): { variable: Variable; end: number } | undefined {
  let i = start + 2;
  const sources: Source[] = [];
  for (;;) {
    while (text[i] === ' ') i++;
    const parsed = parseSource(text, i, sources.length === 0);
    if (!parsed) return undefined;
    sources.push(parsed.source);
    i = parsed.end;
    while (text[i] === ' ') i++;
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '}') return { variable: { raw: text.slice(start, i + 1), sources }, end: i + 1 };
    if (i >= text.length) throw new VariableSyntaxError(`${text.slice(start)} has no closing }`);
    throw new VariableSyntaxError(`unexpected '${text[i]}' at index ${i} in "${text}"`);
  }
}

function parseSource(text: string, start: number, first: boolean): { source: Source; end: number } | undefined {
  const quote = text[start];
  if (quote === "'" || quote === '"') {
    if (first) return undefined;
    const close = text.indexOf(quote, start + 1);
    if (close < 0) throw new VariableSyntaxError(`unterminated string literal at index ${start} in "${text}"`);
    return { source: { kind: 'literal', value: text.slice(start + 1, close) }, end: close + 1 };
  }
  let i = start;
  while (i < text.length && TOKEN.test(text[i]!)) i++;
  const token = text.slice(start, i);
  const next = text[i];
  if ((next === ':' || next === '(') && TYPE.test(token)) {
    let params: string[] = [];
    if (next === '(') {
      const close = closing(text, i, '(', ')');
      params = splitParams(text.slice(i + 1, close)).map((p) => p.trim().replace(/^(['"])(.*)\1$/s, '$2')).filter((p) => p !== '');
      i = close + 1;
    }
    if (text[i] !== ':') return { source: { kind: 'source', type: token, params }, end: i };
    const end = addressEnd(text, i + 1);
    const address = text.slice(i + 1, end).trim();
    return { source: { kind: 'source', type: token, params, ...(address ? { address: parseParts(address) } : {}) }, end };
  }
  if (first) return undefined;
  return { source: { kind: 'literal', value: literalValue(token, start, text) }, end: i };
}

function literalValue(token: string, at: number, text: string): number | boolean | null {
  if (token === 'true') return true;
  if (token === 'false') return false;
  if (token === 'null') return null;
  if (token !== '' && !Number.isNaN(Number(token))) return Number(token);
  throw new VariableSyntaxError(`'${token}' at index ${at} in "${text}" is not a source or a literal; quote a string fallback ('${token}')`);
}

/** Parameters split at the commas outside nested variables: `./env.${opt:stage, 'dev'}.yml` is one. */
function splitParams(text: string): string[] {
  const params: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (text[i] === '}' && depth > 0) {
      depth--;
    } else if (text[i] === ',' && depth === 0) {
      params.push(text.slice(from, i));
      from = i + 1;
    }
  }
  params.push(text.slice(from));
  return params;
}

/** Where an address ends: the first `,` or `}` outside nested variables. */
function addressEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (text[i] === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (text[i] === ',' && depth === 0) {
      return i;
    }
  }
  return text.length;
}

function closing(text: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === left) depth++;
    else if (text[i] === right && --depth === 0) return i;
  }
  throw new VariableSyntaxError(`unclosed ${left} at index ${open} in "${text}"`);
}
