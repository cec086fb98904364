import { isUtf8 } from 'node:buffer';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { invokeOnce } from '../../api/invoke.js';
import { UserError, formatDiagnostic } from '../../core/errors.js';
import type { LogEvent } from '../../core/runtime/logs.js';
import { formatLogEvent } from '../../ui/log-lines.js';
import { missingRequirementNote } from '../../ui/missing-requirement.js';
import { customResourceJson, customResourceLines } from '../../ui/custom-resource.js';
import { authorizerAnswerJson, authorizerAnswerLine, gatewayAnswerJson, gatewayAnswerLine } from '../../ui/gateway-answer.js';
import { handlerMeantText } from '../../ui/handler-meant.js';
import { ENV_VARS_OPTION, PROJECT_OPTIONS, STAGE_REGION_SHORTS, projectArgs } from '../project-options.js';
import { stringOption, type CommandDefinition } from '../command.js';
import { DEBUG_PORT_OPTION, debugOption } from '../debug-option.js';
import { chooseEvent, readChosenEvent } from '../event-option.js';
import { SAM_LOCAL_INVOKE_OPTIONS } from '../sam-peer-options.js';
import { SERVERLESS_INVOKE_LOCAL_OPTIONS } from '../serverless-peer-options.js';
import { INVOKE_LOCAL_OPTIONS, invokeLocalChoice } from '../invoke-local-options.js';

export const command: CommandDefinition = {
  name: 'invoke',
  summary: 'Run a function once with an event, in a fresh execution environment, as Lambda would.',
  usage: 'pylambda invoke [FUNCTION[:ALIAS] | --function NAME] [--event FILE | - | --path FILE | --data TEXT [--raw]] [--env NAME=VALUE] [--template FILE] [--stage S] [--param K=V] [--region R] [--parameter-overrides K=V] [--config-env NAME] [--config-file FILE] [--env-vars FILE] [--runtime-client pylambda|awslambdaric] [--no-freeze] [--debug-port P] [--python PATH] [--tenant-id ID] [--local-aws] [--json]',
  positional: 'FUNCTION',
  maxPositionals: 1,
  userErrorExitCode: 2,
  peerOptions: {
    ...SAM_LOCAL_INVOKE_OPTIONS,
    ...SERVERLESS_INVOKE_LOCAL_OPTIONS,
    '--no-event': "without --event, invoke sends a sample of the function's trigger; sam's empty event is echo '{}' | pylambda invoke NAME --event -",
  },
  options: {
    event: { type: 'string', short: 'e', value: 'FILE', description: "The event, as sam local invoke -e takes it: a JSON file, or '-' for stdin (default: samconfig.toml's local_invoke event, else a sample for the function's first trigger, else {})" },
    ...PROJECT_OPTIONS,
    ...STAGE_REGION_SHORTS,
    'env-vars': ENV_VARS_OPTION,
    ...INVOKE_LOCAL_OPTIONS,
    'runtime-client': { type: 'string', value: 'pylambda|awslambdaric', description: "pylambda (default) or awslambdaric (the official client, if installed in the project's Python)" },
    'no-freeze': { type: 'boolean', description: "Do not freeze the environment once the function returned (Lambda does: what it leaves running stops); for a debugger attached to the function" },
    'debug-port': DEBUG_PORT_OPTION,
    python: { type: 'string', value: 'PATH', description: "The Python interpreter (default: .venv, then $VIRTUAL_ENV, then python3)" },
    'local-aws': { type: 'boolean', description: "Run the function against a local AWS endpoint (moto, from the project's Python) with the template's tables, buckets, queues, parameters, secrets and streams, as dev --local-aws" },
    'tenant-id': { type: 'string', value: 'ID', description: 'The tenant of a function with tenant isolation (TenancyConfig PER_TENANT), as aws lambda invoke --tenant-id: its context.tenant_id' },
  },
  details: [
    'The result goes to stdout; the function\'s logs and the START/END/REPORT lines to stderr.',
    'The exit code is 0 when the function succeeds, 1 when it fails (its error JSON on stdout), and 2 when it could not be run (no such function, a bad event or option, a broken project).',
    "After the result, stderr says what the caller makes of it: for an API's event, the gateway's HTTP answer (a 502 for a result it cannot read); for a Lambda authorizer's, its gateway's decision; for a custom resource request, the answer the function sent CloudFormation (caught at a local ResponseURL) and what CloudFormation would refuse in it.",
    '',
    'Examples:',
    '  pylambda invoke HelloFunction',
    '  pylambda events generate apigw-rest --path /hello/Ada | pylambda invoke HelloFunction --event -',
  ].join('\n'),
  async run(ctx, args) {
    const { io } = ctx;
    const runtimeClient = stringOption(args, 'runtime-client');
    if (runtimeClient !== undefined && runtimeClient !== 'pylambda' && runtimeClient !== 'awslambdaric') {
      throw new UserError(`--runtime-client must be pylambda or awslambdaric, not '${runtimeClient}'`, { exitCode: 2 });
    }
    const project = projectArgs(args, io.cwd);
    const local = await invokeLocalChoice(args, io.cwd, project.template);
    // sam local invoke takes samconfig's event and debug_port as its options' defaults: the command line wins.
    const chosen = await chooseEvent(stringOption(args, 'event'), io.cwd, project);
    const { fromFile } = chosen;
    // Otherwise `--event -` typed at a terminal just waits, with no sign of what for (sam local prints the same hint).
    if (chosen.source === '-' && io.stdinIsTTY) io.stderr.write(`${ctx.errStyle.dim('Reading the event from stdin: type or paste JSON, then Ctrl-D (or pass a file with --event FILE)')}\n`);
    const event = local.event?.payload ?? (chosen.source === undefined ? undefined : (await readChosenEvent(chosen, io.cwd, io.readStdin)).payload);
    const logs: LogEvent[] = [];
    let functionLines = 0;
    const envVars = stringOption(args, 'env-vars');
    const python = stringOption(args, 'python');
    const tenantId = stringOption(args, 'tenant-id');
    const debug = debugOption(args, fromFile);
    const functionName = args.positionals[0] ?? local.functionName;
    // `chalice invoke -n NAME` names the function; -n here is sam local invoke's --env-vars.
    if (envVars !== undefined && functionName === undefined && /^[A-Za-z][\w-]*$/.test(envVars) && !existsSync(resolve(io.cwd, envVars))) {
      throw new UserError(`The --env-vars file ${envVars} does not exist`, { hint: `-n is --env-vars, as in sam local invoke; chalice invoke's -n NAME is the first argument here: pylambda invoke ${envVars}`, exitCode: 2 });
    }
    const { functionId, result, sampleEvent, sampleRefused, missingRequirement, customResource, gatewayAnswer, authorizerAnswer, handlerMeant, blueprintNote, authorizerNote } = await invokeOnce(
      {
        dir: io.cwd,
        ...project,
        samconfigReader: chosen.samconfigReader,
        ...(functionName ? { functionName } : {}),
        ...(event ? { event } : {}),
        ...(envVars ? { envVarsFile: resolve(io.cwd, envVars) } : {}),
        ...(local.env ? { env: local.env } : {}),
        ...(runtimeClient ? { runtimeClient: runtimeClient as 'pylambda' | 'awslambdaric' } : {}),
        ...(python ? { python } : {}),
        ...(args.values['no-freeze'] === true ? { freeze: false } : {}),
        ...(debug ? { debugPort: debug.port } : {}),
        ...(tenantId ? { tenantId } : {}),
        ...(args.values['local-aws'] === true ? {
          localAws: true,
          onLocalAws: ({ endpoint, created }: { endpoint: string; created: ReadonlyArray<{ kind: string; name: string }> }) => io.stderr.write(
            `Local AWS (moto) at ${endpoint}${created.length > 0 ? `: ${created.map((c) => `${c.kind} ${c.name}`).join(', ')}` : ' (empty)'}; the function uses it through AWS_ENDPOINT_URL\n`),
        } : {}),
        hostEnv: io.env,
        onLog: (e) => {
          if (e.kind === 'function') functionLines++;
          if (ctx.json) logs.push(e);
          else io.stderr.write(`${formatLogEvent(e, ctx.errStyle)}\n`);
        },
        onWarning: (w) => io.stderr.write(`${ctx.errStyle.yellow('warning:')} ${formatDiagnostic({ ...w, severity: 'error' })}\n`),
        onSampleEvent: (label) => {
          // chalice invoke and serverless invoke local read a piped event without being told; here -e - says so.
          const piped = io.stdinIsPiped ? '; stdin is read only with --event -' : '';
          if (!ctx.json) io.stderr.write(`${ctx.errStyle.dim(`no --event: sending ${label.startsWith("{") ? label : `the ${label}`}${piped}`)}\n`);
        },
      },
      (fn) => ctx.onInterrupt(() => fn.shutdown()),
    );
    if (missingRequirement) io.stderr.write(`${missingRequirementNote(missingRequirement, io.cwd, ctx.errStyle)}\n`);
    // The notes go to stderr in both modes; --json also carries them, for a tool that reads stdout alone.
    const notes = [handlerMeant ? handlerMeantText(handlerMeant) : undefined, blueprintNote, authorizerNote].filter((n): n is string => n !== undefined);
    for (const note of notes) io.stderr.write(`${ctx.errStyle.yellow('note:')} ${note}\n`);
    if (ctx.json) {
      io.stdout.write(`${jsonWithPayload({
        function: functionId,
        ...(sampleEvent ? { sampleEvent } : {}),
        requestId: result.requestId,
        cold: result.cold,
        ...(result.functionError ? { functionError: result.functionError, errorType: result.errorType } : {}),
      }, result.payload, {
        ...(gatewayAnswer ? { httpResponse: gatewayAnswerJson(gatewayAnswer) } : {}),
        ...(authorizerAnswer ? { authorizerDecision: authorizerAnswerJson(authorizerAnswer) } : {}),
        ...(customResource ? { customResource: customResourceJson(customResource) } : {}),
        ...(notes.length > 0 ? { notes } : {}),
        report: result.report,
        logs: logs.map((l) => ({ kind: l.kind, requestId: l.requestId ?? null, text: l.text })),
      })}\n`);
    } else {
      io.stdout.write(result.payload);
      io.stdout.write('\n');
      if (gatewayAnswer) io.stderr.write(`${gatewayAnswerLine(gatewayAnswer, ctx.errStyle)}\n`);
      if (authorizerAnswer) io.stderr.write(`${authorizerAnswerLine(authorizerAnswer, ctx.errStyle)}\n`);
      if (customResource) for (const line of customResourceLines(customResource, ctx.errStyle, result.functionError !== undefined)) io.stderr.write(`${line}\n`);
      if (sampleRefused) {
        const { status, request } = sampleRefused;
        // 400 and 422 refuse the request's content, not its route (serverless/examples' aws-python-sqs-worker answers
        // a POST /produce without a body so): the sample's path is one the function serves.
        const badRequest = status === 400 || status === 422;
        // A 5xx is the function failing on a route it serves (the todo scaffold without credentials): another
        // path would not help, its log says why; without one (a 503 returned on purpose), its answer does.
        io.stderr.write(`${ctx.errStyle.yellow('note:')} the function answered ${status} to the sample request (${request.method} ${request.path})`
          + (status >= 500 ? (functionLines > 0 ? '; its log lines above say why.\n' : '; it logged nothing: its answer, above, is all it says.\n')
            : `. To send one it ${badRequest ? 'takes' : 'serves'}: pylambda events generate ${request.kind} --method ${request.method} --path ${badRequest ? request.path : '/your/route'}${/^(POST|PUT|PATCH)$/.test(request.method) ? ` --body '{"your": "body"}'` : ''} | pylambda invoke${functionName ? ` ${functionName}` : ''} --event -\n`));
      }
    }
    return result.functionError ? 1 : 0;
  },
};


/**
 * The --json document with the function's result in it as the function returned it. Its JSON goes in as
 * text: parsed into JavaScript, 12345678901234567890 would come out as 12345678901234567000 and a Decimal's
 * 1.10 as 1.1. A result that is not JSON is a string, and one that is not UTF-8 (bytes) is `payloadBase64`.
 */
export function jsonWithPayload(head: Record<string, unknown>, payload: Buffer, tail: Record<string, unknown>): string {
  if (!isUtf8(payload)) return JSON.stringify({ ...head, payloadBase64: payload.toString('base64'), ...tail });
  const text = payload.toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    return JSON.stringify({ ...head, payload: text, ...tail });
  }
  // One line a document: JSON text has no raw line break inside a string (it is escaped there), so those of
  // a result written across lines (json.dumps with indent) are whitespace between tokens, and a space does too.
  const oneLine = text.trim().replace(/\s*[\r\n]\s*/g, ' ');
  const before = JSON.stringify({ ...head, payload: 0 });
  const after = JSON.stringify(tail);
  return `${before.slice(0, -2)}${oneLine}${after === '{}' ? '}' : `,${after.slice(1)}`}`;
}
