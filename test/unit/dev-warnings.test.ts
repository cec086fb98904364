import { describe, expect, it } from 'vitest';
import type { PythonInfo } from '../../src/adapters/python.js';
import { describeProject, devWarnings } from '../../src/api/dev-project.js';
import type { FunctionModel } from '../../src/core/model/project.js';
import { functionModel } from '../helpers.js';

describe('what only dev warns about', () => {
  it('says which routes to a function with tenant isolation map no tenant id, which Lambda refuses', () => {
    const fn = functionModel({ handler: 'app.handler', id: 'Tenanted', tenantIsolation: true, source: { file: 'template.yaml', path: 'Resources.Tenanted' } });
    const source = { file: 'template.yaml', path: 'Resources' };
    const endpoints = [{ id: 'Api', kind: 'rest' as const, stage: 'Prod', binaryMediaTypes: [], source, routes: [
      { method: 'GET', path: '/mapped', functionId: 'Tenanted', tenantIdFrom: { in: 'header' as const, name: 'x-tenant' }, source },
      { method: 'GET', path: '/bare', functionId: 'Tenanted', source },
      { method: 'GET', path: '/other', functionId: 'Other', source },
    ] }];
    const loaded = (routes: typeof endpoints) => ({ root: '/p', configPath: '/p/template.yaml', warnings: [], project: { style: 'sam' as const, configFile: 'template.yaml', functions: [fn, functionModel({ handler: 'b.c', id: 'Other' })], endpoints: routes } });
    expect(devWarnings(loaded(endpoints))).toEqual([{
      severity: 'warning',
      path: 'Resources.Tenanted.Properties.TenancyConfig',
      message: 'Tenanted has tenant isolation, and its route GET /bare maps no tenant id (a REST method\'s integration.request.header.X-Amz-Tenant-Id): '
        + 'Lambda refuses its invocations (InvalidParameterValueException), and so does dev',
    }]);
    // Every route maps one, or the function is behind none (invoke --tenant-id runs it): nothing to say.
    expect(devWarnings(loaded([{ ...endpoints[0]!, routes: endpoints[0]!.routes.filter((r) => r.path !== '/bare') }]))).toEqual([]);
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

describe('the ready event\'s style (describeProject)', () => {
  const python = { executable: '/usr/bin/python3', version: '3.12.1' } as unknown as PythonInfo;
  const fn = (cdk?: { path: string }) => functionModel({ handler: 'app.handler', id: 'Fn', ...(cdk ? { cdk } : {}) });
  it.each<[string, 'sam' | 'serverless', FunctionModel[], string | undefined, string]>([
    ['a SAM template', 'sam', [fn()], undefined, 'sam'],
    ['a CDK app\'s directory (its template in cdk.out)', 'sam', [], '/app', 'cdk'],
    ['a cdk.out template given with --template: its functions\' aws:cdk:path', 'sam', [fn({ path: 'Stack/Fn/Resource' })], undefined, 'cdk'],
    ['serverless.yml', 'serverless', [fn()], undefined, 'serverless'],
  ])('%s', (_what, style, functions, pythonRoot, expected) => {
    const project = { style, configFile: 'x', functions, endpoints: [] };
    const loaded = { root: '/p', configPath: '/p/x', warnings: [], project, ...(pythonRoot ? { pythonRoot } : {}) };
    expect(describeProject(loaded, python, () => '', false).style).toBe(expected);
  });
});
