// A REST API's minimum compression size read from a serverless.yml and from an OpenAPI definition compresses
// dev's answers as the deployed API does (Chalice's is tested in dev-chalice.test.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rawGet, scratchDir, startDev } from '../helpers.js';

const APP = 'def handler(event, context):\n    return {"statusCode": 200, "body": "x" * int(event["pathParameters"]["n"])}\n';

/**
 * What dev answers for a body of n bytes to a client that accepts gzip (or `acceptEncoding`): its Content-Encoding, and
 * the body unzipped.
 */
async function answers(dir: string, api: string, sizes: readonly number[], acceptEncoding = 'gzip'): Promise<Array<[number, string | undefined, number]>> {
  const dev = await startDev(dir);
  try {
    const out: Array<[number, string | undefined, number]> = [];
    for (const n of sizes) {
      const { encoding, body } = await rawGet(`${dev.url(api)}/size/${n}`, { 'accept-encoding': acceptEncoding });
      out.push([n, encoding, (encoding === 'gzip' ? gunzipSync(body) : body).length]);
    }
    return out;
  } finally {
    await dev.session.stop();
  }
}

describe('minimum compression size under dev', () => {
  function slsProject(prefix: string): string {
    const dir = scratchDir(prefix);
    writeFileSync(join(dir, 'serverless.yml'), 'service: s\nprovider:\n  name: aws\n  runtime: python3.12\n  apiGateway: { minimumCompressionSize: 100 }\nfunctions:\n  a: { handler: app.handler, events: [{ http: "GET size/{n}" }] }\n');
    writeFileSync(join(dir, 'app.py'), APP);
    return dir;
  }

  it('serverless.yml provider.apiGateway.minimumCompressionSize', async () => {
    expect(await answers(slsProject('sls-compression'), 'ApiGatewayRestApi', [99, 100])).toEqual([[99, undefined, 99], [100, 'gzip', 100]]);
  });

  it('an Accept-Encoding whose first coding is one API Gateway lacks (br, gzip) gets the payload uncompressed', async () => {
    expect(await answers(slsProject('sls-compression-br'), 'ApiGatewayRestApi', [100], 'br, gzip')).toEqual([[100, undefined, 100]]);
  });

  it('an OpenAPI definition\'s x-amazon-apigateway-minimum-compression-size, over the API\'s MinimumCompressionSize', async () => {
    const dir = scratchDir('openapi-compression');
    writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      MinimumCompressionSize: 5000
      DefinitionBody:
        openapi: 3.0.1
        x-amazon-apigateway-minimum-compression-size: 100
        paths:
          /size/{n}:
            get:
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
  Fn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Handler: app.handler, Runtime: python3.12 }
`);
    writeFileSync(join(dir, 'app.py'), APP);
    expect(await answers(dir, 'Api', [99, 100])).toEqual([[99, undefined, 99], [100, 'gzip', 100]]);
  });
});
