/**
 * What the packager needs from a requirements file beyond the installer itself: the names it lists
 * (`--exclude-boto3` keeps what the user asked for), and the options that say where packages come
 * from, which a one-off `pip wheel` of an sdist needs too (it gets a bare requirement, not the file).
 */
import { normaliseRequirements } from './cache-key.js';
import { normaliseName } from './prune.js';

/**
 * Normalised names of the requirements a file lists itself (`boto3>=1.34`, `pydantic[email]`,
 * `pkg @ https://...`), not those of included files, options, paths or URLs without a name.
 */
export function requirementNames(content: string): string[] {
  const names: string[] = [];
  for (const line of normaliseRequirements(content).split('\n')) {
    if (line === '' || line.startsWith('-')) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:[[<>=!~;@]|$|\s)/.exec(line);
    if (m && !/^(\.{1,2}\/|\/|[a-z]+:\/\/|file:)/.test(line)) names.push(normaliseName(m[1]!));
  }
  return [...new Set(names)];
}

/** Options of a requirements file that choose the package sources (pip's `req_file` option names). */
const SOURCE_OPTIONS: readonly { readonly names: readonly string[]; readonly takesValue: boolean }[] = [
  { names: ['-i', '--index-url'], takesValue: true },
  { names: ['--extra-index-url'], takesValue: true },
  { names: ['-f', '--find-links'], takesValue: true },
  { names: ['--trusted-host'], takesValue: true },
  { names: ['--no-index'], takesValue: false },
  { names: ['--pre'], takesValue: false },
];

/**
 * The source options of a requirements file as argv (`['--index-url', 'https://...']`), in file
 * order, so building one sdist looks where the install looked. Relative `--find-links` stay relative:
 * the tools run in the code directory, where the requirements file is.
 */
export function sourceOptions(content: string): string[] {
  const argv: string[] = [];
  for (const line of normaliseRequirements(content).split('\n')) {
    const m = /^(-{1,2}[a-z-]+)(?:\s*=\s*|\s+)?(\S*)$/i.exec(line);
    if (!m) continue;
    const option = SOURCE_OPTIONS.find((o) => o.names.includes(m[1]!));
    if (!option) continue;
    if (option.takesValue && m[2]) argv.push(option.names[option.names.length - 1]!, m[2]);
    else if (!option.takesValue) argv.push(option.names[option.names.length - 1]!);
  }
  return argv;
}
