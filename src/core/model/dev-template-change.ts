/**
 * A reload of `pylambda dev` that finds the samconfig file naming another template (its template_file, or
 * template): dev goes on serving the template it started with, as `sam local start-api` reads the file, and the
 * template it names, once, at its start (get_or_default_template_file_name is --template-file's click callback,
 * samcli/commands/_utils/options.py), and its routes and ports are the old template's until it restarts.
 */

/** The template dev started with, as shown (relative to where it runs), and whether the samconfig file named it. */
export interface StartedTemplate {
  readonly shown: string;
  readonly named: boolean;
}

/**
 * What the reload says, once: undefined when the file names the template dev serves, or none where it named
 * none (dev's default, or a template the command line gave, which the caller does not ask about). `now`: the
 * template the file names now, as shown; `file`: the file's name.
 */
export function templateChange(file: string, started: StartedTemplate, now: string | undefined): string | undefined {
  if (now === undefined ? !started.named : now === started.shown) return undefined;
  const change = now === undefined ? 'no longer names the template' : `now names the template ${now}`;
  const restart = now === undefined ? 'restart dev to serve the one where it runs' : 'restart dev to serve the new one';
  return `${file} ${change}, but dev goes on serving ${started.shown}, the template it started with: ${restart}`;
}
