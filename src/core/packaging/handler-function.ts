import { didYouMean } from '../did-you-mean.js';

export interface MissingHandlerFunction {
  /** The function part of the handler, as written. */
  readonly name: string;
  /** A top-level name of the module that it most likely meant. */
  readonly meant?: string;
}

const IDENTIFIER = String.raw`[\p{L}_][\p{L}\p{N}_]*`;

/**
 * What lets a module define a name without spelling it out: a star import, a module `__getattr__`
 * (PEP 562, which awslambdaric's `getattr(module, name)` calls), `globals()`, `vars()`, `setattr`, `exec`.
 */
const DYNAMIC_NAMES = /\bimport\s+\*|\b__getattr__\b|\bglobals\s*\(|\bvars\s*\(|\blocals\s*\(|\bsetattr\s*\(|\bexec\s*\(|\b__dict__\b|\bsys\.modules\b/;

/**
 * The handler's function when its module cannot define it. After importing the module, the runtime
 * takes the function with `getattr(module, name)` (awslambdaric bootstrap.py, `_get_handler`): a name
 * the module's code never mentions fails every invocation with Runtime.HandlerNotFound. Only such a name is
 * reported: one the code mentions anywhere (a def, an assignment, an import, a branch, an f-string's
 * expression) is taken as defined, and a module that can define names it does not spell out is never
 * reported. Comments and other string literals define nothing: the docstring of a handler renamed from
 * `lambda_handler` still says `Handler: lambda_function.lambda_handler`.
 */
export function missingHandlerFunction(handler: string, source: string): MissingHandlerFunction | undefined {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return undefined; // a malformed handler is the template reader's error, reported there
  const name = handler.slice(dot + 1);
  const code = withoutCommentsAndStrings(source);
  if (DYNAMIC_NAMES.test(code)) return undefined;
  const mentioned = new RegExp(`(?<![\\p{L}\\p{N}_])${escape(name)}(?![\\p{L}\\p{N}_])`, 'u');
  if (mentioned.test(code)) return undefined;
  const meant = didYouMean(name, topLevelNames(code)) ?? renamed(name, code);
  return meant ? { name, meant } : { name };
}

/**
 * The parameter names that say a function is a handler: `event`, `evt`, `ev`, `e` then `context`, `ctx`, `c`, each
 * also with a leading `_` (unused), or `_` alone. Two positional parameters alone would take `def add(a, b)` for one.
 */
const EVENT_PARAMETER = /^(?:_?(?:event|evt|ev|e)|_)$/;
const CONTEXT_PARAMETER = /^(?:_?(?:context|ctx|c)|_)$/;

/**
 * A renamed handler too far from the name written for a typo: the one top-level name that holds it or that
 * it holds (`lambda_handler` made `handler`, `hello` made `say_hello`), else the one function whose two
 * positional parameters are named as a handler's `(event, context)`.
 */
function renamed(name: string, code: string): string | undefined {
  const names = topLevelNames(code).filter((other) => Math.min(other.length, name.length) >= 3 && (other.includes(name) || name.includes(other)));
  if (names.length === 1) return names[0];
  const param = String.raw`\s*(${IDENTIFIER})\s*(?::[^,()=]*)?`;
  const handlers = [...code.matchAll(new RegExp(`^(?:async\\s+)?def\\s+(${IDENTIFIER})\\s*\\(${param},${param},?\\s*\\)`, 'gmu'))]
    .filter((m) => EVENT_PARAMETER.test(m[2]!) && CONTEXT_PARAMETER.test(m[3]!))
    .map((m) => m[1]!);
  return handlers.length === 1 ? handlers[0] : undefined;
}

/**
 * The source with its comments and string literals emptied (`""`), where a name can be written without being
 * defined. An f-string is kept whole: its expressions are code.
 */
export function withoutCommentsAndStrings(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c !== '"' && c !== "'") {
      out += c;
      i++;
      continue;
    }
    const quote = source.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
    let end = i + quote.length;
    while (end < source.length && !source.startsWith(quote, end) && !(quote.length === 1 && source[end] === '\n')) end += source[end] === '\\' ? 2 : 1;
    end = Math.min(source.length, end + (source.startsWith(quote, end) ? quote.length : 0));
    // The prefix was copied as code (`rb`, `f`): an f-string's expressions are kept.
    const prefix = /(?<![\p{L}\p{N}_])[rRbBuUfF]{1,2}$/u.exec(out.slice(-3))?.[0] ?? '';
    out += /f/i.test(prefix) ? source.slice(i, end) : `${quote}${quote}`;
    i = end;
  }
  return out;
}

/** Functions, classes and assigned names at the module's top level: what a handler may name. */
function topLevelNames(source: string): string[] {
  const defined = new RegExp(`^(?:(?:async\\s+)?def|class)\\s+(${IDENTIFIER})|^(${IDENTIFIER})\\s*(?::[^=\\n]*)?=(?!=)`, 'gmu');
  return [...new Set([...source.matchAll(defined)].map((m) => (m[1] ?? m[2])!))];
}

/** The file of a handler's module: `pkg.mod.fn` needs `pkg/mod.py` (or, a package, `pkg/mod/__init__.py`). */
export function handlerModuleFile(handler: string): string {
  return `${handler.slice(0, handler.lastIndexOf('.')).replace(/\./g, '/')}.py`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether an import error is the handler's own module missing: `Unable to import module 'hello_world.app': No
 * module named 'hello_world'` (the module, or a package of its path), not a module that its code imports.
 */
export function isHandlerModuleMissing(handler: string, errorMessage: string): boolean {
  const m = /^Unable to import module '([^']*)': No module named '([^']*)'/.exec(errorMessage);
  if (!m) return false;
  const [, module, missing] = m as unknown as [string, string, string];
  // A path's slashes are dots to the import (`src/handlr` is imported as `src.handlr`, serverless.yml's way to write it).
  const dotted = module.replace(/\//g, '.');
  return module === handler.slice(0, handler.lastIndexOf('.')) && (dotted === missing || dotted.startsWith(`${missing}.`));
}

/** What the code directory holds, as far as a handler's module is looked for in it. */
export interface CodeDirectory {
  /** Whether a module file (`a/b.py`, `a/b/__init__.py`) is there, relative to the directory. */
  readonly has: (file: string) => boolean;
  /** The importable names in a directory of it (`''` for the top): modules without `.py`, and packages. */
  readonly modules: (dir: string) => readonly string[];
}

/**
 * The handler a missing module most likely meant. First, the same handler less its leading packages: the module
 * written from the project's root (`hello_world.app.lambda_handler`) where Lambda imports it from the code
 * directory (CodeUri: hello_world/, which holds app.py), the usual mistake of `sam init`'s layout. Then a module
 * of the same package with a close name (`ap` for `app`).
 */
export function handlerModuleMeant(handler: string, code: CodeDirectory): string | undefined {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return undefined;
  // The module's parts at even places, the separators as written (`.`, or serverless.yml's `/`) between them.
  const pieces = handler.slice(0, dot).split(/([./])/);
  const parts = pieces.filter((_, i) => i % 2 === 0);
  if (parts.some((part) => part === '')) return undefined;
  const fn = handler.slice(dot);
  const written = (replaced: readonly string[], from = 0) => `${pieces.slice(2 * from).map((piece, i) => (i % 2 === 0 ? replaced[from + i / 2] : piece)).join('')}${fn}`;
  const present = (path: readonly string[]) => code.has(`${path.join('/')}.py`) || code.has(`${path.join('/')}/__init__.py`);
  if (present(parts)) return undefined;
  for (let drop = 1; drop < parts.length; drop++) {
    if (present(parts.slice(drop))) return written(parts, drop);
  }
  // The first part of the path that is not there is the one misspelt.
  const within = (at: number) => code.modules(parts.slice(0, at).join('/'));
  const at = parts.findIndex((part, i) => !within(i).includes(part));
  if (at < 0) return undefined;
  const meant = didYouMean(parts[at]!, within(at));
  if (!meant) return undefined;
  const fixed = [...parts.slice(0, at), meant, ...parts.slice(at + 1)];
  return present(fixed) ? written(fixed) : undefined;
}

/** A package's files (paths as on sys.path) as the code directory a handler's module is looked for in. */
export function archiveCodeDirectory(paths: readonly string[]): CodeDirectory {
  const files = new Set(paths);
  return {
    has: (file) => files.has(file),
    modules: (dir) => {
      const prefix = dir === '' ? '' : `${dir}/`;
      return [...new Set(paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]!.replace(/\.py$/, '')))];
    },
  };
}
