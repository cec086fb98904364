/**
 * The local AWS endpoint's rules: the variables that point functions at it, how moto's server says it
 * is listening, and what to tell the user when moto is not installed.
 */

/** moto's documented fake credentials ("Recommended usage": `testing` everywhere). */
export const LOCAL_CREDENTIALS: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
};

/**
 * The shell's service endpoints (`AWS_ENDPOINT_URL_DYNAMODB`, left from DynamoDB Local, say), pointed at
 * `endpoint` too: boto3 prefers one to `AWS_ENDPOINT_URL` ("Service-specific endpoints"), so passed through
 * as they are they would send that service's calls around a local endpoint that has its tables.
 */
export function serviceEndpointOverrides(host: Readonly<Record<string, string | undefined>>, endpoint: string): Record<string, string> {
  const out: Record<string, string> = {};
  // An empty one boto3 ignores (it falls back to AWS_ENDPOINT_URL): nothing to point anywhere.
  for (const [key, value] of Object.entries(host)) if (value && key.startsWith('AWS_ENDPOINT_URL_')) out[key] = endpoint;
  return out;
}

/**
 * What a function needs to use the local endpoint. `AWS_ENDPOINT_URL` sends every service's calls there
 * (boto3 >= 1.28, "Service-specific endpoints"). The credentials are always the fake ones, even when the
 * user has real ones: a call that escapes the endpoint (a client with its own endpoint_url) then fails
 * instead of changing a real account. The region is the one the resources were created in.
 */
export function localAwsEnvironment(endpoint: string, region: string, host: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    ...serviceEndpointOverrides(host, endpoint),
    ...LOCAL_CREDENTIALS,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
}

/**
 * The URL in the line werkzeug (moto's server) prints once its socket listens:
 * ` * Running on http://127.0.0.1:5000`. With `-p 0` it is the only place the chosen port shows.
 */
export function listeningUrl(line: string): string | undefined {
  const match = /Running on (http:\/\/[^\s]+?:\d+)/.exec(line);
  return match ? match[1] : undefined;
}

/** True when the server could not start because moto (or its server extra: flask, flask_cors) is missing. */
export function isMotoMissing(output: string): boolean {
  return /No module named '?(moto|flask|flask_cors|werkzeug)\b/.test(output);
}

/**
 * The command that installs moto's server mode into the interpreter that runs it: the project's
 * `.venv/bin/pip` when that is where the Python is, else `<python> -m pip`.
 */
export function motoInstallCommand(pythonExecutable: string, projectRoot: string, windows: boolean): string {
  const sep = windows ? '\\' : '/';
  const root = projectRoot.endsWith(sep) ? projectRoot : `${projectRoot}${sep}`;
  const venv = `${root}.venv${sep}`;
  if (pythonExecutable.startsWith(venv)) return `${windows ? '.venv\\Scripts\\pip' : '.venv/bin/pip'} install "moto[server]"`;
  const python = /\s/.test(pythonExecutable) ? `"${pythonExecutable}"` : pythonExecutable;
  return `${python} -m pip install "moto[server]"`;
}
