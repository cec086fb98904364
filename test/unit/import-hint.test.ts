import { describe, expect, it } from 'vitest';
import { listedRequirement, missingModule } from '../../src/core/runtime/import-hint.js';

describe('an import that failed on a dependency requirements.txt lists', () => {
  it.each<[string, string | undefined]>([
    ["Unable to import module 'app': No module named 'requests'", 'requests'],
    ["Unable to import module 'pkg.app': No module named 'requests.adapters'", 'requests'],
    ["Unable to import module 'app': No module named 'yaml'", 'yaml'],
    // A ModuleNotFoundError the handler raised: an import made when first needed.
    ["No module named 'humanize'", 'humanize'],
    ["No module named 'requests.adapters'", 'requests'],
    ["cannot import name 'x' from 'y' (/var/task/y.py)", undefined],
    // The handler's own module is missing: no dependency to name.
    ["Unable to import module 'app': cannot import name 'x' from 'y' (/var/task/y.py)", undefined],
    ['Handler \'handler\' missing on module \'app\'', undefined],
  ])('%s -> %s', (message, module) => {
    expect(missingModule(message)).toBe(module);
  });

  it.each<[string, string, string | undefined]>([
    ['requests', 'requests==2.32.3\nboto3\n', 'requests'],
    ['requests', '# comment\nRequests>=2 ; python_version >= "3.9"\n', 'requests'],
    ['pydantic_core', 'pydantic-core==2.1\n', 'pydantic-core'],
    ['yaml', 'PyYAML==6.0.1\n', 'pyyaml'],
    ['jwt', 'PyJWT[crypto]\n', 'pyjwt'],
    ['PIL', 'Pillow\n', 'pillow'],
    ['psycopg2', 'psycopg2-binary==2.9\n', 'psycopg2-binary'],
    ['requests', '-r other.txt\n./local-wheel.whl\n', undefined],
    ['numpy', 'requests\n', undefined],
  ])('%s in %j -> %s', (module, requirements, requirement) => {
    expect(listedRequirement(module, requirements)).toBe(requirement);
  });
});
