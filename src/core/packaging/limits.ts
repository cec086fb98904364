/**
 * Lambda's package size limits, checked before deploy (shared/LAMBDA-FACTS.md section 7), with what
 * takes the room: the largest top-level packages.
 */
import { distInfoName, normaliseName } from './prune.js';

/**
 * In bytes, as the Lambda API counts them: "Unzipped size must be smaller than 262144000 bytes"
 * (250 MiB, the function and all its layers), and 50 MiB zipped for a direct upload (its
 * "Request must be smaller than 69905067 bytes" is 52428800 bytes in base64). A zip uploaded through
 * S3 (CloudFormation, `aws lambda update-function-code --s3-bucket`) has only the unzipped limit.
 */
export const PACKAGE_LIMITS = {
  zippedDirectUploadBytes: 50 * 1024 * 1024,
  unzippedBytes: 250 * 1024 * 1024,
} as const;

export interface PackageSize {
  readonly name: string;
  readonly bytes: number;
}

/**
 * Sizes per top-level package, largest first: `numpy/`, `numpy.libs/` (auditwheel's bundled
 * libraries) and `numpy-2.1.0.dist-info/` count as one `numpy`; `six.py` as `six`; a layer's
 * `python/` prefix is skipped.
 */
export function topLevelSizes(files: readonly { readonly path: string; readonly size: number }[], prefix = ''): PackageSize[] {
  const groups = new Map<string, { name: string; fromDistInfo: boolean; bytes: number }>();
  for (const file of files) {
    const path = prefix && file.path.startsWith(prefix) ? file.path.slice(prefix.length) : file.path;
    const segments = path.split('/');
    const top = segments[0]!;
    const distName = top.endsWith('.dist-info') ? distInfoName(top) : undefined;
    const stem = distName !== undefined
      ? top.replace(/-[^-]+\.dist-info$/, '')
      : segments.length > 1 ? top.replace(/\.libs$/, '') : top.replace(/(\.[\w-]+)?\.(py|so|pyd)$/, '');
    const key = normaliseName(stem);
    const group = groups.get(key);
    if (!group) groups.set(key, { name: stem, fromDistInfo: distName !== undefined, bytes: file.size });
    else {
      group.bytes += file.size;
      if (group.fromDistInfo && distName === undefined) Object.assign(group, { name: stem, fromDistInfo: false });
    }
  }
  return [...groups.values()]
    .map(({ name, bytes }) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface SizeCheckInput {
  readonly zippedBytes: number;
  /** The function's own package, unzipped. */
  readonly unzippedBytes: number;
  /** The unzipped size of the layers the function uses (pylambda's `--layer` zip, others'). */
  readonly layersUnzippedBytes?: number;
  /** Sizes per top-level package (`topLevelSizes`), to name the largest when over a limit. */
  readonly packages: readonly PackageSize[];
}

export interface SizeCheck {
  /** Within the unzipped limit: Lambda can run it, whichever way it is uploaded. */
  readonly ok: boolean;
  /** Why Lambda would refuse it, the largest packages last. */
  readonly problems: readonly string[];
  /** Over the direct-upload limit only: it deploys through S3, but not with a direct upload. */
  readonly warnings: readonly string[];
  /** Bytes left under the unzipped limit (negative when over). */
  readonly unzippedLeft: number;
  /** Bytes left under the zipped limit of a direct upload (negative when over). */
  readonly zippedLeft: number;
  /** The ten largest top-level packages, largest first. */
  readonly largest: readonly PackageSize[];
}

/**
 * The unzipped limit holds however the code is uploaded; the zipped one only for a direct upload
 * (the console, `aws lambda update-function-code --zip-file`). `sam deploy` and `serverless deploy`
 * upload through S3, where a zip of any size within the unzipped limit is accepted
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html, "Deployment package (.zip file archive) size").
 */
export function checkPackageSize(input: SizeCheckInput): SizeCheck {
  const layers = input.layersUnzippedBytes ?? 0;
  const unzippedLeft = PACKAGE_LIMITS.unzippedBytes - input.unzippedBytes - layers;
  const zippedLeft = PACKAGE_LIMITS.zippedDirectUploadBytes - input.zippedBytes;
  const largest = input.packages.slice(0, 10);
  const problems: string[] = [];
  if (unzippedLeft < 0) {
    const withLayers = layers > 0 ? ` with ${formatBytes(layers)} of layers` : '';
    problems.push(`The package is ${formatBytes(input.unzippedBytes + layers)} unzipped${withLayers}; Lambda allows ${formatBytes(PACKAGE_LIMITS.unzippedBytes)} including layers`);
  }
  if (problems.length > 0 && largest.length > 0) {
    problems.push(`The largest packages:\n${formatLargest(largest)}`);
  }
  const warnings = zippedLeft < 0
    ? [`the zip is ${formatBytes(input.zippedBytes)}, over the ${formatBytes(PACKAGE_LIMITS.zippedDirectUploadBytes)} Lambda takes in a direct upload (console, aws lambda update-function-code --zip-file): deploy it through S3, as sam deploy and serverless deploy do`]
    : [];
  return { ok: problems.length === 0, problems, warnings, unzippedLeft, zippedLeft, largest };
}

export function formatLargest(packages: readonly PackageSize[]): string {
  const width = Math.max(...packages.map((p) => p.name.length));
  return packages.map((p) => `  ${p.name.padEnd(width)}  ${formatBytes(p.bytes).padStart(9)}`).join('\n');
}

/** Binary units with the names AWS uses for them (Lambda's "250 MB" is 250 MiB): `12.3 MB`, `900 B`. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  if (value < 1024) return `${sign}${value} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.97 KB would round to "1024.0 KB": say 1.0 MB instead.
  if (Number(value.toFixed(1)) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sign}${value.toFixed(1)} ${units[unit]}`;
}
