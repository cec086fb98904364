import { describe, expect, it } from 'vitest';
import { offlineSettings } from '../../src/core/model/serverless/offline-settings.js';

const read = (settings: Record<string, unknown>) => offlineSettings({ 'serverless-offline': settings }, 'serverless.yml');
const warning = (path: string, message: string) => ({ severity: 'warning', file: 'serverless.yml', path, message });
const NOT_HONOURED = 'custom.serverless-offline';

// serverless-offline 13's settings in serverless.yml (src/config/defaultOptions.js), as pylambda dev takes them.
describe('custom.serverless-offline', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['httpPort, host and lambdaPort: where dev listens', { httpPort: 4000, host: '0.0.0.0', lambdaPort: 4002 }, { port: 4000, host: '0.0.0.0', lambdaPort: 4002 }],
    ['a port ${env:PORT} gave, a string of digits', { httpPort: '8080' }, { port: 8080 }],
    ['port 0: free ports', { httpPort: 0 }, { port: 0 }],
    ['what dev always does: nothing to say', { noPrependStageInUrl: true, reloadHandler: true, ignoreJWTSignature: true, disableCookieValidation: true }, {}],
    ['defaults written out: nothing to say', { noTimeout: false, noAuth: false, prefix: '', corsAllowOrigin: '*', useInProcess: false, webSocketIdleTimeout: 600 }, {}],
  ])('%s', (_, settings, expected) => {
    expect(read(settings)).toEqual({ ...expected, diagnostics: [] });
  });

  it('says in one line the settings dev does not honour, each with what it does instead, those alike together', () => {
    expect(read({ httpPort: 4000, noTimeout: true, noAuth: true, prefix: 'api', corsAllowOrigin: 'http://localhost:5173', corsDisallowCredentials: false, useInProcess: true }).diagnostics).toEqual([
      warning(NOT_HONOURED, "pylambda dev does not honour noTimeout (a function ends at its timeout, as on Lambda; --debug-port lifts it), noAuth (authorizers run, as on API Gateway), prefix (routes are at their API Gateway paths), corsAllowOrigin, corsDisallowCredentials (CORS is the http events' cors and provider.httpApi.cors, as API Gateway answers it), useInProcess (each environment is a Python process of its own, as on Lambda)"),
    ]);
  });

  it.each<[Record<string, unknown>, string, string]>([
    [{ albPort: 3003 }, NOT_HONOURED, 'pylambda dev does not honour albPort (each API, load balancer listener and function URL takes the next port after httpPort)'],
    [{ useDocker: true, layersDir: '/tmp/layers' }, NOT_HONOURED, "pylambda dev does not honour useDocker (pylambda runs no container: the project's Python runs the functions)"],
    [{ httpport: 4000 }, NOT_HONOURED, 'httpport (did you mean httpPort?) is no setting of serverless-offline 13, which ignores it'],
    [{ stageInUrl: true, color: 'red' }, NOT_HONOURED, 'stageInUrl, color are no settings of serverless-offline 13, which ignores them'],
    [{ host: '' }, 'custom.serverless-offline.host', '"" is not an address to listen on (localhost, 0.0.0.0, ...): dev does not take it'],
  ])('%j', (settings, path, message) => {
    const read_ = read(settings);
    expect([read_.port, read_.host, read_.lambdaPort, read_.diagnostics]).toEqual([undefined, undefined, undefined, [warning(path, message)]]);
  });

  // Refused where dev would listen by them (dev-listen.ts chosenListen), as serverless-offline 13 does not start on them.
  it.each<[Record<string, unknown>, Record<string, string>]>([
    [{ httpPort: 'abc' }, { port: 'must be a port number (0-65535), not "abc"' }],
    [{ httpPort: 70000 }, { port: 'must be a port number (0-65535), not 70000' }],
    [{ httpPort: 1.5, lambdaPort: -1 }, { port: 'must be a port number (0-65535), not 1.5', lambdaPort: 'must be a port number (0-65535), not -1' }],
    [{ lambdaPort: 'http' }, { lambdaPort: 'must be a port number (0-65535), not "http"' }],
    [{ httpPort: '' }, { port: 'must be a port number (0-65535), not ""' }],
  ])('a port that is not one: %j', (settings, refused) => {
    expect(read(settings)).toEqual({ refused, diagnostics: [] });
  });

  it('none, or not a mapping: nothing', () => {
    expect(offlineSettings(undefined, 'serverless.yml')).toEqual({ diagnostics: [] });
    expect(offlineSettings({ 'serverless-offline': 'yes' }, 'serverless.yml')).toEqual({ diagnostics: [] });
  });
});
