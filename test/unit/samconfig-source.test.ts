import { describe, expect, it } from 'vitest';
import { listenChange, saidAsSamconfig, type DevListening } from '../../src/cli/samconfig-source.js';
import { UserError } from '../../src/core/errors.js';

const hostError = new UserError('--host h.invalid is not a name this machine can resolve', { hint: 'Pass an address.', details: { option: 'host' } });
const portError = new UserError('Port 3000 on 127.0.0.1, for the REST API Api, is in use', { hint: 'Stop what uses it.', details: { option: 'port' } });

describe('an error about where dev listens, said as the samconfig file\'s when the value came from it', () => {
  const cases: ReadonlyArray<[string, unknown, Parameters<typeof saidAsSamconfig>[1], string | undefined, string | undefined]> = [
    ['the file\'s host', hostError, { file: 'samconfig.toml', host: 'h.invalid' }, "samconfig.toml's host h.invalid is not a name this machine can resolve", 'Fix it in samconfig.toml, or pass --host, which wins over the file. Pass an address.'],
    ['the file\'s port', portError, { file: 'samconfig.yaml', port: 3000 }, portError.message, "The port is samconfig.yaml's (port = 3000), which --port overrides. Stop what uses it."],
    ['a host given on the command line', hostError, { file: 'samconfig.toml', port: 3000 }, hostError.message, hostError.hint],
    ['a port given on the command line', portError, { file: 'samconfig.toml', host: 'h' }, portError.message, portError.hint],
    ['no samconfig', portError, undefined, portError.message, portError.hint],
    ['an error about something else', new UserError('No project found'), { file: 'samconfig.toml', host: 'h', port: 1 }, 'No project found', undefined],
  ];
  it.each(cases)('%s', (_name, error, source, message, hint) => {
    const said = saidAsSamconfig(error, source) as UserError;
    expect(said.message).toBe(message);
    expect(said.hint).toBe(hint);
    expect(said.exitCode).toBe(2);
  });

  it('leaves what is not a UserError as it is', () => {
    const bug = new TypeError('x');
    expect(saidAsSamconfig(bug, { file: 'samconfig.toml', host: 'h' })).toBe(bug);
  });
});

describe("a reload that finds the samconfig file's port or host changed: dev stays where it started, and says so", () => {
  const fromFile: DevListening = { host: '127.0.0.1', port: 3999, given: { host: false, port: false }, defaults: { host: '127.0.0.1', port: 3000 } };
  const given: DevListening = { ...fromFile, port: 8080, given: { host: true, port: true } };
  it.each<[string, DevListening, { host?: string; port?: number }, string | undefined]>([
    ['the same port', fromFile, { port: 3999 }, undefined],
    ['another port', fromFile, { port: 4000 }, 'samconfig.toml now sets port = 4000, but dev goes on listening on 127.0.0.1:3999, where it started: restart dev to listen there'],
    ['the port taken away', fromFile, {}, 'samconfig.toml no longer sets port (the default is 3000), but dev goes on listening on 127.0.0.1:3999, where it started: restart dev to listen there'],
    ['the default host written out', fromFile, { port: 3999, host: '127.0.0.1' }, undefined],
    ['both', fromFile, { port: 1, host: '0.0.0.0' }, 'samconfig.toml now sets port = 1 and now sets host = "0.0.0.0", but dev goes on listening on 127.0.0.1:3999, where it started: restart dev to listen there'],
    ['what the command line gave: the file has no say', given, { port: 4000, host: '0.0.0.0' }, undefined],
  ])('%s', (_name, listening, now, message) => {
    expect(listenChange(listening, now, 'samconfig.toml')).toBe(message);
  });
});
