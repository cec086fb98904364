/**
 * PyYAML (which SAM CLI, cfn-lint and the AWS CLI read templates with) ignores indentation inside a flow
 * collection; the `yaml` package follows the YAML spec, which wants its lines indented past the key's:
 *
 *     Resource: [
 *     !Sub "arn:...",        <- "Flow sequence in block collection must be sufficiently indented"
 *     ]
 *
 * Templates written that way deploy, so they must read. The lines of the one flow collection the error is in
 * are moved right, past the key's indentation; the rest of the text is left as it is.
 */

/** The text with the flow collection around `offset` indented past its key, or undefined if there is none to fix. */
export function indentFlowCollection(text: string, offset: number): string | undefined {
  const lines = text.split('\n');
  const starts: number[] = [];
  let at = 0;
  for (const line of lines) {
    starts.push(at);
    at += line.length + 1;
  }
  const errorLine = starts.findIndex((start, i) => offset >= start && offset <= start + lines[i]!.length);
  if (errorLine < 0) return undefined;
  // The opener: the nearest line above whose text leaves a [ or { open.
  for (let opener = errorLine - 1; opener >= 0 && errorLine - opener <= 50; opener -= 1) {
    const depth = flowDepth(lines[opener]!, 0);
    if (depth === undefined || depth <= 0) continue;
    const keyIndent = indentOf(lines[opener]!);
    let open = depth;
    const body: number[] = [];
    for (let i = opener + 1; i < lines.length && open > 0; i += 1) {
      const next = flowDepth(lines[i]!, open);
      if (next === undefined) return undefined;
      body.push(i);
      open = next;
    }
    if (open > 0) return undefined;
    const least = Math.min(...body.filter((i) => lines[i]!.trim() !== '').map((i) => indentOf(lines[i]!)));
    const shift = keyIndent + 2 - least;
    if (shift <= 0) return undefined;
    for (const i of body) if (lines[i]!.trim() !== '') lines[i] = ' '.repeat(shift) + lines[i];
    return lines.join('\n');
  }
  return undefined;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/**
 * The flow depth after `line`, starting from `depth`: brackets outside quoted strings and comments count.
 * Undefined where the line is one this cannot read with certainty (a quote left open, which may go on to the
 * next line): then nothing is changed.
 */
function flowDepth(line: string, depth: number): number | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quote === '"') {
      if (c === '\\') i += 1;
      else if (c === '"') quote = undefined;
    } else if (quote === "'") {
      if (c === "'" && line[i + 1] === "'") i += 1;
      else if (c === "'") quote = undefined;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      break;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(line[i - 1]!))) {
      quote = c;
    } else if (c === '[' || c === '{') {
      depth += 1;
    } else if (c === ']' || c === '}') {
      depth -= 1;
    }
  }
  return quote === undefined && depth >= 0 ? depth : undefined;
}
