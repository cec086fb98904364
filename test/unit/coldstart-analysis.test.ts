import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeImports } from '../../src/core/coldstart/analysis.js';
import { HANDLER_IMPORT_MARKER, INVOKE_MARKER, parseImportTime } from '../../src/core/coldstart/importtime.js';
import { ownerOf, parseModuleMap, type ModuleMap } from '../../src/core/coldstart/modules.js';
import { chainOf, indexTree, LAMBDA_PRELOADED, rootPhases, RUNTIME_MODULES, userCumulativeUs } from '../../src/core/coldstart/tree-index.js';
import { FIXTURES, ROOT } from '../helpers.js';

/**
 * bootstrap-importtime.txt: stderr of pylambda_bootstrap.py with -X importtime loading
 * fixtures/coldstart/slow-project (lambda_function -> src.handlers -> email.parser + slowpkg, which
 * sleeps 80 ms at import), interleaved with a line the handler module prints and the traceback of the
 * runtime failing to reach its (absent) Runtime API afterwards.
 */
const stderr = readFileSync(`${FIXTURES}coldstart/bootstrap-importtime.txt`, 'utf8');
const tree = parseImportTime(stderr);
const line = (self: number, cumulative: number, depth: number, name: string) =>
  `import time: ${String(self).padStart(9)} | ${String(cumulative).padStart(10)} | ${'  '.repeat(depth)}${name}`;

const modules: ModuleMap = {
  python: '3.11.7',
  packages: { simplejson: [{ name: 'simplejson', version: '3.19.3' }] },
  stdlib: ['email', 'json', 'sys', 'time', 'string', 'socket', 'urllib', 'random', 'datetime', 'calendar', 'locale', 'ipaddress',
    'binascii', 'base64', 'quopri', 'struct', '_struct', '_string', 'math', 'bisect', '_bisect', '_random', '_sha512', 'collections',
    'select', 'selectors', 'errno', 'array', '_datetime', '_locale'],
  local: ['lambda_function', 'src', 'slowpkg'],
};

describe('phases of a cold start', () => {
  it.each([
    ['start-up through site, then the runtime run, then the user', ['enc', 'site', 'json', 'pylambda_logging', 'src'], ['startup', 'startup', 'runtime', 'runtime', 'user']],
    ['a runtime module after the user started is the user\'s', ['site', 'json', 'src', 'threading'], ['startup', 'runtime', 'user', 'user']],
    ['no site (python -S): no start-up phase', ['json', 'src'], ['runtime', 'user']],
    ['no runtime (python -c "import x")', ['site', 'x'], ['startup', 'user']],
    ['importlib.machinery counts as importlib', ['site', 'importlib.machinery', 'x'], ['startup', 'runtime', 'user']],
    ['the runtime client\'s context module is the runtime\'s', ['site', 'pylambda_context', 'x'], ['startup', 'runtime', 'user']],
  ])('%s', (_name, names, phases) => {
    const roots = names.map((name) => ({ name, selfUs: 1, cumulativeUs: 1, depth: 0, children: [] }));
    expect(rootPhases(roots, RUNTIME_MODULES.pylambda)).toEqual(phases);
  });

  it('splits the real bootstrap run: the runtime\'s own imports are not the user\'s', () => {
    const analysis = analyzeImports(tree, { handlerModule: 'lambda_function' });
    expect(analysis.runtimeImports).toEqual(['_socket', 'importlib', 'json', 'pylambda_logging', 'threading', 'importlib.machinery']);
    expect(analysis.packages.map((p) => p.name).sort()).toEqual(
      ['_datetime', '_locale', '_random', '_sha512', '_struct', 'array', 'base64', 'binascii', 'bisect', '_bisect', 'calendar',
        'collections', 'datetime', 'email', 'errno', 'ipaddress', 'locale', 'quopri', 'random', 'select', 'selectors', 'slowpkg',
        'socket', 'src', 'struct', 'urllib'].sort());
    // string (8.734 ms, under email.quoprimime) and math (0.170 ms, under random) are preloaded on Lambda: the
    // runtime's, not the user's.
    expect(analysis.preloadedImports).toEqual(['string', 'math']);
    expect(analysis.phases.user.ms).toBeCloseTo(131.032 + 0.138 - 8.734 - 0.170, 6);
    expect(analysis.phases.runtime.ms).toBeCloseTo(0.491 + 0.49 + 23.919 + 0.154 + 9.296 + 0.104 + 8.734 + 0.170, 6);
    expect(analysis.phases.startup.ms + analysis.phases.runtime.ms + analysis.phases.user.ms).toBeCloseTo(analysis.totalMs, 6);
    expect(analysis.truncated).toBe(false);
  });
});

describe('heaviest packages and their chains', () => {
  const analysis = analyzeImports(tree, { handlerModule: 'lambda_function', modules });

  it('finds the package that sleeps 80 ms at the top, with about 80 ms and the chain that pulled it in', () => {
    const [top] = analysis.packages;
    expect(top!.name).toBe('slowpkg');
    expect(top!.selfMs).toBeGreaterThanOrEqual(80);
    expect(top!.selfMs).toBeLessThan(90);
    expect(top!.firstImport.chain).toEqual(['lambda_function', 'src.handlers', 'slowpkg']);
    expect(analysis.heaviestModules[0]).toMatchObject({ module: 'slowpkg', chain: ['lambda_function', 'src.handlers', 'slowpkg'] });
  });

  it('sums self time per top-level package, and gives the first import of each', () => {
    const email = analysis.packages.find((p) => p.name === 'email')!;
    expect(email.modules).toBe(12);
    // 50.294 in the profile, less string's 8.734 and math's 0.170 (preloaded on Lambda).
    expect(email.firstImport).toEqual({ module: 'email.parser', cumulativeMs: 41.39, chain: ['lambda_function', 'src.handlers', 'email.parser'] });
    // The self times of the 12 email.* lines of the fixture.
    expect(email.selfMs).toBeCloseTo(15.512, 6);
  });

  it('groups by distribution: stdlib together, the project\'s own modules as your code, heaviest first', () => {
    const names = analysis.distributions!.map((d) => d.name);
    expect(names).toEqual(['your code', 'Python standard library']);
    const own = analysis.distributions![0]!;
    expect(own).toMatchObject({ kind: 'local', packages: ['slowpkg', 'src'] });
    const stdlib = analysis.distributions![1]!;
    expect(stdlib.packages[0]).toBe('email');
    expect(stdlib.modules).toBe(analysis.packages.filter((p) => p.owner?.kind === 'stdlib').reduce((n, p) => n + p.modules, 0));
  });

  it('lists modules by self time, with chains from the handler module', () => {
    expect(analysis.heaviestModules).toHaveLength(10);
    const feedparser = analysis.heaviestModules.find((m) => m.module === 'email.feedparser')!;
    expect(feedparser).toEqual({ module: 'email.feedparser', selfMs: 12.498, cumulativeMs: 41.009, chain: ['lambda_function', 'src.handlers', 'email.parser', 'email.feedparser'] });
  });
});

describe('chains and repeated imports', () => {
  it.each([
    ['the handler module is not in the tree (loaded by importlib)', 'lambda_function', 'pandas', ['lambda_function', 'src.handlers', 'pandas']],
    ['a package path handler', 'app/main', 'pandas', ['app.main', 'src.handlers', 'pandas']],
    ['the handler module is in the tree (python -c "import lambda_function")', 'src.handlers', 'pandas', ['src.handlers', 'pandas']],
  ])('%s', (_name, handlerModule, module, chain) => {
    const t = parseImportTime([line(1, 1, 0, 'site'), line(300, 300, 1, 'pandas'), line(5, 305, 0, 'src.handlers')].join('\n'));
    const index = indexTree(t, { handlerModule });
    expect(chainOf(index, index.first.get(module)!)).toEqual(chain);
  });

  it('counts only the first import of a module printed twice', () => {
    const t = parseImportTime([line(1, 1, 0, 'site'), line(2, 2, 0, 'ujson'), line(4, 4, 0, 'orjson'), line(3, 3, 0, 'ujson')].join('\n'));
    const analysis = analyzeImports(t, { handlerModule: 'h', runtimeModules: [] });
    expect(analysis.packages.find((p) => p.name === 'ujson')).toMatchObject({ selfMs: 0.002, modules: 1 });
    expect(analysis.phases.user.modules).toBe(2);
  });

  it('uses the runtime modules it is given (awslambdaric)', () => {
    const t = parseImportTime([line(1, 1, 0, 'site'), line(9, 9, 0, 'awslambdaric'), line(2, 2, 0, 'src')].join('\n'));
    const analysis = analyzeImports(t, { handlerModule: 'h', runtimeModules: RUNTIME_MODULES.awslambdaric });
    expect(analysis.runtimeImports).toEqual(['awslambdaric']);
    expect(analysis.packages.map((p) => p.name)).toEqual(['src']);
  });
});

describe('modules Lambda\'s runtime has loaded before the handler', () => {
  it('are the same list the runtime client keeps standard (runtime/python/pylambda_imports.py)', () => {
    const source = readFileSync(`${ROOT}runtime/python/pylambda_imports.py`, 'utf8');
    const listed = /LAMBDA_PRELOADED = frozenset\(\(([\s\S]*?)\)\)/.exec(source)![1]!.match(/"[a-z_]+"/g)!.map((n) => n.slice(1, -1));
    expect([...LAMBDA_PRELOADED].sort()).toEqual(listed.sort());
  });

  // app imports logging (which imports string), then yaml; on Lambda awslambdaric imported logging already.
  const t = parseImportTime([
    line(1, 1, 0, 'site'), line(40, 40, 0, 'pylambda_runtime'),
    line(700, 700, 2, 'string'), line(2000, 2700, 1, 'logging'), line(5000, 5000, 1, 'yaml'), line(300, 8000, 0, 'app'),
  ].join('\n'));
  const analysis = analyzeImports(t, { handlerModule: 'app' });

  it('counts logging and what it pulled in as the runtime\'s, not the function\'s', () => {
    expect(analysis.preloadedImports).toEqual(['logging']);
    expect(analysis.phases.user).toEqual({ ms: 5.3, modules: 2 });
    expect(analysis.phases.runtime).toEqual({ ms: 0.04 + 2.7, modules: 3 });
    expect(analysis.phases.startup.ms + analysis.phases.runtime.ms + analysis.phases.user.ms).toBeCloseTo(analysis.totalMs, 6);
    expect(analysis.packages.map((p) => p.name)).toEqual(['yaml', 'app']);
    expect(analysis.packages.find((p) => p.name === 'app')!.firstImport.cumulativeMs).toBe(5.3);
  });

  it('keeps the user\'s chain for a preloaded module, and a later import of it stays the runtime\'s', () => {
    const index = indexTree(t, { handlerModule: 'app' });
    expect(chainOf(index, index.first.get('logging')!)).toEqual(['app', 'logging']);
    expect(userCumulativeUs(index, index.first.get('app')!)).toBe(5300);
  });

  it.each([
    ['a root import of the handler loaded by importlib (awslambdaric)', [line(1, 1, 0, 'site'), line(9, 9, 0, 'decimal'), line(2, 2, 0, 'src')], ['decimal']],
    ['the first invocation\'s lazy import is left alone', [line(1, 1, 0, 'site'), HANDLER_IMPORT_MARKER, line(2, 2, 0, 'src'), INVOKE_MARKER, line(9, 9, 0, 'decimal')], []],
    ['a module the runtime client imported already is not counted twice', [line(1, 1, 0, 'site'), line(9, 9, 0, 'json'), line(3, 3, 1, 'json'), line(2, 5, 0, 'src')], []],
  ])('%s', (_name, lines, preloaded) => {
    const a = analyzeImports(parseImportTime(lines.join('\n')), { handlerModule: 'h', runtimeModules: ['json'] });
    expect(a.preloadedImports).toEqual(preloaded);
  });
});

describe('module map', () => {
  it.each([
    ['simplejson', { kind: 'distribution', name: 'simplejson', version: '3.19.3' }],
    ['email', { kind: 'stdlib', name: 'Python standard library' }],
    ['src', { kind: 'local', name: 'your code' }],
    ['lambda_function', { kind: 'local', name: 'your code' }],
    ['mystery', { kind: 'unknown', name: 'mystery' }],
  ])('%s', (topLevel, owner) => {
    expect(ownerOf(topLevel, modules, 'lambda_function')).toEqual(owner);
  });

  it('names every distribution of a namespace package', () => {
    const map = { ...modules, packages: { google: [{ name: 'protobuf', version: '5.0' }, { name: 'googleapis-common-protos', version: '1.6' }] } };
    expect(ownerOf('google', map, 'h')).toEqual({ kind: 'distribution', name: 'protobuf + googleapis-common-protos' });
  });

  it('validates the script output', () => {
    expect(parseModuleMap(JSON.parse(JSON.stringify(modules)))).toEqual(modules);
    expect(() => parseModuleMap({ python: '3.12', packages: { x: [{ name: 'x' }] }, stdlib: [] })).toThrow(/packages\.x\.0\.version/);
  });
});
