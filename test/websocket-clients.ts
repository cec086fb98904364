import { expect } from 'vitest';
import WebSocket from 'ws';
import type { DevEvent } from '../src/api/dev.js';
import type { WebSocketInfo } from '../src/api/dev-websockets.js';
import { waitUntil } from './helpers.js';

/** A `ws` client of a dev WebSocket API, with the frames it got as text. */
export interface Client {
  readonly socket: WebSocket;
  readonly messages: string[];
}

/** A client that is open, or the status its handshake was refused with. */
export function connect(url: string, headers: Record<string, string> = {}, protocols?: string[]): Promise<Client | { refused: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, { headers });
    const messages: string[] = [];
    socket.on('message', (data) => messages.push(data.toString()));
    socket.on('open', () => resolve({ socket, messages }));
    socket.on('unexpected-response', (_, res) => resolve({ refused: res.statusCode ?? 0 }));
    socket.on('error', reject);
  });
}

export async function opened(url: string, headers?: Record<string, string>): Promise<Client> {
  const client = await connect(url, headers);
  if ('refused' in client) throw new Error(`refused with ${client.refused}`);
  return client;
}

/** The next `count` frames the client gets (within 20 s). */
export async function received(client: Client, count: number): Promise<string[]> {
  expect(await waitUntil(() => client.messages.length >= count, 20_000)).toBe(true);
  return client.messages.splice(0, count);
}

/** The code the connection closes with, once it does. */
export function closedWith(client: Client): Promise<number> {
  return new Promise((resolve) => client.socket.on('close', (code) => resolve(code)));
}

/** Closes the client's side (1000) and gives the code the close ends with. */
export function closed(client: Client): Promise<number> {
  const code = closedWith(client);
  client.socket.close(1000, 'bye');
  return code;
}

export const webSocketsOf = (events: DevEvent[]): readonly WebSocketInfo[] => events.flatMap((e) => (e.type === 'ready' ? e.webSockets ?? [] : [])).slice(-1);
export const logs = (events: DevEvent[]) => events.flatMap((e) => (e.type === 'log' && e.event.kind !== 'platform' ? [e.event.text] : []));
/** `routeKey status functionId` of each WebSocket line. */
export const records = (events: DevEvent[]) => events.flatMap((e) => (e.type === 'websocket' ? [`${e.routeKey} ${e.status}${e.functionId ? ` ${e.functionId}` : ''}`] : []));
