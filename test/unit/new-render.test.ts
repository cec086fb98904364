import { describe, expect, it } from 'vitest';
import { renderTemplate, TemplateError } from '../../src/core/templates/render.js';

const context = {
  values: { name: 'demo', runtime: 'python3.12' },
  flags: { on: true, off: false, also: true },
};

const render = (text: string) => renderTemplate(text, context, 'x.txt');

describe('renderTemplate', () => {
  it.each([
    ['no tags at all\n', 'no tags at all\n'],
    ['{{name}} runs {{runtime}}', 'demo runs python3.12'],
    ['a\n{{#on}}\nkept\n{{/on}}\nb\n', 'a\nkept\nb\n'],
    ['a\n{{#off}}\ndropped\n{{/off}}\nb\n', 'a\nb\n'],
    ['a\n{{^off}}\nkept\n{{/off}}\n{{^on}}\ndropped\n{{/on}}\nb', 'a\nkept\nb'],
    ['  {{#on}}  \n    indented {{name}}\n  {{/on}}\n', '    indented demo\n'],
    ['{{#on}}\n{{#off}}\nno\n{{/off}}\n{{#also}}\nyes\n{{/also}}\n{{/on}}\n', 'yes\n'],
    ['{{#off}}\n{{#on}}\nno\n{{/on}}\n{{/off}}\nend', 'end'],
    ['dumps(body{{#off}}, default=x{{/off}}{{#on}}, indent=2{{/on}})', 'dumps(body, indent=2)'],
    ['{{^off}}[{{name}}]{{/off}} and {{#off}}{{name}}{{/off}}.', '[demo] and .'],
    ['Path: /items/{id} and ${Api} stay', 'Path: /items/{id} and ${Api} stay'],
  ])('%j renders as %j', (text, expected) => {
    expect(render(text)).toBe(expected);
  });

  it.each([
    ['{{nope}}', 'x.txt:1: unknown value {{nope}}'],
    ['ok\n{{#nope}}\n{{/nope}}', 'x.txt:2: unknown flag {{#nope}}'],
    ['{{#on}}\nnever closed', 'x.txt:1: {{on}} is never closed'],
    ['{{/on}}', 'x.txt:1: {{/on}} closes no section'],
    ['{{#on}}\n{{#also}}\n{{/on}}\n{{/also}}', 'x.txt:3: {{/on}} closes {{also}} (opened on line 2)'],
    ['inline {{#on}} open', 'x.txt:1: {{on}} opened inside a line must close on it'],
    ['{{#off}}\n{{typo}}\n{{/off}}', 'x.txt:2: unknown value {{typo}}'],
  ])('%j fails with %j', (text, message) => {
    expect(() => render(text)).toThrow(TemplateError);
    expect(() => render(text)).toThrow(message);
  });
});
