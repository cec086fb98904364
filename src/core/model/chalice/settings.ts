import { didYouMean } from '../../did-you-mean.js';
import { isRecord, type FieldReader } from '../fields.js';

/**
 * The keys Chalice 1.34 reads from .chalice/config.json (chalice/config.py: each `_chain_lookup` and `_chain_merge`,
 * with where it looks). Chalice ignores any other key without a word, so a misspelt `lambda_timout` or a stage
 * setting written under `lambda_functions` silently does nothing; pylambda says so, as a warning.
 */

/** `_chain_lookup(name, varies_per_chalice_stage=True)`: the stage, then the top level. */
const PER_STAGE = [
  'api_gateway_stage', 'api_gateway_endpoint_type', 'api_gateway_endpoint_vpce', 'api_gateway_policy_file', 'api_gateway_custom_domain',
  'websocket_api_custom_domain', 'minimum_compression_size', 'lambda_architecture', 'automatic_layer',
];
/** `varies_per_function=True` as well: also `lambda_functions.<name>`, of the stage and of the top level. */
const PER_FUNCTION = [
  'lambda_timeout', 'lambda_memory_size', 'reserved_concurrency', 'layers', 'log_retention_in_days', 'iam_policy_file', 'iam_role_arn',
  'manage_iam_role', 'autogen_policy', 'xray', 'subnet_ids', 'security_group_ids',
];
/** `_chain_merge`: the top level, the stage, the stage's `lambda_functions.<name>` (not the top level's). */
const MERGED = ['environment_variables', 'tags'];
/** Read at the top level only (`_chain_lookup(name)`, cli/factory.py `_validate_config_from_disk`). */
const TOP_ONLY = ['version', 'app_name', 'profile', 'stages', 'lambda_functions'];

const TOP = [...TOP_ONLY, ...PER_STAGE, ...PER_FUNCTION, ...MERGED];
const STAGE = ['lambda_functions', ...PER_STAGE, ...PER_FUNCTION, ...MERGED];
const STAGE_FUNCTION = [...PER_FUNCTION, ...MERGED];
const TOP_FUNCTION = PER_FUNCTION;

/**
 * Warns about each key of config.json that Chalice does not read where it is written; `chalice` is the installed
 * Chalice's name and version (`Chalice 1.34.0`), since a later one may read more.
 */
export function checkSettings(top: Record<string, unknown>, chalice: string, r: FieldReader): void {
  const unknown = (key: string, path: string, known: readonly string[]) => {
    const meant = didYouMean(key, known);
    r.warn(path, `is not a setting ${chalice} reads, so it has no effect${meant ? ` (did you mean ${meant}?)` : ''}`);
  };
  unknownKeys(top, '', TOP, r, unknown);
  const stages = isRecord(top.stages) ? top.stages : {};
  for (const [stage, block] of Object.entries(stages)) {
    if (!isRecord(block)) continue;
    unknownKeys(block, `stages.${stage}.`, STAGE, r, unknown);
    functionBlocks(block.lambda_functions, `stages.${stage}.lambda_functions.`, STAGE_FUNCTION, `stages.${stage}`, r, unknown);
  }
  functionBlocks(top.lambda_functions, 'lambda_functions.', TOP_FUNCTION, 'the top level or stages.<stage>', r, unknown);
}

type Unknown = (key: string, path: string, known: readonly string[]) => void;

function functionBlocks(value: unknown, prefix: string, known: readonly string[], stageLevel: string, r: FieldReader, unknown: Unknown): void {
  if (!isRecord(value)) return;
  for (const [name, block] of Object.entries(value)) {
    if (!isRecord(block)) continue;
    for (const key of Object.keys(block)) {
      if (known.includes(key)) continue;
      const path = `${prefix}${name}.${key}`;
      // The top level's lambda_functions.<name>.environment_variables has a warning of its own (read.ts).
      if (key === 'environment_variables' && prefix === 'lambda_functions.') continue;
      if (key === 'tags') r.warn(path, `is not applied: Chalice merges tags from the top level, stages.<stage> and stages.<stage>.lambda_functions.<name> only; move them to stages.<stage>.lambda_functions.${name}`);
      else if (PER_STAGE.includes(key)) r.warn(path, `is a setting of the whole stage, which Chalice does not read per function: move it to ${stageLevel}`);
      else unknown(key, path, known);
    }
  }
}

function unknownKeys(block: Record<string, unknown>, prefix: string, known: readonly string[], r: FieldReader, unknown: Unknown): void {
  for (const key of Object.keys(block)) {
    if (known.includes(key)) continue;
    if (TOP_ONLY.includes(key)) r.warn(`${prefix}${key}`, 'is read at the top level of config.json only: Chalice ignores it here');
    else unknown(key, `${prefix}${key}`, known);
  }
}

