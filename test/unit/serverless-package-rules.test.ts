import { describe, expect, it } from 'vitest';
import { line, read } from './serverless-helpers.js';
import { functionsShippingDir, packagePatternFilter } from '../../src/core/packaging/patterns.js';

/** A service with `service` as its package block and `fn` as its one function's. */
const yml = (service: string, fn = '') => `
service: shop
provider: { name: aws, runtime: python3.12 }
${service}
functions:
  api:
    handler: lambda_handlers.api
    ${fn}
`;

const patternsOf = (text: string) => read(text).project!.functions[0]!.packagePatterns;

// Framework v3, lib/plugins/package/lib/package-service.js: getExcludes (each `x` as `!x`), then getIncludes
// (`include`, then `patterns`), the service's before the function's; the last rule that matches decides.
describe('serverless.yml package.exclude and package.include (the Framework v1-v3 syntax)', () => {
  it.each<[string, string, string, string[]]>([
    ['excludes, then includes (serverless/examples aws-python-auth0-custom-authorizers-api)', 'package: { exclude: [./**], include: [vendored/**, lambda_handlers.py] }', '',
      ['!./**', 'vendored/**', 'lambda_handlers.py']],
    ['an exclude written with ! takes the file back', 'package: { exclude: [docs/**, "!docs/keep.md"] }', '', ['!docs/**', 'docs/keep.md']],
    ['includes, then patterns, whatever the order they are written in', "package: { patterns: ['!tests/**'], include: [tests/fixtures/**], exclude: [README.md] }", '',
      ['!README.md', 'tests/fixtures/**', '!tests/**']],
    ["a function packaged individually: every exclusion, the service's first, then every inclusion", 'package: { individually: true, exclude: [./**], include: [shared/**] }',
      'package: { exclude: [shared/big/**], include: [lambda_handlers.py], patterns: ["!shared/tmp/**"] }',
      ['!./**', '!shared/big/**', 'shared/**', 'lambda_handlers.py', '!shared/tmp/**']],
  ])('%s', (_what, service, fn, patterns) => {
    expect(patternsOf(yml(service, fn))).toEqual(patterns);
  });

  it('leave out what the Framework leaves out of the zip', () => {
    const keep = packagePatternFilter(patternsOf(yml('package: { exclude: [./**], include: [vendored/**, lambda_handlers.py] }'))!);
    const files = ['lambda_handlers.py', 'vendored/jwt/__init__.py', 'secrets.json', 'frontend/index.html', 'Makefile'];
    expect(files.filter(keep)).toEqual(['lambda_handlers.py', 'vendored/jwt/__init__.py']);
  });

  it("of a function not packaged individually are not applied, and are said to be, as the Framework's patterns are", () => {
    const result = read(yml('package: { exclude: [docs/**] }', 'package: { include: [docs/api.md], exclude: [tests/**] }'));
    expect(result.project!.functions[0]!.packagePatterns).toEqual(['!docs/**']);
    expect(result.diagnostics.map(line)).toEqual([
      "warning functions.api.package.include: applies only with package.individually: true (the service's or the function's), as in the Framework",
      "warning functions.api.package.exclude: applies only with package.individually: true (the service's or the function's), as in the Framework",
    ]);
  });

  it("of a layer follow the service's, and its path stays out of the functions' packages", () => {
    const result = read(`
service: shop
provider: { name: aws, runtime: python3.12 }
package: { exclude: [docs/**], include: [docs/LICENSE] }
layers:
  deps: { path: layers/deps, package: { exclude: ["**/*.md"], patterns: ["!**/tests/**"] } }
functions:
  a: { handler: app.a, layers: [{ Ref: DepsLambdaLayer }] }
`);
    const fn = result.project!.functions[0]!;
    expect(fn.layers![0]!.packagePatterns).toEqual(['!docs/**', '!**/*.md', 'docs/LICENSE', '!**/tests/**']);
    expect(fn.packagePatterns).toEqual(['!docs/**', '!layers/deps/**', 'docs/LICENSE']);
  });
});

// The Framework's defaultExcludes (.git, .serverless, ...) do not name .pylambda/: serverless deploy ships it unless a pattern leaves it out.
describe("the functions whose serverless deploy package would take in pylambda's .pylambda/", () => {
  it.each<[string, string[] | undefined, string, boolean]>([
    ['no patterns', undefined, '.', true],
    ['patterns that leave out other things', ['!node_modules/**', '!tests/**', '!*.md'], '.', true],
    ["'!.pylambda/**'", ['!node_modules/**', '!.pylambda/**'], '.', false],
    ['an allow-list', ['!**', 'src/**'], '.', false],
    ['a pattern that takes everything back after it', ['!.pylambda/**', '**'], '.', true],
    ["a dotted exclusion ('!.*/**')", ['!.*/**'], '.', false],
    ["a serverless-python-requirements module's function, whose package holds its module's files alone", undefined, 'services/orders', false],
  ])('%s', (_what, packagePatterns, codeUri, ships) => {
    const fn = { id: 'api', codeUri, ...(packagePatterns ? { packagePatterns } : {}) };
    expect(functionsShippingDir('.pylambda', [fn])).toEqual(ships ? ['api'] : []);
  });
});
