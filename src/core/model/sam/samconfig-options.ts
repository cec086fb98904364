import { UserError } from '../../errors.js';
import { portNumber } from '../port.js';
import { DEFAULT_CONFIG_ENV, tableParameters, type SamconfigCommand, type SamconfigDocument } from './samconfig.js';

/**
 * The options of `sam local start-api` (dev) and `sam local invoke` (invoke) that samconfig's tables give as
 * defaults: click takes a table's key as the option's default (cli_config_file.py, ctx.default_map), so the command
 * line wins over it, and the file over the command's own default.
 */

/** The settings a samconfig file gives dev and invoke, by their option's long name. */
export interface SamconfigOptionValues {
  readonly port?: number;
  readonly host?: string;
  readonly 'debug-port'?: number;
  readonly 'debug-function'?: string;
  /** As written: SAM opens it from where it runs; the caller resolves it. */
  readonly event?: string;
  /**
   * `template_file`, else `template`: --template-file's default and the alias get_or_default_template_file_name
   * takes when it is missing (samcli/commands/_utils/options.py). As written: SAM opens it from where it runs.
   */
  readonly template?: string;
}

/** `template-file` is read apart from `template`, which it wins over from any table. */
type OptionName = keyof SamconfigOptionValues | 'template-file';

/** The keys read, by command (dev: sam local start-api's, invoke: sam local invoke's, package: sam build's), and each one's option. */
const READ: Readonly<Record<SamconfigCommand, Readonly<Record<string, OptionName>>>> = {
  dev: { port: 'port', host: 'host', debug_port: 'debug-port', debug_function: 'debug-function', template_file: 'template-file', template: 'template' },
  invoke: { event: 'event', debug_port: 'debug-port', template_file: 'template-file', template: 'template' },
  package: { template_file: 'template-file', template: 'template' },
};

/**
 * The command's own table. package's is sam build's only: sam package's template_file is the template it uploads,
 * by default the one sam build wrote (.aws-sam/build/template.yaml: its template_click_option(include_build=True)),
 * not the one pylambda packages from.
 */
const TABLES: Readonly<Record<SamconfigCommand, string>> = { dev: 'local_start_api', invoke: 'local_invoke', package: 'build' };

/** What a command takes from the file for its options: global's table, then the command's, whose keys win. */
export function samconfigOptionValues(document: SamconfigDocument, command: SamconfigCommand, file: string, env = DEFAULT_CONFIG_ENV): SamconfigOptionValues {
  const values: Partial<Record<OptionName, string | number>> = {};
  for (const name of ['global', TABLES[command]]) {
    const table = `[${env}.${name}.parameters]`;
    for (const [key, value] of Object.entries(tableParameters(document, env, name))) {
      const option = Object.hasOwn(READ[command], key) ? READ[command][key]! : undefined;
      if (option) values[option] = optionValue(option, value, `${file} ${table} ${key}`);
    }
  }
  const { 'template-file': templateFile, ...rest } = values;
  return (templateFile === undefined ? rest : { ...rest, template: templateFile }) as SamconfigOptionValues;
}

const FIX = 'Fix the file, or give the option on the command line: it wins over the file.';

/** A value click would refuse is refused here too, as it stops `sam local` before it starts. */
function optionValue(option: OptionName, value: unknown, where: string): string | number {
  if (option === 'port' || option === 'debug-port') {
    const least = option === 'port' ? 0 : 1;
    const port = portNumber(value, least);
    if (port === undefined) {
      throw new UserError(`${where}: must be a port number (${least}-65535), not ${JSON.stringify(value)}`, { hint: FIX, exitCode: 2 });
    }
    return port;
  }
  if (typeof value !== 'string' || value === '') {
    throw new UserError(`${where}: must be a non-empty string, not ${JSON.stringify(value)}`, { hint: FIX, exitCode: 2 });
  }
  return value;
}
