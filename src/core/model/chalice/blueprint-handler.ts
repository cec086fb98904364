/**
 * A blueprint's own function (`@bp.lambda_function`, `@bp.schedule`, `@bp.on_sqs_message`, ...) runs on Lambda from
 * the blueprint's module (handler `chalicelib.jobs.nightly`, as chalice deploy names it): app.py is never imported, so
 * the blueprint is never registered and its `log` and `current_app` raise (aws/chalice#1566, #1615). chalice local and
 * chalice.test.Client run it through the imported app, which hides it; pylambda runs it as Lambda does and fails alike,
 * and this says why.
 */
export function unregisteredBlueprintNote(handler: string, errorMessage: string): string | undefined {
  const attribute = /^Can only access Blueprint\.(\w+) if it's registered to an app\.$/.exec(errorMessage)?.[1];
  const module = handler.slice(0, handler.lastIndexOf('.'));
  if (attribute === undefined || module === 'app') return undefined;
  return `Lambda imports ${module} for the handler ${handler}, not app.py, so the blueprint is never registered and its .${attribute} raises on AWS too (chalice local and chalice.test.Client import app.py, which hides it: aws/chalice#1566): log through logging.getLogger(__name__), or define the function on the app`;
}
