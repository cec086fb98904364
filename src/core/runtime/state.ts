/**
 * An execution environment's states, as the Runtime API sees them. Every call a runtime makes is checked
 * here; a call the state does not allow is refused (403 InvalidStateTransition), never half-applied,
 * as the RIE's state objects do.
 */

export type EnvironmentState =
  | { readonly name: 'initializing' }
  /** The runtime holds `GET next`: the environment is idle and warm. */
  | { readonly name: 'idle' }
  | { readonly name: 'invoking'; readonly requestId: string }
  /** The invocation has its answer; the runtime has not yet asked for the next one. */
  | { readonly name: 'responded'; readonly requestId: string }
  | { readonly name: 'initFailed' }
  | { readonly name: 'stopped' };

export type RuntimeCall =
  | { readonly kind: 'next' }
  | { readonly kind: 'response' | 'error'; readonly requestId: string }
  | { readonly kind: 'initError' };

export type Transition =
  | { readonly ok: true; readonly state: EnvironmentState }
  | { readonly ok: false; readonly refusal: 'invalidRequestId' | 'invalidState' };

export function applyRuntimeCall(state: EnvironmentState, call: RuntimeCall): Transition {
  switch (call.kind) {
    case 'next':
      if (state.name === 'initializing' || state.name === 'responded') return { ok: true, state: { name: 'idle' } };
      return refuse('invalidState');
    case 'initError':
      if (state.name === 'initializing') return { ok: true, state: { name: 'initFailed' } };
      return refuse('invalidState');
    case 'response':
    case 'error':
      if (state.name !== 'invoking') {
        return state.name === 'responded' && state.requestId === call.requestId ? refuse('invalidState') : refuse('invalidRequestId');
      }
      if (state.requestId !== call.requestId) return refuse('invalidRequestId');
      return { ok: true, state: { name: 'responded', requestId: call.requestId } };
  }
}

/** The platform hands an event to the runtime: only an idle environment takes one. */
export function startInvocation(state: EnvironmentState, requestId: string): Transition {
  if (state.name !== 'idle') return refuse('invalidState');
  return { ok: true, state: { name: 'invoking', requestId } };
}

function refuse(refusal: 'invalidRequestId' | 'invalidState'): Transition {
  return { ok: false, refusal };
}
