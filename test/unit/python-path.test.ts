import { describe, expect, it } from 'vitest';
import { pythonPathEnvironment, sandboxPathCandidates } from '../../src/core/runtime/python-path.js';

const LAYERS = ['/p/layer2/python', '/p/layer1/python/lib/python3.12/site-packages', '/p/layer1/python'];

describe('PYTHONPATH of an execution environment', () => {
  it.each([
    ['no layers, nothing set', undefined, [], {}],
    ['layers, nothing set: the layers, whose .pth files count', undefined, LAYERS, { PYTHONPATH: LAYERS.join(':'), siteDirs: LAYERS.join(':') }],
    ['the function\'s own, relative to the code directory, and no layer added', 'vendor', LAYERS, { PYTHONPATH: 'vendor' }],
    ['/var/task is the code directory', '/var/runtime:/var/task/vendored', [], { PYTHONPATH: '/code/vendored' }],
    ['/var/task itself', '/var/task', [], { PYTHONPATH: '/code' }],
    ['/opt/python is the layers\' python directories', '/var/task/vendor:/opt/python', LAYERS, { PYTHONPATH: '/code/vendor:/p/layer2/python:/p/layer1/python' }],
    ['their site-packages', '/opt/python/lib/python3.12/site-packages', LAYERS, { PYTHONPATH: '/p/layer1/python/lib/python3.12/site-packages' }],
    ['the runtime\'s own directories are the local interpreter\'s', '/var/lang/lib/python3.12/site-packages:/var/runtime:/srv/lib', [], { PYTHONPATH: '/srv/lib' }],
    ['a path that only starts like /var/task is kept', '/var/tasks', [], { PYTHONPATH: '/var/tasks' }],
  ])('%s', (_name, value, packagePaths, expected) => {
    expect(pythonPathEnvironment({ value, packagePaths, taskRoot: '/code' })).toEqual(expected);
  });

  // A Chalice app's vendor/ and serverless-wsgi's handler are in /var/task on Lambda, always importable.
  it.each([
    ['nothing set', undefined, { PYTHONPATH: '/p/vendor:/p/layer1/python', siteDirs: '/p/vendor:/p/layer1/python' }],
    ['the function\'s own: the code directory\'s are kept, the layers are not', '/var/task/lib', { PYTHONPATH: '/p/vendor:/code/lib', siteDirs: '/p/vendor' }],
  ])('the code directory\'s own directories, %s', (_name, value, expected) => {
    expect(pythonPathEnvironment({ value, codePaths: ['/p/vendor'], packagePaths: ['/p/layer1/python'], taskRoot: '/code' })).toEqual(expected);
  });
});

describe('a path of Lambda\'s sandbox, here', () => {
  it.each<[string, string, string[]]>([
    ['/var/task is the code directory', '/var/task/wrap.sh', ['/code/wrap.sh']],
    ['/opt is every layer, the later one first', '/opt/bootstrap', ['/l2/bootstrap', '/l1/bootstrap']],
    ['another path is what it says', '/usr/bin/env', ['/usr/bin/env']],
    ['a path that only starts like /var/task', '/var/tasks/x', ['/var/tasks/x']],
  ])('%s', (_name, path, expected) => {
    expect(sandboxPathCandidates(path, '/code', ['/l1', '/l2'])).toEqual(expected);
  });
});
