import { describe, expect, it } from 'vitest';
import { parseCommandArgs, type CommandDefinition } from '../../src/cli/command.js';
import { command as dev } from '../../src/cli/commands/dev.js';
import { command as invoke } from '../../src/cli/commands/invoke.js';
import { UserError } from '../../src/core/errors.js';

const refusal = (command: CommandDefinition, argv: string[]): UserError => {
  try {
    parseCommandArgs(command, argv);
  } catch (error) {
    return error as UserError;
  }
  throw new Error(`parsed: ${argv.join(' ')}`);
};

// What a Serverless Framework user types from habit (`sls offline --noAuth`, `sls invoke local --raw`): said what it is here.
describe("serverless-offline's and serverless invoke local's options", () => {
  it.each<[CommandDefinition, string[], string]>([
    [dev, ['--http-port', '4000'], "Unknown option '--http-port': it is --port here (serverless-offline's --httpPort)"],
    [dev, ['--noPrependStageInUrl'], "Unknown option '--noPrependStageInUrl': not needed: a REST API answers both with and without its stage in the path (/dev/hello and /hello) (serverless-offline's --noPrependStageInUrl)"],
    [dev, ['--noAuth'], "Unknown option '--noAuth': dev runs the routes' authorizers as API Gateway does, always: send what they let through (a token, a header) (serverless-offline's --noAuth)"],
    [dev, ['--noTimeout'], "Unknown option '--noTimeout': dev ends an invocation at the function's timeout, as Lambda does: raise its timeout in serverless.yml, or debug it with --debug-port PORT, under which no timeout applies (serverless-offline's --noTimeout)"],
    [dev, ['--reloadHandler'], "Unknown option '--reloadHandler': not needed: dev runs each change to the code from the next request on, in a new environment (serverless-offline's --reloadHandler)"],
    [dev, ['--corsAllowOrigin', '*'], "Unknown option '--corsAllowOrigin': dev answers CORS as the serverless.yml's settings make API Gateway answer it: set `cors:` on the http event, or provider.httpApi.cors (serverless-offline's --corsAllowOrigin)"],
    [dev, ['--useDocker'], "Unknown option '--useDocker': pylambda runs no container: the functions run in the project's Python (.venv, or --python PATH) (serverless-offline's --useDocker)"],
    [invoke, ['hello', '-x', 'ctx.json'], "Unknown option '-x': the context is Lambda's, made for each invocation (request id, deadline, function name and ARN) (serverless invoke local's -x, --contextPath)"],
    [invoke, ['hello', '--docker'], "Unknown option '--docker': pylambda runs no container: the functions run in the project's Python (.venv, or --python PATH) (serverless invoke local's --docker)"],
  ])('%#: %j', (command, argv, message) => {
    const error = refusal(command, argv);
    expect([error.message, error.exitCode]).toEqual([message, 2]);
  });

  // -t and -p are pylambda's own (--template, --port): serverless-offline's -t (--noTimeout) and -p (--prefix) are not taken for them.
  it("serverless-offline's spellings of dev's own options are taken with their meaning", () => {
    expect(parseCommandArgs(dev, ['--httpPort', '4000', '--lambdaPort', '4002', '-o', '0.0.0.0']).values).toMatchObject({ httpPort: '4000', lambdaPort: '4002', host: '0.0.0.0' });
  });

  it('an option of pylambda that serverless-offline spells alike keeps its meaning', () => {
    expect(parseCommandArgs(dev, ['-p', '4000']).values.port).toBe('4000');
  });
});
