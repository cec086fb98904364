/**
 * Whether an upgrade request is a WebSocket opening handshake (RFC 6455 section 4.2.1): API Gateway refuses one that is
 * not before its `$connect` route runs, so no function records a connection that never opens (and never disconnects).
 */

/** `headers`: the request's, by lower-case name (Node's `IncomingMessage.headers`). */
export function handshakeProblem(method: string, headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const one = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const tokens = (name: string) => (one(name) ?? '').split(',').map((t) => t.trim().toLowerCase());
  if (method !== 'GET') return `not a WebSocket handshake: method ${method}`;
  if (!tokens('upgrade').includes('websocket')) return `not a WebSocket handshake: Upgrade ${one('upgrade') ?? '(none)'}`;
  if (!tokens('connection').includes('upgrade')) return 'not a WebSocket handshake: no Connection: Upgrade';
  const key = one('sec-websocket-key')?.trim() ?? '';
  // The key is 16 random bytes in base64: 22 characters and `==`.
  if (!/^[A-Za-z0-9+/]{21}[AQgw]==$/.test(key)) return 'not a WebSocket handshake: no valid Sec-WebSocket-Key (16 bytes, base64)';
  const version = one('sec-websocket-version')?.trim();
  if (version !== '13') return `not a WebSocket handshake: Sec-WebSocket-Version ${version ?? '(none)'}, where API Gateway speaks 13`;
  return undefined;
}
