import { describe, expect, it } from 'vitest';
import { startListening } from '../../src/api/dev-listen.js';
import { scratchDir } from '../helpers.js';

/** Where dev listens as its start checks it before the project is read (src/api/dev-listen.ts startListening). */
describe('where dev listens, before its project is read', () => {
  const options = (extra: { port?: number; lambdaPort?: number }) => ({ dir: scratchDir('early-listen'), hostEnv: {}, onEvent: () => undefined, ...extra });

  // serverless.yml's custom.serverless-offline httpPort, read later, may move the first endpoint off the default
  // port: `--lambda-port 3000` with httpPort 4000 was refused as "the default port, where the first endpoint listens".
  it('leaves a --lambda-port that is the default port for the project to decide', async () => {
    const early = await startListening(options({ lambdaPort: 3000 }), async (_given, listen) => listen.port);
    expect(early).toEqual({ value: 3000, source: { by: 'default' } });
  });

  it('refuses a --lambda-port that is the --port given', async () => {
    await expect(startListening(options({ port: 4100, lambdaPort: 4100 }), async () => 'started'))
      .rejects.toThrow("--lambda-port 4100 is --port's, where the first endpoint listens: give the Lambda API another port");
  });
});
