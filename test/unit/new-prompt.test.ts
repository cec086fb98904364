import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { styleFor } from '../../src/ui/io.js';
import { createPrompter, pick } from '../../src/ui/prompt.js';

const question = {
  message: 'Project style',
  options: [
    { value: 'raw', label: 'raw handler' },
    { value: 'chalice', label: 'AWS Chalice' },
  ],
  default: 'raw',
};
const api = { message: 'API', options: ['rest', 'http', 'alb'].map((value) => ({ value, label: value })), default: 'rest' };

describe('pick', () => {
  it.each([
    ['', 'raw'],
    ['1', 'raw'],
    ['2', 'chalice'],
    ['chalice', 'chalice'],
    ['CHALICE', 'chalice'],
    ['ch', 'chalice'],
    ['r', 'raw'],
    ['3', undefined],
    ['0', undefined],
    ['flask', undefined],
  ])('%j -> %s', (answer, value) => {
    expect(pick(question, answer)).toBe(value);
  });

  it('refuses a start shared by two options', () => {
    const two = { ...question, options: [{ value: 'http', label: '' }, { value: 'https', label: '' }] };
    expect(pick(two, 'ht')).toBeUndefined();
    expect(pick(two, 'http')).toBe('http');
  });
});

describe('createPrompter', () => {
  const session = (input: string) => {
    const stdin = new PassThrough();
    let output = '';
    const prompter = createPrompter(stdin, { write: (t: string) => (output += t) }, styleFor({}, {}));
    stdin.end(input);
    return { prompter, output: () => output };
  };

  it('reads one answer per question, in order', async () => {
    const { prompter, output } = session('2\n\n');
    expect(await prompter.choose(question)).toBe('chalice');
    expect(await prompter.choose(api)).toBe('rest');
    prompter.close();
    expect(output()).toContain('Project style\n  1) raw handler (default)\n  2) AWS Chalice\n? Choose 1-2 [raw]: ');
  });

  it('asks again after a wrong answer', async () => {
    const { prompter, output } = session('grpc\nalb\n');
    expect(await prompter.choose(api)).toBe('alb');
    expect(output()).toContain("! 'grpc' is not one of the choices");
  });

  it('falls back to the default after wrong answers', async () => {
    const { prompter, output } = session('x\ny\nz\n');
    expect(await prompter.choose(api)).toBe('rest');
    expect(output()).toContain('using rest');
  });

  // In a terminal the input ends only on Ctrl-D: the user's way out, not a yes to every default.
  it('cancels when the input ends', async () => {
    const { prompter } = session('');
    await expect(prompter.choose(api)).rejects.toThrow('Cancelled: the input ended (Ctrl-D) before the questions were answered; nothing was written');
  });

  it('validates free text', async () => {
    const { prompter, output } = session('9lives\nmy-app\n');
    expect(await prompter.text('Project name', (a) => (/^[a-z]/.test(a) ? undefined : 'it must start with a letter'))).toBe('my-app');
    expect(output()).toContain('! it must start with a letter');
  });

  it('gives up on free text when the input ends', async () => {
    const { prompter } = session('');
    await expect(prompter.text('Project name', () => undefined)).rejects.toThrow('Cancelled: the input ended');
  });
});
