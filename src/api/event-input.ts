import { resolve } from 'node:path';
import { readFileUpTo, readUpTo } from '../adapters/fs.js';
import { UserError, systemErrorWords } from '../core/errors.js';
import { notValidJson } from '../core/json-position.js';
import { LIMITS } from '../core/model/limits.js';
import { invokeLocalEvent } from '../core/model/serverless/invoke-local.js';
import { SAVE_AS_UTF8_HINT, firstInvalidUtf8, startsWithUtf16Bom } from '../core/model/text-encoding.js';

/** What an event file named NAME=VALUE most likely meant. */
export const VARIABLE_HINT = "--event (-e) is the event file, as sam local invoke -e takes it; serverless invoke local's -e NAME=VALUE "
  + 'sets a variable, which is --env NAME=VALUE here';

/** What an event file named like a JSON document meant. */
const INLINE_JSON_HINT = "--event (-e) names a file, not the event itself: give the event with --data (-d), as serverless invoke local takes it: pylambda invoke NAME -d '{\"key\": 1}'";

/** An `--event` argument: a JSON file, or `-` for stdin; checked to be JSON as the Invoke API checks it. */
export async function readEventArgument(source: string, cwd: string, readStdin: (maxBytes: number) => Promise<Buffer>): Promise<{ payload: Buffer; label: string }> {
  const { bytes, text, where } = await readEventText(source, cwd, readStdin);
  try {
    JSON.parse(text);
  } catch (error) {
    // The Invoke API refuses a payload that is not JSON (InvalidRequestContentException).
    throw new UserError(`The event from ${where} ${notValidJson(error, text)}`);
  }
  return { payload: bytes, label: where };
}

/**
 * serverless invoke local's `--path FILE` (relative to `dir`, the service's directory, as the Framework reads it) or
 * `--data TEXT`: the event as it makes one of them (invoke-local.ts), within the Invoke API's limit.
 */
export async function readInvokeLocalEvent(given: { readonly path: string; readonly dir: string } | { readonly data: string }, raw: boolean): Promise<{ payload: Buffer; label: string }> {
  const read = 'path' in given ? await readEventText(given.path, given.dir, () => Promise.resolve(Buffer.alloc(0))) : undefined;
  const made = invokeLocalEvent({ text: read?.text ?? ('data' in given ? given.data : ''), raw, ...('path' in given ? { file: given.path } : {}) });
  if ('error' in made) throw new UserError(made.error);
  const payload = Buffer.from(made.payload);
  const where = read?.where ?? '--data';
  if (payload.length > LIMITS.requestPayloadBytes) throw new UserError(tooLarge(where));
  return { payload, label: where };
}

function tooLarge(where: string): string {
  // What the Invoke API answers (RequestEntityTooLargeException).
  return `The event from ${where} is over Lambda's limit of ${LIMITS.requestPayloadBytes} bytes for a synchronous invocation (RequestEntityTooLargeException)`;
}

/** An event's text, from a file or `-` (stdin): UTF-8, not empty, within the Invoke API's limit. */
async function readEventText(source: string, cwd: string, readStdin: (maxBytes: number) => Promise<Buffer>): Promise<{ bytes: Buffer; text: string; where: string }> {
  const limit = LIMITS.requestPayloadBytes;
  let bytes: Buffer;
  if (source === '-') {
    bytes = await readStdin(limit);
  } else {
    try {
      bytes = await readFileUpTo(resolve(cwd, source), limit);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // `-e NAME=VALUE` is how serverless invoke local sets a variable; here -e is the event, as in sam local invoke.
      // `-e '{"a": 1}'`: the event itself, as aws lambda invoke --payload and serverless invoke local --data take it.
      // (A long one is a name too long for a file.)
      const missing = code === 'ENOENT' || code === 'ENAMETOOLONG';
      const hint = !missing ? undefined : /^[A-Za-z_][A-Za-z0-9_]*=/.test(source) ? VARIABLE_HINT : /^\s*[{[]/.test(source) ? INLINE_JSON_HINT : undefined;
      throw new UserError(missing ? `The event file ${source} does not exist`
        : code === 'EISDIR' ? `The event file ${source} is a directory` : `Cannot read the event file ${source}: ${systemErrorWords(code) ?? (error as Error).message}`, hint ? { hint } : {});
    }
  }
  const where = source === '-' ? 'stdin' : source;
  // A UTF-8 byte order mark (Windows editors write one) is not JSON: JSON.parse fails on it with a message
  // about an invisible character. The event is the JSON after it.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  // Read no further than the limit.
  if (bytes.length > limit) throw new UserError(tooLarge(where));
  if (startsWithUtf16Bom(bytes)) {
    throw new UserError(`The event from ${where} is UTF-16 text; Lambda's Invoke API takes UTF-8 JSON (InvalidRequestContentException)`, { hint: SAVE_AS_UTF8_HINT });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // JSON is UTF-8 (RFC 8259 8.1); the Invoke API refuses other bytes (InvalidRequestContentException).
    const at = firstInvalidUtf8(bytes) ?? 0;
    throw new UserError(`The event from ${where} is not valid UTF-8 (byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at offset ${at}): Lambda's Invoke API refuses it (InvalidRequestContentException)`);
  }
  if (text.trim() === '') {
    // Nothing came (a pipe from a command that printed nothing, an empty file): say that, not a JSON parse error.
    throw new UserError(`The event from ${where} is empty: an event is a JSON document, for example {}`);
  }
  return { bytes, text, where };
}

/** This process's stdin, to its end or to the first byte past `maxBytes`. */
export function readStdinUpTo(maxBytes: number): Promise<Buffer> {
  return readUpTo(process.stdin, maxBytes);
}
