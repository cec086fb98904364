import { describe, expect, it } from 'vitest';
import { devWarnings } from '../../src/api/dev-project.js';
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
