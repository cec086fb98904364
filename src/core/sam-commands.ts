/**
 * SAM CLI's commands, as a SAM user types them here first (`pylambda local invoke`, `pylambda build`), and the
 * pylambda command that does that work. Command names from SAM CLI's reference (docs: serverless-sam-cli-command-reference).
 */

export interface SamCommandMeant {
  /** The SAM CLI command the words name, as SAM spells it (`local invoke`). */
  readonly sam: string;
  /** What to type here, or why there is nothing. */
  readonly answer: string;
}

const LOCAL: Readonly<Record<string, string>> = {
  invoke: 'here it is: pylambda invoke [FUNCTION] --event FILE',
  'start-api': 'here it is: pylambda dev, which serves every API, load balancer and function URL of the project',
  'start-lambda': "here it is: pylambda dev, which serves Lambda's Invoke API (--lambda-port PORT) beside the project's APIs",
  'generate-event': 'here it is: pylambda events generate KIND',
};

const DEPLOYS = "pylambda runs and packages functions locally and does not deploy: sam still does";

const TOP: Readonly<Record<string, string>> = {
  build: 'here it is: pylambda package, which builds each function\'s Lambda-ready zip (--out DIR)',
  init: 'here it is: pylambda new NAME',
  'generate-event': 'here it is: pylambda events generate KIND',
  validate: 'pylambda checks the template each time it reads it (dev, invoke, package), listing every problem with its path',
  deploy: DEPLOYS,
  sync: DEPLOYS,
  delete: DEPLOYS,
  logs: DEPLOYS,
  traces: DEPLOYS,
  remote: DEPLOYS,
  publish: DEPLOYS,
  pipeline: DEPLOYS,
};

/**
 * The SAM CLI command `words` (the command line's first words) name, and its answer here; undefined for a name
 * SAM CLI does not have. `local` alone, or with a subcommand SAM has not, is answered with `local`'s commands.
 */
export function samCommandMeant(words: readonly string[]): SamCommandMeant | undefined {
  const [first, second] = words.map((word) => word.toLowerCase());
  if (first === 'local') {
    if (second !== undefined && Object.hasOwn(LOCAL, second)) return { sam: `local ${second}`, answer: LOCAL[second]! };
    return { sam: 'local', answer: 'sam local invoke is pylambda invoke, sam local start-api and start-lambda are pylambda dev, sam local generate-event is pylambda events generate' };
  }
  if (first !== undefined && Object.hasOwn(TOP, first)) return { sam: first, answer: TOP[first]! };
  return undefined;
}
