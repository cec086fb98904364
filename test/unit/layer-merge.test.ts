/**
 * Layers extracted into /opt in the function's order, a later layer's file replacing an earlier one's
 * (core/runtime/layer-merge.ts): when a directory per layer imports the same, and the files of the merged view.
 */

import { describe, expect, it } from 'vitest';
import { mergeLayerFiles, sharedNames, type LayerRoots } from '../../src/core/runtime/layer-merge.js';

describe('the names two layers share under the sys.path roots', () => {
  const roots = (python: string[], sitePackages: string[] = []): LayerRoots => ({ python, sitePackages });
  it.each<[string, LayerRoots[], string[]]>([
    ['one layer', [roots(['mypkg', 'util.py'])], []],
    ['different packages', [roots(['a']), roots(['b']), roots([], ['c'])], []],
    ['both ship python/mypkg', [roots(['mypkg', 'a']), roots(['mypkg', 'b'])], ['mypkg']],
    ['the same module file', [roots(['util.py']), roots(['util.py'])], ['util.py']],
    // lib/ holds site-packages: every layer with one has it, and it is no package of theirs.
    ['lib, the way to site-packages', [roots(['lib'], ['a']), roots(['lib'], ['b'])], []],
    ['the same package in both site-packages', [roots(['lib'], ['requests']), roots(['lib'], ['requests'])], ['requests']],
    // Lambda finds an earlier layer's site-packages x before a later layer's /opt/python x.
    ['site-packages in one, python/ in the other', [roots(['lib'], ['x']), roots(['x'])], ['x']],
    ['one layer with x in both roots: the same order either way', [roots(['x', 'lib'], ['x']), roots(['y'])], []],
    ['three layers, two sharing', [roots(['a']), roots(['b']), roots(['a', 'c'])], ['a']],
  ])('%s', (_, layers, shared) => {
    expect(sharedNames(layers)).toEqual(shared);
  });
});

describe('the files of /opt once the layers are extracted in order', () => {
  const layer = (name: string, files: string[]) => ({ files, source: (p: string) => `/${name}/${p}` });
  const merged = (...layers: ReturnType<typeof layer>[]) => mergeLayerFiles(layers).map((f) => `${f.path} <- ${f.source}`);

  it('keeps every file of both layers in a package they share, the later layer\'s where both have one', () => {
    expect(merged(
      layer('one', ['python/mypkg/__init__.py', 'python/mypkg/a.py', 'python/mypkg/shared.py']),
      layer('two', ['python/mypkg/__init__.py', 'python/mypkg/b.py', 'python/mypkg/shared.py']),
    )).toEqual([
      'python/mypkg/__init__.py <- /two/python/mypkg/__init__.py',
      'python/mypkg/a.py <- /one/python/mypkg/a.py',
      'python/mypkg/b.py <- /two/python/mypkg/b.py',
      'python/mypkg/shared.py <- /two/python/mypkg/shared.py',
    ]);
  });

  it('the order is the function\'s: the last layer wins', () => {
    const one = layer('one', ['python/x.py']);
    const two = layer('two', ['python/x.py']);
    expect(merged(one, two)).toEqual(['python/x.py <- /two/python/x.py']);
    expect(merged(two, one)).toEqual(['python/x.py <- /one/python/x.py']);
  });

  it('a later file where an earlier layer had a directory replaces the directory, and the other way round', () => {
    expect(merged(layer('one', ['python/m/__init__.py', 'python/m/a.py', 'python/n.py']), layer('two', ['python/m', 'python/n.py/x']))).toEqual([
      'python/m <- /two/python/m',
      'python/n.py/x <- /two/python/n.py/x',
    ]);
  });

  it('no layers, or layers with no files: nothing', () => {
    expect(merged()).toEqual([]);
    expect(merged(layer('one', []), layer('two', []))).toEqual([]);
  });

  it('stays linear for layers of many files: within a small multiple of a map and a sort of the same paths', () => {
    const many = (name: string) => layer(name, Array.from({ length: 20_000 }, (_, i) => `python/pkg${i % 50}/m${i}.py`));
    const layers = [many('one'), many('two')];
    // Against a reference of the same size timed in the same run, not a wall-clock budget: a loaded CI machine slows
    // both alike, where a pass over every path per path (400M comparisons) stays hundreds of times slower.
    const best = (work: () => unknown) => Math.min(...[0, 1, 2].map(() => {
      const started = performance.now();
      work();
      return performance.now() - started;
    }));
    const reference = best(() => [...new Map(layers.flatMap((l) => l.files.map((f) => [f, l.source(f)]))).keys()].sort());
    expect(mergeLayerFiles(layers)).toHaveLength(20_000);
    expect(best(() => mergeLayerFiles(layers))).toBeLessThan(25 * reference + 50);
  });
});
