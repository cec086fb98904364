/**
 * What API Gateway does with a client's frames before any route (API Gateway developer guide, "Binary media types for
 * WebSocket APIs" and the WebSocket quotas): some end the connection, with a close code of RFC 6455 section 7.4.1.
 */

export interface FrameRefusal {
  /** The close code the client gets. */
  readonly code: number;
  /** The route key dev's line shows for the frame. */
  readonly label: string;
  readonly why: string;
}

/** 1003, unsupported data: "API Gateway WebSocket APIs don't currently support binary frames in incoming message payloads". */
export const UNSUPPORTED_DATA = 1003;

/** 1009, message too big: a message over 128 KB (WebSocket quotas, "Message payload size"). */
export const MESSAGE_TOO_BIG = 1009;
export const MAX_MESSAGE_BYTES = 128 * 1024;

export const TOO_LARGE: FrameRefusal = { code: MESSAGE_TOO_BIG, label: '(message too large)', why: 'over 128 KB: API Gateway closes the connection with 1009' };

/** The refusal of a message API Gateway does not route, or undefined for one it does. */
export function refusedMessage(message: { readonly binary: boolean }): FrameRefusal | undefined {
  if (message.binary) return { code: UNSUPPORTED_DATA, label: '(binary frame)', why: 'API Gateway does not take binary frames: it closes the connection with 1003' };
  return undefined;
}

/** The WebSocket quotas' frame size: a bigger frame closes the connection with 1009, however small its message. */
export const MAX_FRAME_BYTES = 32 * 1024;

export const FRAME_TOO_LARGE: FrameRefusal = { code: MESSAGE_TOO_BIG, label: '(frame too large)', why: 'a frame over 32 KB: API Gateway closes the connection with 1009 (split bigger messages into frames of 32 KB)' };

/**
 * Reads the frame headers of what a client sends (RFC 6455 section 5.2), chunk by chunk as they arrive, for the size of
 * each frame's payload: the WebSocket library sees messages, not frames.
 */
export class FrameSizes {
  /** Header bytes of the frame under way, until it is whole. */
  private header: number[] = [];
  /** Payload bytes still to come of the current frame. */
  private skip = 0;

  /** The payload size of the first frame in the chunk over MAX_FRAME_BYTES, or undefined. */
  push(chunk: Uint8Array): number | undefined {
    let at = 0;
    while (at < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at);
        this.skip -= n;
        at += n;
        continue;
      }
      this.header.push(chunk[at++]!);
      const size = headerPayloadSize(this.header);
      if (size === undefined) continue;
      this.header = [];
      if (size > MAX_FRAME_BYTES) return size;
      this.skip = size;
    }
    return undefined;
  }
}

/** The payload size a whole frame header gives, or undefined while the header is not whole. */
function headerPayloadSize(header: readonly number[]): number | undefined {
  if (header.length < 2) return undefined;
  const masked = (header[1]! & 0x80) !== 0;
  const short = header[1]! & 0x7f;
  const lengthBytes = short === 126 ? 2 : short === 127 ? 8 : 0;
  if (header.length < 2 + lengthBytes + (masked ? 4 : 0)) return undefined;
  if (lengthBytes === 0) return short;
  let size = 0;
  for (let i = 2; i < 2 + lengthBytes; i++) size = size * 256 + header[i]!;
  return size;
}
