/**
 * A .env file as SAM CLI reads an `--env-vars` file that is not JSON: python-dotenv's `dotenv_values(file)`
 * (samcli invoke_context.py `_parse_dotenv_file`; python-dotenv >=1.0,<1.3, parser.py and variables.py of 1.2),
 * a port of its parser rather than the dotenv rules serverless.yml's `useDotenv` follows (dotenv-text.ts):
 * - `KEY=value`, `export KEY=value`, a key in single quotes (`'KEY'=value`); a line it cannot read is skipped;
 * - an unquoted value ends at the line's end, without a ` #...` comment and trailing blanks (`A=#x` is `#x`,
 *   `A= #x` is empty);
 * - a value in single or double quotes may span lines; in double quotes `\\ \' \" \a \b \f \n \r \t \v` are
 *   escapes, in single quotes only `\\` and `\'`; after the closing quote, only a comment may follow on the line;
 * - `KEY` without `=` has no value, which SAM CLI sets to "" (env_vars.py `_stringify_value`);
 * - `${NAME}` and `${NAME:-default}` in any value (quoted in single quotes too, but not `$NAME`) are the file's
 *   earlier value of NAME, else SAM CLI's own environment's (the shell's), else the default or "".
 */
export function parseSamDotenv(text: string, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const values: Array<[string, string | undefined]> = [];
  const reader = { text: text.replace(/^\uFEFF/, ''), at: 0 };
  while (reader.at < reader.text.length) {
    const binding = readBinding(reader);
    if (binding) values.push(binding);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of values) out[key] = value === undefined ? '' : expand(value, { ...env, ...out });
  return out;
}

interface Reader {
  readonly text: string;
  at: number;
}

const MULTILINE_WHITESPACE = /\s*/y;
const EXPORT = /(?:export[^\S\r\n]+)?/y;
const SINGLE_QUOTED_KEY = /'([^']+)'/y;
const UNQUOTED_KEY = /([^=#\s]+)/y;
const WHITESPACE = /[^\S\r\n]*/y;
const EQUAL_SIGN = /(=[^\S\r\n]*)/y;
const SINGLE_QUOTED_VALUE = /'((?:\\[^]|[^'\\])*)'/y;
const DOUBLE_QUOTED_VALUE = /"((?:\\[^]|[^"\\])*)"/y;
const UNQUOTED_VALUE = /([^\r\n]*)/y;
const COMMENT = /(?:[^\S\r\n]*#[^\r\n]*)?/y;
const END_OF_LINE = /[^\S\r\n]*(?:\r\n|\n|\r|$)/y;
const REST_OF_LINE = /[^\r\n]*(?:\r|\n|\r\n)?/y;
const DOUBLE_QUOTE_ESCAPES = /\\[\\'"abfnrtv]/g;
const SINGLE_QUOTE_ESCAPES = /\\[\\']/g;
const ESCAPED: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const VARIABLE = /\$\{([^}:]*)(?::-([^}]*))?\}/g;

class Unreadable extends Error {}

function read(reader: Reader, regex: RegExp): string {
  regex.lastIndex = reader.at;
  const match = regex.exec(reader.text);
  if (!match) throw new Unreadable();
  reader.at += match[0].length;
  return match[1] ?? match[0];
}

/** One `KEY=value` (parser.py parse_binding): the key and its value (undefined without `=`), or nothing. */
function readBinding(reader: Reader): [string, string | undefined] | undefined {
  try {
    read(reader, MULTILINE_WHITESPACE);
    if (reader.at >= reader.text.length) return undefined;
    read(reader, EXPORT);
    const first = reader.text[reader.at];
    const key = first === '#' ? undefined : read(reader, first === "'" ? SINGLE_QUOTED_KEY : UNQUOTED_KEY);
    read(reader, WHITESPACE);
    let value: string | undefined;
    if (reader.text[reader.at] === '=') {
      const equal = read(reader, EQUAL_SIGN);
      // `KEY= # comment` is empty; `KEY=#x` is `#x`.
      value = equal.length > 1 && reader.text[reader.at] === '#' ? '' : readValue(reader);
    }
    read(reader, COMMENT);
    read(reader, END_OF_LINE);
    return key === undefined ? undefined : [key, value];
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    read(reader, REST_OF_LINE);
    return undefined;
  }
}

function readValue(reader: Reader): string {
  const first = reader.text[reader.at];
  if (first === "'") return read(reader, SINGLE_QUOTED_VALUE).replace(SINGLE_QUOTE_ESCAPES, (e) => e[1]!);
  if (first === '"') return read(reader, DOUBLE_QUOTED_VALUE).replace(DOUBLE_QUOTE_ESCAPES, (e) => ESCAPED[e[1]!] ?? e[1]!);
  if (first === undefined || first === '\n' || first === '\r') return '';
  return read(reader, UNQUOTED_VALUE).replace(/\s+#[^]*/, '').trimEnd();
}

/** variables.py: `${NAME}` and `${NAME:-default}` from `env` (the file's names, a name without a value as ""). */
function expand(value: string, env: Readonly<Record<string, string | undefined>>): string {
  return value.replace(VARIABLE, (_m, name: string, fallback: string | undefined) => env[name] ?? fallback ?? '');
}
