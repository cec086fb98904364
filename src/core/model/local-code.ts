import { functionLabel, skippedRoute, isLambdaAuthorizer, type CdkName, type Project, type Route, type UnservedRoute } from './project.js';

/**
 * What a command does with a function's local code, by what its CodeUri names on disk. SAM CLI's
 * `sam local` (samcli/local/lambdafn/runtime.py `_get_code_dir`) unzips a CodeUri (or a layer's ContentUri)
 * that is a .zip or .jar into a directory it runs from, and only warns for a path that does not exist (it
 * mounts an empty directory); `sam build` leaves a zip CodeUri as it is for `sam deploy` to upload.
 */

/** The file Lambda writes a Python function's inline code to (CloudFormation docs, AWS::Lambda::Function Code, ZipFile). */
export const INLINE_CODE_FILE = 'index.py';

/**
 * The modules Lambda puts beside inline code: cfn-response, which custom resources import ("available only when you
 * use the ZipFile property to write your source code", AWS docs, cfn-lambda-function-code-cfnresponsemodule).
 */
export const INLINE_CODE_MODULES: readonly string[] = ['cfnresponse.py'];

/** What the CodeUri is on disk. */
export type CodeFound = 'directory' | 'archive' | 'file' | 'missing';

/**
 * `run`: invoke or coldstart, one function asked for; `dev`: every function; `package`: every function;
 * `package-named`: a function `pylambda package NAME` names.
 */
export type CodeUse = 'run' | 'dev' | 'package' | 'package-named';

export type CodePlan =
  | { readonly kind: 'directory' }
  | { readonly kind: 'unzip' }
  /** Written from the template into a directory of its own. */
  | { readonly kind: 'inline' }
  /** Left out of the command with a message; the others go on. */
  | { readonly kind: 'skip'; readonly level: 'warning' | 'note'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string; readonly hint?: string };

/** SAM CLI's SUPPORTED_ARCHIVE_EXTENSIONS: (".zip", ".jar", ".ZIP", ".JAR"), compared as written. */
export function isArchivePath(path: string): boolean {
  return /\.(zip|jar|ZIP|JAR)$/.test(path);
}

/** The kind of a path that exists (a directory or a file), or is missing. */
export function codeFound(path: string, stat: 'directory' | 'file' | 'missing'): CodeFound {
  return stat === 'file' ? (isArchivePath(path) ? 'archive' : 'file') : stat;
}

export interface CodeOwner {
  readonly id: string;
  readonly codeUri: string;
  readonly inlineCode?: string;
  readonly source: { readonly path: string };
  /** The code is a CDK asset in cdk.out (FunctionModel.codeAsset). */
  readonly codeAsset?: true;
  readonly cdk?: CdkName;
  /** The layer whose content `codeUri` is (a CDK asset too), when it is not the function's own code. */
  readonly layer?: string;
}

/** What `use` does with a function whose CodeUri is `found`; `where` is the absolute path, for the messages. */
export function planCode(fn: CodeOwner, found: CodeFound, where: string, use: CodeUse): CodePlan {
  const named = use === 'run' || use === 'package-named';
  if (fn.inlineCode !== undefined) {
    if (use === 'run' || use === 'dev') return { kind: 'inline' };
    // CloudFormation zips the source itself (Code.ZipFile), so sam build and sam deploy leave it in the template.
    const why = 'its code is inline in the template, which CloudFormation deploys as it is written, so there is nothing to package';
    return named ? { kind: 'error', message: `${fn.id} is skipped: ${why}` } : { kind: 'skip', level: 'note', message: `${fn.id} is skipped: ${why}` };
  }
  if (found === 'directory') return { kind: 'directory' };
  if (found === 'archive') {
    if (use === 'run' || use === 'dev') return { kind: 'unzip' };
    const why = `its CodeUri '${fn.codeUri}' is a zip file, which sam build keeps and sam deploy uploads as it is, so pylambda does not package it`;
    return named
      ? { kind: 'error', message: `${fn.id} is skipped: ${why}`, hint: `Point CodeUri at the directory the zip is built from for pylambda to package ${fn.id}.` }
      : { kind: 'skip', level: 'note', message: `${fn.id} is skipped: ${why}` };
  }
  if (found === 'missing' && fn.codeAsset) return missingAsset(fn, where, use);
  const what = found === 'missing'
    ? `CodeUri '${fn.codeUri}' does not exist (looked in ${where})`
    : `CodeUri '${fn.codeUri}' is a file, not a directory or a .zip (looked in ${where})`;
  const hint = found === 'missing'
    ? 'Run the build step that makes it, or point CodeUri at the directory that holds the code.'
    : 'Lambda runs a function from a directory or a zip: point CodeUri at the directory that holds the file.';
  if (named) return { kind: 'error', message: `${fn.source.path}: ${what}`, hint };
  if (use === 'dev') return { kind: 'skip', level: 'warning', message: `${what}, so ${fn.id} is skipped until it ${found === 'missing' ? 'exists' : 'is a directory or a zip'}` };
  return { kind: 'skip', level: 'warning', message: `${fn.id} is skipped: its ${what}` };
}

/**
 * A CDK asset that is not in cdk.out: the app was not synthesized here, or cdk.out was cleaned (or synthesized
 * again, which writes assets under new hashes). SAM CLI would mount an empty directory; only `cdk synth` makes it.
 */
function missingAsset(fn: CodeOwner, where: string, use: CodeUse): CodePlan {
  const asset = `its CDK asset '${fn.codeUri}'${fn.layer ? ` (the content of its layer ${fn.layer})` : ''}`;
  const name = functionLabel(fn);
  if (use === 'run' || use === 'package-named') {
    return { kind: 'error', message: `${name}: ${asset} does not exist (looked in ${where})`, hint: 'Run `cdk synth` in the CDK app (the directory with cdk.json) to write cdk.out and its assets, then run pylambda again.' };
  }
  if (use === 'dev') return { kind: 'skip', level: 'warning', message: `${name} is skipped until ${asset} exists (looked in ${where}): run \`cdk synth\` to write it` };
  return { kind: 'skip', level: 'warning', message: `${name} is skipped: ${asset} does not exist (looked in ${where}); run \`cdk synth\` to write it` };
}

/**
 * The project without the functions a command skips (by id, with why): their routes go too (a route whose
 * authorizer is skipped included; the endpoint lists them as unservedRoutes), and an endpoint left with no route, as when the reader skips a
 * function (a container image's events make no endpoint). The reasons join the project's `skipped`.
 */
export function withoutFunctions(project: Project, skipped: Readonly<Record<string, string>>): Project {
  const ids = new Set(Object.keys(skipped));
  if (ids.size === 0) return project;
  const unserved = (route: Route): UnservedRoute | undefined => {
    if (ids.has(route.functionId)) return skippedRoute(route, skipped[route.functionId]!);
    const authorizer = route.authorizer && isLambdaAuthorizer(route.authorizer) ? route.authorizer.functionId : undefined;
    return authorizer !== undefined && ids.has(authorizer) ? skippedRoute(route, `its authorizer cannot run: ${skipped[authorizer]}`, authorizer) : undefined;
  };
  const endpoints = project.endpoints.flatMap((e) => {
    const left = e.routes.flatMap((route) => unserved(route) ?? []);
    const routes = e.routes.filter((route) => unserved(route) === undefined);
    // A REST API left with CORS preflights only has nothing to serve.
    if (routes.every((r) => r.preflightOnly) && e.routes.length > 0) return [];
    const { preflightAuthorizer, ...rest } = e;
    const skippedPreflight = preflightAuthorizer && isLambdaAuthorizer(preflightAuthorizer) && ids.has(preflightAuthorizer.functionId);
    if (routes.length === e.routes.length && !skippedPreflight) return [e];
    // The routes left out are still the API's: dev says why a request to one is not answered by its function.
    return [{ ...(skippedPreflight ? rest : e), routes, ...(left.length > 0 ? { unservedRoutes: [...e.unservedRoutes ?? [], ...left] } : {}) }];
  });
  return { ...project, functions: project.functions.filter((f) => !ids.has(f.id)), endpoints, skipped: { ...project.skipped, ...skipped } };
}
