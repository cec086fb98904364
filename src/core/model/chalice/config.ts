import { describe, isRecord, type FieldReader } from '../fields.js';

/**
 * `.chalice/config.json` and Chalice's lookup rules (chalice/config.py, class Config, read in Chalice 1.34.0).
 *
 * A setting that varies per stage and per function is searched in this order, the first non-null value
 * winning (`_chain_lookup`): `stages.<stage>.lambda_functions.<name>`, `stages.<stage>`,
 * `lambda_functions.<name>`, the top level, Chalice's default. A setting that varies per stage only
 * (`api_gateway_stage`, `lambda_architecture`) skips the two `lambda_functions` levels.
 *
 * `environment_variables` are merged instead (`_chain_merge`): the top level, then `stages.<stage>`, then
 * `stages.<stage>.lambda_functions.<name>`, later levels winning key by key. The top-level
 * `lambda_functions.<name>` is NOT one of the merged levels (still so on Chalice's main branch), although
 * the docs list environment_variables among the per-function settings; we do what Chalice does and warn.
 */

/** Chalice's defaults (chalice/constants.py; the API stage default comes from cli/factory.py create_config_obj). */
export const CHALICE_DEFAULTS = {
  stage: 'dev',
  apiGatewayStage: 'api',
  memorySize: 128,
  timeout: 60,
  architecture: 'x86_64',
  /** The Lambda function behind every route (DEFAULT_HANDLER_NAME). */
  apiHandler: 'api_handler',
} as const;

/** A value found in the file, and where. */
export interface Found {
  readonly value: unknown;
  readonly path: string;
}

/** The merged environment of one function, and the level each key's winning value came from. */
export interface MergedEnvironment {
  readonly values: Readonly<Record<string, unknown>>;
  readonly sources: Readonly<Record<string, string>>;
  /** The most specific level that sets environment_variables at all (for messages about the whole set). */
  readonly path: string;
}

/** One stage of a parsed config.json. Containers of the wrong type are reported once, at construction. */
export class ChaliceConfig {
  private readonly stageBlock: Record<string, unknown>;
  private readonly stageFunctions: Record<string, unknown>;
  private readonly topFunctions: Record<string, unknown>;

  constructor(
    readonly top: Record<string, unknown>,
    readonly stage: string,
    r: FieldReader,
  ) {
    const stages = mapping(top.stages, 'stages', r);
    this.stageBlock = mapping(stages[stage], `stages.${stage}`, r);
    this.stageFunctions = mapping(this.stageBlock.lambda_functions, `stages.${stage}.lambda_functions`, r);
    this.topFunctions = mapping(top.lambda_functions, 'lambda_functions', r);
    for (const [name, block] of Object.entries(this.stageFunctions)) mapping(block, `stages.${stage}.lambda_functions.${name}`, r);
    for (const [name, block] of Object.entries(this.topFunctions)) mapping(block, `lambda_functions.${name}`, r);
  }

  /** The names `lambda_functions` configures, with the path of each block (this stage's and the top level's). */
  configuredFunctions(): Array<{ name: string; path: string }> {
    return [
      ...Object.keys(this.stageFunctions).map((name) => ({ name, path: `stages.${this.stage}.lambda_functions.${name}` })),
      ...Object.keys(this.topFunctions).map((name) => ({ name, path: `lambda_functions.${name}` })),
    ];
  }

  /** `_chain_lookup(name, varies_per_chalice_stage=True)`. */
  perStage(key: string): Found | undefined {
    return first([
      [this.stageBlock, `stages.${this.stage}`],
      [this.top, ''],
    ], key);
  }

  /** `_chain_lookup(name, varies_per_chalice_stage=True, varies_per_function=True)`. */
  perFunction(key: string, fn: string): Found | undefined {
    return first([
      [record(this.stageFunctions[fn]), `stages.${this.stage}.lambda_functions.${fn}`],
      [this.stageBlock, `stages.${this.stage}`],
      [record(this.topFunctions[fn]), `lambda_functions.${fn}`],
      [this.top, ''],
    ], key);
  }

  /** `_chain_lookup(name)`: the top level only (app_name). */
  topLevel(key: string): Found | undefined {
    return first([[this.top, '']], key);
  }

  /** `environment_variables` of a function (`_chain_merge`); a level that is not a mapping is reported and skipped. */
  environment(fn: string, r: FieldReader): MergedEnvironment {
    const levels: Array<[Record<string, unknown>, string]> = [
      [this.top, 'environment_variables'],
      [this.stageBlock, `stages.${this.stage}.environment_variables`],
      [record(this.stageFunctions[fn]), `stages.${this.stage}.lambda_functions.${fn}.environment_variables`],
    ];
    const values: Record<string, unknown> = {};
    const sources: Record<string, string> = {};
    let path = 'environment_variables';
    for (const [block, at] of levels) {
      const vars = block.environment_variables;
      if (vars === undefined || vars === null) continue;
      if (!isRecord(vars)) {
        r.error(at, `must be a mapping of names to strings, not ${describe(vars)}`);
        continue;
      }
      path = at;
      for (const [key, value] of Object.entries(vars)) {
        values[key] = value;
        sources[key] = `${at}.${key}`;
      }
    }
    return { values, sources, path };
  }

  /**
   * The merged variables as Lambda gets them. chalice/deploy/validate.py (validate_environment_variables_type)
   * refuses values that are not strings, so those are reported and left out.
   */
  stringEnvironment(fn: string, r: FieldReader): { values: Record<string, string>; merged: MergedEnvironment } {
    const merged = this.environment(fn, r);
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(merged.values)) {
      if (typeof value === 'string') values[key] = value;
      else r.error(merged.sources[key]!, `must be a string (Chalice rejects other types: "Environment variable values must be strings"), not ${describe(value)}`);
    }
    return { values, merged };
  }

  /** The top-level `lambda_functions.<name>.environment_variables` blocks, which Chalice does not apply. */
  ignoredEnvironments(): string[] {
    return Object.entries(this.topFunctions)
      .filter(([, block]) => isRecord(block) && block.environment_variables !== undefined && block.environment_variables !== null)
      .map(([name]) => `lambda_functions.${name}.environment_variables`);
  }
}

/** The first block holding a non-null value for `key` (Chalice skips None: `cfg_dict.get(name) is not None`). */
function first(blocks: ReadonlyArray<readonly [Record<string, unknown>, string]>, key: string): Found | undefined {
  for (const [block, at] of blocks) {
    const value = block[key];
    if (value !== undefined && value !== null) return { value, path: at ? `${at}.${key}` : key };
  }
  return undefined;
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** A block that must be a mapping; absent and null are empty, anything else is reported. */
function mapping(value: unknown, path: string, r: FieldReader): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (isRecord(value)) return value;
  r.error(path, `must be a mapping, not ${describe(value)}`);
  return {};
}

/** A value as Python's `if value:` takes it, as Chalice tests its flags: an empty list, mapping or string is false. */
export function pythonTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}
