import { hasErrors, type Diagnostic } from '../../errors.js';
import type { Project } from '../project.js';
import { FieldReader } from '../fields.js';
import type { ReadProjectFile } from './api-definition.js';
import { readApiKeys } from './api-keys.js';
import { readSamEndpoints } from './endpoints.js';
import { readSamFunctions } from './functions.js';
import { parseTemplate, type ParsedTemplate, type TemplateOptions } from './template.js';

export interface SamReadResult {
  readonly project?: Project;
  readonly template?: ParsedTemplate;
  readonly diagnostics: readonly Diagnostic[];
}

export interface SamReadOptions extends TemplateOptions {
  /** Reads a file an API's DefinitionUri or AWS::Include names, by its path from the template's directory. */
  readonly readFile?: ReadProjectFile;
}

/** Reads a SAM template into the project model; `project` is absent when there are errors. */
export function readSamTemplate(text: string, options: SamReadOptions): SamReadResult {
  const parsed = parseTemplate(text, options);
  if (!parsed.template) return { diagnostics: parsed.diagnostics };
  const { functions, skipped, diagnostics } = readSamFunctions(parsed.template, options.file);
  const { endpoints, unserved, diagnostics: endpointDiagnostics } = readSamEndpoints(parsed.template, functions, options.file, { skipped, ...(options.readFile ? { readFile: options.readFile } : {}) });
  const keys = new FieldReader(options.file);
  const apiKeys = readApiKeys(parsed.template, keys);
  const all = [...parsed.diagnostics, ...diagnostics, ...endpointDiagnostics, ...keys.diagnostics];
  if (hasErrors(all)) return { template: parsed.template, diagnostics: all };
  return {
    project: {
      style: 'sam',
      configFile: options.file,
      functions,
      ...(Object.keys(skipped).length > 0 ? { skipped } : {}),
      endpoints,
      ...(unserved.length > 0 ? { unservedEndpoints: unserved } : {}),
      ...(apiKeys.length > 0 ? { apiKeys } : {}),
    },
    template: parsed.template,
    diagnostics: all,
  };
}
