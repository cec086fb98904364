// One read of a serverless.yml's `${file(./x.js)}` files, in one process (src/adapters/js-variable-session.ts): the
// Framework v3 `require`s them in its own process, so a file's top-level code runs once per `serverless` run (Node's
// module cache), before the .env file is loaded when the stage needs it, and its functions are called as the
// variables are resolved. pylambda asks for addresses as its resolution needs them, one JSON line on stdin each
// (`run`, with the environment the file sees from then on when it changed: after the .env file is loaded); the
// questions, early values and answers are JSON lines on stdout, as file-variables.mjs gives them.
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileVariables } from './file-variables.mjs';

/**
 * The id of the run whose code is running: a process.exit says it (pylambda_load_config.mjs), so that the file that
 * called it is blamed, and the other runs under way are told which file ended them.
 */
export const runningRun = new AsyncLocalStorage();

/**
 * Serves the runs `requireHere` loads the files for; `write` sends a line to pylambda, `serviceFiles(except)` the
 * service's modules required so far, `importsTold` waits for the imports' hooks, `end` ends the process.
 */
export function serveFileVariables({ requireHere, write, serviceFiles, importsTold, end }) {
  const runs = new Set();
  const questions = new Map();
  let asked = 0;
  let ended = false;
  // Waiting for a request or an answer keeps the process; while a run waits for the file's Promise only, Node ends
  // it once nothing is left to run, which says the Promise never settles (pylambda_load_config.mjs 'unsettled').
  const refresh = () => {
    if (runs.size === 0 || questions.size > 0) process.stdin.ref?.();
    else process.stdin.unref?.();
  };
  const asker = (run) => (question) => new Promise((resolve) => {
    const id = ++asked;
    questions.set(id, resolve);
    refresh();
    write({ ask: id, run, ...question });
  });
  const done = async (request, values) => {
    await importsTold();
    runs.delete(request.run);
    refresh();
    write({ done: request.run, values, files: serviceFiles(request.file) });
    if (ended && runs.size === 0) end();
  };
  const start = (request) => {
    if (request.env) replaceEnv(request.env);
    runs.add(request.run);
    refresh();
    runningRun.run(request.run, () => fileVariables(requireHere, request.file, request, asker(request.run), (index, answer) => write({ settled: index, run: request.run, answer })))
      .then((values) => done(request, values), (error) => done(request, request.addresses.map(() => ({ error: 'thrown', message: String(error && error.message) }))));
  };
  let buffered = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const message = JSON.parse(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
      if (typeof message.run === 'number') {
        start(message);
        continue;
      }
      questions.get(message.answer)?.(message);
      questions.delete(message.answer);
      refresh();
    }
  });
  // pylambda read the whole configuration (or stopped): the runs still under way end with the questions unanswered.
  process.stdin.on('end', () => {
    ended = true;
    for (const resolve of questions.values()) resolve({ error: 'pylambda stopped answering' });
    questions.clear();
    if (runs.size === 0) end();
  });
  refresh();
}

/** The Framework loads the .env file into process.env: the file's functions see it from then on, its top level did not. */
function replaceEnv(env) {
  for (const key of Object.keys(process.env)) if (!Object.hasOwn(env, key)) delete process.env[key];
  Object.assign(process.env, env);
}
