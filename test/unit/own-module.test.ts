import { describe, expect, it } from 'vitest';
import { loadOwnModule } from '../../src/adapters/own-module.js';
import { UserError } from '../../src/core/errors.js';

describe('loadOwnModule', () => {
  it('gives the module loaded', async () => {
    expect(await loadOwnModule(async () => ({ answer: 42 }))).toEqual({ answer: 42 });
  });

  it('says that pylambda was rebuilt when a chunk it loads later is gone', async () => {
    const gone = './no-such-chunk-of-pylambda.js';
    const error = await loadOwnModule(() => import(/* @vite-ignore */ gone)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/^pylambda was rebuilt or reinstalled while it ran, and a part it loads when first needed is gone \(.*no-such-chunk-of-pylambda/);
    expect((error as UserError).hint).toBe('Start the command again.');
  });

  it('lets any other failure through as it is', async () => {
    const failure = new SyntaxError('Unexpected token');
    await expect(loadOwnModule(() => Promise.reject(failure))).rejects.toBe(failure);
  });
});
