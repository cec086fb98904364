import { describe, expect, it } from 'vitest';
import type { PythonInfo } from '../../src/adapters/python.js';
import { describeProject, devWarnings } from '../../src/api/dev-project.js';
import { functionModel } from '../helpers.js';

describe('what only dev warns about', () => {
  it('says a function with tenant isolation runs without a tenant in dev, and how invoke runs it for one', () => {
    const fn = functionModel({ handler: 'app.handler', id: 'Tenanted', tenantIsolation: true, source: { file: 'template.yaml', path: 'Resources.Tenanted' } });
    const loaded = { root: '/p', configPath: '/p/template.yaml', warnings: [], project: { style: 'sam' as const, configFile: 'template.yaml', functions: [fn, functionModel({ handler: 'b.c' })], endpoints: [] } };
    expect(devWarnings(loaded)).toEqual([{
      severity: 'warning',
      path: 'Resources.Tenanted.Properties.TenancyConfig',
      message: 'Tenanted has tenant isolation: dev runs its requests without a tenant id (context.tenant_id is None) and in environments every tenant shares; '
        + 'pylambda invoke Tenanted --tenant-id ID runs it for a tenant',
    }]);
  });
});

describe('the ready event\'s skipped functions (describeProject)', () => {
  const python = { executable: '/usr/bin/python3', version: '3.12.1' } as unknown as PythonInfo;
  const ready = (skipped: Record<string, string> | undefined) => {
    const project = { style: 'sam' as const, configFile: 'template.yaml', functions: [], endpoints: [], ...(skipped ? { skipped } : {}) };
    const event = describeProject({ root: '/p', configPath: '/p/template.yaml', warnings: [], project }, python, () => '', false);
    return { skipped: event.skipped, skippedReasons: event.skippedReasons };
  };

  it.each<[string, Record<string, string> | undefined, unknown]>([
    ['none: neither field', undefined, { skipped: undefined, skippedReasons: undefined }],
    ['the ids as before, and why for each, the function\'s name left out as the reader leaves it out', {
      NodeFn: 'its Runtime is nodejs20.x; pylambda runs Python functions only',
      Remote: 'Remote is skipped: its CodeUri is in S3 (s3://b/k.zip)',
    }, {
      skipped: ['NodeFn', 'Remote'],
      skippedReasons: { NodeFn: 'its Runtime is nodejs20.x; pylambda runs Python functions only', Remote: 'its CodeUri is in S3 (s3://b/k.zip)' },
    }],
  ])('%s', (_what, skipped, expected) => {
    expect(ready(skipped)).toEqual(expected);
  });
});
