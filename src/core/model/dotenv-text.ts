/**
 * A dotenv file as serverless.yml's `useDotenv` reads it: the Framework v3 (lib/cli/load-dotenv.js) parses it with
 * `dotenv` 16 and then expands its variables with `dotenv-expand` 10. (An `--env-vars` file that is not JSON is
 * read as SAM CLI reads it instead: sam-dotenv.ts.)
 *
 * dotenv's format, line by line:
 * - `KEY=value`, `KEY = value`, `export KEY=value`, or `KEY: value` (a colon, then at least one blank); a key is
 *   letters, digits, `_`, `.` and `-`; a line that is not a binding is skipped; a key given twice keeps the last;
 * - a value in single, double or back quotes may span lines; in double quotes `\n` and `\r` are a line break and a
 *   carriage return, no other escapes; after the closing quote only blanks and a `#` comment may follow, else the
 *   line's text is the value as it is;
 * - an unquoted value ends at the first `#` or the line's end, its blanks trimmed.
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    // JavaScript's \s includes the byte order mark, which dotenv skips as a blank so.
    const head = /^\s*(?:export\s+)?([\w.-]+)(?:[ \t]*=[ \t]*|:[ \t]+)/.exec(lines[i]!);
    if (!head) continue;
    const rest = lines[i]!.slice(head[0].length);
    const quoted = quotedValue(rest, lines, i);
    if (quoted) {
      out[head[1]!] = quoted.value;
      i = quoted.lastLine;
      continue;
    }
    out[head[1]!] = unquoted(rest);
  }
  return out;
}

/** A quoted value starting `rest` (line `at` of `lines`): its text and the line its closing quote is on. */
function quotedValue(rest: string, lines: readonly string[], at: number): { value: string; lastLine: number } | undefined {
  const quote = rest.trimStart()[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  const text = [rest.trimStart(), ...lines.slice(at + 1)].join('\n');
  // The first closing quote not written escaped (`\"`); what follows it on its line must be blank or a comment.
  for (let end = 1; end < text.length; end++) {
    if (text[end] === '\\' && text[end + 1] === quote) {
      end++;
      continue;
    }
    if (text[end] !== quote) continue;
    const after = text.slice(end + 1).split('\n')[0]!;
    if (!/^\s*(?:#.*)?$/.test(after)) return undefined;
    const inner = text.slice(1, end);
    return { value: quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : inner, lastLine: at + (text.slice(0, end).match(/\n/g)?.length ?? 0) };
  }
  return undefined;
}

/** An unquoted value: up to a `#`, trimmed; one that starts and ends with the same quote loses them (`"a" b"` is `a" b`). */
function unquoted(rest: string): string {
  const value = rest.split('#')[0]!.trim();
  const stripped = /^(['"`])([\s\S]*)\1$/.exec(value);
  const text = stripped ? stripped[2]! : value;
  return value.startsWith('"') ? text.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : text;
}

/**
 * The file's values with their variables expanded as dotenv-expand 10 expands them (its `expand`), key by key in
 * the file's order, for the variables `${env:}` reads; a variable the shell sets is taken from the shell, and
 * expanded too:
 * - `$NAME`, `${NAME}` and `${NAME:-default}` (in single quotes too) are the shell's NAME, else the default, else
 *   the file's NAME (as far as it is expanded: the keys before this one are), else empty; an empty value counts as
 *   none at each step;
 * - the rightmost `$` not written `\$` is expanded first, and again until none is left: what a variable gives is
 *   expanded in turn; when the rightmost is not followed by a name, that is the end (`${X} costs $` is left as it is);
 * - `\$` is a `$`.
 */
export function expandDotenv(values: Readonly<Record<string, string>>, shell: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = { ...values };
  for (const key of Object.keys(out)) {
    const raw = shell[key] ?? out[key]!;
    out[key] = interpolate(raw, shell, out).replace(/\\\$/g, '$');
  }
  return out;
}

function interpolate(text: string, shell: Readonly<Record<string, string | undefined>>, file: Readonly<Record<string, string>>): string {
  for (let rounds = 0; rounds < MAX_ROUNDS; rounds++) {
    const dollar = lastUnescapedDollar(text);
    if (dollar < 0) return text;
    const found = /^\$\{?(\w+)(?::-([^}\\]*))?\}?/.exec(text.slice(dollar));
    if (!found) return text;
    const [written, name, fallback] = found;
    const value = shell[name!] || fallback || file[name!] || '';
    // A string replacement of the first place the same text is written, as dotenv-expand does it: `$$`, `$&` and the
    // like in the value are JavaScript's replacement patterns there too.
    text = text.replace(written, value);
  }
  return text;
}

/** A value that names itself (`A=$A$A` in the shell) doubles at each round: the Framework never ends; here it stops. */
const MAX_ROUNDS = 1000;

function lastUnescapedDollar(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (text[i] === '$' && text[i - 1] !== '\\') return i;
  return -1;
}
