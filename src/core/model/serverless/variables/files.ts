import { Unresolved } from '../../cfn/intrinsics.js';
import { parseCfnYaml } from '../../cfn/yaml.js';
import { jsYamlPlainString } from '../yaml-scalars.js';
import type { SourceResult } from './sources.js';

/**
 * A `${file(...)}` path, normalised (`./a/../b.yml` is `b.yml`): from the service directory, or absolute as written.
 * The Framework v3 reads it wherever it is (sources/file.js: `path.resolve(serviceDir, path)`), a monorepo's
 * `${file(../shared/config.yml)}` too. Undefined when it names no file (`.`, `/`).
 */
export function serviceFilePath(param: string): string | undefined {
  const root = param.startsWith('/') ? '/' : /^[A-Za-z]:[\\/]/.test(param) ? `${param.slice(0, 2)}/` : '';
  const parts: string[] = [];
  for (const part of param.slice(root.length).split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    // Above the root of an absolute path is the root; above the service directory is its parent.
    else if (!root) parts.push(part);
  }
  return parts.length === 0 || parts.at(-1) === '..' ? undefined : root + parts.join('/');
}

/** What a file gives, by its extension, as the Framework reads it: YAML (with CloudFormation tags), JSON, else the text. */
export function fileContent(path: string, readFile: (path: string) => string | undefined): SourceResult {
  let text: string | undefined;
  try {
    text = readFile(path);
  } catch (error) {
    return { kind: 'error', message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (text === undefined) return { kind: 'missing', why: `${path} does not exist` };
  const extension = /\.[^./]*$/.exec(path)?.[0].toLowerCase();
  if (extension === '.yml' || extension === '.yaml') {
    const parsed = parseCfnYaml(text, { plainString: jsYamlPlainString });
    if (!parsed.ok) {
      const p = parsed.problems[0]!;
      return { kind: 'error', message: `cannot parse ${path}: ${p.message} (line ${p.line}, column ${p.column})` };
    }
    return parsed.value === null || parsed.value === undefined ? { kind: 'missing', why: `${path} is empty` } : { kind: 'value', value: parsed.value };
  }
  if (extension === '.json' || extension === '.tfstate') {
    try {
      return { kind: 'value', value: JSON.parse(text) as unknown };
    } catch (error) {
      return { kind: 'error', message: `cannot parse ${path}: ${(error as Error).message}` };
    }
  }
  // Run by the caller (js-files.ts), who gives the values: without one, or past its rounds, it is not known.
  if (extension === '.js' || extension === '.cjs') {
    return { kind: 'unresolved', value: new Unresolved(`${path} is JavaScript, which pylambda could not run for this variable`) };
  }
  if (extension === '.mjs') {
    return { kind: 'unresolved', value: new Unresolved(`${path} is JavaScript, which the Framework runs for the value and pylambda does not`) };
  }
  return { kind: 'value', value: text };
}
