import { describe, expect, it } from 'vitest';
import { unregisteredBlueprintNote } from '../../src/core/model/chalice/blueprint-handler.js';

// A blueprint's event handler that logs through the blueprint fails on Lambda, and under pylambda, but not under
// chalice local: the note says why, where the bare RuntimeError read as pylambda's fault.
describe("the note on a blueprint's function that reaches the blueprint's app", () => {
  const LOG = "Can only access Blueprint.log if it's registered to an app.";
  it.each<[string, string, string, string | undefined]>([
    ['log, from a blueprint module', 'chalicelib.events.on_note', LOG, "Lambda imports chalicelib.events for the handler chalicelib.events.on_note, not app.py, so the blueprint is never registered and its .log raises on AWS too (chalice local and chalice.test.Client import app.py, which hides it: aws/chalice#1566): log through logging.getLogger(__name__), or define the function on the app"],
    ['current_app', 'chalicelib.jobs.nightly', "Can only access Blueprint.current_app if it's registered to an app.", expect.stringContaining('its .current_app raises on AWS too') as unknown as string],
    // app.py imported: the blueprint was registered, or not, by the app itself.
    ['a handler of app.py', 'app.on_note', LOG, undefined],
    ['another RuntimeError', 'chalicelib.events.on_note', 'boom', undefined],
  ])('%s', (_, handler, message, expected) => {
    expect(unregisteredBlueprintNote(handler, message)).toEqual(expected);
  });
});
