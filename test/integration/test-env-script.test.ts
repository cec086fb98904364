import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, scratchDir } from '../helpers.js';

/**
 * scripts/test-env.mjs unpacks the serverless-wsgi package the tests run, once. A copy of it runs here in a
 * scratch root (its venv taken as up to date), with an `npm` on PATH that hands it a small tarball of the pinned
 * version and, the first time, a `tar` that is cut short after package.json, as a Ctrl-C would.
 */
describe.skipIf(process.platform === 'win32')('scripts/test-env.mjs', () => {
  it('does not take a package a run cut short in tar left half unpacked for the whole one', () => {
    const root = scratchDir('test-env');
    const script = readFileSync(join(ROOT, 'scripts', 'test-env.mjs'), 'utf8');
    mkdirSync(join(root, 'scripts'));
    writeFileSync(join(root, 'scripts', 'test-env.mjs'), script);
    // The venv's stamp as the script computes it: its setup is skipped.
    mkdirSync(join(root, 'test'));
    mkdirSync(join(root, '.venv-test'));
    writeFileSync(join(root, 'test', 'requirements.txt'), 'nothing\n');
    writeFileSync(join(root, '.venv-test', '.requirements.sha256'), createHash('sha256').update('nothing\n').update('python3').digest('hex'));
    // A tarball of the pinned version: package.json first, as npm packs it.
    const integrity = /integrity: '([^']+)'/.exec(script)![1]!;
    const made = join(root, 'made');
    mkdirSync(join(made, 'package'), { recursive: true });
    writeFileSync(join(made, 'package', 'package.json'), '{"name": "serverless-wsgi", "version": "3.1.0"}');
    writeFileSync(join(made, 'package', 'wsgi_handler.py'), '# the handler\n');
    execFileSync('tar', ['-czf', join(made, 'p.tgz'), '-C', made, 'package/package.json', 'package/wsgi_handler.py']);
    const bin = join(root, 'bin');
    mkdirSync(bin);
    const tool = (name: string, text: string) => {
      writeFileSync(join(bin, name), `#!/bin/sh\n${text}`);
      chmodSync(join(bin, name), 0o755);
    };
    tool('npm', `while [ "$1" != --pack-destination ]; do shift; done\ncp '${join(made, 'p.tgz')}' "$2/p.tgz"\necho '[{"filename": "p.tgz", "integrity": "${integrity}"}]'\n`);
    // Cut short after package.json: what a Ctrl-C in the middle leaves.
    tool('tar', 'while [ "$1" != -C ]; do shift; done\necho \'{"version": "3.1.0"}\' > "$2/package.json"\nexit 130\n');
    const { PYLAMBDA_TEST_SERVERLESS_WSGI: _copy, ...host } = process.env;
    // The Serverless Framework's and ts-node's installs are not this test's: a copy named by its variable is used as it is.
    const env = { ...host, PATH: `${bin}:${process.env.PATH}`, PYLAMBDA_TEST_SERVERLESS: join(root, 'no-framework'), PYLAMBDA_TEST_TS_NODE: join(root, 'no-ts-node') };
    const unpacked = join(root, 'test', '.peers', 'node_modules', 'serverless-wsgi');
    const first = spawnSync(process.execPath, [join(root, 'scripts', 'test-env.mjs')], { env, encoding: 'utf8' });
    expect(first.status).not.toBe(0);
    expect(existsSync(join(unpacked, 'package.json'))).toBe(false);
    // The next run, with tar whole, unpacks it.
    tool('tar', `exec '${execFileSync('sh', ['-c', 'command -v tar'], { encoding: 'utf8' }).trim()}' "$@"\n`);
    const second = spawnSync(process.execPath, [join(root, 'scripts', 'test-env.mjs')], { env, encoding: 'utf8' });
    expect(second.status, second.stderr).toBe(0);
    expect(readFileSync(join(unpacked, 'wsgi_handler.py'), 'utf8')).toBe('# the handler\n');
  });
});
