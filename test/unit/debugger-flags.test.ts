import { describe, expect, it } from 'vitest';
import { debugPythonFlags } from '../../src/core/runtime/debugger.js';

describe('debugPythonFlags', () => {
  it.each([
    ['3.9.18', []],
    ['3.10.14', []],
    ['3.11.7', ['-X', 'frozen_modules=off']],
    ['3.12.4', ['-X', 'frozen_modules=off']],
    ['3.14.0rc1', ['-X', 'frozen_modules=off']],
    ['4.0.0', ['-X', 'frozen_modules=off']],
  ])('Python %s: %j', (version, flags) => {
    expect(debugPythonFlags(version)).toEqual(flags);
  });
});
