import { describe, expect, it } from 'vitest';
import { importChain, topLevelImports } from '../../src/core/packaging/module-imports.js';

const first = (source: string, file = 'app.py') => topLevelImports(source, file).map((candidates) => candidates[candidates.length - 2]);

describe('topLevelImports', () => {
  it.each<[string, string, string, (string | undefined)[]]>([
    ['import, with as and several', 'import os, src.utils as u\n', 'app.py', ['os.py', 'src/utils.py']],
    ['from, with its names as possible submodules', 'from src import handlers, utils as u\n', 'app.py', ['src.py', 'src/handlers.py', 'src/utils.py']],
    ['a parenthesized name list over lines', 'from src import (\n    a,\n    b,\n)\n', 'app.py', ['src.py', 'src/a.py', 'src/b.py']],
    ['relative, from a module of a package', 'from .utils import x\n', 'src/handlers.py', ['src/utils.py', 'src/utils/x.py']],
    ['relative, the package itself', 'from . import utils\n', 'src/__init__.py', ['src.py', 'src/utils.py']],
    ['two levels up', 'from ..core import y\n', 'pkg/sub/mod.py', ['pkg/core.py', 'pkg/core/y.py']],
    // Only the top level always runs: a function, a try or an if may never import.
    ['not inside a block', 'def f():\n    import lazy\ntry:\n    import optional\nexcept ImportError:\n    pass\n', 'app.py', []],
    ['not in a docstring or comment', '"""\nimport fake\n"""\n# import other\n', 'app.py', []],
  ])('%s', (_, source, file, expected) => {
    expect(first(source, file)).toEqual(expected);
  });

  it('runs the packages above a module first', () => {
    expect(topLevelImports('import a.b\n', 'app.py')).toEqual([['a.py', 'a/__init__.py', 'a/b.py', 'a/b/__init__.py']]);
  });
});

describe('importChain', () => {
  const files: Record<string, string> = {
    'lambda_function.py': 'from src.handlers import hello\n',
    'src/__init__.py': '',
    'src/handlers.py': 'from src.utils import ok\n',
    'src/utils.py': 'def (\n',
    'scripts/seed.py': 'import src.utils\n',
  };
  const read = (file: string) => files[file];

  it('follows top-level imports from the handler to the module', () => {
    expect(importChain('lambda_function.py', 'src/utils.py', read)).toEqual(['lambda_function.py', 'src/handlers.py', 'src/utils.py']);
  });

  it('is undefined for a module the handler never imports', () => {
    expect(importChain('lambda_function.py', 'scripts/seed.py', read)).toBeUndefined();
  });
});
