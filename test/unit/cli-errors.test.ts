import { describe, expect, it, vi } from 'vitest';
import { ConfigError, USER_ERROR_EXIT, UserError } from '../../src/core/errors.js';

// Two commands that fail: one on bad input, one with a bug.
vi.mock('../../src/cli/registry.js', () => ({
  COMMANDS: {
    bad: { summary: 'fails on input', load: async () => ({ name: 'bad', summary: '', usage: 'pylambda bad', options: {}, maxPositionals: 0, run: async () => { throw new UserError('The thing is wrong', { hint: 'Fix the thing.' }); } }) },
    config: { summary: 'a broken template', load: async () => ({ name: 'config', summary: '', usage: 'pylambda config', options: {}, maxPositionals: 0, run: async () => { throw new ConfigError('template.yaml', [{ severity: 'error', path: 'Resources.Fn.Properties.Timeout', message: "901 is above Lambda's maximum of 900" }, { severity: 'warning', path: 'Resources.Fn', message: 'a warning' }]); } }) },
    disk: { summary: 'meets the machine', load: async () => ({ name: 'disk', summary: '', usage: 'pylambda disk', options: {}, maxPositionals: 0, run: async () => { throw Object.assign(new Error("EACCES: permission denied, mkdir '/ro/out'"), { code: 'EACCES', syscall: 'mkdir', path: '/ro/out', errno: -13 }); } }) },
    failed: { summary: 'runs and fails', load: async () => ({ name: 'failed', summary: '', usage: 'pylambda failed', options: {}, maxPositionals: 0, run: async () => { throw new UserError('The install failed', { exitCode: USER_ERROR_EXIT.failure }); } }) },
    // As invoke: 1 is the function's error, so the work failing otherwise is 2 there.
    'fn-failed': { summary: 'its 1 is the function', load: async () => ({ name: 'fn-failed', summary: '', usage: 'pylambda fn-failed', options: {}, maxPositionals: 0, userErrorExitCode: 2, run: async () => { throw new UserError('moto stopped', { exitCode: USER_ERROR_EXIT.failure }); } }) },
    full: { summary: 'fills the disk', load: async () => ({ name: 'full', summary: '', usage: 'pylambda full', options: {}, maxPositionals: 0, run: async () => { throw Object.assign(new Error("ENOSPC: no space left on device, write '/out/a.zip'"), { code: 'ENOSPC', syscall: 'write', path: '/out/a.zip', errno: -28 }); } }) },
    bug: { summary: 'has a bug', load: async () => ({ name: 'bug', summary: '', usage: 'pylambda bug', options: {}, maxPositionals: 0, run: async () => { throw new TypeError('cannot read x of undefined'); } }) },
  },
}));

const { runCli } = await import('../../src/cli/main.js');

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string | Uint8Array) => (stdout += String(t)) },
    stderr: { write: (t: string | Uint8Array) => (stderr += String(t)) },
    env: {},
    cwd: '/',
    readStdin: async () => Buffer.alloc(0),
  });
  return { code, stdout, stderr };
}

describe('errors at the command line', () => {
  it('bad input: the message and the hint, exit 2, no stack', async () => {
    expect(await cli(['bad'])).toEqual({ code: 2, stdout: '', stderr: 'error: The thing is wrong\nFix the thing.\n' });
  });

  it('work that ran and failed: exit 1, but 2 where 1 is the function\'s (invoke)', async () => {
    expect(await cli(['failed'])).toEqual({ code: 1, stdout: '', stderr: 'error: The install failed\n' });
    expect(await cli(['fn-failed'])).toEqual({ code: 2, stdout: '', stderr: 'error: moto stopped\n' });
  });

  it('bad input with --json: the error as JSON on stdout too', async () => {
    const { code, stdout } = await cli(['bad', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ error: { message: 'The thing is wrong', hint: 'Fix the thing.' } });
  });

  it('a template with problems: with --json, each problem as data too', async () => {
    const { code, stdout } = await cli(['config', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error).toEqual({
      message: "template.yaml has 1 problem:\n  Resources.Fn.Properties.Timeout: 901 is above Lambda's maximum of 900",
      file: 'template.yaml',
      problems: [{ path: 'Resources.Fn.Properties.Timeout', message: "901 is above Lambda's maximum of 900" }],
    });
  });

  it('a bug: says so, no stack unless --debug, exit 70', async () => {
    const plain = await cli(['bug']);
    expect(plain.code).toBe(70);
    expect(plain.stderr).toBe('internal error: cannot read x of undefined\nThis is a bug in pylambda. Run again with --debug to see the stack trace, and report it.\n');
    const debug = await cli(['bug', '--debug']);
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/^internal error: cannot read x of undefined\nTypeError: cannot read x of undefined\n\s+at /);
  });

  it('a bug with --json: the error as JSON on stdout too, marked internal', async () => {
    const { code, stdout } = await cli(['bug', '--json']);
    expect(code).toBe(70);
    expect(JSON.parse(stdout)).toEqual({ error: { message: 'cannot read x of undefined', internal: true } });
  });

  it("the machine's refusal (an unwritable directory) is the user's to fix, not a bug: exit 2, no stack", async () => {
    expect(await cli(['disk'])).toEqual({
      code: 2, stdout: '',
      stderr: 'error: cannot mkdir /ro/out: permission denied (EACCES)\nCheck the path and its permissions (--out, $PYLAMBDA_CACHE_DIR, $TMPDIR), then run the command again.\n',
    });
    expect(JSON.parse((await cli(['disk', '--json'])).stdout)).toEqual({ error: { message: 'cannot mkdir /ro/out: permission denied (EACCES)', hint: expect.stringMatching(/^Check the path/) } });
  });

  it('a full disk is the work failing: exit 1, no stack', async () => {
    expect(await cli(['full'])).toEqual({ code: 1, stdout: '', stderr: 'error: cannot write /out/a.zip: no space left on the device (ENOSPC)\nFree some and run the command again.\n' });
  });

  it('--help before the command is the command\'s help', async () => {
    const { code, stdout } = await cli(['--help', 'bad']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: pylambda bad/);
    expect((await cli(['-h', 'nope'])).code).toBe(2);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['bad', '--nope'])).code).toBe(2);
    expect((await cli(['nope'])).code).toBe(2);
  });

  it('--version and --help', async () => {
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Commands:\n  bad');
    // -v and -h work too: the help names them.
    expect(help.stdout).toContain('--help (-h), --version (-v)');
    expect((await cli(['-v'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  // git help, npm help: what a new user types first. It was "Unknown command 'help'".
  it('help, and help COMMAND, are --help', async () => {
    const top = await cli(['help']);
    expect(top).toEqual({ ...(await cli(['--help'])), code: 0 });
    const one = await cli(['help', 'bad']);
    expect(one).toEqual({ ...(await cli(['bad', '--help'])), code: 0 });
    expect(one.stdout).toMatch(/^Usage: pylambda bad\n/);
    expect(await cli(['help', 'nope'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: Unknown command 'nope'\n/) as unknown });
  });

  // A SAM user's first command here was "Unknown command 'local'", with nothing to say which one does its work.
  it("SAM CLI's commands: the one that does their work here, exit 2", async () => {
    const local = await cli(['local', 'invoke', 'HelloFunction', '-e', 'events/event.json']);
    expect(local.code).toBe(2);
    expect(local.stderr).toMatch(/^error: Unknown command 'local': sam local invoke is SAM CLI's; here it is: pylambda invoke \[FUNCTION\] --event FILE\nCommands: bad, /);
    expect((await cli(['--json', 'build', '--use-container'])).stdout).toMatch(/^\{"error":\{"message":"Unknown command 'build': sam build is SAM CLI's; here it is: pylambda package, /);
    expect((await cli(['deploy', '--guided'])).stderr).toMatch(/^error: Unknown command 'deploy': sam deploy is SAM CLI's; pylambda runs and packages functions locally and does not deploy: sam still does\n/);
  });

  it('the global options may come before the command', async () => {
    const { code, stdout } = await cli(['--json', 'bad']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ error: { message: 'The thing is wrong', hint: 'Fix the thing.' } });
    expect((await cli(['--debug', '--json', 'bug'])).stderr).toMatch(/^internal error: cannot read x of undefined\nTypeError: /);
    expect((await cli(['--json', 'nope'])).stderr).toContain("error: Unknown command 'nope'");
  });

  it('an unknown option without a command: says so, exit 2', async () => {
    expect(await cli(['--bogus'])).toEqual({ code: 2, stdout: '', stderr: "error: Unknown option '--bogus'\nUsage: pylambda <command> [options]\nRun `pylambda --help` for the commands.\n" });
  });

  it('--json without a command: the error as JSON, exit 2 (user29: the help was printed as if asked for, with exit 2 and no error)', async () => {
    const { code, stdout, stderr } = await cli(['--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ error: { message: 'Missing the command', hint: 'Commands: bad, config, disk, failed, fn-failed, full, bug. Run `pylambda --help` for what each does.' } });
    expect(stderr).toBe('error: Missing the command\nCommands: bad, config, disk, failed, fn-failed, full, bug. Run `pylambda --help` for what each does.\n');
    // Without --json, no command prints the top help as pylambda alone does, exit 2, and no JSON.
    const debug = await cli(['--debug']);
    expect(debug).toEqual({ code: 2, stdout: (await cli([])).stdout, stderr: '' });
    expect(debug.stdout).toMatch(/^pylambda: run, test, profile and pack/);
    expect(debug.stdout).toContain('Commands:');
    expect(debug.stdout).not.toContain('"error"');
  });

  it('--version, --help and a command\'s --help as JSON with --json', async () => {
    expect(JSON.parse((await cli(['--version', '--json'])).stdout)).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    const top = JSON.parse((await cli(['--help', '--json'])).stdout);
    expect(top.commands).toEqual([{ name: 'bad', summary: 'fails on input' }, { name: 'config', summary: 'a broken template' }, { name: 'disk', summary: 'meets the machine' },
      { name: 'failed', summary: 'runs and fails' }, { name: 'fn-failed', summary: 'its 1 is the function' }, { name: 'full', summary: 'fills the disk' }, { name: 'bug', summary: 'has a bug' }]);
    const help = JSON.parse((await cli(['bad', '--help', '--json'])).stdout);
    expect(help).toMatchObject({ command: 'bad', usage: 'pylambda bad' });
    expect(help.options).toContainEqual({ name: '--json', takesValue: false, description: expect.any(String) });
  });
});
