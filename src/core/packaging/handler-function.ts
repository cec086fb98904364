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
 * the module never mentions fails every invocation with Runtime.HandlerNotFound. Only such a name is
 * reported: one the source mentions anywhere (a def, an assignment, an import, a branch, even a comment)
 * is taken as defined, and a module that can define names it does not spell out is never reported.
 */
export function missingHandlerFunction(handler: string, source: string): MissingHandlerFunction | undefined {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) return undefined; // a malformed handler is the template reader's error, reported there
  const name = handler.slice(dot + 1);
  if (DYNAMIC_NAMES.test(source)) return undefined;
  const mentioned = new RegExp(`(?<![\\p{L}\\p{N}_])${escape(name)}(?![\\p{L}\\p{N}_])`, 'u');
  if (mentioned.test(source)) return undefined;
  const meant = didYouMean(name, topLevelNames(source));
  return meant ? { name, meant } : { name };
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
