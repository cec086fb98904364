/** What `--template` takes, said when it names something else. */
const TAKES = '--template takes a SAM or CloudFormation template (.yaml, .yml, .json), serverless.yml (.yaml, .json, .js, .mjs, .cjs, .ts) or .chalice/config.json';

/** Files a project holds beside its template, by extension: none is a template, whatever it contains. */
const NOT_TEMPLATES = new Set(['.md', '.rst', '.txt', '.cfg', '.ini', '.lock', '.env', '.zip', '.html', '.pyc']);

/**
 * Why a file named by `--template` is not a project file, for one no template is kept in: read as YAML,
 * `app.py` gave a syntax error at its line 1. A template's name is free (`stack.template`, `infra.cfn`),
 * so only names that are surely something else are refused.
 */
export function notProjectFile(name: string): { message: string; hint?: string } | undefined {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).toLowerCase() : '';
  if (ext === '.py') return { message: `${name} is code, not a project file: ${TAKES}`, hint: "A Chalice app's project file is .chalice/config.json; a handler's is the template that declares it." };
  if (/^samconfig\.(toml|ya?ml)$/.test(name)) return { message: `${name} is SAM CLI's configuration, not a project file: ${TAKES}`, hint: `Pass it with --config-file ${name}.` };
  if (ext === '.toml' || NOT_TEMPLATES.has(ext)) return { message: `${name} is not a project file: ${TAKES}` };
  return undefined;
}
