import { hasErrors, type Diagnostic } from '../../errors.js';
import type { Project } from '../project.js';
import { readSamEndpoints } from './endpoints.js';
import { readSamFunctions } from './functions.js';
import { parseTemplate, type ParsedTemplate, type TemplateOptions } from './template.js';

export interface SamReadResult {
  readonly project?: Project;
  readonly template?: ParsedTemplate;
  readonly diagnostics: readonly Diagnostic[];
}

/** Reads a SAM template into the project model; `project` is absent when there are errors. */
export function readSamTemplate(text: string, options: TemplateOptions): SamReadResult {
  const parsed = parseTemplate(text, options);
  if (!parsed.template) return { diagnostics: parsed.diagnostics };
  const { functions, skipped, diagnostics } = readSamFunctions(parsed.template, options.file);
  const { endpoints, diagnostics: endpointDiagnostics } = readSamEndpoints(parsed.template, functions, options.file);
  const all = [...parsed.diagnostics, ...diagnostics, ...endpointDiagnostics];
  if (hasErrors(all)) return { template: parsed.template, diagnostics: all };
  return { project: { style: 'sam', configFile: options.file, functions, ...(Object.keys(skipped).length > 0 ? { skipped } : {}), endpoints }, template: parsed.template, diagnostics: all };
}
