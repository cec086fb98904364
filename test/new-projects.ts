// The projects `pylambda new --framework serverless` makes, one per example and API: generated and packaged by the
// Framework in test/integration/new-serverless.test.ts, run by pylambda in new-serverless-run.test.ts.
export const SERVERLESS_PROJECTS = [
  ['sls-hello-rest', 'hello', 'rest'],
  ['sls-hello-http', 'hello', 'http'],
  ['sls-hello-alb', 'hello', 'alb'],
  ['sls-todo-rest', 'todo', 'rest'],
  ['sls-todo-http', 'todo', 'http'],
  ['sls-todo-alb', 'todo', 'alb'],
] as const;
