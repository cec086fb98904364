import { posix } from 'node:path';
import { hasErrors, type Diagnostic } from '../../errors.js';
import type { ApiKeyModel, CdkName, Endpoint, FunctionModel, Project } from '../project.js';
import type { WebSocketApi } from '../websocket-api.js';
import { FieldReader } from '../fields.js';
import { readProjectFile, type ReadProjectFile } from './api-definition.js';
import { readApiKeys } from './template-api-keys.js';
import { readSamEndpoints } from './endpoints.js';
import { readSamFunctions } from './functions.js';
import { nestedStacks, nestedTemplateFile, underStack, type NestedStack } from './nested-stacks.js';
import { parseTemplate, type NestedTemplate, type ParsedTemplate, type TemplateOptions } from './template.js';

export interface SamReadResult {
  readonly project?: Project;
  readonly template?: ParsedTemplate;
  readonly diagnostics: readonly Diagnostic[];
}

export interface SamReadOptions extends TemplateOptions {
  /**
   * Reads a file an API's DefinitionUri, an AWS::Include or a nested stack names, by its path from the template's
   * directory; undefined when there is no such file.
   */
  readonly readFile?: ReadProjectFile;
  /** `--stage`: which of its stages an API written as plain CloudFormation serves when it has several. */
  readonly stage?: string;
}

/** Reads a SAM template, and the templates of its nested stacks, into the project model; `project` is absent when there are errors. */
export function readSamTemplate(text: string, options: SamReadOptions): SamReadResult {
  return readStack(text, options, [options.file]);
}

/** `chain`: the templates from the top-level one down to this one, to refuse a stack that includes itself. */
function readStack(text: string, options: SamReadOptions, chain: readonly string[]): SamReadResult {
  const parsed = parseTemplate(text, options);
  if (!parsed.template) return { diagnostics: parsed.diagnostics };
  const { functions, skipped, skippedCdk, diagnostics } = readSamFunctions(parsed.template, options.file);
  const { endpoints, unserved, webSockets, diagnostics: endpointDiagnostics } = readSamEndpoints(parsed.template, functions, options.file, {
    skipped, ...(options.readFile ? { readFile: options.readFile } : {}), ...(options.stage ? { stage: options.stage } : {}),
  });
  const keys = new FieldReader(options.file);
  const apiKeys = readApiKeys(parsed.template, keys);
  const children = readChildren(parsed.template, options, chain);
  const all = [...parsed.diagnostics, ...diagnostics, ...endpointDiagnostics, ...keys.diagnostics, ...children.diagnostics];
  if (hasErrors(all)) return { template: parsed.template, diagnostics: all };
  const allSkipped = { ...skipped, ...children.skipped };
  const allSkippedCdk = { ...skippedCdk, ...children.skippedCdk };
  const allUnserved = [...unserved, ...children.unservedEndpoints];
  const allKeys = [...apiKeys, ...children.apiKeys];
  const template: ParsedTemplate = children.templates.length > 0 ? { ...parsed.template, nested: children.templates } : parsed.template;
  return {
    project: {
      style: 'sam',
      configFile: chain[0]!,
      functions: [...functions, ...children.functions],
      ...(Object.keys(allSkipped).length > 0 ? { skipped: allSkipped } : {}),
      ...(Object.keys(allSkippedCdk).length > 0 ? { skippedCdk: allSkippedCdk } : {}),
      endpoints: [...endpoints, ...children.endpoints],
      ...(allUnserved.length > 0 ? { unservedEndpoints: allUnserved } : {}),
      ...(webSockets.length + children.webSockets.length > 0 ? { webSockets: [...webSockets, ...children.webSockets] } : {}),
      ...(allKeys.length > 0 ? { apiKeys: allKeys } : {}),
    },
    template,
    diagnostics: all,
  };
}

interface Children {
  readonly functions: FunctionModel[];
  readonly endpoints: Endpoint[];
  readonly skipped: Record<string, string>;
  readonly skippedCdk: Record<string, CdkName>;
  readonly unservedEndpoints: string[];
  readonly apiKeys: ApiKeyModel[];
  readonly webSockets: WebSocketApi[];
  readonly templates: NestedTemplate[];
  readonly diagnostics: Diagnostic[];
}

/**
 * The nested stacks' functions and APIs, read from their templates with the parameters the parent passes them (SAM
 * CLI's global overrides, the region, apply to every stack; `--parameter-overrides` to the top-level one only).
 */
function readChildren(template: ParsedTemplate, options: SamReadOptions, chain: readonly string[]): Children {
  const r = new FieldReader(options.file);
  const { stacks, remote } = nestedStacks(template, r);
  const out: Children = { functions: [], endpoints: [], skipped: { ...remote }, skippedCdk: {}, unservedEndpoints: [], apiKeys: [], webSockets: [], templates: [], diagnostics: r.diagnostics };
  const dir = posix.dirname(options.file);
  for (const stack of stacks) {
    const file = nestedTemplateFile(dir, stack);
    const cycle = chain.includes(file);
    const { text, error } = cycle || !options.readFile ? {} : readProjectFile(options.readFile, stack.location);
    if (text === undefined) {
      r.warn(stack.at, cycle ? `is ${file}, a template that includes this one (a stack cannot nest itself), so it is not read again`
        : error !== undefined ? `${stack.location} cannot be read (${error}), so the functions of this nested stack are not read`
          : stack.asset ? `${stack.location} is not in cdk.out (not synthesized, or cleaned): run cdk synth to write it; the functions of this nested stack are not read until then`
            : `${stack.location} does not exist, so the functions of this nested stack are not read`);
      out.skipped[stack.name] = `it is in the nested stack ${stack.id}, whose template ${stack.location} ${cycle ? 'includes its parent' : error !== undefined ? 'cannot be read' : 'is not there'}`;
      continue;
    }
    const childDir = posix.dirname(stack.location);
    const child = readStack(text, childOptions(options, stack, file, childDir), [...chain, file]);
    out.diagnostics.push(...child.diagnostics);
    if (!child.project) continue;
    if (child.template) out.templates.push({ template: child.template, file });
    const part = underStack(child.project, stack, childDir);
    out.functions.push(...part.functions);
    out.endpoints.push(...part.endpoints);
    Object.assign(out.skipped, part.skipped);
    Object.assign(out.skippedCdk, part.skippedCdk);
    out.unservedEndpoints.push(...(part.unservedEndpoints ?? []));
    out.apiKeys.push(...(part.apiKeys ?? []));
    out.webSockets.push(...(part.webSockets ?? []));
  }
  return out;
}

/** How a child template is read: its files from its own directory, its parameters from its parent. */
function childOptions(options: SamReadOptions, stack: NestedStack, file: string, childDir: string): SamReadOptions {
  const { readFile } = options;
  return {
    file,
    parameterOverrides: stack.parameters,
    parameterSource: `the parent stack (${stack.at.replace(/\.(Properties|Metadata)\..*$/, '.Properties.Parameters')})`,
    unknownParameters: stack.unknown,
    ...(options.region ? { region: options.region } : {}),
    ...(options.accountId ? { accountId: options.accountId } : {}),
    ...(options.stage ? { stage: options.stage } : {}),
    ...(readFile ? { readFile: (path: string) => readFile(posix.isAbsolute(path) ? path : posix.join(childDir, path)) } : {}),
  };
}
