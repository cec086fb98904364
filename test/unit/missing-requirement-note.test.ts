import { describe, expect, it } from 'vitest';
import { requirementsFiles, type MissingRequirement } from '../../src/api/missing-requirement.js';
import { styleFor } from '../../src/ui/io.js';
import { missingRequirementNote } from '../../src/ui/missing-requirement.js';

const plain = styleFor({ isTTY: false }, {});
const missing = (inVenv: boolean): MissingRequirement => ({ module: 'yaml', requirement: 'pyyaml', file: '/p/hello/requirements.txt', python: '/usr/bin/python3', inVenv, root: '/p' });
const head = (listed: string) => `note: pyyaml (${listed}) is not installed in the Python that ran the function, /usr/bin/python3: pylambda runs the sources with the project's Python, not a build's packages. Install it: `;

describe('the note for a dependency requirements.txt lists that is not installed', () => {
  it.each<[string, boolean, string, { dev?: boolean }, string]>([
    ['into the virtual environment that ran it', true, '/p', {}, '/usr/bin/python3 -m pip install -r hello/requirements.txt'],
    ['else into a .venv in the project root, named from the cwd', false, '/p/hello', {}, 'python3 -m venv ../.venv && ../.venv/bin/pip install -r requirements.txt'],
    // dev chose its Python at start: the .venv is used from the next one.
    ['dev: then start again', false, '/p', { dev: true }, 'python3 -m venv .venv && .venv/bin/pip install -r hello/requirements.txt, then start pylambda dev again'],
    ['dev, a venv already: nothing to restart', true, '/p', { dev: true }, '/usr/bin/python3 -m pip install -r hello/requirements.txt'],
  ])('%s', (_what, inVenv, cwd, options, command) => {
    expect(missingRequirementNote(missing(inVenv), cwd, plain, options)).toBe(`${head(cwd === '/p' ? 'hello/requirements.txt' : 'requirements.txt')}${command}`);
  });
});

describe('the note for serverless-wsgi\'s werkzeug, which the plugin installs with the app\'s requirements', () => {
  it('installs both files', () => {
    const werkzeug: MissingRequirement = {
      module: 'werkzeug', requirement: 'werkzeug', file: '/p/node_modules/serverless-wsgi/requirements.txt', alongside: '/p/requirements.txt', python: '/p/.venv/bin/python', inVenv: true, root: '/p',
    };
    expect(missingRequirementNote(werkzeug, '/p', plain)).toBe(
      'note: werkzeug (node_modules/serverless-wsgi/requirements.txt) is not installed in the Python that ran the function, /p/.venv/bin/python: pylambda runs the sources with the project\'s Python, not a build\'s packages.'
      + ' Install it with the app\'s requirements, as serverless-wsgi does: /p/.venv/bin/python -m pip install -r node_modules/serverless-wsgi/requirements.txt -r requirements.txt');
  });
});

describe('the note for what Lambda\'s runtime provides (boto3), which no requirements.txt lists', () => {
  it.each<[string, boolean, string]>([
    ['into the virtual environment that ran it', true, '/p/.venv/bin/python -m pip install boto3'],
    ['else into a new .venv in the project root', false, 'python3 -m venv .venv && .venv/bin/pip install boto3'],
  ])('%s', (_what, inVenv, command) => {
    const boto3: MissingRequirement = { module: 'boto3', requirement: 'boto3', python: '/p/.venv/bin/python', inVenv, root: '/p' };
    expect(missingRequirementNote(boto3, '/p', plain)).toBe(
      `note: boto3 comes with Lambda's Python runtime, but is not installed in the Python that ran the function, /p/.venv/bin/python. Install it: ${command}`);
  });
});

describe('where a function\'s requirements are listed', () => {
  it('includes the requirements.txt of the layers sam build installs (BuildMethod), not of the others', () => {
    const source = { file: 'template.yaml', path: 'Resources.L' };
    const layers = [{ id: 'Built', contentUri: 'shared/', buildMethod: 'python3.12', source }, { id: 'Plain', contentUri: 'plain/', source }];
    expect(requirementsFiles('/p/src', '/p', { layers }))
      .toEqual(['/p/src/requirements.txt', '/p/requirements.txt', '/p/shared/requirements.txt']);
  });
});
