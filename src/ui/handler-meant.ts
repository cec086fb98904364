import { handlerWritten, type HandlerMeant } from '../api/handler-meant.js';

/** The did-you-mean of a Runtime.HandlerNotFound or of a missing handler module (invoke's and dev's note), after its `note:` label. */
export function handlerMeantText(meant: HandlerMeant): string {
  if (meant.codeDir === undefined && meant.key === 'chalice') {
    const module = meant.handler.slice(0, meant.handler.lastIndexOf('.'));
    return `${meant.file} defines no ${meant.name}, which chalice deploys as the handler ${module}.${meant.name}: did you mean to name ${meant.handler.slice(module.length + 1)} ${meant.name}?`;
  }
  if (meant.codeDir === undefined) return `${meant.file} defines no ${meant.name}: did you mean ${meant.key}: ${meant.handler}?`;
  // Lambda imports the module from the code directory: a path written from the project's root has a package too many.
  const fromRoot = meant.name.endsWith(`.${meant.handler.slice(0, meant.handler.lastIndexOf('.'))}`);
  return `the function's code (${meant.codeDir}) has no ${meant.file}${fromRoot ? ", and Lambda imports the handler's module from there" : ''}: did you mean ${handlerWritten(meant.key, meant.handler)}?`;
}
