import * as z from 'zod';

/**
 * What runtime/python/pylambda_chalice_app.py prints about a Chalice app: its routes (`app.routes`), binary
 * types (`app.api.binary_types`) and the other Lambda functions it defines, or why it could not be imported.
 */

const Cors = z.object({
  allow_origin: z.string(),
  /** Sorted, with Chalice's required headers included (CORSConfig.allow_headers). */
  allow_headers: z.array(z.string()),
  expose_headers: z.array(z.string()),
  max_age: z.number().int().nullable(),
  allow_credentials: z.boolean().nullable(),
});

const Authorizer = z.object({
  name: z.string(),
  type: z.string(),
  scopes: z.array(z.string()),
  /** A built-in authorizer's function: its name, with the name_prefix of the blueprint that registered it. */
  function: z.string().nullish(),
  /** CognitoUserPoolAuthorizer: the token's header and the user pools' ARNs (its to_swagger()). */
  header: z.string().nullish(),
  provider_arns: z.array(z.string()).nullish(),
});

const RouteInfo = z.object({
  path: z.string(),
  /** As the app wrote it: Chalice matches methods case-sensitively. */
  method: z.string(),
  view_name: z.string(),
  /** The view's `def` name; view_name has the blueprint's name_prefix in front of it. */
  python_name: z.string().nullish(),
  content_types: z.array(z.string()),
  api_key_required: z.boolean(),
  authorizer: Authorizer.nullable(),
  cors: Cors.nullable(),
});

const FunctionInfo = z.object({
  name: z.string(),
  /** lambda_function, sqs, s3, sns, schedule, cloudwatch_event, kinesis, dynamodb, authorizer, websocket. */
  kind: z.string(),
  /** Chalice's handler string: `app.<python function>`, or `<blueprint module>.<python function>`. */
  handler: z.string(),
  queue: z.string().nullish(),
  queue_arn: z.string().nullish(),
  batch_size: z.number().int().nullish(),
  /** @app.on_sqs_message(maximum_batching_window_in_seconds=..., maximum_concurrency=...). */
  maximum_batching_window_in_seconds: z.number().int().nullish(),
  maximum_concurrency: z.number().int().nullish(),
  bucket: z.string().nullish(),
  events: z.array(z.string()).nullish(),
  /** @app.on_s3_event(prefix=..., suffix=...): the keys it is notified of. */
  prefix: z.string().nullish(),
  suffix: z.string().nullish(),
  expression: z.string().nullish(),
  /** @app.on_sns_message(topic=...): a topic name or ARN. */
  topic: z.string().nullish(),
  /** @app.on_kinesis_record(stream=...): the stream's name; @app.on_dynamodb_record(stream_arn=...): the table stream's ARN. */
  stream: z.string().nullish(),
  stream_arn: z.string().nullish(),
  /** A stream trigger's starting_position (LATEST unless given). */
  starting_position: z.string().nullish(),
  route_key: z.string().nullish(),
  /** @app.authorizer(ttl_seconds=..., header=...): how long API Gateway keeps its answer, and the token's header. */
  ttl_seconds: z.number().int().nullish(),
  header: z.string().nullish(),
  /** @app.on_cw_event({"source": [...]}): the rule's event pattern. */
  event_pattern: z.record(z.string(), z.unknown()).nullish(),
});

const AppInfo = z.object({
  ok: z.literal(true),
  chalice_version: z.string().nullable(),
  python_version: z.string(),
  /** The runtime the installed Chalice deploys with from this Python (chalice.config.Config), when it could tell. */
  lambda_python_version: z.string().nullable(),
  app_name: z.string(),
  routes: z.array(RouteInfo),
  binary_types: z.array(z.string()),
  functions: z.array(FunctionInfo),
  missing_feature_flags: z.array(z.string()),
});

const AppError = z.object({
  ok: z.literal(false),
  error: z.object({
    phase: z.enum(['import', 'find_app', 'inspect']),
    type: z.string(),
    message: z.string(),
    traceback: z.string(),
    missing_module: z.string().optional(),
    location: z.object({ file: z.string(), line: z.number().int().nullable() }).optional(),
    names: z.array(z.string()).optional(),
  }),
});

const ScriptOutput = z.discriminatedUnion('ok', [AppInfo, AppError]);

export type ChaliceAppInfo = z.infer<typeof AppInfo>;
export type ChaliceRouteInfo = z.infer<typeof RouteInfo>;
export type ChaliceCorsInfo = z.infer<typeof Cors>;
export type ChaliceFunctionInfo = z.infer<typeof FunctionInfo>;
export type ChaliceAppError = z.infer<typeof AppError>['error'];
export type ChaliceScriptOutput = z.infer<typeof ScriptOutput>;

/** Validates the script's JSON; a shape it does not have is a bug in pylambda, so this throws a plain Error. */
export function parseChaliceScriptOutput(json: unknown): ChaliceScriptOutput {
  const parsed = ScriptOutput.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`pylambda_chalice_app.py output: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export interface ImportProblemContext {
  /** The interpreter as the user would type it: `.venv/bin/python` inside the project, else its full path. */
  readonly python: string;
  /** True when that interpreter is the project's own virtual environment (`.venv/`). */
  readonly projectVenv: boolean;
  readonly stage: string;
  readonly configFile: string;
  /** The --env-vars file whose variables the import had, if any. */
  readonly envVarsFile?: string;
}

/** The message and hint for an app that could not be imported or is not a Chalice app. */
export function chaliceImportProblem(error: ChaliceAppError, ctx: ImportProblemContext): { message: string; hint: string } {
  const where = error.location ? ` (${error.location.file}${error.location.line === null ? '' : `, line ${error.location.line}`})` : '';
  const what = error.phase === 'import' ? 'app.py could not be imported' : error.phase === 'inspect' ? 'The routes of app.py could not be read' : 'The Chalice app could not be found';
  const head = `${what}: ${error.type}: ${error.message}${where}`;
  const missing = error.missing_module;
  if (missing === 'chalice' || missing?.startsWith('chalice.')) {
    const install = ctx.projectVenv
      ? `install it in the project's virtual environment: ${ctx.python} -m pip install chalice`
      : `install it in a virtual environment for the project: python3 -m venv .venv && .venv/bin/python -m pip install chalice (pylambda uses .venv/bin/python when it exists; now it ran ${ctx.python})`;
    return { message: `${head} — ${install}`, hint: 'pylambda reads the routes from the app itself, with the Python that runs it.' };
  }
  if (error.phase === 'find_app' && error.traceback === '') {
    return {
      message: `${error.message}${where}`,
      hint: 'Chalice deploys the object named app in app.py as the API handler: app = Chalice(app_name="...")',
    };
  }
  if (missing !== undefined) {
    return {
      message: head,
      hint: `Install the project's dependencies for ${ctx.python}: ${ctx.python} -m pip install -r requirements.txt`,
    };
  }
  const trace = error.traceback.trim() === '' ? '' : `\n${indent(error.traceback.trimEnd())}`;
  // Code Python cannot compile fails the same with any variable set: the stage's and --env-vars' are beside the point.
  if (['SyntaxError', 'IndentationError', 'TabError'].includes(error.type)) {
    const at = error.location ? `${error.location.file}${error.location.line === null ? '' : `, line ${error.location.line}`}` : 'the line above';
    return { message: `${head}${trace}`, hint: `Fix the code at ${at}: pylambda reads the routes by importing app.py, as chalice deploy does.` };
  }
  return {
    message: `${head}${trace}`,
    hint: `app.py is imported as chalice deploy imports it: with the environment_variables of stage '${ctx.stage}' from ${ctx.configFile} set${ctx.envVarsFile
      ? `, and what ${ctx.envVarsFile} gives api_handler (Parameters and its section).`
      : '. A variable that exists only once deployed can be given with --env-vars FILE ({"Parameters": {"NAME": "value"}}): the import and the functions get it.'}`,
  };
}

function indent(text: string): string {
  return text.split('\n').map((line) => `    ${line}`).join('\n');
}
