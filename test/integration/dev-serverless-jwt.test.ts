// A serverless.yml JWT authorizer whose issuer and audience come from ${ssm:...} and ${cf:...}, which exist only
// once deployed: dev still runs, and takes a token of any issuer and audience, as for a SAM template's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir, startDev, unsignedJwt } from '../helpers.js';

describe('a serverless.yml JWT authorizer from deployed sources under dev', () => {
  it('serves, checks that a token is there and has not expired, and takes any issuer and audience', async () => {
    const dir = scratchDir('sls-jwt-ssm');
    writeFileSync(join(dir, 'serverless.yml'), `service: s
provider:
  name: aws
  runtime: python3.12
  httpApi:
    authorizers:
      oauth:
        identitySource: $request.header.Authorization
        issuerUrl: \${ssm:/auth/issuer}
        audience:
          - \${cf:auth-stack.ClientId}
functions:
  api:
    handler: app.handler
    events: [{ httpApi: { method: GET, path: /me, authorizer: { name: oauth } } }]
`);
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"]\n');
    const dev = await startDev(dir);
    try {
      const warnings = dev.events.flatMap((e) => (e.type === 'warning' && e.diagnostic.path.startsWith('provider.httpApi.authorizers.oauth.') ? [`${e.diagnostic.path}: ${e.diagnostic.message}`] : []));
      expect(warnings).toEqual([
        'provider.httpApi.authorizers.oauth.issuerUrl: ${ssm:/auth/issuer} reads AWS Systems Manager Parameter Store through the "ssm" variable source, which pylambda cannot do locally: tokens of any issuer are taken locally',
        'provider.httpApi.authorizers.oauth.audience: ${cf:auth-stack.ClientId} reads the outputs of a deployed CloudFormation stack through the "cf" variable source, which pylambda cannot do locally: tokens for any audience are taken locally',
      ]);
      const me = (headers: Record<string, string>) => fetch(`${dev.url('HttpApi')}/me`, { headers }).then(async (r) => [r.status, await r.text()]);
      const exp = Math.floor(Date.now() / 1000) + 3600;
      expect(await me({ Authorization: `Bearer ${unsignedJwt({ iss: 'https://any.example', aud: 'whatever', sub: 'ann', exp })}` })).toEqual([200, 'ann']);
      expect(await me({})).toEqual([401, '{"message":"Unauthorized"}']);
      expect(await me({ Authorization: `Bearer ${unsignedJwt({ iss: 'https://any.example', aud: 'whatever', sub: 'ann', exp: exp - 7200 })}` })).toEqual([401, '{"message":"Unauthorized"}']);
    } finally {
      await dev.session.stop();
    }
  });
});
