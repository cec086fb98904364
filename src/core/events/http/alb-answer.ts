import type { AlbAnswer } from '../../model/project.js';
import type { HttpRequest, HttpResponse } from './request.js';

/**
 * What a load balancer sends for a fixed-response or redirect action (ELB "Listener rules"): the status,
 * type and body configured; or the status and a Location built from the action's parts, whose #{protocol},
 * #{host}, #{port}, #{path} (without its leading /) and #{query} keys stand for the request's.
 */
export function albAnswerResponse(answer: AlbAnswer, request: HttpRequest): HttpResponse {
  const server: [string, string] = ['Server', 'awselb/2.0'];
  if (answer.kind === 'fixed-response') {
    return { statusCode: answer.statusCode, headers: [server, ['Content-Type', answer.contentType]], body: Buffer.from(answer.body) };
  }
  const header = (name: string) => request.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  // The load balancer's own scheme and port are those it adds as X-Forwarded-Proto and -Port.
  const host = header('host') ?? 'localhost';
  const keys: Record<string, string> = {
    protocol: header('x-forwarded-proto') ?? 'http',
    host: host.replace(/:\d+$/, ''),
    // The listener's port: locally the one the client called, which its Host header names.
    port: /:(\d+)$/.exec(host)?.[1] ?? header('x-forwarded-port') ?? '80',
    path: request.rawPath.replace(/^\//, ''),
    query: request.rawQuery,
  };
  const fill = (text: string) => text.replace(/#\{(protocol|host|port|path|query)\}/g, (_, key: string) => keys[key]!);
  const query = fill(answer.query);
  const location = `${fill(answer.protocol).toLowerCase()}://${fill(answer.host)}:${fill(answer.port)}${fill(answer.path)}${query ? `?${query}` : ''}`;
  return { statusCode: answer.statusCode, headers: [server, ['Content-Type', 'text/html'], ['Location', location]], body: Buffer.alloc(0) };
}
