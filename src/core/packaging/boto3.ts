/**
 * `--exclude-boto3`: leave out the AWS SDK the Lambda runtime already has. "The Lambda Python runtimes
 * include the AWS SDK for Python (Boto3) and its dependencies" (AWS Lambda developer guide, "Working
 * with .zip file archives for Python Lambda functions"), an older release than PyPI's, which is why
 * boto3 is kept by default when listed.
 *
 * What is safe to drop is only what boto3 brought in: the SDK itself, and each of the SDK's own
 * dependencies that nothing else kept in the package needs. A dependency that something else needs
 * stays, and shadows the runtime's copy for the runtime's botocore too (`/var/task` comes first on
 * `sys.path`): the version misalignment the same guide warns about, so that is a warning.
 */
import { distInfoName, normaliseName, type DroppedDistribution } from './prune.js';

export interface InstalledDistribution {
  /** Normalised name (`python-dateutil`). */
  readonly name: string;
  readonly version: string;
  /**
   * Normalised names from its `Requires-Dist`, without those only an extra asks for (`; extra ==
   * "aws"`). Other markers are ignored: counting a requirement too many keeps a file too many, while
   * everything dropped here is still importable from the runtime.
   */
  readonly requires: readonly string[];
}

/** The SDK: dropped together, whatever else is listed. */
const SDK = ['boto3', 'botocore', 's3transfer'] as const;
/** The SDK's dependencies that the runtime also provides (boto3 and botocore `Requires-Dist`). */
const SDK_DEPENDENCIES = ['jmespath', 'python-dateutil', 'six', 'urllib3'] as const;

/** Import names of the runtime-provided distributions (their `top_level.txt`). */
const TOP_LEVEL: Readonly<Record<string, readonly string[]>> = {
  'boto3': ['boto3'],
  'botocore': ['botocore'],
  's3transfer': ['s3transfer'],
  'jmespath': ['jmespath'],
  'python-dateutil': ['dateutil'],
  'six': ['six.py'],
  'urllib3': ['urllib3'],
};

export interface Boto3Exclusion {
  readonly drop: readonly DroppedDistribution[];
  readonly warnings: readonly string[];
}

/**
 * @param installed every distribution in the install directory
 * @param direct normalised names the requirements file lists itself
 */
export function boto3Exclusion(installed: readonly InstalledDistribution[], direct: readonly string[]): Boto3Exclusion {
  const present = new Map(installed.map((d) => [d.name, d]));
  const requiredBy = (name: string, dropped: ReadonlySet<string>): string[] =>
    installed.filter((d) => !dropped.has(d.name) && d.requires.includes(name)).map((d) => d.name);

  const dropped = new Set<string>(SDK.filter((n) => present.has(n)));
  const warnings: string[] = [];
  // The SDK goes unless a kept distribution needs it (aiobotocore pins an exact botocore: the runtime's
  // would not do).
  for (const name of [...dropped]) {
    const needs = requiredBy(name, dropped);
    if (needs.length > 0 && name !== 'boto3') {
      dropped.delete(name);
      warnings.push(`${name} ${present.get(name)!.version} stays in the package: ${needs.join(', ')} need${needs.length === 1 ? 's' : ''} it`);
    }
  }
  // The SDK's dependencies go when only dropped distributions needed them; repeat, since dropping
  // python-dateutil can free six.
  for (let changed = true; changed;) {
    changed = false;
    for (const name of SDK_DEPENDENCIES) {
      if (!present.has(name) || dropped.has(name) || direct.includes(name)) continue;
      if (requiredBy(name, dropped).length === 0) {
        dropped.add(name);
        changed = true;
      }
    }
  }
  if (dropped.size > 0) {
    for (const name of SDK_DEPENDENCIES) {
      if (!present.has(name) || dropped.has(name)) continue;
      const needs = requiredBy(name, dropped);
      const why = direct.includes(name) ? 'requirements.txt lists it' : `${needs.join(', ')} need${needs.length === 1 ? 's' : ''} it`;
      warnings.push(`${name} ${present.get(name)!.version} stays in the package (${why}); the runtime's boto3 will import this copy instead of its own`);
    }
  }
  const drop = [...dropped].map((name) => ({
    name,
    topLevel: TOP_LEVEL[name] ?? [name],
    reason: `--exclude-boto3: ${name} is provided by the Lambda runtime`,
  }));
  return { drop, warnings };
}

/**
 * The distribution a `.dist-info` directory and its `METADATA` describe: name and version from the
 * `Name:`/`Version:` headers (the directory name as a fallback), requirements from `Requires-Dist:`.
 */
export function parseDistribution(distInfoDir: string, metadata: string): InstalledDistribution | undefined {
  const header = (key: string): string[] => {
    const values: string[] = [];
    for (const line of metadata.split(/\r?\n/)) {
      if (line === '') break; // the headers end at the first blank line; the description follows
      if (line.toLowerCase().startsWith(`${key.toLowerCase()}:`)) values.push(line.slice(key.length + 1).trim());
    }
    return values;
  };
  const name = header('Name')[0] ?? distInfoName(distInfoDir);
  if (!name) return undefined;
  const version = header('Version')[0] ?? /-([^-]+)\.dist-info$/.exec(distInfoDir)?.[1] ?? '';
  const requires = header('Requires-Dist')
    .filter((spec) => !/;.*\bextra\s*==/.test(spec))
    .map((spec) => /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(spec)?.[0])
    .filter((n): n is string => n !== undefined)
    .map(normaliseName);
  return { name: normaliseName(name), version, requires: [...new Set(requires)] };
}
