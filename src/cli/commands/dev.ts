import { resolve } from 'node:path';
import { DevSession } from '../../api/dev.js';
import type { DevEvent } from '../../api/dev-types.js';
import { samconfigOptions } from '../../api/samconfig-options.js';
import { SamconfigReader } from '../../api/samconfig.js';
import { UserError } from '../../core/errors.js';
import { devEventJson, formatDevEvent } from '../../ui/dev-output.js';
import { lineWriter } from '../../ui/io.js';
import { listOption, stringOption, type CommandDefinition } from '../command.js';
import { DEBUG_PORT_OPTION, debugOption } from '../debug-option.js';
import { ENV_VARS_OPTION, PROJECT_OPTIONS, projectArgs } from '../project-options.js';
import { portOption } from '../port-option.js';
import { SERVERLESS_OFFLINE_ALIASES, aliasOption } from '../serverless-offline-aliases.js';
import { SAM_LOCAL_START_API_OPTIONS } from '../sam-peer-options.js';
import { SERVERLESS_OFFLINE_OPTIONS } from '../serverless-peer-options.js';

/**
 * How long the requests in flight have to be answered when dev is stopped by a signal: under the CLI's 3 s before it
 * exits regardless (main.ts), which leaves a second for the functions to stop.
 */
const STOP_GRACE_MS = 2000;

export const command: CommandDefinition = {
  name: 'dev',
  summary: 'Serve a project locally behind emulated API Gateway (REST, HTTP and WebSocket APIs), ALB, function URLs and the Lambda Invoke API, with hot reload.',
  usage: 'pylambda dev [DIR] [--template FILE] [--stage S] [--param K=V] [--region R] [--parameter-overrides K=V] [--config-env NAME] [--config-file FILE] [--env-vars FILE] [--port P | --httpPort P] [--lambda-port P | --lambdaPort P] [--host H] [--api-key KEY] [--local-aws] [--verbose] [--no-watch] [--no-freeze] [--debug-port P [--debug-function NAME]] [--python PATH] [--runtime-client pylambda|awslambdaric] [--json]',
  positional: 'DIR',
  maxPositionals: 1,
  peerOptions: {
    ...SAM_LOCAL_START_API_OPTIONS,
    '--no-autoreload': "it is --no-watch here (chalice local's --no-autoreload)",
    '--autoreload': "dev reloads on changes unless --no-watch says not to (chalice local's --autoreload)",
    ...SERVERLESS_OFFLINE_OPTIONS,
  },
  options: {
    ...PROJECT_OPTIONS,
    'env-vars': ENV_VARS_OPTION,
    port: { type: 'string', short: 'p', value: 'PORT', description: 'The first endpoint\'s port (default: samconfig.toml\'s port, or serverless.yml\'s custom.serverless-offline.httpPort, else 3000); the others (WebSocket APIs after the Lambda API) take the next ones; 0 picks free ports' },
    'lambda-port': { type: 'string', value: 'PORT', description: "The Lambda Invoke API's port (boto3's endpoint_url for lambda.invoke); default: serverless.yml's custom.serverless-offline.lambdaPort, else the first free one after the endpoints'; 0 picks a free port" },
    host: { type: 'string', short: 'o', value: 'HOST', description: 'The address to listen on (default: samconfig.toml\'s host, or serverless.yml\'s custom.serverless-offline.host, else 127.0.0.1)' },
    'api-key': { type: 'string', multiple: true, value: 'KEY', description: 'A key (x-api-key) that REST routes needing an API key accept, beside the configuration\'s; without any, dev makes one up (repeatable)' },
    verbose: { type: 'boolean', short: 'v', description: "Show each invocation's REPORT line" },
    'local-aws': { type: 'boolean', description: "Start a local AWS endpoint (moto, from the project's Python) with the template's tables, buckets, queues and streams, and run its SQS and stream triggers" },
    'no-watch': { type: 'boolean', description: 'Do not reload on changes' },
    'no-freeze': { type: 'boolean', description: 'Do not freeze environments between invocations (Lambda does: what a function leaves running stops until its next event); for a debugger attached to the function' },
    ...SERVERLESS_OFFLINE_ALIASES,
    'debug-port': DEBUG_PORT_OPTION,
    'debug-function': { type: 'string', value: 'NAME', description: "The function --debug-port debugs, when the project has several (sam local start-api's --debug-function)" },
    python: { type: 'string', value: 'PATH', description: 'The Python interpreter (default: .venv, then $VIRTUAL_ENV, then python3)' },
    'runtime-client': { type: 'string', value: 'pylambda|awslambdaric', description: 'pylambda (default) or awslambdaric' },
  },
  details: [
    'Each endpoint (a REST API, an HTTP API, an ALB listener, a function URL) gets its own port, from --port on.',
    'The Lambda Invoke API (as sam local start-lambda serves it) takes the next free port, or --lambda-port.',
    'An Event invocation is retried on a function error (after 1, then 2 minutes) and goes to its destinations, as on Lambda.',
    'A change to the code is picked up by the next request; a change to the template updates the routes.',
    'Requests in flight finish on the code they started with.',
    'With no function to run, dev waits for a change that adds one; with --no-watch it stops (exit 2).',
    'A project that cannot be read when dev starts (a YAML error, a Chalice app that raises at import) is said, and dev',
    'waits for a change that fixes it, then starts; with --no-watch it stops (exit 2).',
    '',
    'Examples:',
    '  pylambda dev',
    '  echo \'{"HelloFunction": {"GREETING": "Hi"}}\' > env.json && pylambda dev --port 8080 --env-vars env.json',
    '  pylambda dev --local-aws',
    '  pylambda dev --debug-port 5678 --debug-function HelloFunction',
    '  pylambda dev --template template.yaml --no-watch',
  ].join('\n'),
  async run(ctx, args) {
    const { io } = ctx;
    const dir = resolve(io.cwd, args.positionals[0] ?? '.');
    const project = projectArgs(args, io.cwd);
    // sam local start-api takes samconfig's debug_port (and port, host and template_file, which DevSession.start
    // takes, from the same read of the file) as its options' defaults: the command line wins.
    const samconfigReader = new SamconfigReader();
    const fromFile = await samconfigOptions({ dir, ...project }, 'dev', samconfigReader);
    const portText = aliasOption(args, 'port', 'httpPort');
    const port = portText === undefined ? undefined : portOption(portText, '--port');
    const lambdaPortText = aliasOption(args, 'lambda-port', 'lambdaPort');
    const lambdaPort = lambdaPortText === undefined ? undefined : portOption(lambdaPortText, '--lambda-port');
    const host = stringOption(args, 'host');
    const runtimeClient = stringOption(args, 'runtime-client');
    if (runtimeClient !== undefined && runtimeClient !== 'pylambda' && runtimeClient !== 'awslambdaric') {
      throw new UserError(`--runtime-client must be pylambda or awslambdaric, not '${runtimeClient}'`, { exitCode: 2 });
    }
    const verbose = args.values.verbose === true;
    const print = lineWriter(io.stdout);
    const python = stringOption(args, 'python');
    const envVars = stringOption(args, 'env-vars');
    const apiKeys = listOption(args, 'api-key');
    const watch = args.values['no-watch'] !== true;
    const debug = debugOption(args, fromFile);
    // Ctrl-C while dev waits for a project that reads: the wait stops, and the exit is the interrupt's (130).
    const waiting = new AbortController();
    ctx.onInterrupt(() => waiting.abort());
    // Serves (or waits for a fix) until interrupted: the CLI's Ctrl-C handler stops the session and exits. Servers
    // and the watcher are not enough to keep Node alive: with no endpoint (none yet, or none after a reload) and
    // only a watcher, Node would leave an unsettled await with exit code 13, silently.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    ctx.onInterrupt(() => clearInterval(keepAlive));
    const say = (event: DevEvent) => {
      // A project that cannot be read at start is said on stderr, as the error that ended dev was (and, with --json, on stdout too).
      const toStderr = event.type === 'start-failed' || event.type === 'waiting-for-fix';
      if (ctx.json) print(devEventJson(event));
      if (ctx.json && event.type !== 'start-failed') return;
      const text = formatDevEvent(event, toStderr ? ctx.errStyle : ctx.style, { verbose, cwd: io.cwd, debug: ctx.debug });
      if (text === undefined) return;
      if (toStderr) io.stderr.write(`${text}\n`);
      else print(text);
    };
    const session = await DevSession.start({
      dir,
      // Hints name files of DIR from where dev runs, as --template reads them.
      ...(args.positionals[0] && resolve(io.cwd, args.positionals[0]) !== io.cwd ? { shownDir: args.positionals[0] } : {}),
      ...project,
      // Where these do not say, samconfig.toml or serverless.yml's custom.serverless-offline may.
      ...(host === undefined ? {} : { host }),
      ...(port === undefined ? {} : { port }),
      ...(lambdaPort === undefined ? {} : { lambdaPort }),
      samconfigReader,
      ...(python ? { python } : {}),
      ...(envVars ? { envVarsFile: resolve(io.cwd, envVars) } : {}),
      ...(runtimeClient ? { runtimeClient: runtimeClient as 'pylambda' | 'awslambdaric' } : {}),
      ...(apiKeys.length > 0 ? { apiKeys } : {}),
      hostEnv: io.env,
      watch,
      waitForFix: watch,
      signal: waiting.signal,
      ...(args.values['no-freeze'] === true ? { freeze: false } : {}),
      ...(debug ? { debug } : {}),
      localAws: args.values['local-aws'] === true,
      onEvent: say,
    }).catch((error: unknown) => {
      clearInterval(keepAlive);
      throw error;
    });
    // No function to run and no watcher: nothing ever will be served, and waiting for Ctrl-C would hang a script
    // (as `sam local start-api` ends with "Template does not have any APIs connected to Lambda functions"). A
    // function without HTTP events is served by the Lambda API (a queue's worker invoked with boto3).
    if (!watch && session.functionCount === 0) {
      clearInterval(keepAlive);
      await session.stop();
      // The banner's lines go out on the next turn (lineWriter): before the error that refers to them.
      await new Promise((r) => setImmediate(r));
      throw new UserError('No function to serve, and with --no-watch none will come: dev stops', {
        hint: 'Fix what the lines above say, or run dev without --no-watch: it then serves what a change to the project adds.',
      });
    }
    // Ctrl-C or SIGTERM: the requests in flight get their answers first, for up to STOP_GRACE_MS (a second Ctrl-C stops at once).
    ctx.onInterrupt(() => session.stop({ graceMs: STOP_GRACE_MS }));
    await new Promise<void>(() => undefined);
    return 0;
  },
};

