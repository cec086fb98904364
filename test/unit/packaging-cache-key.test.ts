import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CACHE_SCHEMA, cacheKey, cacheKeyMaterial, effectiveRequirements, expandRequirementVariables, normaliseRequirements, requirementIncludes, uncacheableReason, withoutCredentials, type CacheKeyInput,
} from '../../src/core/packaging/cache-key.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const base: CacheKeyInput = {
  requirements: [{ path: 'requirements.txt', content: 'requests==2.32.3\npydantic==2.9.2\n' }],
  runtime: 'python3.12',
  architecture: 'x86_64',
  installer: { name: 'pip', version: '24.2' },
  flags: ['--only-binary=:all:', '--platform', 'manylinux_2_34_x86_64'],
};

describe('requirements as pip reads them', () => {
  it('drops comments, blank lines, continuations and line-ending differences', () => {
    const a = 'requests==2.32.3  # HTTP\r\n\r\n# tools\npydantic==2.9.2 \\\n  --hash=sha256:abc\n';
    expect(normaliseRequirements(a)).toBe('requests==2.32.3\npydantic==2.9.2   --hash=sha256:abc');
  });

  it('keeps a # that is part of a URL', () => {
    expect(normaliseRequirements('git+https://example.com/r.git@0123456789abcdef0123456789abcdef01234567#egg=r')).toBe(
      'git+https://example.com/r.git@0123456789abcdef0123456789abcdef01234567#egg=r',
    );
  });

  it('finds the files it includes', () => {
    expect(requirementIncludes('-r base.txt\n--requirement=extra.txt\n-c constraints.txt\n--constraint more.txt\nrequests\n')).toEqual([
      { kind: 'requirement', path: 'base.txt' },
      { kind: 'requirement', path: 'extra.txt' },
      { kind: 'constraint', path: 'constraints.txt' },
      { kind: 'constraint', path: 'more.txt' },
    ]);
  });

  // pip splits each line as a shell does: a quoted path with a space is one value. Missed, the included
  // file's changes never reached the key, and a re-package kept the old dependencies.
  it('finds an include whose path is quoted', () => {
    expect(requirementIncludes('-r "other reqs.txt"\n--constraint=\'c d.txt\'\n-r "unclosed.txt\n-r more\\ reqs.txt\n-r /abs/base.txt\n')).toEqual([
      { kind: 'requirement', path: 'other reqs.txt' },
      { kind: 'constraint', path: 'c d.txt' },
      { kind: 'requirement', path: 'more reqs.txt' },
      { kind: 'requirement', path: '/abs/base.txt' },
    ]);
  });

  it.each([
    ['requests==2.32.3\nboto3>=1.34', undefined],
    ['-e ./libs/shared', /editable/],
    ['./libs/shared', /local path/],
    ['shared @ file:///src/shared', /local path/],
    ['git+https://github.com/o/r.git@main#egg=r', /not a full commit hash/],
    ['r @ git+https://github.com/o/r.git@v1.0', /not a full commit hash/],
    ['git+https://github.com/o/r.git@0123456789abcdef0123456789abcdef01234567#egg=r', undefined],
    ['https://example.com/pkg-1.0.tar.gz', undefined],
    // A wheel added to a local directory changes what installs, the text does not.
    ['--no-index\n--find-links ./wheels\nsix', /local directory of wheels/],
    ['-f wheels\nsix', /local directory of wheels/],
    ['--find-links="my wheels"\nsix', /local directory of wheels/],
    ['--find-links file:///srv/wheels\nsix', /local directory of wheels/],
    ['--find-links https://example.com/wheels/\nsix', undefined],
  ])('cacheable %j: %s', (content, reason) => {
    const result = uncacheableReason(content);
    if (reason === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(reason);
  });
});

// pip (req_file.py, ENV_VAR_RE) and uv replace `${NAME}` in a requirements file by the variable's value
// before reading the line. Left out of the key, `six==${SIX}` stayed cached at the first value of SIX.
describe('environment variables in requirements', () => {
  it('expands them as pip does: an unset one stays as written', () => {
    expect(expandRequirementVariables('-r ${BASE}/base.txt\nsix==${SIX}\nidna==${UNSET}', { BASE: 'reqs', SIX: '1.16.0' }))
      .toBe('-r reqs/base.txt\nsix==1.16.0\nidna==${UNSET}');
    expect(requirementIncludes(expandRequirementVariables('-r ${BASE}/base.txt', { BASE: 'reqs' }))).toEqual([{ kind: 'requirement', path: 'reqs/base.txt' }]);
    // Only upper-case letters, digits and _, as pip reads them; $HOME and ${lower} stay as written.
    expect(expandRequirementVariables('six==$SIX\nidna==${lower}', { SIX: '1', lower: '2' })).toBe('six==$SIX\nidna==${lower}');
  });

  it.each<[string, string, Record<string, string>, string]>([
    ['a version', 'six==${SIX}', { SIX: '1.17.0' }, 'six==1.17.0'],
    ['a token in an index URL, taken out', '--index-url https://aws:${TOKEN}@acme-1234.d.codeartifact.us-east-1.amazonaws.com/pypi/r/simple/\nsix', { TOKEN: 'eyJ2ZXIi' }, '--index-url https://acme-1234.d.codeartifact.us-east-1.amazonaws.com/pypi/r/simple/\nsix'],
    ['credentials written out, taken out too', 'pkg @ git+https://user:pw@github.com/acme/pkg@0123456789012345678901234567890123456789', {}, 'pkg @ git+https://github.com/acme/pkg@0123456789012345678901234567890123456789'],
    ['an @ in a version spec or a path is no credential', 'pkg @ https://example.com/pkg-1.0.tar.gz\n./libs/x', {}, 'pkg @ https://example.com/pkg-1.0.tar.gz\n./libs/x'],
  ])('installs what it names: %s', (_what, content, env, effective) => {
    expect(effectiveRequirements(content, env)).toBe(effective);
  });

  // PIP_INDEX_URL with a CodeArtifact token: a new token every twelve hours must not empty the cache.
  it('takes credentials out of index URLs in the environment as in requirements', () => {
    expect(withoutCredentials('{"PIP_INDEX_URL":"https://aws:T1@acme.d.codeartifact.us-east-1.amazonaws.com/pypi/r/simple/"}'))
      .toBe('{"PIP_INDEX_URL":"https://acme.d.codeartifact.us-east-1.amazonaws.com/pypi/r/simple/"}');
    expect(withoutCredentials('https://pypi.org/simple')).toBe('https://pypi.org/simple');
  });

  it('a local path reached through a variable is not cached, and its note shows no credentials', () => {
    expect(uncacheableReason(effectiveRequirements('${ROOT}/libs/shared', { ROOT: '/home/me/acme' }))).toBe('/home/me/acme/libs/shared: a local path can change without the requirements changing');
    expect(uncacheableReason(effectiveRequirements('pkg @ git+https://u:${TOKEN}@github.com/acme/pkg@main', { TOKEN: 'secret' }))).toBe('pkg @ git+https://github.com/acme/pkg@main: a repository reference that is not a full commit hash can move');
  });
});

describe('cache key', () => {
  it('is stable for the same inputs and unchanged by comments or line endings', () => {
    const key = cacheKey(base, sha256);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...base }, sha256)).toBe(key);
    expect(cacheKey({ ...base, requirements: [{ path: 'requirements.txt', content: '# deps\r\nrequests==2.32.3\r\npydantic==2.9.2\r\n' }] }, sha256)).toBe(key);
  });

  it.each([
    ['the requirements', { requirements: [{ path: 'requirements.txt', content: 'requests==2.32.4\npydantic==2.9.2' }] }],
    ['an included file', { requirements: [...base.requirements, { path: 'base.txt', content: 'six' }] }],
    ['the runtime', { runtime: 'python3.13' }],
    ['the architecture', { architecture: 'arm64' as const }],
    ['the installer', { installer: { name: 'uv' as const, version: '0.5.4' } }],
    ['the installer version', { installer: { name: 'pip' as const, version: '24.3' } }],
    ['the flags', { flags: [...base.flags, '--find-links', '/w'] }],
    ['an extra input', { extra: { vendor: 'abc' } }],
  ])('changes with %s', (_, change) => {
    expect(cacheKey({ ...base, ...change }, sha256)).not.toBe(cacheKey(base, sha256));
  });

  it('hashes a versioned, ordered document', () => {
    const material = JSON.parse(cacheKeyMaterial({ ...base, extra: { b: '2', a: '1' } }));
    expect(material.schema).toBe(CACHE_SCHEMA);
    expect(material.extra).toEqual([['a', '1'], ['b', '2']]);
    expect(Object.keys(material)).toEqual(['schema', 'runtime', 'architecture', 'installer', 'flags', 'requirements', 'extra']);
  });
});
