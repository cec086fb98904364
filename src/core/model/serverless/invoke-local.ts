/**
 * The event and variables `serverless invoke local` takes (Framework v3, lib/plugins/aws/invoke-local/index.js,
 * extendedValidate and getEnvVarsFromOptions), as `pylambda invoke` takes the same options.
 */
import { isJsonText, notValidJson } from '../../json-position.js';
import { parseCfnYaml } from '../cfn/yaml.js';
import { jsYamlPlainString } from './yaml-scalars.js';

export interface InvokeLocalInput {
  /** `--data`'s text, or `--path`'s file's. */
  readonly text: string;
  /** `--path FILE`: its name says how it is read (lib/utils/fs/parse.js); none for `--data`. */
  readonly file?: string;
  /** `--raw`: a text that is JSON stays the string it is. */
  readonly raw: boolean;
}

/**
 * The event as JSON text. A `.json` file is JSON (the Framework's parse throws on any other), a `.yml`/`.yaml` one
 * YAML; any other file's text (trimmed, as parse.js trims it) and `--data` are tried as JSON, and a text that is not
 * JSON, or any with `--raw`, is the event as a string: `-d hello` sends `"hello"`. A text that is JSON goes as it is
 * written, so 12345678901234567890 keeps its digits.
 */
export function invokeLocalEvent(input: InvokeLocalInput): { payload: string } | { error: string } {
  const { file, raw } = input;
  const where = file ?? '--data';
  if (file !== undefined && /\.(c|m)?js$/.test(file)) {
    return { error: `The event file ${file} is JavaScript, whose export serverless invoke local takes as the event: pylambda runs no JavaScript for an event, write it as JSON or YAML` };
  }
  if (file !== undefined && file.endsWith('.json')) {
    try {
      JSON.parse(input.text);
      return { payload: input.text };
    } catch (error) {
      return { error: `The event from ${where} ${notValidJson(error, input.text)}` };
    }
  }
  if (file !== undefined && /\.ya?ml$/.test(file)) {
    const parsed = parseCfnYaml(input.text, { plainString: jsYamlPlainString });
    if (!parsed.ok) return { error: `The event from ${where} is not YAML: ${parsed.problems.map((p) => `line ${p.line}, column ${p.column}: ${p.message}`).join('; ')}` };
    // An empty document is no event: the Framework then reads stdin, and sends {} without one.
    return { payload: JSON.stringify(parsed.value ?? {}) };
  }
  const text = file === undefined ? input.text : input.text.trim();
  return { payload: !raw && isJsonText(text) ? text : JSON.stringify(text) };
}

/**
 * `--env KEY=VALUE`, repeated: the variables that win over the function's environment. As the Framework splits it,
 * the name is up to the first `=` and the value the rest; `--env KEY` sets KEY to ''. A name that is no variable's
 * (`--env '=x'`, `--env 'A B=1'`) is an error, where the Framework would set it without a word.
 */
export function parseEnvOptions(values: readonly string[]): { env: Record<string, string> } | { error: string } {
  const env: Record<string, string> = {};
  for (const given of values) {
    const at = given.indexOf('=');
    const name = at < 0 ? given : given.slice(0, at);
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      return { error: `--env '${given}' is not NAME=VALUE with a variable's name (letters, digits and _, a letter first), as in --env STAGE=dev` };
    }
    env[name] = at < 0 ? '' : given.slice(at + 1);
  }
  return { env };
}
