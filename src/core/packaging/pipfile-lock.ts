/**
 * A Pipfile.lock as requirements: its `default` packages (the `develop` ones never ship), each pinned as
 * pipenv locked it, with its extras and markers, from the lock's sources, as `pipenv requirements` writes
 * them. Hashes are left out, as that command leaves them out by default: a path or repository entry has
 * none, and pip's hash-checking refuses every file then.
 */
import { UserError } from '../errors.js';
import { isRecord } from '../model/fields.js';
import { requirementName } from './installer-output.js';

export function pipfileLockRequirements(text: string, file = 'Pipfile.lock'): { content: string; direct: string[] } {
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not JSON: ${(error as Error).message}`, { hint: 'Run pipenv lock to write it again.' });
  }
  if (!isRecord(lock) || (lock.default !== undefined && !isRecord(lock.default))) {
    throw new UserError(`${file} has no "default" table of packages`, { hint: 'Run pipenv lock to write it again.' });
  }
  const lines = [...sourceLines(lock._meta)];
  const names: string[] = [];
  for (const [name, entry] of Object.entries(lock.default ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const line = entryLine(name, isRecord(entry) ? entry : {});
    if (line === undefined) continue;
    lines.push(line);
    names.push(requirementName(name));
  }
  return { content: `${lines.join('\n')}\n`, direct: names };
}

/** The lock's package indexes: the first is the index, the others extra ones (pipenv's own order). */
function sourceLines(meta: unknown): string[] {
  const sources = isRecord(meta) && Array.isArray(meta.sources) ? meta.sources.filter(isRecord) : [];
  const urls = sources.map((s) => s.url).filter((u): u is string => typeof u === 'string' && u !== '');
  if (urls.length === 0) return [];
  return [`--index-url ${urls[0]}`, ...urls.slice(1).map((u) => `--extra-index-url ${u}`)];
}

/**
 * One package's line. `path: "."` is the project itself (`pipenv install -e .`): its code is the
 * function's code, already in the zip, and its dependencies are locked beside it, so it is left out.
 * Editable entries are installed as they are, not editable: Lambda needs their code, not a pointer to it.
 */
function entryLine(name: string, entry: Record<string, unknown>): string | undefined {
  const str = (key: string) => (typeof entry[key] === 'string' && entry[key] !== '' ? (entry[key] as string) : undefined);
  const extras = Array.isArray(entry.extras) && entry.extras.length > 0 ? `[${entry.extras.join(',')}]` : '';
  const markers = str('markers') ? ` ; ${str('markers')}` : '';
  const path = str('path');
  if (path !== undefined) return /^\.\/?$/.test(path) ? undefined : `${path.startsWith('.') || path.startsWith('/') ? path : `./${path}`}${extras}${markers}`;
  const vcs = (['git', 'hg', 'svn', 'bzr'] as const).find((kind) => str(kind));
  if (vcs) return `${name}${extras} @ ${vcs}+${str(vcs)!.replace(new RegExp(`^${vcs}\\+`), '')}${str('ref') ? `@${str('ref')}` : ''}${markers}`;
  const url = str('file');
  if (url) return `${name}${extras} @ ${url}${markers}`;
  const version = str('version');
  return `${name}${extras}${version && version !== '*' ? version : ''}${markers}`;
}
