import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanPackage } from '../../src/api/coldstart-package.js';
import { scratchDir } from '../helpers.js';

describe('what coldstart learns about the package from the code directory', () => {
  it.each([
    ['boto3 listed in requirements.txt', { 'requirements.txt': '# AWS SDK, pinned\nboto3==1.35.0\n' }, { boto3Bundled: false, boto3Listed: true }],
    ['botocore alone listed', { 'requirements.txt': 'botocore>=1.35\n' }, { boto3Bundled: false, boto3Listed: true }],
    ['only in a comment', { 'requirements.txt': '# boto3 comes with the runtime\nrequests\n' }, { boto3Bundled: false, boto3Listed: false }],
    ['vendored in the code directory', { 'boto3/__init__.py': '' }, { boto3Bundled: true, boto3Listed: false }],
    ['no requirements.txt', {}, { boto3Bundled: false, boto3Listed: false }],
  ])('%s', (_what, files: Record<string, string>, expected) => {
    const dir = scratchDir('scan');
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return 1\n');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    expect(scanPackage(dir, 'cpython-312')).toMatchObject(expected);
  });
});
