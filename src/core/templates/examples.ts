/**
 * What each example serves, as data: its routes and a scripted round of requests with the statuses they
 * must get. `pylambda new --json` returns them, so tests and benchmarks can check a generated project
 * over HTTP without knowing the example.
 */
import type { ScaffoldChoices, ScaffoldExample, ScaffoldFramework } from './choices.js';

export interface ExampleRoute {
  readonly method: string;
  /** A route template, relative to the API's root (`/todos/{todo_id}`). */
  readonly path: string;
}

export interface SampleRequest {
  readonly method: string;
  /** The path to request; `{id}` stands for the `id` of the last response that had one. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Headers to send as they are; a request with a body names its type, as Chalice requires. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body (objects are sent as JSON, strings as they are). */
  readonly body?: unknown;
  readonly status: number;
  readonly description: string;
}

export interface ExampleInfo {
  readonly summary: string;
  readonly routes: readonly ExampleRoute[];
  readonly samples: readonly SampleRequest[];
}

/**
 * Chalice reads a body only with a Content-Type its route accepts (application/json by default) and
 * answers 415 otherwise, which is what `curl -d` gets: it sends application/x-www-form-urlencoded.
 */
const JSON_BODY = { 'Content-Type': 'application/json' } as const;

export const EXAMPLES: Readonly<Record<ScaffoldExample, ExampleInfo>> = {
  hello: {
    summary: 'a greetings API',
    routes: [
      { method: 'GET', path: '/hello' },
      { method: 'GET', path: '/hello/{name}' },
    ],
    samples: [
      { method: 'GET', path: '/hello', status: 200, description: 'greets the world' },
      { method: 'GET', path: '/hello/Ada', status: 200, description: 'greets a name' },
      { method: 'GET', path: '/hello/Mary%20Jane', status: 200, description: 'greets a name with a space (sent percent-encoded)' },
      { method: 'GET', path: '/hello/Ada', query: { format: 'html' }, status: 200, description: 'greets in HTML' },
      { method: 'GET', path: '/hello/R2D2', status: 400, description: 'refuses an invalid name' },
      { method: 'GET', path: '/hello/Ada', query: { format: 'xml' }, status: 400, description: 'refuses an unknown format' },
    ],
  },
  todo: {
    summary: 'a todo list API over DynamoDB',
    routes: [
      { method: 'POST', path: '/todos' },
      { method: 'GET', path: '/todos' },
      { method: 'GET', path: '/todos/{todo_id}' },
      { method: 'PATCH', path: '/todos/{todo_id}' },
      { method: 'DELETE', path: '/todos/{todo_id}' },
    ],
    samples: [
      { method: 'POST', path: '/todos', headers: JSON_BODY, body: { title: 'Buy milk' }, status: 201, description: 'creates a todo' },
      { method: 'GET', path: '/todos', status: 200, description: 'lists the todos' },
      { method: 'GET', path: '/todos/{id}', status: 200, description: 'gets the todo' },
      { method: 'PATCH', path: '/todos/{id}', headers: JSON_BODY, body: { done: true }, status: 200, description: 'updates the todo' },
      { method: 'DELETE', path: '/todos/{id}', status: 204, description: 'deletes the todo' },
      { method: 'GET', path: '/todos/{id}', status: 404, description: 'no longer finds it' },
      { method: 'POST', path: '/todos', headers: JSON_BODY, body: { done: true }, status: 400, description: 'refuses a todo without a title' },
      { method: 'POST', path: '/todos', headers: JSON_BODY, body: 'not json', status: 400, description: 'refuses a body that is not JSON' },
    ],
  },
};

/** The generated function's id (raw style): its SAM logical id, or its key under serverless.yml's `functions`. */
export function functionId(example: ScaffoldExample, framework: ScaffoldFramework = 'sam'): string {
  if (framework === 'serverless') return example;
  return example === 'hello' ? 'HelloFunction' : 'TodoFunction';
}

const API_NAMES = { rest: 'API Gateway REST API', http: 'API Gateway HTTP API', alb: 'Application Load Balancer' } as const;
const EVENT_FORMATS = {
  rest: 'API Gateway REST (payload format 1.0)',
  http: 'API Gateway HTTP API (payload format 2.0)',
  alb: 'Application Load Balancer',
} as const;

/** The values and flags the templates are rendered with. */
export function templateContext(choices: ScaffoldChoices): { values: Record<string, string>; flags: Record<string, boolean> } {
  const api = choices.style === 'chalice' ? 'rest' : choices.api;
  const summary = EXAMPLES[choices.example].summary;
  return {
    values: {
      name: choices.name,
      summary,
      summaryTitle: summary.charAt(0).toUpperCase() + summary.slice(1),
      runtime: choices.runtime,
      pythonVersion: choices.runtime.replace(/^python/, ''),
      architecture: choices.architecture,
      functionId: functionId(choices.example, choices.framework),
      // The file that describes the deployment, as the code's messages name it.
      deployFile: choices.framework === 'serverless' ? 'serverless.yml' : 'template.yaml',
      apiName: API_NAMES[api],
      eventFormat: EVENT_FORMATS[api],
      eventType: api === 'http' ? 'HttpApi' : 'Api',
      // `pylambda events generate` kinds.
      eventKind: api === 'http' ? 'http-api' : api === 'alb' ? 'alb' : 'apigw-rest',
      // Seconds: a greeting is instant; a database call can wait on a cold connection (seed: 10-15 s).
      timeout: choices.example === 'todo' ? '10' : '5',
    },
    flags: {
      raw: choices.style === 'raw',
      chalice: choices.style === 'chalice',
      hello: choices.example === 'hello',
      todo: choices.example === 'todo',
      rest: api === 'rest',
      http: api === 'http',
      alb: api === 'alb',
      apigw: api !== 'alb',
      arm64: choices.architecture === 'arm64',
      sam: choices.framework === 'sam',
      serverless: choices.framework === 'serverless',
      // serverless.yml has a `resources:` section: the table, the load balancer.
      cfnResources: choices.example === 'todo' || api === 'alb',
    },
  };
}

/**
 * The commands to type next: `cd` to the project (given relative to where `new` ran; none when it is
 * there), make the venv, serve. The venv is made with the Python of the chosen runtime when the local
 * `python3` is another version, so the project runs locally as it will on Lambda.
 */
export function nextSteps(choices: ScaffoldChoices, options: { cd?: string; localVersion?: string; windows: boolean; npx: boolean; runtimePython?: string }): string[] {
  const wanted = choices.runtime.replace(/^python/, '');
  const local = options.localVersion?.split('.').slice(0, 2).join('.');
  // `runtimePython`: where that version was found when `python3.X` would not run it (a pyenv install not
  // selected: its shim fails).
  const other = options.runtimePython ? shellWord(options.runtimePython, options.windows) : `python${wanted}`;
  const python = options.windows ? (local === wanted ? 'py' : `py -${wanted}`) : local === wanted ? 'python3' : other;
  const pip = options.windows ? '.venv\\Scripts\\pip' : '.venv/bin/pip';
  const dev = `${options.npx ? 'npx ' : ''}pylambda dev${choices.example === 'todo' ? ' --local-aws' : ''}`;
  const cd = options.cd ?? choices.name;
  return [...(cd === '' ? [] : [`cd ${shellWord(cd, options.windows)}`]), `${python} -m venv .venv && ${pip} install -r requirements-dev.txt`, dev];
}

/**
 * A path as one word of a command to paste: as it is when it holds only characters no shell treats
 * specially, else quoted (POSIX single quotes, in which nothing is special but the quote itself; on Windows
 * double quotes, in which cmd and PowerShell take a doubled quote as one).
 */
export function shellWord(word: string, windows: boolean): string {
  if (windows ? /^[\w./:\\@+=,-]+$/.test(word) : /^[\w./:@%+=,-]+$/.test(word)) return word;
  return windows ? `"${word.replace(/"/g, '""')}"` : `'${word.replace(/'/g, `'\\''`)}'`;
}
