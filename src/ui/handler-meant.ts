import type { HandlerMeant } from '../api/handler-meant.js';

/** The did-you-mean of a Runtime.HandlerNotFound (invoke's and dev's note), after its `note:` label. */
export function handlerMeantText(meant: HandlerMeant): string {
  return `${meant.file} defines no ${meant.name}: did you mean Handler: ${meant.handler}?`;
}
