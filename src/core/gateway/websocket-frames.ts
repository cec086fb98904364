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
