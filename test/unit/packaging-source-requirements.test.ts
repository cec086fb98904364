import { describe, expect, it } from 'vitest';
import { sourceKind, sourceRequirement } from '../../src/core/packaging/source-requirements.js';

describe('sourceKind: requirement lines only a build here installs (pip builds them, uv under --only-binary :all: does not)', () => {
  it.each<[string, string | undefined]>([
    ['requests==2.32.3', undefined],
    ['requests[socks]>=2 ; python_version < "3.10"', undefined],
    ['pkg @ https://example.com/pkg-1.0-py3-none-any.whl', undefined],
    ['https://example.com/pkg-1.0-py3-none-any.whl', undefined],
    ['-r base/requirements.txt', undefined],
    ['--find-links=./wheels', undefined],
    ['--index-url https://pypi.example.com/simple', undefined],
    ['-e ./libs/shared', undefined],
    ['./libs/shared', 'local path'],
    ['../libs/shared[extra]', 'local path'],
    ['.', 'local path'],
    ['..', 'local path'],
    ['./', 'local path'],
    ['. ; sys_platform == "linux"', 'local path'],
    ['libs/shared', 'local path'],
    ['/abs/libs/shared', 'local path'],
    ['shared @ file:///src/shared', 'local path'],
    ['file:///src/shared', 'local path'],
    ['git+https://github.com/o/r.git@v1#egg=r', 'repository'],
    ['r @ git+ssh://git@github.com/o/r.git@0123456789abcdef0123456789abcdef01234567', 'repository'],
    ['hg+https://hg.example.com/r#egg=r', 'repository'],
    ['six @ https://files.pythonhosted.org/packages/71/39/x/six-1.16.0.tar.gz', 'source archive'],
    ['https://example.com/pkg-1.0.zip#sha256=abc', 'source archive'],
    ['pkg @ https://example.com/pkg-1.0.tar.gz ; python_version >= "3.9"', 'source archive'],
  ])('%s', (line, kind) => {
    expect(sourceKind(line)).toBe(kind);
  });

  it('finds the first one of a file as pip reads it', () => {
    expect(sourceRequirement('# libs\nrequests\n-e ../dev\nr @ git+https://x/r \\\n  ; python_version > "3"\n./libs/a\n')).toEqual({ line: 'r @ git+https://x/r   ; python_version > "3"', kind: 'repository' });
    expect(sourceRequirement('requests\n')).toBeUndefined();
  });
});
