/** Which function of a project a command names (its id, its deployed name, a CDK construct's id or path, ...). */
import { didYouMean } from '../core/did-you-mean.js';
import { UserError } from '../core/errors.js';
import { resourceName } from '../core/model/cfn/intrinsics.js';
import { chaliceViewProblem } from '../core/model/chalice/views.js';
import { functionLabel, type CdkName, type FunctionModel } from '../core/model/project.js';
import type { LoadedProject } from './project.js';

/** The function a command names, or the only one; a clear error otherwise. */
export function selectFunction(loaded: LoadedProject, name: string | undefined): FunctionModel {
  const { functions } = loaded.project;
  if (!name) {
    if (functions.length === 0) throw new UserError(noFunction(loaded));
    if (functions.length === 1) return functions[0]!;
    // A Chalice app's functions are its app.py's; config.json only configures them.
    const where = loaded.project.style === 'chalice' ? 'The Chalice app (app.py)' : loaded.project.configFile;
    throw new UserError(`${where} defines ${functions.length} functions; name one: ${functions.map(functionLabel).join(', ')}`);
  }
  // A Chalice function is also known by its Python name (`@app.lambda_function(name="custom-name") def custom_fn`).
  const byPython = loaded.project.style === 'chalice' ? functions.filter((f) => f.handler.split('.').pop() === name) : [];
  // A CDK app's function by its construct's id (`HelloFn`), as sam local takes it, or by its construct path.
  const byCdk = functions.filter((f) => cdkAliases(f.id, f.cdk).includes(name));
  const found = functions.find((f) => f.id === name || f.name === name) ?? (byPython.length === 1 ? byPython[0] : undefined)
    ?? (byCdk.length === 1 ? byCdk[0] : undefined);
  if (found) return found;
  // The exact name of a function pylambda does not run wins over a loose match on another's: SAM CLI matches
  // FunctionName and logical ids exactly, and would run that one.
  notRun(loaded, name);
  // Else as `chalice package` names them in its template (api_handler is APIHandler, on_job OnJob): the
  // same letters, case and separators aside, when that picks one function.
  const loose = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const close = functions.filter((f) => loose(f.id) === loose(name));
  if (close.length === 1) return close[0]!;
  if (functions.length === 0) throw new UserError(noFunction(loaded));
  const view = loaded.project.style === 'chalice' ? chaliceViewProblem(loaded.project, name) : undefined;
  if (view) throw new UserError(view.message, { hint: view.hint });
  const where = loaded.project.style === 'chalice' ? 'the Chalice app (app.py)' : loaded.project.configFile;
  // A typo's likely meaning, case aside (`HeloFunction`, `hello_fn`), as git and `sam` suggest a command.
  const ids = functions.map((f) => f.id);
  const meant = didYouMean(name.toLowerCase(), ids.map((id) => id.toLowerCase()));
  const suggestion = meant === undefined ? '' : `: did you mean ${ids.find((id) => id.toLowerCase() === meant)}?`;
  throw new UserError(`No function named '${name}' in ${where}${suggestion}`, { hint: `Its functions: ${functions.map(functionLabel).join(', ')}` });
}

/** Throws why a name that is exactly that of a function pylambda does not run (left out, skipped) is not run. */
function notRun(loaded: LoadedProject, name: string): void {
  // A function of a nested stack the template does not create (`Child/Fn`, Child's Condition false) is not read either.
  const stack = name.includes('/') ? name.split('/')[0]! : undefined;
  const stackCondition = stack === undefined ? undefined : loaded.template?.context.notCreated?.[stack];
  const condition = loaded.template?.context.notCreated?.[name];
  if (condition || stackCondition) {
    throw new UserError(`${name} is not created with these parameters: ${condition ? `its Condition ${condition}` : `its nested stack ${stack}'s Condition ${stackCondition}`} is false`, {
      hint: 'Set the parameters that make it true with --parameter-overrides (as sam deploy would take them).',
    });
  }
  // `Child/Fn`: a function of the nested stack Child, as sam local names it, which may be a stack that is not read.
  const parts = name.split('/');
  const skipped = parts.map((_, i) => loaded.project.skipped?.[parts.slice(0, parts.length - i).join('/')]).find((why) => why !== undefined);
  if (skipped) throw new UserError(`${name} is skipped: ${skipped}`);
  const skippedCdk = Object.entries(loaded.project.skippedCdk ?? {}).filter(([id, cdk]) => cdkAliases(id, cdk).includes(name));
  if (skippedCdk.length === 1) {
    const [id, cdk] = skippedCdk[0]!;
    throw new UserError(`${functionLabel({ id, cdk })} is skipped: ${loaded.project.skipped?.[id] ?? 'pylambda does not run it'}`);
  }
  // By its FunctionName too, as sam local invoke finds a function (and as a function pylambda runs is found above).
  const context = loaded.template?.context;
  const skippedByName = context ? Object.keys(loaded.project.skipped ?? {}).find((id) => resourceName(id, context) === name) : undefined;
  if (skippedByName) throw new UserError(`${name} (${skippedByName}) is skipped: ${loaded.project.skipped![skippedByName]}`);
}

/**
 * The names a function of a CDK app is also known by: its construct path, its construct's id, and in a nested stack
 * (its id `Child/HelloFn8D7F3C2B`) that id under the stack's name (`Child/HelloFn`).
 */
function cdkAliases(id: string, cdk: CdkName | undefined): string[] {
  if (!cdk) return [];
  const stack = id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : undefined;
  return [cdk.path, ...(cdk.id === undefined ? [] : [cdk.id, ...(stack ? [`${stack}/${cdk.id}`] : [])])];
}

/**
 * A project with no function to run: none at all, or only functions pylambda skips (a warning said why for each).
 * A Chalice app's functions are its app.py's decorated views and handlers, not anything in config.json.
 */
export function noFunction(loaded: LoadedProject, verb: 'run' | 'package' = 'run'): string {
  const { configFile, skipped, style } = loaded.project;
  if (skipped && Object.keys(skipped).length > 0) return `${configFile} defines no function pylambda can ${verb} (see the warnings above)`;
  return style === 'chalice'
    ? 'app.py defines no function: Chalice makes one of a route (@app.route), an @app.lambda_function, a schedule or another event handler'
    : `${configFile} defines no Python function`;
}
