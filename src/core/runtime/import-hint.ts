/**
 * Why a function's import failed when its requirements are simply not installed. `sam local invoke` runs
 * the code `sam build` put in .aws-sam/build, dependencies included; pylambda runs the sources with the
 * project's Python, so a package requirements.txt lists but that Python lacks is the usual first failure.
 */
import { requirementNames } from '../packaging/requirements.js';
import { normaliseName } from '../packaging/prune.js';

/** Import names whose distribution is called something else (the ones Lambda functions use most). */
const DISTRIBUTIONS: Readonly<Record<string, string>> = {
  yaml: 'pyyaml',
  jwt: 'pyjwt',
  pil: 'pillow',
  dateutil: 'python-dateutil',
  dotenv: 'python-dotenv',
  bs4: 'beautifulsoup4',
  jose: 'python-jose',
  psycopg2: 'psycopg2-binary',
};

/**
 * The module of `Unable to import module 'app': No module named 'requests.adapters'`: `requests`; also of a
 * ModuleNotFoundError's own message (`No module named 'requests'`), an import the handler makes when first
 * needed, as the scaffolds teach, which fails the invocation instead of the init.
 */
export function missingModule(errorMessage: string): string | undefined {
  const m = /^(?:Unable to import module '[^']*': )?No module named '([^'.]+)/.exec(errorMessage);
  return m?.[1];
}

/** The requirement that provides `module`, when requirements.txt lists it. */
export function listedRequirement(module: string, requirements: string): string | undefined {
  const names = requirementNames(requirements);
  const wanted = normaliseName(module);
  const alias = DISTRIBUTIONS[wanted];
  return names.find((name) => name === wanted || name === alias);
}

/**
 * What Lambda's Python runtimes ship beside the standard library (the AWS SDK and its dependencies): projects
 * leave them out of requirements.txt, rightly, and a fresh virtual environment lacks them. The distribution
 * to install for each import name.
 */
const RUNTIME_PROVIDED: Readonly<Record<string, string>> = {
  boto3: 'boto3', botocore: 'botocore', s3transfer: 's3transfer', jmespath: 'jmespath', dateutil: 'python-dateutil', urllib3: 'urllib3', six: 'six',
};

/** The distribution Lambda's runtime provides for `module`, if it does. */
export function runtimeProvided(module: string): string | undefined {
  return Object.hasOwn(RUNTIME_PROVIDED, module) ? RUNTIME_PROVIDED[module] : undefined;
}
