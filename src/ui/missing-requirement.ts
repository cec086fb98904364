import { join, relative } from 'node:path';
import type { MissingRequirement } from '../api/missing-requirement.js';
import type { Style } from './io.js';

/** The note for an import that failed on a package requirements.txt lists: what is missing, and the command. */
export function missingRequirementNote(missing: MissingRequirement, cwd: string, style: Style, options: { dev?: boolean } = {}): string {
  const { requirement, file, alongside, python: ran, inVenv, root } = missing;
  const shown = (path: string) => relative(cwd, path) || path;
  const listed = file ? shown(file) : undefined;
  // Into a virtual environment only: pylambda finds .venv in the project's root by itself.
  const venv = join(relative(cwd, root), '.venv');
  const what = listed ? `-r ${listed}${alongside ? ` -r ${shown(alongside)}` : ''}` : requirement;
  const command = inVenv ? `${ran} -m pip install ${what}` : `python3 -m venv ${venv} && ${join(venv, 'bin', 'pip')} install ${what}`;
  const missingWhat = listed
    ? `${requirement} (${listed}) is not installed in the Python that ran the function, ${ran}: pylambda runs the sources with the project's Python, not a build's packages.`
    : `${requirement} comes with Lambda's Python runtime, but is not installed in the Python that ran the function, ${ran}.`;
  const install = alongside ? "Install it with the app's requirements, as serverless-wsgi does" : 'Install it';
  return `${style.yellow('note:')} ${missingWhat} ${install}: ${command}`
    // dev chose its Python when it started: a .venv made now is used from the next start.
    + (options.dev && !inVenv ? ', then start pylambda dev again' : '');
}
