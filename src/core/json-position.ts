/**
 * `line L, column C` from a JSON.parse message's `position N` (Node 20's V8 gives the offset only), as the
 * readers point at YAML errors; '' when the message has none (`Unexpected end of JSON input`).
 */
export function jsonPosition(message: string, text: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return '';
  const lines = text.slice(0, Number(match[1])).split('\n');
  return `line ${lines.length}, column ${lines[lines.length - 1]!.length + 1}`;
}

/** `is not valid JSON (line L, column C): <JSON.parse's message>`, the position left out when it has none. */
export function notValidJson(error: unknown, text: string): string {
  const message = (error as Error).message;
  const at = jsonPosition(message, text);
  return `is not valid JSON${at ? ` (${at})` : ''}: ${message}`;
}
