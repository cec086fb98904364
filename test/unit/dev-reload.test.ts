import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/errors.js';
import { isEnvironmentMarker, isNoise, isSourceFile, linkTargetSkipped, newWarnings, skippedDirectory, touchesAny, treesReport, watchRoots } from '../../src/core/model/dev-reload.js';

describe('watchRoots: the trees dev watches for a project', () => {
  it.each<[string, string, string[], string[]]>([
    ['code inside the root', '/p', ['/p', '/p/src', '/p/layers/common'], ['/p']],
    // A template in infra/ with CodeUri: ../src: the code is outside the template's directory.
    ['code beside the root', '/p/infra', ['/p/src', '/p/infra'], ['/p/infra', '/p/src']],
    ['a layer outside, the code inside', '/p/infra', ['/p/infra/fn', '/p/shared/layer'], ['/p/infra', '/p/shared/layer']],
    ['CodeUri ../ covers the root', '/p/infra', ['/p'], ['/p']],
    ['nested outside directories: the outer one', '/p/infra', ['/p/src/a', '/p/src', '/p/src/b'], ['/p/infra', '/p/src']],
    ['the same directory twice', '/p/infra', ['/p/src', '/p/src'], ['/p/infra', '/p/src']],
    ['a prefix that is not a parent', '/p/app', ['/p/app2', '/p/app-lib'], ['/p/app', '/p/app-lib', '/p/app2']],
    ['the file system root covers all', '/p', ['/'], ['/']],
    ['no functions', '/p', [], ['/p']],
    // The root's walk leaves build output out: code there is a tree of its own, or edits went unseen.
    ['CodeUri dist/, build output at the root', '/p', ['/p/dist', '/p/src'], ['/p', '/p/dist']],
    ['CodeUri .aws-sam/build/Fn', '/p', ['/p/.aws-sam/build/Fn'], ['/p', '/p/.aws-sam/build/Fn']],
    ['a layer inside .venv, which the walk skips', '/p', ['/p/.venv/layer'], ['/p', '/p/.venv/layer']],
    // A virtual environment is told by its pyvenv.cfg, not its name: env/ is a directory like any other.
    ['a layer in env/', '/p', ['/p/env/layer'], ['/p']],
    ['a build/ deeper down is code the walk reaches', '/p', ['/p/src/build'], ['/p']],
  ])('%s', (_what, root, dirs, expected) => expect(watchRoots(root, dirs)).toEqual(expected));
});

describe('treesReport: a configuration file the trees report, else it is watched on its own', () => {
  it.each<[string, string, string[], boolean]>([
    ['beside the template', '/p/serverless.yml', ['/p'], true],
    ["${file(./env/dev.yml)}", '/p/env/dev.yml', ['/p'], true],
    ['in a hidden directory', '/p/.config/dev.yml', ['/p'], false],
    ['in a cache the walk skips', '/p/node_modules/x/conf.json', ['/p'], false],
    ['a name a tree does not report', '/p/settings.conf', ['/p'], false],
    ['an --env-vars file outside the trees', '/home/me/env.json', ['/p', '/p2/src'], false],
    ['an --env-vars file in the template\'s directory', '/p/infra/env.json', ['/p/infra', '/p/src'], true],
  ])('%s', (_what, file, roots, reported) => expect(treesReport(file, roots)).toBe(reported));
});

describe('isEnvironmentMarker: a virtual environment is told by what it holds, not by its name', () => {
  it.each<[string, boolean]>([['pyvenv.cfg', true], ['conda-meta', true], ['venv', false], ['env', false], ['requirements.txt', false]])(
    'a directory holding %s is an environment: %s', (name, marker) => expect(isEnvironmentMarker(name)).toBe(marker));
});

describe('linkTargetSkipped: where a link in the code leads that dev does not follow', () => {
  it.each<[string, boolean]>([
    ['/home/me/shared/chalicelib', false],
    ['/srv/common', false],
    ['/home/me/proj/.venv/lib/python3.12/site-packages/requests', true],
    ['/usr/lib/python3/dist-packages/yaml', true],
    ['/home/me/proj/node_modules/lib', true],
    ['/home/me/.cache', true],
    ['/home/me/shared/.chalice', false],
    ['/home/me/proj/__pycache__', true],
  ])('%s: %s', (target, skipped) => expect(linkTargetSkipped(target)).toBe(skipped));
});

describe('newWarnings: what a project read again says that it did not say before', () => {
  const inline: Diagnostic = { severity: 'warning', file: 'template.yaml', path: 'Resources.Inline', message: 'uses InlineCode; pylambda runs code from CodeUri only, so it is skipped' };
  const java: Diagnostic = { severity: 'warning', file: 'template.yaml', path: 'Resources.J.Properties.Runtime', message: 'is java21; pylambda runs Python functions only, so J is skipped' };

  it.each<[string, Diagnostic[], Diagnostic[], Diagnostic[]]>([
    ['a new warning', [], [inline], [inline]],
    ['one said before is not said again', [inline], [inline, java], [java]],
    ['one gone and back is said again', [java], [inline], [inline]],
    ['the same path with another message is new', [inline], [{ ...inline, message: 'other' }], [{ ...inline, message: 'other' }]],
    ['nothing new', [inline, java], [java, inline], []],
  ])('%s', (_what, before, after, expected) => expect(newWarnings(before, after)).toEqual(expected));
});

describe('skippedDirectory: directories whose changes are not the project\'s', () => {
  it.each<[string, string, boolean]>([
    ['node_modules', '/p/src', true],
    ['build', '/p', true],
    ['build', '/p/src', false],
    // pylambda's own scratch, when TMPDIR points into the project: an environment's TMPDIR, the Runtime API's socket.
    ['pylambda-tmp-0cJIZn', '/p/tmp', true],
    ['pylambda-10991-GxZrmG', '/p/tmp', true],
    ['pylambda-coldstart-a1B2c3', '/p', true],
    ['pylambda-tmp', '/p', false],
    ['pylambda_helpers', '/p/src', false],
    ['tmp', '/p', false],
  ])('%s in %s: %s', (name, parent, skipped) => {
    expect(skippedDirectory(parent, name, '/p')).toBe(skipped);
  });
});

describe('which changed files reload', () => {
  it.each<[string, boolean]>([
    ['app.py', true], ['config.yaml', true], ['requirements-dev.txt', true], ['.env', true], ['.env.prod', true], ['data.csv', true],
    ['dev.out', false], ['run.txt', false], ['db.sqlite3', false],
  ])('%s: %s', (name, reloads) => expect(isSourceFile(name)).toBe(reloads));

  it.each<[string, boolean]>([
    ['app.py~', true], ['.app.py.swp', true], ['4913', true], ['sedA1b2C3', true], ['.#app.py', true], ['app.cpython-312.pyc', true], ['server.log', true],
    ['app.py', false], ['sed.py', false],
  ])('%s is noise: %s', (name, noise) => expect(isNoise(name)).toBe(noise));
});


describe('touchesAny: a change to a zip the code comes from, or to a CodeUri that did not exist', () => {
  const paths = ['/p/worker.zip', '/p/build/built'];
  it.each<[string, string, boolean]>([
    ['the zip itself', '/p/worker.zip', true],
    ['a file made in the missing directory', '/p/build/built/index.py', true],
    ['the missing directory, made', '/p/build/built', true],
    ['a directory above it, made with it inside', '/p/build', true],
    ['a neighbour whose name starts the same', '/p/worker.zip.bak', false],
    ['another directory', '/p/build/other', false],
    ['code elsewhere', '/p/src/app.py', false],
  ])('%s', (_what, changed, expected) => expect(touchesAny(changed, paths)).toBe(expected));
});
