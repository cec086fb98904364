/**
 * config.json's REST API endpoint settings, checked as `chalice deploy` checks them before it deploys anything
 * (chalice/deploy/validate.py `validate_endpoint_type` and `validate_resource_policy`, Chalice 1.34.0), with its
 * words: `api_gateway_endpoint_type` (EDGE, Chalice's default, REGIONAL or PRIVATE), `api_gateway_endpoint_vpce`
 * (the VPC endpoints of a PRIVATE API) and `api_gateway_policy_file` (its resource policy, read from .chalice/).
 * Each is looked up per stage (`_chain_lookup(..., varies_per_chalice_stage=True)`). Locally they change nothing:
 * a PRIVATE API answers on dev's address as any other, where AWS serves it only through its VPC endpoints.
 */
import { isRecord, type FieldReader } from '../fields.js';
import type { RestEndpointType } from '../project.js';
import type { ChaliceConfig, Found } from './config.js';

const ENDPOINT_TYPES = ['EDGE', 'REGIONAL', 'PRIVATE'];

const REFUSED = '(Chalice refuses to deploy it)';

/** Python's truth of a JSON value, which validate.py tests the settings with (`if config.api_gateway_endpoint_vpce:`). */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return value !== '' && value !== false && value !== 0 && value !== null && value !== undefined;
}

/** The stage's REST API settings: its endpoint type when valid and set, and the resource policy file. */
export interface EndpointSettings {
  readonly endpointType?: RestEndpointType;
  /** The resource policy file `chalice deploy` reads for the REST API (`.chalice/<api_gateway_policy_file>`, for any endpoint type). */
  readonly policy?: Found;
}

/** Says what `chalice deploy` refuses in the stage's endpoint settings, and returns those it takes. */
export function checkEndpointType(config: ChaliceConfig, r: FieldReader): EndpointSettings {
  const type = config.perStage('api_gateway_endpoint_type');
  const vpce = config.perStage('api_gateway_endpoint_vpce');
  const policy = config.perStage('api_gateway_policy_file');
  const kind = truthy(type?.value) ? type!.value : undefined;
  if (kind !== undefined && !ENDPOINT_TYPES.includes(kind as string)) {
    r.error(type!.path, `api gateway endpoint type must be one of ${ENDPOINT_TYPES.join(', ')}, not ${JSON.stringify(kind)} ${REFUSED}`);
  }
  const hasVpce = truthy(vpce?.value);
  const hasPolicy = truthy(policy?.value);
  if (kind !== 'PRIVATE' && hasVpce) {
    r.error(vpce!.path, `config.api_gateway_endpoint_vpce should only be specified for PRIVATE api_gateway_endpoint_type ${REFUSED}`);
  } else if (kind === 'PRIVATE' && hasPolicy && hasVpce) {
    r.error(policy!.path, `Can only specify one of api_gateway_policy_file and api_gateway_endpoint_vpce ${REFUSED}`);
  } else if (kind === 'PRIVATE' && !hasPolicy && !hasVpce) {
    r.error(type!.path, `Private Endpoints require api_gateway_policy_file or api_gateway_endpoint_vpce specified ${REFUSED}`);
  }
  const endpointType = ENDPOINT_TYPES.includes(kind as string) ? { endpointType: kind as RestEndpointType } : {};
  if (!hasPolicy) return endpointType;
  if (typeof policy!.value !== 'string') {
    r.error(policy!.path, `must be the name of a JSON file in .chalice/, not ${JSON.stringify(policy!.value)}`);
    return endpointType;
  }
  return { ...endpointType, policy };
}
