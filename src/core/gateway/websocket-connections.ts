import { percentDecode } from '../events/http/query.js';

/**
 * The @connections management API (botocore's `apigatewaymanagementapi` model, rest-json): `POST` sends data to a
 * connection, `GET` says when it connected and who it is, `DELETE` closes it; each answers 410 GoneException for
 * a connection that is not open. The endpoint is `https://{domain}/{stage}`, so the path is `/{stage}/@connections/{id}`.
 */

export type ConnectionsOperation = 'PostToConnection' | 'GetConnection' | 'DeleteConnection';

export interface ConnectionsAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** PostToConnection's Data: "The data has exceeded the maximum size allowed" past 128 KB (API Gateway quotas, WebSocket message payload size). */
export const MAX_POST_BYTES = 128 * 1024;

/** The operation and connection a request names, or the answer for one that names none. */
export function connectionsRequest(method: string, rawPath: string, stage: string): { operation: ConnectionsOperation; connectionId: string } | { answer: ConnectionsAnswer } {
  const match = /^(?:\/([^/]+))?\/@connections\/([^/]+)\/?$/.exec(rawPath);
  if (!match || (match[1] !== undefined && percentDecode(match[1]) !== stage)) {
    return { answer: error(404, 'NotFoundException', `No resource at ${rawPath}: the @connections API is at /${stage}/@connections/{connectionId}`) };
  }
  const operation = ({ POST: 'PostToConnection', GET: 'GetConnection', DELETE: 'DeleteConnection' } as const)[method];
  if (!operation) return { answer: error(405, 'MethodNotAllowedException', `${method} is not an operation of the @connections API (POST, GET, DELETE)`) };
  return { operation, connectionId: percentDecode(match[2]!) };
}

export function gone(): ConnectionsAnswer {
  return error(410, 'GoneException', null);
}

export function payloadTooLarge(bytes: number): ConnectionsAnswer {
  return error(413, 'PayloadTooLargeException', `Message too long: ${bytes} bytes, the limit is ${MAX_POST_BYTES}`);
}

export function posted(): ConnectionsAnswer {
  return { status: 200, headers: {}, body: '' };
}

export function deleted(): ConnectionsAnswer {
  return { status: 204, headers: {}, body: '' };
}

export function connectionInfo(info: { connectedAt: number; lastActiveAt: number; sourceIp: string; userAgent?: string }): ConnectionsAnswer {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      connectedAt: new Date(info.connectedAt).toISOString(),
      identity: { sourceIp: info.sourceIp, userAgent: info.userAgent ?? '' },
      lastActiveAt: new Date(info.lastActiveAt).toISOString(),
    }),
  };
}

/** botocore's rest-json reads the error's code from `x-amzn-ErrorType`. */
function error(status: number, type: string, message: string | null): ConnectionsAnswer {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': type }, body: JSON.stringify({ message }) };
}
