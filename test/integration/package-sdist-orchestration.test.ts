// The package use case with a dependency published only as a source distribution, with a fake installer in
// place of pip: built when pure Python, refused when native, hash-pinned lines kept. No network.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunTool } from '../../src/adapters/tool-runner.js';
import { packageFunctions } from '../../src/api/package.js';
import { APP, dist, failure, fakeInstaller, makeProject, options, removeTemporary } from './package-helpers.js';

afterAll(removeTemporary);

describe('package orchestration: dependencies published only as an sdist (fake installer)', () => {
  it('builds an sdist-only dependency: refused when native, accepted when pure Python', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': 'fastthing==1.0\n' } });
    const noWheel = { code: 1, output: 'ERROR: Could not find a version that satisfies the requirement fastthing==1.0 (from versions: none)\nERROR: No matching distribution found for fastthing==1.0\n' };
    const native = fakeInstaller([() => noWheel], () => 'fastthing-1.0-cp311-cp311-linux_x86_64.whl');
    const error = await failure(packageFunctions(options(dir, native.runTool).opts));
    expect(error.message).toBe('fastthing 1.0 has no wheel for python3.12 on x86_64, and its source distribution contains native code (it builds fastthing-1.0-cp311-cp311-linux_x86_64.whl), which cannot be built for Lambda on this machine');
    expect(error.hint).toMatch(/^- pin a version of fastthing that publishes a manylinux wheel for x86_64/);
    expect(native.calls.find((c) => c.includes('wheel'))).toEqual(expect.arrayContaining(['--no-binary', 'fastthing', 'fastthing==1.0']));

    const pure = fakeInstaller([() => noWheel, () => ({ files: { 'fastthing.py': '', ...dist('fastthing', '1.0') } })], () => 'fastthing-1.0-py3-none-any.whl');
    const { opts, notices } = options(dir, pure.runTool);
    const outcome = await packageFunctions(opts);
    expect(pure.calls.filter((c) => c.includes('install'))[1]).toContain('--find-links');
    expect(outcome.builds[0]!.dependencies.distributions).toEqual(['fastthing 1.0']);
    expect(notices.map((n) => n.message)).toContain('fastthing has no wheel on the index; its source distribution built fastthing-1.0-py3-none-any.whl, which is pure Python and runs on Lambda');
  });

  it('builds a hash-pinned sdist-only dependency from its hashed line and installs the wheel by its own hash', async () => {
    const SIX = 'sha256:8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254';
    const SDIST = 'sha256:49b3a825280bd66b3aa83585ef59c4a8c82f2c8a522dbe754a8bc8d08c85c491';
    // pip-compile --generate-hashes: continuation lines and `# via` comments.
    const requirements = `six==1.16.0 \\\n    --hash=${SIX}\n    # via -r requirements.in\ndocopt==0.6.2 \\\n    --hash=${SDIST}\n    # via -r requirements.in\n`;
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': requirements } });
    const noWheel = { code: 1, output: 'ERROR: Could not find a version that satisfies the requirement docopt==0.6.2 (from versions: none)\nERROR: No matching distribution found for docopt==0.6.2\n' };
    const built: string[] = [];
    const installed: string[] = [];
    const requirementsOf = (argv: readonly string[]) => readFileSync(argv[argv.lastIndexOf('-r') + 1]!, 'utf8');
    const fake = fakeInstaller([
      () => noWheel,
      () => {
        installed.push(requirementsOf(fake.calls[fake.calls.length - 1]!));
        return { files: { 'six.py': '', ...dist('six', '1.16.0'), 'docopt.py': '', ...dist('docopt', '0.6.2') } };
      },
    ], (last) => {
      built.push(readFileSync(last, 'utf8'));
      return 'docopt-0.6.2-py2.py3-none-any.whl';
    });
    const { opts, notices } = options(dir, fake.runTool);
    const outcome = await packageFunctions(opts);
    expect([...outcome.builds[0]!.dependencies.distributions].sort()).toEqual(['docopt 0.6.2', 'six 1.16.0']);
    expect(notices.map((n) => n.message)).toContain('docopt has no wheel on the index; its source distribution built docopt-0.6.2-py2.py3-none-any.whl, which is pure Python and runs on Lambda');
    // The build is asked with the sdist's hash (pip checks it: a hash is only accepted in a file).
    const wheelCall = fake.calls.find((c) => c.includes('wheel'))!;
    expect(wheelCall).toEqual(expect.arrayContaining(['--no-binary', 'docopt', '--require-hashes', '-r']));
    expect(wheelCall).not.toContain('docopt==0.6.2');
    expect(built.map((b) => b.replace(/\s+/g, ' '))).toEqual([`docopt==0.6.2 --hash=${SDIST} `]);
    // The first install reads the user's file; the second a copy where docopt pins the wheel's own hash
    // (sha256 of the fake wheel's bytes, "PK") and six keeps its hash.
    const installs = fake.calls.filter((c) => c.includes('install'));
    expect(installs[0]![installs[0]!.lastIndexOf('-r') + 1]).toBe(join(dir, 'src', 'requirements.txt'));
    expect(installs[1]).toContain('--find-links');
    expect(installed.map((r) => r.replace(/ +/g, ' '))).toEqual([
      `six==1.16.0 --hash=${SIX}\ndocopt==0.6.2 --hash=sha256:${createHash('sha256').update('PK').digest('hex')}\n`,
    ]);
    expect(installs).toHaveLength(2);
  });

  it('refuses a hash-pinned sdist that does not match its hash, saying so', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': 'docopt==0.6.2 --hash=sha256:00\n' } });
    const noWheel = { code: 1, output: 'ERROR: Could not find a version that satisfies the requirement docopt==0.6.2 (from versions: none)\nERROR: No matching distribution found for docopt==0.6.2\n' };
    const mismatch = [
      'ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. If you have updated the package versions, please update the hashes. Otherwise, examine the package contents carefully; someone may have tampered with them.',
      '    docopt==0.6.2 from https://files.pythonhosted.org/packages/a2/55/docopt-0.6.2.tar.gz (from -r /scratch/sdist-docopt.txt (line 1)):',
      '        Expected sha256 00',
      '             Got        49b3a8',
      '',
    ].join('\n');
    const fake = fakeInstaller([() => noWheel]);
    const runTool: RunTool = async (argv, opts) => (argv.includes('wheel') ? { code: 1, output: mismatch } : fake.runTool(argv, opts));
    const error = await failure(packageFunctions(options(dir, runTool).opts));
    expect(error.message).toBe([
      'The source distribution of docopt==0.6.2 (it has no wheel for the platform, so it is built here) does not match the hash requirements.txt pins for it:',
      '  docopt==0.6.2 from https://files.pythonhosted.org/packages/a2/55/docopt-0.6.2.tar.gz:',
      '      Expected sha256 00',
      '           Got        49b3a8',
    ].join('\n'));
    expect(error.hint).toMatch(/regenerate the hashes/);
    expect(existsSync(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'))).toBe(false);
  });
});
