import { describe, expect, it } from 'vitest';
import {
  artifactFileName, buildKeyMaterial, groupFunctions, handlerModuleFound, mergeManifest, notPackaged, parseManifest, MANIFEST_SCHEMA,
  type FunctionArtifacts, type LayerArtifacts, type PackageManifest,
} from '../../src/core/packaging/manifest.js';

const ref = (file: string, sha = 'a'.repeat(64)) => ({ file, sha256: sha, codeSha256: 'qqqq', bytes: 10, unzippedBytes: 20, buildKey: 'k' });
const fn = (file: string, layer?: string): FunctionArtifacts => ({ runtime: 'python3.12', architecture: 'x86_64', handler: 'app.handler', zip: ref(file), ...(layer ? { layer: ref(layer) } : {}) });

describe('artifactFileName', () => {
  it.each([
    ['HelloFunction', 'function', 'HelloFunction.zip'],
    ['HelloFunction', 'layer', 'HelloFunction.layer.zip'],
    ['api-handler_v2', 'function', 'api-handler_v2.zip'],
    ['weird/name:x', 'function', 'weird_name_x.zip'],
    ['..', 'function', '_.zip'],
  ] as const)('%s (%s) -> %s', (id, kind, name) => expect(artifactFileName(id, kind)).toBe(name));
});

describe('parseManifest', () => {
  it('reads its own schema and skips malformed entries', () => {
    const text = JSON.stringify({ schema: MANIFEST_SCHEMA, project: 'template.yaml', functions: { A: fn('A.zip'), B: { zip: { file: 1 } }, C: fn('C.zip', 'C.layer.zip') } });
    expect(parseManifest(text)).toEqual({ schema: MANIFEST_SCHEMA, project: 'template.yaml', functions: { A: fn('A.zip'), C: fn('C.zip', 'C.layer.zip') } });
  });

  it.each(['../../src/app.py', '/etc/passwd.zip', '.hidden.zip', 'sub/A.zip', 'A.txt'])('drops an entry whose file is %j: never read or removed', (file) => {
    const text = JSON.stringify({ schema: MANIFEST_SCHEMA, project: 'template.yaml', functions: { A: fn('A.zip'), Bad: fn(file), Layer: fn('L.zip', file) } });
    expect(Object.keys(parseManifest(text)!.functions)).toEqual(['A']);
  });

  it.each(['', '{', '[]', 'null', JSON.stringify({ schema: 'other/9', project: 'x', functions: {} }), JSON.stringify({ schema: MANIFEST_SCHEMA, functions: {} })])('ignores %j', (text) => {
    expect(parseManifest(text)).toBeUndefined();
  });
});

describe('mergeManifest', () => {
  const previous: PackageManifest = { schema: MANIFEST_SCHEMA, project: 'template.yaml', functions: { A: fn('A.zip'), B: fn('B.zip', 'B.layer.zip'), Gone: fn('Gone.zip') } };
  const scope = (functions: string[], missing: string[] = [], project = 'template.yaml') => ({ project, functions, fileExists: (f: string) => !missing.includes(f) });

  it.each([
    ['a run for A keeps B, still in the project, and replaces A', { A: fn('A.zip') }, scope(['A', 'B', 'Gone']), ['A', 'B', 'Gone'], []],
    ['a new function is added, sorted by id', { C: fn('C.zip') }, scope(['A', 'B', 'C', 'Gone']), ['A', 'B', 'C', 'Gone'], []],
    ['an entry whose file is gone is dropped', { A: fn('A.zip') }, scope(['A', 'B', 'Gone'], ['Gone.zip']), ['A', 'B'], ['Gone.zip']],
    ['an entry whose layer zip is gone is dropped', { A: fn('A.zip') }, scope(['A', 'B', 'Gone'], ['B.layer.zip']), ['A', 'Gone'], ['B.layer.zip', 'B.zip']],
    ['a full run after a rename: the old name and its zips go', { A: fn('A.zip'), B: fn('B.zip', 'B.layer.zip'), New: fn('New.zip') }, scope(['A', 'B', 'New']), ['A', 'B', 'New'], ['Gone.zip']],
    ['a run for A after B left the project (removed, false Condition, not packaged here)', { A: fn('A.zip') }, scope(['A', 'Gone']), ['A', 'Gone'], ['B.layer.zip', 'B.zip']],
    ['a function packaged without --layer loses its layer zip', { B: fn('B.zip') }, scope(['A', 'B', 'Gone']), ['A', 'B', 'Gone'], ['B.layer.zip']],
    ['another project file: every earlier entry and zip goes', { A: fn('A.zip') }, scope(['A', 'B'], [], 'serverless.yml'), ['A'], ['B.layer.zip', 'B.zip', 'Gone.zip']],
  ])('%s', (_what, packaged, s, ids, stale) => {
    const update = mergeManifest(previous, packaged, s);
    expect(Object.keys(update.manifest.functions)).toEqual(ids);
    expect(update.stale).toEqual(stale);
  });

  it('takes this run\'s entry over the previous one', () => {
    const update = mergeManifest(previous, { A: fn('A.zip', 'A.layer.zip') }, scope(['A', 'B']));
    expect(update.manifest.functions.A!.layer?.file).toBe('A.layer.zip');
    expect(update.manifest.project).toBe('template.yaml');
  });

  it('with no previous manifest, removes nothing', () => {
    expect(mergeManifest(undefined, { A: fn('A.zip') }, scope(['A'])).stale).toEqual([]);
  });
});

describe('the project\'s layers in the manifest', () => {
  const sam = (file: string, sha = 'b'.repeat(64)): LayerArtifacts => ({ runtime: 'python3.12', architecture: 'x86_64', contentUri: 'layer/', buildMethod: 'python3.12', zip: ref(file, sha) });
  const uses = (file: string, ...layers: string[]): FunctionArtifacts => ({ ...fn(file), layers });
  const previous: PackageManifest = {
    schema: MANIFEST_SCHEMA, project: 'template.yaml',
    functions: { A: uses('A.zip', 'Shared'), B: uses('B.zip', 'Shared', 'Other'), C: fn('C.zip') },
    layers: { Other: sam('Other.layer.zip'), Shared: sam('Shared.layer.zip') },
  };
  const scope = (functions: string[], missing: string[] = []) => ({ project: 'template.yaml', functions, fileExists: (f: string) => !missing.includes(f) });

  it('reads them back, and drops a malformed layer or a function whose layers are not a list of ids', () => {
    const text = JSON.stringify({
      ...previous,
      functions: { ...previous.functions, Bad: { ...fn('Bad.zip'), layers: 'Shared' } },
      layers: { ...previous.layers, NoDir: { ...sam('N.layer.zip'), contentUri: 3 }, Escape: sam('../x.zip') },
    });
    expect(parseManifest(text)).toEqual(previous);
  });

  it.each<[string, Record<string, FunctionArtifacts>, Record<string, LayerArtifacts>, ReturnType<typeof scope>, string[], string[], string[]]>([
    ['a run for A rebuilds Shared; B keeps it and Other', { A: uses('A.zip', 'Shared') }, { Shared: sam('Shared.layer.zip', 'c'.repeat(64)) }, scope(['A', 'B', 'C']), ['A', 'B', 'C'], ['Other', 'Shared'], []],
    ['a full run where no function lists Other any more: its zip goes', { A: uses('A.zip', 'Shared'), B: uses('B.zip', 'Shared'), C: fn('C.zip') }, { Shared: sam('Shared.layer.zip') }, scope(['A', 'B', 'C']), ['A', 'B', 'C'], ['Shared'], ['Other.layer.zip']],
    ['a run for C after B left the project: Other goes with it', { C: fn('C.zip') }, {}, scope(['A', 'C']), ['A', 'C'], ['Shared'], ['B.zip', 'Other.layer.zip']],
    ['a function whose layer zip is gone loses its entry', { C: fn('C.zip') }, {}, scope(['A', 'B', 'C'], ['Other.layer.zip']), ['A', 'C'], ['Shared'], ['B.zip', 'Other.layer.zip']],
    ['no function lists a layer: no layers key', { A: fn('A.zip'), C: fn('C.zip') }, {}, scope(['A', 'C']), ['A', 'C'], [], ['B.zip', 'Other.layer.zip', 'Shared.layer.zip']],
  ])('%s', (_what, packaged, layers, s, ids, layerIds, stale) => {
    const update = mergeManifest(previous, packaged, s, layers);
    expect(Object.keys(update.manifest.functions)).toEqual(ids);
    expect(update.manifest.layers === undefined ? [] : Object.keys(update.manifest.layers)).toEqual(layerIds);
    expect(update.stale).toEqual(stale);
    if (layers.Shared) expect(update.manifest.layers!.Shared).toBe(layers.Shared);
  });
});

describe('notPackaged', () => {
  it.each([
    [{}, undefined],
    [{ artifact: 'dist/api.zip' }, 'its package.artifact dist/api.zip is deployed as it is by the Serverless Framework, so pylambda does not package it'],
  ])('%j', (fn, why) => expect(notPackaged(fn)).toBe(why));
});

describe('groupFunctions', () => {
  it('builds once per code directory, runtime and architecture, in template order', () => {
    const f = (id: string, codeDir: string, runtime = 'python3.12', architecture: 'x86_64' | 'arm64' = 'x86_64') => ({ id, codeDir, runtime, architecture });
    const groups = groupFunctions([f('A', '/p/src'), f('B', '/p/other'), f('C', '/p/src'), f('D', '/p/src', 'python3.11'), f('E', '/p/src', 'python3.12', 'arm64')]);
    expect(groups.map((g) => g.map((x) => x.id))).toEqual([['A', 'C'], ['B'], ['D'], ['E']]);
  });

  it('builds apart functions that list other layers: their budgets differ', () => {
    const f = (id: string, layers?: string[]) => ({ id, codeDir: '/p/src', runtime: 'python3.12', architecture: 'x86_64' as const, ...(layers ? { layers } : {}) });
    const groups = groupFunctions([f('A', ['Shared']), f('B'), f('C', ['Shared']), f('D', ['Shared', 'arn:x']), f('E', [])]);
    expect(groups.map((g) => g.map((x) => x.id))).toEqual([['A', 'C'], ['B', 'E'], ['D']]);
  });
});

describe('buildKeyMaterial', () => {
  it('changes with any path, mode or content, and with the kind', () => {
    const base = buildKeyMaterial('function', [{ path: 'a.py', mode: 0o100644, content: 'x' }]);
    expect(buildKeyMaterial('function', [{ path: 'a.py', mode: 0o100644, content: 'x' }])).toBe(base);
    for (const other of [
      buildKeyMaterial('layer', [{ path: 'a.py', mode: 0o100644, content: 'x' }]),
      buildKeyMaterial('function', [{ path: 'b.py', mode: 0o100644, content: 'x' }]),
      buildKeyMaterial('function', [{ path: 'a.py', mode: 0o100755, content: 'x' }]),
      buildKeyMaterial('function', [{ path: 'a.py', mode: 0o100644, content: 'y' }]),
    ]) expect(other).not.toBe(base);
  });
});

describe('handlerModuleFound', () => {
  it.each([
    ['app.handler', ['app.py'], true],
    ['app.handler', ['app/__init__.py'], true],
    ['app.handler', ['app/views.py'], true], // a namespace package
    ['app.handler', ['app.cpython-312-x86_64-linux-gnu.so'], true],
    ['src/app.handler', ['src/app.py'], true],
    ['pkg.mod.handler', ['pkg/mod.py'], true],
    ['app.handler', ['application.py', 'src/app.py', '__pycache__/app.cpython-312.pyc'], false],
    ['pkg.mod.handler', ['pkg/other.py', 'mod.py'], false],
    ['nodot', [], true],
  ])('%s in %j: %s', (handler, paths, found) => expect(handlerModuleFound(handler, paths)).toBe(found));
});
