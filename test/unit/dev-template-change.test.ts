import { describe, expect, it } from 'vitest';
import { templateChange, type StartedTemplate } from '../../src/core/model/dev-template-change.js';

describe("templateChange: a reload that finds samconfig.toml's template_file changed (dev goes on with its template, and says so)", () => {
  const named: StartedTemplate = { shown: 'infra/template.yaml', named: true };
  const found: StartedTemplate = { shown: 'template.yaml', named: false };
  it.each<[string, StartedTemplate, string | undefined, string | undefined]>([
    ['the same template', named, 'infra/template.yaml', undefined],
    ['another template', named, 'infra/other.yaml', 'samconfig.toml now names the template infra/other.yaml, but dev goes on serving infra/template.yaml, the template it started with: restart dev to serve the new one'],
    ['template_file taken away', named, undefined, 'samconfig.toml no longer names the template, but dev goes on serving infra/template.yaml, the template it started with: restart dev to serve the one where it runs'],
    ['dev started on the template where it runs, and the file now names one', found, 'infra/template.yaml', 'samconfig.toml now names the template infra/template.yaml, but dev goes on serving template.yaml, the template it started with: restart dev to serve the new one'],
    ['the file now names the template dev found', found, 'template.yaml', undefined],
    ['no template named, before or now', found, undefined, undefined],
  ])('%s', (_name, started, now, message) => {
    expect(templateChange('samconfig.toml', started, now)).toBe(message);
  });
});
