import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import type { LayerModel } from '../../src/core/model/project.js';
import { layerBudget, layerBuild, layerImportPaths, nestedPythonWarning, rootModulesWarning, uncountedLayersNote, type CountedLayer } from '../../src/core/packaging/layers.js';

const layer = (extra: Partial<LayerModel> = {}): LayerModel => ({ id: 'Shared', contentUri: 'layer/', source: { file: 'template.yaml', path: 'Resources.Shared' }, ...extra });
const user = { runtime: 'python3.11', architecture: 'arm64' as const };
const MB = 1024 * 1024;

describe('layerBuild', () => {
  it.each<[string, Partial<LayerModel>, 'x86_64' | 'arm64' | undefined, ReturnType<typeof layerBuild>]>([
    ['no BuildMethod: as it is, for its first function', {}, undefined, { kind: 'as-is', runtime: 'python3.11', architecture: 'arm64', prefix: '' }],
    ['no BuildMethod, --arch', {}, 'x86_64', { kind: 'as-is', runtime: 'python3.11', architecture: 'x86_64', prefix: '' }],
    ['BuildMethod python3.12: its runtime, and x86_64 as SAM defaults, whatever the function', { buildMethod: 'python3.12' }, undefined, { kind: 'python', runtime: 'python3.12', architecture: 'x86_64', prefix: 'python/' }],
    ['BuildArchitecture arm64', { buildMethod: 'python3.13', buildArchitecture: 'arm64' }, undefined, { kind: 'python', runtime: 'python3.13', architecture: 'arm64', prefix: 'python/' }],
    ['--arch wins over BuildArchitecture', { buildMethod: 'python3.12', buildArchitecture: 'arm64' }, 'x86_64', { kind: 'python', runtime: 'python3.12', architecture: 'x86_64', prefix: 'python/' }],
    ['makefile', { buildMethod: 'makefile' }, undefined, { kind: 'skipped', why: 'its BuildMethod is makefile: sam build runs its Makefile, which pylambda does not (build it with sam build)' }],
    ['another language', { buildMethod: 'nodejs20.x' }, undefined, { kind: 'skipped', why: 'its BuildMethod nodejs20.x is not a Python runtime' }],
    ['serverless.yml package.artifact', { artifact: 'deps.zip' }, undefined, { kind: 'skipped', why: 'its package.artifact deps.zip is deployed as it is by the Serverless Framework' }],
  ])('%s', (_what, extra, arch, expected) => {
    expect(layerBuild(layer(extra), user, arch)).toEqual(expected);
  });

  it.each([
    [{ buildMethod: 'python2.7' }, /Resources\.Shared: Metadata\.BuildMethod python2\.7 is not a Python runtime pylambda packages \(python3\.8, /],
    [{ buildMethod: 'python3.12', buildArchitecture: 'amd64' }, /^Resources\.Shared: Metadata\.BuildArchitecture amd64 is not a Lambda architecture \(x86_64 or arm64\)$/],
  ])('refuses %j, naming where it is', (extra, message) => {
    expect(() => layerBuild(layer(extra), user)).toThrow(UserError);
    expect(() => layerBuild(layer(extra), user)).toThrow(message);
  });
});

describe('layerBudget', () => {
  it.each<[string, { dependencyLayerBytes?: number; layers: CountedLayer[]; external: string[] }, ReturnType<typeof layerBudget>]>([
    ['no layers', { layers: [], external: [] }, { unzippedBytes: 0, counted: [], uncounted: [] }],
    ['--layer only', { dependencyLayerBytes: 5 * MB, layers: [], external: [] }, { unzippedBytes: 5 * MB, counted: [], uncounted: [] }],
    ['every layer the function lists, with --layer', { dependencyLayerBytes: 5 * MB, layers: [{ id: 'A', unzippedBytes: 10 * MB }, { id: 'B', unzippedBytes: 1 }], external: [] }, { unzippedBytes: 15 * MB + 1, counted: ['A', 'B'], uncounted: [] }],
    ['a layer not built here and an ARN are named, not counted', { layers: [{ id: 'A', unzippedBytes: 3 }, { id: 'Make' }], external: ['arn:aws:lambda:us-east-1:1:layer:x:1'] }, { unzippedBytes: 3, counted: ['A'], uncounted: ['Make', 'arn:aws:lambda:us-east-1:1:layer:x:1'] }],
    ['an empty layer counts as built', { layers: [{ id: 'Empty', unzippedBytes: 0 }], external: [] }, { unzippedBytes: 0, counted: ['Empty'], uncounted: [] }],
  ])('%s', (_what, input, expected) => {
    expect(layerBudget(input)).toEqual(expected);
  });
});

describe('uncountedLayersNote', () => {
  it.each<[string[], string[], string | undefined]>([
    [['Fn'], [], undefined],
    [['Fn'], ['arn:aws:lambda:us-east-1:1:layer:x:1'], 'Fn lists a layer pylambda does not build (arn:aws:lambda:us-east-1:1:layer:x:1): Lambda counts its unzipped size in the 250 MB limit, and the room left shown here does not'],
    [['Api', 'Worker'], ['Make', 'arn:x'], 'Api, Worker list 2 layers pylambda does not build (Make, arn:x): Lambda counts their unzipped size in the 250 MB limit, and the room left shown here does not'],
  ])('%j %j', (ids, uncounted, note) => {
    expect(uncountedLayersNote(ids, uncounted)).toBe(note);
  });
});

describe('layerImportPaths', () => {
  it('is what /opt/python and its site-packages put on sys.path; the rest of the layer is not importable', () => {
    expect(layerImportPaths([
      'python/shared.py', 'python/pkg/__init__.py', 'python/lib/python3.12/site-packages/requests/__init__.py',
      'python/lib/python3.11/site-packages/old.py', 'bin/tool', 'top.py',
    ], '3.12')).toEqual(['shared.py', 'pkg/__init__.py', 'requests/__init__.py', 'lib/python3.11/site-packages/old.py']);
  });
});

describe('nestedPythonWarning', () => {
  const built = layerBuild(layer({ buildMethod: 'python3.12' }), user);
  it('warns when a built layer holds python/: SAM puts it in python/python (aws-sam-cli#2443)', () => {
    expect(nestedPythonWarning(layer({ buildMethod: 'python3.12' }), built, ['python/shared.py'])).toMatch(/^with BuildMethod python3\.12, sam build copies ContentUri into python\/, so layer\/python\/ lands in \/opt\/python\/python, which is not on Lambda's path/);
  });
  it.each<[string, ReturnType<typeof layerBuild>, string[]]>([
    ['modules at the top, as SAM wants them', built, ['shared.py', 'requirements.txt']],
    ['a directory deployed as it is', layerBuild(layer(), user), ['python/shared.py']],
    ['python/ without modules', built, ['python/README.md']],
  ])('says nothing for %s', (_what, build, paths) => {
    expect(nestedPythonWarning(layer({ buildMethod: 'python3.12' }), build, paths)).toBeUndefined();
  });
});

// Lambda extracts a layer into /opt and puts /opt/python (and its site-packages) on sys.path, not /opt itself.
describe('rootModulesWarning: a layer deployed as it is, with its modules where Python does not look', () => {
  it.each<[string, Partial<LayerModel>, string[], string | undefined]>([
    ['a package and a module at the root, no python/', {}, ['common/', 'util.py', 'README.md'], 'common/, util.py'],
    ['python/ holds them', {}, ['python/', 'README.md'], undefined],
    ['python/ beside a stray module: what python/ holds imports', {}, ['python/', 'old.py'], undefined],
    ['native code only (bin/, lib/: plain directories)', {}, ['bin', 'lib'], undefined],
    ['hidden and private names', {}, ['.venv', '__pycache__/', '_build.py'], undefined],
    ['with a Python BuildMethod, sam build puts the root under python/', { buildMethod: 'python3.12' }, ['common/'], undefined],
    ['serverless.yml package.artifact: deployed as it is, not from here', { artifact: 'deps.zip' }, ['common/'], undefined],
  ])('%s', (_what, extra, entries, named) => {
    const message = rootModulesWarning(layer(extra), entries);
    if (named === undefined) expect(message).toBeUndefined();
    else expect(message).toBe(`layer holds ${named} at its root, which Lambda extracts into /opt, off Python's path (a layer's modules import from /opt/python): they will not import, on Lambda nor here. Move them into layer/python/`);
  });
});
