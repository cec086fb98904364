import { describe, expect, it } from 'vitest';
import { FIXTURES, devForFile } from '../helpers.js';

/**
 * Powertools' CORSConfig (allowing https://app.example.com and https://other.example.com) behind APIs that have CORS
 * settings of their own. REST: SAM's Cors adds a MOCK OPTIONS method, so the preflight never reaches the function,
 * and the function's headers pass on its other answers. HTTP API: API Gateway answers preflights and replaces the
 * function's CORS headers ("API Gateway ignores CORS headers returned from your backend integration", http-api-cors).
 * Function URL: Lambda answers preflights, and its configured headers win over the function's.
 */
const dev = devForFile(`${FIXTURES}projects/powertools-cors`);

const preflight = (base: string, origin: string) =>
  fetch(`${base}/todos/1`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' } });
const allowOrigin = async (base: string, origin: string) => (await fetch(`${base}/todos/1`, { headers: { Origin: origin } })).headers.get('access-control-allow-origin');

describe("Powertools' CORSConfig behind an API with CORS settings", () => {
  it("REST: SAM's MOCK method answers the preflight, and the function's own headers come with its answers", async () => {
    const res = await preflight(dev.url('Api'), 'https://app.example.com');
    expect(res.status).toBe(200);
    expect([res.headers.get('access-control-allow-origin'), res.headers.get('access-control-allow-methods'), res.headers.get('access-control-max-age')])
      .toEqual(['https://sam.example.com', 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT', '600']);
    expect(await allowOrigin(dev.url('Api'), 'https://app.example.com')).toBe('https://app.example.com');
    expect(await allowOrigin(dev.url('Api'), 'https://sam.example.com')).toBeNull();
  });

  it("HTTP API: API Gateway answers the preflight and puts its own headers in place of the function's", async () => {
    const res = await preflight(dev.url('HttpApi'), 'https://http.example.com');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://http.example.com');
    expect((await preflight(dev.url('HttpApi'), 'https://app.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    expect(await allowOrigin(dev.url('HttpApi'), 'https://http.example.com')).toBe('https://http.example.com');
    expect(await allowOrigin(dev.url('HttpApi'), 'https://app.example.com')).toBeNull();
  });

  it("function URL: Lambda answers the preflight, and its configured origin wins over the function's", async () => {
    const res = await preflight(dev.url('UrlFnUrl'), 'https://url.example.com');
    expect(res.status).toBe(200);
    expect([res.headers.get('access-control-allow-origin'), res.headers.get('access-control-allow-methods')]).toEqual(['https://url.example.com', 'GET']);
    expect(await allowOrigin(dev.url('UrlFnUrl'), 'https://url.example.com')).toBe('https://url.example.com');
  });

  // What Lambda's own answers carry (captured: cors.ts varyOrigin) and what is assumed where nothing says (ibid.).
  it('function URL: an origin, a method or headers its settings lack get the configured lists or no CORS headers, and Powertools answers its own origin', async () => {
    const cors = (res: Response) => ['content-type', 'vary', 'access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age'].map((h) => res.headers.get(h));
    const ask = (origin: string, method: string, headers?: string) => fetch(`${dev.url('UrlFnUrl')}/todos/1`, {
      method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': method, ...(headers ? { 'Access-Control-Request-Headers': headers } : {}) },
    });
    const refused = await ask('https://app.example.com', 'GET');
    expect([refused.status, ...cors(refused)]).toEqual([200, 'application/json', null, null, null, null, null]);
    const narrower = await ask('https://url.example.com', 'DELETE', 'x-secret');
    expect([narrower.status, ...cors(narrower)]).toEqual([200, 'application/json', 'Origin', 'https://url.example.com', 'GET', null, '600']);
    // Lambda answered both preflights itself: the function ran for neither.
    const lines = dev.events.filter((e) => e.type === 'request' && e.endpointId === 'UrlFnUrl' && e.method === 'OPTIONS').slice(-2);
    expect(lines.map((e) => e.type === 'request' && [e.status, e.reason, e.functionId])).toEqual([[200, 'CORS preflight', undefined], [200, 'CORS preflight', undefined]]);
    // An origin the function URL does not allow: Lambda adds nothing, and Powertools' own header (it allows it) stays.
    const other = await fetch(`${dev.url('UrlFnUrl')}/todos/1`, { headers: { Origin: 'https://app.example.com' } });
    expect([other.status, other.headers.get('vary'), other.headers.get('access-control-allow-origin')]).toEqual([200, null, 'https://app.example.com']);
    const allowed = await fetch(`${dev.url('UrlFnUrl')}/todos/1`, { method: 'DELETE', headers: { Origin: 'https://url.example.com' } });
    expect([allowed.headers.get('vary'), allowed.headers.get('access-control-allow-origin')]).toEqual(['Origin', 'https://url.example.com']);
  });
});
