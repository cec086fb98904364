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
});
