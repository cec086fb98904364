import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOUDFRONT_EDGE_ADDRESS } from '../../src/core/events/http/cloudfront.js';
import { fnTemplate, scratchDir, startDev } from '../helpers.js';

/**
 * An edge-optimized REST API (the default endpoint type) is called through its CloudFront distribution, whose headers
 * reach the function (aws/aws-lambda-go events/testdata/apigw-request.json); a regional one is not. Checked through a
 * real dev server, for a SAM template and a Chalice app, with and without REGIONAL.
 */

type Seen = { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> };

/** What a REST event has of a plain fetch from this test (REST APIs drop its Connection), and what every front door adds. */
const fetched = (port: string) => ({
  host: `127.0.0.1:${port}`, accept: '*/*', 'accept-language': '*', 'sec-fetch-mode': 'cors', 'user-agent': 'node',
  'accept-encoding': 'gzip, deflate', 'X-Amzn-Trace-Id': expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/) as unknown as string,
  'X-Forwarded-Port': port, 'X-Forwarded-Proto': 'http',
});

/** What the API's CloudFront distribution adds, as the captured edge-optimized event has it. */
const CLOUDFRONT = {
  'CloudFront-Forwarded-Proto': 'http',
  'CloudFront-Is-Desktop-Viewer': 'true',
  'CloudFront-Is-Mobile-Viewer': 'false',
  'CloudFront-Is-SmartTV-Viewer': 'false',
  'CloudFront-Is-Tablet-Viewer': 'false',
  'CloudFront-Viewer-Country': 'US',
  Via: expect.stringMatching(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/) as unknown as string,
  'X-Amz-Cf-Id': expect.stringMatching(/^[A-Za-z0-9_-]{54}==$/) as unknown as string,
  'X-Forwarded-For': `127.0.0.1, ${CLOUDFRONT_EDGE_ADDRESS}`,
};

async function seen(url: string): Promise<Seen> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return (await res.json()) as Seen;
}

function expectHeaders(got: Seen, expected: Record<string, string>): void {
  expect(got.headers).toEqual(expected);
  expect(got.multiValueHeaders).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, [v]])));
}

const HANDLER = 'import json\n\n\ndef handler(event, context):\n'
  + '    return {"statusCode": 200, "body": json.dumps({"headers": event["headers"], "multiValueHeaders": event["multiValueHeaders"]})}\n';

describe('a SAM REST API with and without EndpointConfiguration: REGIONAL', () => {
  it('the implicit (edge-optimized) API\'s event has CloudFront\'s headers; the REGIONAL API\'s has none', async () => {
    const dir = scratchDir('edge-sam');
    writeFileSync(join(dir, 'app.py'), HANDLER);
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      resources: ['Regional:', '  Type: AWS::Serverless::Api', '  Properties: { StageName: prod, EndpointConfiguration: REGIONAL }'],
      events: ['Edge: { Type: Api, Properties: { Path: /h, Method: get } }', 'Reg: { Type: Api, Properties: { Path: /h, Method: get, RestApiId: !Ref Regional } }'],
    }));
    const dev = await startDev(dir);
    try {
      const edgeUrl = dev.url('ServerlessRestApi');
      const regionalUrl = dev.url('Regional');
      const edge = await seen(`${edgeUrl}/h`);
      const { port: edgePort } = new URL(edgeUrl);
      expectHeaders(edge, { ...fetched(edgePort), ...CLOUDFRONT });
      const regional = await seen(`${regionalUrl}/h`);
      const { port } = new URL(regionalUrl);
      expectHeaders(regional, { ...fetched(port), 'X-Forwarded-For': '127.0.0.1' });
    } finally {
      await dev.session.stop();
    }
  });
});

describe('a Chalice app with and without api_gateway_endpoint_type: REGIONAL', () => {
  const APP = 'from chalice import Chalice\n\napp = Chalice(app_name="edge")\n\n\n@app.route("/h")\ndef h():\n'
    + '    event = app.current_request.to_original_event()\n    return {"headers": event["headers"], "multiValueHeaders": event["multiValueHeaders"]}\n';

  it.each<[string, Record<string, unknown>, boolean]>([
    ['unset: Chalice\'s EDGE, with CloudFront\'s headers', {}, true],
    ['REGIONAL: none of them', { api_gateway_endpoint_type: 'REGIONAL' }, false],
  ])('%s', async (_what, settings, edge) => {
    const dir = scratchDir('edge-chalice');
    mkdirSync(join(dir, '.chalice'));
    writeFileSync(join(dir, 'app.py'), APP);
    writeFileSync(join(dir, '.chalice', 'config.json'), JSON.stringify({ version: '2.0', app_name: 'edge', stages: { dev: settings } }));
    const dev = await startDev(dir);
    try {
      const url = dev.url('RestAPI');
      const got = await seen(`${url}/h`);
      const { port } = new URL(url);
      expectHeaders(got, { ...fetched(port), ...(edge ? CLOUDFRONT : { 'X-Forwarded-For': '127.0.0.1' }) });
    } finally {
      await dev.session.stop();
    }
  });
});
