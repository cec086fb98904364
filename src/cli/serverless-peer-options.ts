/**
 * Options of `serverless offline` (serverless-offline's commandOptions) and `serverless invoke local` that a Serverless
 * Framework user types here, and what to write instead (CommandDefinition.peerOptions). serverless-offline's short
 * forms are left out where they are options of pylambda's own (-t is --template, -p is --port).
 */
const NO_CONTAINER = "pylambda runs no container: the functions run in the project's Python (.venv, or --python PATH)";
const CORS = "dev answers CORS as the serverless.yml's settings make API Gateway answer it: set `cors:` on the http event, or provider.httpApi.cors";

function offline(option: string, what: string): [string, string] {
  return [option, `${what} (serverless-offline's ${option})`];
}

export const SERVERLESS_OFFLINE_OPTIONS: Readonly<Record<string, string>> = Object.fromEntries([
  ['--http-port', "it is --port here (serverless-offline's --httpPort)"],
  offline('--albPort', 'each endpoint, an ALB listener too, takes its own port from --port on; dev prints them'),
  offline('--websocketPort', "each WebSocket API takes its own port, after the Lambda API's; dev prints them"),
  offline('--noPrependStageInUrl', 'not needed: a REST API answers both with and without its stage in the path (/dev/hello and /hello)'),
  offline('--prefix', 'dev serves each route at its own path (a REST API\'s under its stage too), with no other prefix'),
  offline('--noAuth', "dev runs the routes' authorizers as API Gateway does, always: send what they let through (a token, a header)"),
  offline('--ignoreJWTSignature', "not needed: a JWT authorizer's claims and scopes are checked, never its signature (no keys are fetched locally)"),
  offline('--noTimeout', "dev ends an invocation at the function's timeout, as Lambda does: raise its timeout in serverless.yml, or debug it with --debug-port PORT, under which no timeout applies"),
  offline('--reloadHandler', 'not needed: dev runs each change to the code from the next request on, in a new environment'),
  offline('--terminateIdleLambdaTime', "an idle environment is stopped after 5 minutes, as Lambda's are after a while"),
  offline('--localEnvironment', "the functions get serverless.yml's environment and --env-vars FILE's variables, not your shell's (apart from PATH, HOME, proxies and AWS credentials), as on Lambda"),
  offline('--corsAllowOrigin', CORS),
  offline('--corsAllowHeaders', CORS),
  offline('--corsExposedHeaders', CORS),
  offline('--corsDisallowCredentials', CORS),
  offline('--httpsProtocol', 'dev serves HTTP, not HTTPS'),
  offline('-H', 'dev serves HTTP, not HTTPS (--httpsProtocol)'),
  offline('--useInProcess', "each environment is a Python process of its own, as on Lambda"),
  offline('--preLoadModules', "each environment imports the handler's modules at its cold start, as on Lambda"),
  offline('--webSocketIdleTimeout', "dev applies API Gateway's WebSocket limits: 10 minutes idle"),
  offline('--webSocketHardTimeout', "dev applies API Gateway's WebSocket limits: 2 hours per connection"),
  offline('--noSponsor', 'dev prints none'),
  ...['--useDocker', '--dockerHost', '--dockerHostServicePath', '--dockerNetwork', '--dockerReadOnly', '--layersDir'].map((option) => offline(option, NO_CONTAINER)),
]);

export const SERVERLESS_INVOKE_LOCAL_OPTIONS: Readonly<Record<string, string>> = {
  '--context': "the context is Lambda's, made for each invocation (request id, deadline, function name and ARN) (serverless invoke local's --context)",
  '--contextPath': "the context is Lambda's, made for each invocation (request id, deadline, function name and ARN) (serverless invoke local's --contextPath)",
  '-x': "the context is Lambda's, made for each invocation (request id, deadline, function name and ARN) (serverless invoke local's -x, --contextPath)",
  '--docker': `${NO_CONTAINER} (serverless invoke local's --docker)`,
  '--docker-arg': `${NO_CONTAINER} (serverless invoke local's --docker-arg)`,
};
