/**
 * The service's own layers (`layers: { deps: { path: layer } }`) as the Framework packages them (v3,
 * lib/plugins/package/lib/package-service.js): each `path` is zipped as it is, with the service's
 * package rules and then the layer's own (package-rules.ts), and every function's package leaves the layers' paths out.
 */
import { isRecord, type FieldReader } from '../fields.js';
import type { LayerModel } from '../project.js';
import { packageRules, patternsOf, type PackageRules } from './package-rules.js';

/** The logical id the Framework gives a layer (`deps` -> `DepsLambdaLayer`, `my-deps` -> `MyDashdepsLambdaLayer`). */
export function layerLogicalId(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`.replace(/-/g, 'Dash').replace(/_/g, 'Underscore') + 'LambdaLayer';
}

/** The layers with a `path`, by logical id; one without is not the service's own (said where a function lists it). */
export function readServiceLayers(value: unknown, service: PackageRules, r: FieldReader): Record<string, LayerModel> {
  const layers: Record<string, LayerModel> = {};
  for (const [name, raw] of Object.entries(isRecord(value) ? value : {})) {
    if (!isRecord(raw) || typeof raw.path !== 'string') continue;
    const pkg = isRecord(raw.package) ? raw.package : {};
    const patterns = patternsOf(service, packageRules(pkg, `layers.${name}.package`, r));
    const artifact = r.string(pkg.artifact, `layers.${name}.package.artifact`);
    const id = layerLogicalId(name);
    layers[id] = {
      id,
      contentUri: raw.path,
      ...(patterns.length > 0 ? { packagePatterns: patterns } : {}),
      ...(artifact ? { artifact } : {}),
      source: { file: r.file, path: `layers.${name}` },
    };
  }
  return layers;
}

/**
 * `!path/**` for each layer: the Framework's exclusions from every function's package (getExcludes with
 * excludeLayers), which come before the service's patterns, so a pattern can still take a file back.
 * A layer at the service's root or outside it excludes nothing there.
 */
export function layerExclusions(layers: Readonly<Record<string, LayerModel>>): string[] {
  return Object.values(layers)
    .map((layer) => layer.contentUri.replace(/^(\.\/)+/, '').replace(/\/+$/, ''))
    .filter((path) => path !== '' && path !== '.' && !path.startsWith('../') && !path.startsWith('/'))
    .map((path) => `!${path}/**`);
}
