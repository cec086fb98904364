import { describe, expect, it } from 'vitest';
import { chosenListen, lambdaPortClash, listenChange, listenRefused, listenValues, saidAsListenSource, type ListenSettings } from '../../src/core/model/dev-listen.js';
import { UserError } from '../../src/core/errors.js';

const SAMCONFIG = { file: 'samconfig.toml' };
const OFFLINE = { file: 'serverless.yml', from: 'custom.serverless-offline' };

describe('chosenListen: the command line, else samconfig.toml, else custom.serverless-offline, else the defaults', () => {
  const cases: ReadonlyArray<[string, ListenSettings, { host: string; port: number; lambdaPort?: number }, [string, string, string]]> = [
    ['nothing said: 127.0.0.1:3000, the Lambda API on a free port', { commandLine: {} }, { host: '127.0.0.1', port: 3000 }, ['default', 'default', 'default']],
    ['the command line', { commandLine: { port: 8080, host: '0.0.0.0', lambdaPort: 8090 } }, { host: '0.0.0.0', port: 8080, lambdaPort: 8090 }, ['command-line', 'command-line', 'command-line']],
    ['--port 0 (free ports) over the file', { commandLine: { port: 0 }, samconfig: { ...SAMCONFIG, port: 3001 } }, { host: '127.0.0.1', port: 0 }, ['default', 'command-line', 'default']],
    ['samconfig.toml where the command line is silent', { commandLine: { host: 'localhost' }, samconfig: { ...SAMCONFIG, port: 3001, host: '0.0.0.0' } }, { host: 'localhost', port: 3001 }, ['command-line', 'samconfig', 'default']],
    ["samconfig.toml's port 0", { commandLine: {}, samconfig: { ...SAMCONFIG, port: 0 } }, { host: '127.0.0.1', port: 0 }, ['default', 'samconfig', 'default']],
    ['custom.serverless-offline', { commandLine: {}, settings: { ...OFFLINE, port: 4000, host: '0.0.0.0', lambdaPort: 4002 } }, { host: '0.0.0.0', port: 4000, lambdaPort: 4002 }, ['settings', 'settings', 'settings']],
    ['--httpPort and --lambdaPort over custom.serverless-offline', { commandLine: { port: 5000, lambdaPort: 5002 }, settings: { ...OFFLINE, port: 4000, host: '0.0.0.0', lambdaPort: 4002 } }, { host: '0.0.0.0', port: 5000, lambdaPort: 5002 }, ['settings', 'command-line', 'command-line']],
    ['samconfig.toml over custom.serverless-offline, each option apart', { commandLine: {}, samconfig: { ...SAMCONFIG, port: 3001 }, settings: { ...OFFLINE, port: 4000, host: '0.0.0.0' } }, { host: '0.0.0.0', port: 3001 }, ['settings', 'samconfig', 'default']],
  ];
  it.each(cases)('%s', (_name, settings, values, [host, port, lambdaPort]) => {
    const listen = chosenListen(settings);
    expect(listenValues(listen)).toEqual(values);
    expect([listen.host.source.by, listen.port.source.by, listen.lambdaPort.source.by]).toEqual([host, port, lambdaPort]);
  });

  // serverless-offline 13 gives httpPort and lambdaPort to hapi's Server as they are, and exits: "Invalid server options"
  // for 'abc', Node's RangeError for 70000 as it starts.
  it.each<[string, ListenSettings, string, string]>([
    ['an httpPort that is not a number', { commandLine: {}, settings: { ...OFFLINE, refused: { port: 'must be a port number (0-65535), not "abc"' } } },
      'serverless.yml\'s custom.serverless-offline.httpPort must be a port number (0-65535), not "abc"', 'Fix it in serverless.yml, or pass --port, which wins over it. serverless-offline 13 does not start on it either.'],
    ['a lambdaPort out of range', { commandLine: { port: 4000 }, settings: { ...OFFLINE, refused: { lambdaPort: 'must be a port number (0-65535), not 70000' } } },
      "serverless.yml's custom.serverless-offline.lambdaPort must be a port number (0-65535), not 70000", 'Fix it in serverless.yml, or pass --lambda-port, which wins over it. serverless-offline 13 does not start on it either.'],
  ])('refuses %s where dev would listen by it', (_name, settings, message, hint) => {
    let error: unknown;
    try {
      chosenListen(settings);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect([(error as UserError).message, (error as UserError).hint, (error as UserError).exitCode]).toEqual([message, hint, 2]);
  });

  it('takes --port, or samconfig.toml\'s port, over a setting that is not a port, as serverless-offline takes --httpPort', () => {
    const refused = { ...OFFLINE, refused: { port: 'must be a port number (0-65535), not "abc"' } };
    expect(listenValues(chosenListen({ commandLine: { port: 4000 }, settings: refused }))).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(listenValues(chosenListen({ commandLine: {}, samconfig: { ...SAMCONFIG, port: 3001 }, settings: refused }))).toEqual({ host: '127.0.0.1', port: 3001 });
  });

  it('names the file and the settings a value came from', () => {
    const listen = chosenListen({ commandLine: {}, samconfig: { ...SAMCONFIG, host: 'h' }, settings: { ...OFFLINE, port: 1 } });
    expect([listen.host.source, listen.port.source]).toEqual([{ by: 'samconfig', file: 'samconfig.toml' }, { by: 'settings', file: 'serverless.yml', from: 'custom.serverless-offline' }]);
  });
});

const hostError = new UserError('--host h.invalid is not a name this machine can resolve', { hint: 'Pass an address.', details: { option: 'host' } });
const portError = new UserError('Port 3000 on 127.0.0.1, for the REST API Api, is in use', { hint: 'Stop what uses it.', details: { option: 'port' } });
const lambdaPortError = new UserError('Port 3002 on 127.0.0.1, for the Lambda API, is in use', { hint: 'Stop what uses it, or pass --lambda-port PORT (0 picks a free port).', details: { option: 'lambdaPort' } });

describe('saidAsListenSource: an error about where dev listens, in the terms of the setting that gave the value', () => {
  const cases: ReadonlyArray<[string, UserError, ListenSettings, string, string | undefined]> = [
    ["samconfig.toml's host", hostError, { commandLine: {}, samconfig: { ...SAMCONFIG, host: 'h.invalid' } }, "samconfig.toml's host h.invalid is not a name this machine can resolve", 'Fix it in samconfig.toml, or pass --host, which wins over the file. Pass an address.'],
    ['samconfig.yaml\'s port', portError, { commandLine: {}, samconfig: { file: 'samconfig.yaml', port: 3000 } }, portError.message, "The port is samconfig.yaml's (port = 3000), which --port overrides. Stop what uses it."],
    ["custom.serverless-offline's host", hostError, { commandLine: {}, settings: { ...OFFLINE, host: 'h.invalid' } }, "serverless.yml's custom.serverless-offline.host h.invalid is not a name this machine can resolve", 'Fix it in serverless.yml, or pass --host, which wins over it. Pass an address.'],
    ["custom.serverless-offline's httpPort", portError, { commandLine: {}, settings: { ...OFFLINE, port: 3000 } }, portError.message, "The port is serverless.yml's custom.serverless-offline.httpPort (3000), which --port overrides. Stop what uses it."],
    ['a host given on the command line', hostError, { commandLine: { host: 'h.invalid' }, samconfig: { ...SAMCONFIG, port: 3000 } }, hostError.message, hostError.hint],
    ['a port given on the command line', portError, { commandLine: { port: 3000 }, settings: { ...OFFLINE, port: 1, host: 'h' } }, portError.message, portError.hint],
    ['the default port', portError, { commandLine: {} }, portError.message, portError.hint],
    ["custom.serverless-offline's lambdaPort", lambdaPortError, { commandLine: {}, settings: { ...OFFLINE, port: 3000, lambdaPort: 3002 } }, lambdaPortError.message,
      "The port is serverless.yml's custom.serverless-offline.lambdaPort (3002), which --lambda-port overrides. Stop what uses it, or pass --lambda-port PORT (0 picks a free port)."],
    ['a --lambda-port over custom.serverless-offline\'s', lambdaPortError, { commandLine: { lambdaPort: 3002 }, settings: { ...OFFLINE, lambdaPort: 4002 } }, lambdaPortError.message, lambdaPortError.hint],
    ['an error about something else', new UserError('No project found'), { commandLine: {}, samconfig: { ...SAMCONFIG, host: 'h', port: 1 } }, 'No project found', undefined],
  ];
  it.each(cases)('%s', (_name, error, settings, message, hint) => {
    const said = saidAsListenSource(error, chosenListen(settings)) as UserError;
    expect([said.message, said.hint, said.exitCode]).toEqual([message, hint, 2]);
  });

  it('leaves what is not a UserError as it is', () => {
    const bug = new TypeError('x');
    expect(saidAsListenSource(bug, chosenListen({ commandLine: {}, samconfig: { ...SAMCONFIG, host: 'h' } }))).toBe(bug);
  });
});

describe('lambdaPortClash: a Lambda API port that is the first endpoint\'s', () => {
  it.each<[string, ListenSettings, string | undefined]>([
    ['--lambda-port on --port', { commandLine: { port: 3999, lambdaPort: 3999 } }, "--lambda-port 3999 is --port's, where the first endpoint listens: give the Lambda API another port"],
    ["--lambda-port on samconfig.toml's port", { commandLine: { lambdaPort: 3001 }, samconfig: { ...SAMCONFIG, port: 3001 } }, "--lambda-port 3001 is samconfig.toml's port, where the first endpoint listens: give the Lambda API another port"],
    ['--lambda-port on the default port', { commandLine: { lambdaPort: 3000 } }, '--lambda-port 3000 is the default port, where the first endpoint listens: give the Lambda API another port'],
    ['lambdaPort on httpPort', { commandLine: {}, settings: { ...OFFLINE, port: 4000, lambdaPort: 4000 } }, "serverless.yml's custom.serverless-offline.lambdaPort 4000 is serverless.yml's custom.serverless-offline.httpPort, where the first endpoint listens: give the Lambda API another port"],
    ['both 0: free ports', { commandLine: { port: 0, lambdaPort: 0 } }, undefined],
    ['apart', { commandLine: { lambdaPort: 3002 } }, undefined],
    ['no Lambda API port', { commandLine: { port: 3000 } }, undefined],
  ])('%s', (_name, settings, message) => {
    const clash = lambdaPortClash(chosenListen(settings));
    expect(clash?.message).toBe(message);
    if (clash) expect(clash.exitCode).toBe(2);
  });
});

describe('listenChange: a reload that finds a file now says to listen elsewhere (dev stays, and says so)', () => {
  const started = chosenListen({ commandLine: {}, samconfig: { ...SAMCONFIG, port: 3999 } });
  const offline = chosenListen({ commandLine: {}, settings: { ...OFFLINE, port: 4000, lambdaPort: 4002 } });
  const given = chosenListen({ commandLine: { port: 8080, host: '127.0.0.1' } });
  const tail = (at: string, lambda = '') => `, but dev goes on listening on ${at}${lambda}, where it started: restart dev to listen there`;
  it.each<[string, ReturnType<typeof chosenListen>, ListenSettings, string | undefined]>([
    ['the same port', started, { commandLine: {}, samconfig: { ...SAMCONFIG, port: 3999 } }, undefined],
    ['another port', started, { commandLine: {}, samconfig: { ...SAMCONFIG, port: 4000 } }, `samconfig.toml now sets port = 4000${tail('127.0.0.1:3999')}`],
    ['the port taken away', started, { commandLine: {}, samconfig: SAMCONFIG }, `samconfig.toml no longer sets port (the default is 3000)${tail('127.0.0.1:3999')}`],
    ['the default host written out', started, { commandLine: {}, samconfig: { ...SAMCONFIG, port: 3999, host: '127.0.0.1' } }, undefined],
    ['both', started, { commandLine: {}, samconfig: { ...SAMCONFIG, port: 1, host: '0.0.0.0' } }, `samconfig.toml now sets port = 1 and now sets host = "0.0.0.0"${tail('127.0.0.1:3999')}`],
    ['what the command line gave: the files have no say', given, { commandLine: { port: 8080, host: '127.0.0.1' }, samconfig: { ...SAMCONFIG, port: 4000, host: '0.0.0.0' } }, undefined],
    ["custom.serverless-offline's httpPort", offline, { commandLine: {}, settings: { ...OFFLINE, port: 4100, lambdaPort: 4002 } }, `serverless.yml now sets custom.serverless-offline.httpPort: 4100${tail('127.0.0.1:4000')}`],
    ["custom.serverless-offline's host added", offline, { commandLine: {}, settings: { ...OFFLINE, port: 4000, host: '0.0.0.0', lambdaPort: 4002 } }, `serverless.yml now sets custom.serverless-offline.host: 0.0.0.0${tail('127.0.0.1:4000')}`],
    ["custom.serverless-offline's lambdaPort taken away", offline, { commandLine: {}, settings: { ...OFFLINE, port: 4000 } }, `serverless.yml no longer sets custom.serverless-offline.lambdaPort (the first free port after the endpoints')${tail('127.0.0.1:4000', ' (its Lambda API on its port)')}`],
    ['custom.serverless-offline removed', offline, { commandLine: {} }, `serverless.yml no longer sets custom.serverless-offline.httpPort (the default is 3000) and no longer sets custom.serverless-offline.lambdaPort (the first free port after the endpoints')${tail('127.0.0.1:4000', ' (its Lambda API on its port)')}`],
  ])('%s', (_name, before, now, message) => {
    expect(listenChange(before, chosenListen(now))).toBe(message);
  });

  // The port dev listens on, not the one asked for: port 0's is the system's choice (the first endpoint's).
  const free = chosenListen({ commandLine: { port: 0 }, samconfig: { ...SAMCONFIG, host: '127.0.0.1' } });
  it.each<[string, ReturnType<typeof chosenListen>, ListenSettings, number | undefined, string | undefined]>([
    ['--port 0: the port bound', free, { commandLine: { port: 0 }, samconfig: { ...SAMCONFIG, host: '0.0.0.0' } }, 54321, `samconfig.toml now sets host = "0.0.0.0"${tail('127.0.0.1:54321')}`],
    ["samconfig.toml's port 0: the port bound", chosenListen({ commandLine: {}, samconfig: { ...SAMCONFIG, port: 0 } }), { commandLine: {}, samconfig: { ...SAMCONFIG, port: 3999 } }, 40000, `samconfig.toml now sets port = 3999${tail('127.0.0.1:40000')}`],
    ['--port 0 and no endpoint served: no port to name', free, { commandLine: { port: 0 }, samconfig: { ...SAMCONFIG, host: '0.0.0.0' } }, undefined, `samconfig.toml now sets host = "0.0.0.0"${tail('127.0.0.1 (on free ports)')}`],
    ['a port asked for: the same as bound', started, { commandLine: {}, samconfig: { ...SAMCONFIG, port: 4000 } }, 3999, `samconfig.toml now sets port = 4000${tail('127.0.0.1:3999')}`],
    ['an IPv6 host, in brackets', chosenListen({ commandLine: { host: '::1' }, samconfig: { ...SAMCONFIG, port: 3999 } }), { commandLine: { host: '::1' }, samconfig: { ...SAMCONFIG, port: 4000 } }, 3999, `samconfig.toml now sets port = 4000${tail('[::1]:3999')}`],
    ['nothing changed', free, { commandLine: { port: 0 }, samconfig: { ...SAMCONFIG, host: '127.0.0.1' } }, 54321, undefined],
  ])('%s', (_name, before, now, bound, message) => {
    expect(listenChange(before, chosenListen(now), bound)).toBe(message);
  });
});

describe('listenRefused: a reload that finds a port setting a start would refuse (dev stays, and says so)', () => {
  const refusal = 'serverless.yml\'s custom.serverless-offline.httpPort must be a port number (0-65535), not "abc"';
  const started = chosenListen({ commandLine: {}, settings: { ...OFFLINE, port: 4000 } });
  it.each<[string, ReturnType<typeof chosenListen>, number | undefined, string]>([
    ['the port asked for', started, undefined, '127.0.0.1:4000'],
    ['port 0: the port bound', chosenListen({ commandLine: { port: 0 } }), 54321, '127.0.0.1:54321'],
    ['port 0 and no endpoint served', chosenListen({ commandLine: { port: 0 } }), undefined, '127.0.0.1 (on free ports)'],
  ])('%s', (_name, before, bound, at) => {
    expect(listenRefused(refusal, before, bound)).toBe(`${refusal}: dev goes on listening on ${at}, where it started (a restart refuses it until it is fixed)`);
  });
});
