/**
 * Requirements only a build on this machine can install: a local path, a repository (`git+https://...`),
 * a URL of a source archive (`pkg @ https://.../pkg-1.0.tar.gz`). uv builds none of them under
 * `--only-binary :all:` ("Building source distributions ... is disabled"); pip builds them whatever that
 * option says (pip `--only-binary` covers what it finds on an index), so they are installed with pip, and
 * what they build is checked as every installed file is (a native one is refused by its ELF and suffix).
 */
import { isLocalPath, normaliseRequirements } from './cache-key.js';

export type SourceKind = 'local path' | 'repository' | 'source archive';

export interface SourceRequirement {
  readonly line: string;
  readonly kind: SourceKind;
}

export function sourceKind(line: string): SourceKind | undefined {
  if (/^(-e|--editable)\b/.test(line)) return undefined;
  if (isLocalPath(line)) return 'local path';
  if (/^(?:\S+\s*@\s*)?(git|hg|svn|bzr)\+/i.test(line)) return 'repository';
  if (/^(?:[^\s@]+\s*@\s*)?(https?|ftp):\/\/[^\s;#]+\.(tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|zip)(#\S*)?(\s|$)/i.test(line)) return 'source archive';
  return undefined;
}

/** The first such line of a requirements file, after its variables are expanded. */
export function sourceRequirement(content: string): SourceRequirement | undefined {
  for (const line of normaliseRequirements(content).split('\n')) {
    const kind = sourceKind(line);
    if (kind) return { line, kind };
  }
  return undefined;
}

/** What pip builds, in the note that says why pip installs these requirements. */
export const WHAT_PIP_BUILDS: Readonly<Record<SourceKind, string>> = {
  'local path': 'a local directory',
  repository: "a repository's code",
  'source archive': 'a source archive from a URL',
};
