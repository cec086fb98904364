/**
 * Which template files make a project, and their rendered text. The templates directory has layers:
 * `shared/` for every project, `<style>/common/` for a style, `raw/sam/` or `raw/serverless/` for a raw
 * project's framework, `<style>/<example>/` for one example; a later layer's file replaces an earlier one's
 * at the same path.
 */
import type { ScaffoldChoices } from './choices.js';
import { templateContext } from './examples.js';
import { renderTemplate } from './render.js';

export interface TemplateFile {
  /** Relative to the templates directory, with `/` separators: `raw/sam/template.yaml`. */
  readonly path: string;
  readonly text: string;
}

export interface ProjectFile {
  /** Relative to the new project, with `/` separators. */
  readonly path: string;
  readonly text: string;
}

/**
 * npm leaves `.gitignore` files out of published packages (npm-packlist), so the template is stored
 * without its dot and renamed here.
 */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/** Files never copied from the templates directory: bytecode a local run of a template may leave. */
function isJunk(path: string): boolean {
  return path.split('/').includes('__pycache__') || path.endsWith('.pyc') || path.endsWith('.DS_Store');
}

export function templateLayers(choices: Pick<ScaffoldChoices, 'style' | 'example' | 'framework'>): string[] {
  // A raw project's framework layer holds its one deployment file: template.yaml or serverless.yml.
  const framework = choices.framework ? [`${choices.style}/${choices.framework}`] : [];
  return ['shared', `${choices.style}/common`, ...framework, `${choices.style}/${choices.example}`];
}

/** The project's files, sorted by path, rendered for the choices. */
export function planProject(choices: ScaffoldChoices, templates: readonly TemplateFile[]): ProjectFile[] {
  const context = templateContext(choices);
  const chosen = new Map<string, TemplateFile>();
  for (const layer of templateLayers(choices)) {
    for (const file of templates) {
      if (!file.path.startsWith(`${layer}/`) || isJunk(file.path)) continue;
      chosen.set(targetPath(file.path.slice(layer.length + 1)), file);
    }
  }
  return [...chosen.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, file]) => ({ path, text: renderTemplate(file.text, context, file.path) }));
}

function targetPath(path: string): string {
  const parts = path.split('/');
  const last = parts.length - 1;
  parts[last] = RENAMED[parts[last]!] ?? parts[last]!;
  return parts.join('/');
}
