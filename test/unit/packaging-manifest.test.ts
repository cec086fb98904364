import { describe, expect, it } from 'vitest';
import {
  artifactFileName, buildKeyMaterial, groupFunctions, handlerModuleFound, mergeManifest, parseManifest, MANIFEST_SCHEMA,
  type FunctionArtifacts, type PackageManifest,
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

  it.each(['', '{', '[]', 'null', JSON.stringify({ schema: 'other/9', project: 'x', functions: {} }), JSON.stringify({ schema: MANIFEST_SCHEMA, functions: {} })])('ignores %j', (text) => {
    expect(parseManifest(text)).toBeUndefined();
  });
});

describe('mergeManifest', () => {
  const previous: PackageManifest = { schema: MANIFEST_SCHEMA, project: 'template.yaml', functions: { A: fn('A.zip'), B: fn('B.zip'), Gone: fn('Gone.zip') } };
  it('keeps the other functions whose files are still there, replaces the packaged ones, sorts by id', () => {
    const merged = mergeManifest(previous, { C: fn('C.zip'), A: fn('A.zip', 'A.layer.zip') }, 'template.yaml', (f) => f !== 'Gone.zip');
    expect(Object.keys(merged.functions)).toEqual(['A', 'B', 'C']);
    expect(merged.functions.A!.layer?.file).toBe('A.layer.zip');
  });

  it('starts afresh for another project file', () => {
    expect(Object.keys(mergeManifest(previous, { C: fn('C.zip') }, 'serverless.yml', () => true).functions)).toEqual(['C']);
  });
});

describe('groupFunctions', () => {
  it('builds once per code directory, runtime and architecture, in template order', () => {
    const f = (id: string, codeDir: string, runtime = 'python3.12', architecture: 'x86_64' | 'arm64' = 'x86_64') => ({ id, codeDir, runtime, architecture });
    const groups = groupFunctions([f('A', '/p/src'), f('B', '/p/other'), f('C', '/p/src'), f('D', '/p/src', 'python3.11'), f('E', '/p/src', 'python3.12', 'arm64')]);
    expect(groups.map((g) => g.map((x) => x.id))).toEqual([['A', 'C'], ['B'], ['D'], ['E']]);
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
