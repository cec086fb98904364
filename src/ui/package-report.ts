/** The result of `pylambda package`: a short block per artifact for people, one JSON document for machines. */
import { basename, relative } from 'node:path';
import type { ArtifactReport, BuildReport, PackageNotice, PackageOutcome } from '../api/package.js';
import { formatBytes, PACKAGE_LIMITS } from '../core/packaging/limits.js';
import type { Style } from './io.js';

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const CACHE_WORDS: Readonly<Record<BuildReport['dependencies']['cache'], string>> = {
  hit: 'from the cache',
  miss: 'installed and cached',
  off: 'installed (not cacheable)',
  none: '',
};

function dependencyLine(build: BuildReport): string {
  const deps = build.dependencies;
  if (build.layer && !build.layer.buildMethod) {
    // BuildMethod is SAM's: the Framework zips a layer's `path` as it is, and has nothing to name instead.
    return build.layer.style === 'serverless' ? `none: the layer's path (${build.layer.contentUri}) is packaged as it is, as serverless package zips it` : 'none: the directory is packaged as it is (no BuildMethod)';
  }
  if (deps.cache === 'none') return deps.requirements ? 'none: requirements.txt lists no packages' : 'none: no requirements.txt (nor pyproject.toml dependencies, Pipfile.lock)';
  const n = deps.distributions.length;
  // Said when the requirements came from another file than a requirements file: pyproject.toml, uv.lock, Pipfile.lock.
  const from = deps.requirements && /^(pyproject\.toml|uv\.lock|Pipfile\.lock)$/.test(basename(deps.requirements)) ? ` from ${basename(deps.requirements)}` : '';
  const built = deps.built?.length ? ` (${deps.built.length} built here: ${deps.built.map((b) => b.wheel).join(', ')})` : '';
  return `${n} distribution${n === 1 ? '' : 's'}${from}${built}, ${CACHE_WORDS[deps.cache]} (${deps.installer})`;
}

/** What the unzipped room left counts beside the zip itself. */
function counted(artifact: ArtifactReport, build: BuildReport): string {
  if (artifact.kind === 'layer') {
    if (!build.layer || build.functions.length === 1) return ` (with ${build.layer ? build.functions[0] : 'the function'})`;
    return ` (the least left among ${build.functions.join(', ')})`;
  }
  const parts = [
    ...(artifact.layers?.length ? [`with ${artifact.layers.join(', ')}`] : []),
    ...(artifact.uncountedLayers?.length ? [`not counting ${artifact.uncountedLayers.length} layer${artifact.uncountedLayers.length === 1 ? '' : 's'} pylambda does not build`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

function budget(artifact: ArtifactReport, build: BuildReport, style: Style): string {
  const zip = PACKAGE_LIMITS.zippedDirectUploadBytes;
  const unzipped = PACKAGE_LIMITS.unzippedBytes;
  const tight = (left: number, limit: number) => (left < limit * 0.2 ? style.yellow : (s: string) => s);
  // Past the direct-upload limit the zip still deploys through S3 (as sam and serverless deploy upload it).
  const zipped = artifact.zippedLeft < 0
    ? style.yellow(`${formatBytes(-artifact.zippedLeft)} over the ${formatBytes(zip)} of a direct upload (deploy through S3)`)
    : tight(artifact.zippedLeft, zip)(`${formatBytes(artifact.zippedLeft)} of ${formatBytes(zip)} zipped`);
  return [
    zipped,
    tight(artifact.unzippedLeft, unzipped)(`${formatBytes(artifact.unzippedLeft)} of ${formatBytes(unzipped)} unzipped${counted(artifact, build)}`),
  ].join(', ');
}

export function formatPackageReport(outcome: PackageOutcome, options: { cwd: string; style: Style }): string {
  const { style, cwd } = options;
  const functions = outcome.builds.filter((b) => !b.layer).reduce((n, b) => n + b.functions.length, 0);
  const lines = [
    `Packaged ${functions} function${functions === 1 ? '' : 's'} in ${seconds(outcome.durationMs)} into ${shown(outcome.outDir, cwd)}/ (manifest: ${shown(outcome.manifest, cwd)})`,
  ];
  // Builds apart for their layers alone (a serverless.yml service's functions) write the same zip: said once.
  const written = new Map<string, string>();
  for (const build of outcome.builds) {
    for (const artifact of build.artifacts) {
      // A layer of the project has one file, named after it; a function's build has one name per function.
      const names = build.layer ? [basename(artifact.path)] : artifact.functions.map((id) => `${id}${artifact.kind === 'layer' ? '.layer' : ''}.zip`);
      const users = build.layer ? style.dim(`  layer of ${build.functions.join(', ')}`) : '';
      lines.push('');
      const same = build.layer ? undefined : written.get(`${artifact.kind} ${artifact.sha256}`);
      if (same) {
        lines.push(`${style.bold(names.join(', '))}  the same zip as ${same} (one artifact, hard-linked; its room left counts its own layers)`);
        lines.push(`  left    ${budget(artifact, build, style)}`);
        continue;
      }
      if (!build.layer) written.set(`${artifact.kind} ${artifact.sha256}`, names.join(', '));
      lines.push(`${style.bold(names.join(', '))}  ${artifact.runtime} ${artifact.architecture}  ${style.bold(formatBytes(artifact.bytes))} (${formatBytes(artifact.unzippedBytes)} unzipped, ${files(artifact.entries)})${artifact.reused ? style.dim('  unchanged') : ''}${users}`);
      lines.push(`  sha256  ${artifact.sha256}  ${style.dim(`(CodeSha256 ${artifact.codeSha256})`)}`);
      lines.push(`  left    ${budget(artifact, build, style)}`);
      if (artifact.kind === 'function' || build.layer) {
        lines.push(`  deps    ${dependencyLine(build)}${build.chalice ? style.dim('  (Chalice app)') : ''}`);
        lines.push(`  .pyc    ${build.bytecode.python ? `${files(build.bytecode.files)} for Python ${build.bytecode.python}` : style.yellow('none (no Python of the runtime\'s version)')}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function files(n: number): string {
  return `${n} file${n === 1 ? '' : 's'}`;
}

/** `--json`: the outcome as data, with paths absolute and the notices of the run; one line, as every command's --json. */
export function packageJson(outcome: PackageOutcome, notices: readonly PackageNotice[]): string {
  return `${JSON.stringify({
    outDir: outcome.outDir,
    manifest: outcome.manifest,
    durationMs: Math.round(outcome.durationMs),
    builds: outcome.builds.map((b) => ({ ...b, durationMs: Math.round(b.durationMs) })),
    notices,
  })}\n`;
}
