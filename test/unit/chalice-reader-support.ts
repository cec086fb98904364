import { expect } from 'vitest';
import type { ChaliceAppInfo, ChaliceFunctionInfo, ChaliceRouteInfo } from '../../src/core/model/chalice/app-info.js';
import { readChaliceProject, type ChaliceOptions } from '../../src/core/model/chalice/read.js';
import type { FunctionModel } from '../../src/core/model/project.js';

/** What the chalice reader's tests (chalice-reader*.test.ts) share: an app as the import script reports it, and the read. */
export const line = (d: { severity: string; file?: string; path: string; message: string }) => `${d.severity} ${d.file} ${d.path}: ${d.message}`;

/** Chalice's APIGateway._DEFAULT_BINARY_TYPES (chalice/app.py, 1.34.0). */
export const DEFAULT_BINARY_TYPES = [
  'application/octet-stream', 'application/x-tar', 'application/zip', 'audio/basic', 'audio/ogg', 'audio/mp4', 'audio/mpeg',
  'audio/wav', 'audio/webm', 'image/png', 'image/jpg', 'image/jpeg', 'image/gif', 'video/ogg', 'video/mpeg', 'video/webm',
];

export function route(path: string, method = 'GET', overrides: Partial<ChaliceRouteInfo> = {}): ChaliceRouteInfo {
  return { path, method, view_name: 'view', content_types: ['application/json'], api_key_required: false, authorizer: null, cors: null, ...overrides };
}

export const WORKER: ChaliceFunctionInfo = { name: 'worker', kind: 'lambda_function', handler: 'app.do_work' };

/** What the script reports for an app with one route and a @app.lambda_function named worker. */
export function app(overrides: Partial<ChaliceAppInfo> = {}): ChaliceAppInfo {
  return {
    ok: true,
    chalice_version: '1.34.0',
    python_version: '3.12.4',
    lambda_python_version: 'python3.12',
    app_name: 'demo',
    routes: [route('/')],
    binary_types: DEFAULT_BINARY_TYPES,
    functions: [WORKER],
    missing_feature_flags: [],
    ...overrides,
  };
}

export const read = (config: unknown, info: ChaliceAppInfo = app(), options: Partial<ChaliceOptions> = {}) =>
  readChaliceProject(typeof config === 'string' ? config : JSON.stringify(config), info, { file: '.chalice/config.json', ...options });
export const problems = (config: unknown, info?: ChaliceAppInfo, options?: Partial<ChaliceOptions>) => read(config, info, options).diagnostics.map(line);
export const fn = (config: unknown, id: string, options?: Partial<ChaliceOptions>): FunctionModel => {
  const result = read(config, app(), options);
  expect(result.diagnostics.filter((d) => d.severity === 'error').map(line)).toEqual([]);
  return result.project!.functions.find((f) => f.id === id)!;
};

export const BASE = { version: '2.0', app_name: 'demo' };
