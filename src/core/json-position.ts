/**
 * `line L, column C` of what makes `text` not JSON, as the readers point at YAML errors; '' when there is no
 * such place (`Unexpected end of JSON input`). Node 20's V8 gives the offset (`at position N`) for some errors
 * only: for an unexpected token it quotes the text around it instead, so the place is found by jsonErrorOffset.
 */
export function jsonPosition(message: string, text: string): string {
  const match = /position (\d+)/.exec(message);
  const offset = match ? Number(match[1]) : message.startsWith('Unexpected end') ? undefined : jsonErrorOffset(text);
  if (offset === undefined) return '';
  const lines = text.slice(0, offset).split('\n');
  return `line ${lines.length}, column ${lines[lines.length - 1]!.length + 1}`;
}

/**
 * JSON.parse's message without the text V8 quotes around an unexpected token
 * (`Unexpected token ']', ..."b": [1,2,],\n}\n" is not valid JSON`): raw lines of the file, which split the
 * message over several lines of the terminal, where jsonPosition says where the token is.
 */
export function jsonMessage(message: string): string {
  return message.replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '');
}

/** `is not valid JSON (line L, column C): <JSON.parse's message>`, the position left out when it has none. */
export function notValidJson(error: unknown, text: string): string {
  const message = (error as Error).message;
  const at = jsonPosition(message, text);
  return `is not valid JSON${at ? ` (${at})` : ''}: ${jsonMessage(message)}`;
}

class Invalid {
  constructor(readonly offset: number) {}
}

/**
 * The offset of the first character that keeps `text` from being JSON (RFC 8259), its length when it ends
 * too early; undefined when it is JSON, or nested too deep to scan (JSON.parse's own message then stands).
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw new Invalid(i);
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string): void => {
    if (text[i] !== char) fail();
    i++;
  };
  const string = (): void => {
    expect('"');
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') fail();
      i++;
      if (c === '"') return;
      if (c !== '\\') continue;
      if (text[i] === 'u') {
        i++;
        for (let k = 0; k < 4; k++) {
          if (!/^[0-9a-fA-F]$/.test(text[i] ?? '')) fail();
          i++;
        }
      } else if ('"\\/bfnrt'.includes(text[i] ?? '!')) i++;
      else fail();
    }
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const items = (close: string, item: () => void): void => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      expect(',');
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      items('}', () => {
        space();
        string();
        space();
        expect(':');
        value();
      });
    } else if (c === '[') items(']', value);
    else if (c === '"') string();
    else if (c === 't' || c === 'f' || c === 'n') {
      for (const char of c === 't' ? 'true' : c === 'f' ? 'false' : 'null') expect(char);
    } else {
      number.lastIndex = i;
      if (!number.test(text)) fail();
      i = number.lastIndex;
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof Invalid) return error.offset;
    // A RangeError: nesting deeper than the call stack.
    return undefined;
  }
}

/** The text is one JSON document. */
export function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
