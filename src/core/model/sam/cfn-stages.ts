import { isRecord, type FieldReader } from '../fields.js';
import { IMPLICIT_REST_STAGE } from './apis.js';
import { evaluated, reference } from './cfn-api-refs.js';
import type { ParsedTemplate } from './template.js';

/**
 * The stage an API written as plain CloudFormation is served on. The model serves one stage per API; with several,
 * the last in the template, as `sam local start-api` serves it (cfn_api_provider.py sets the stage of every Stage
 * resource it meets, so the last one read stays), unless `--stage` names another.
 */
export interface Stage {
  readonly name: string;
  readonly variables?: Record<string, string>;
  /** With several: their names, one of which `--stage` picks. */
  readonly choices?: readonly string[];
}

interface Candidate {
  readonly at: string;
  readonly name: unknown;
  readonly variables: unknown;
}

/** A REST API's stage: an `AWS::ApiGateway::Stage` (CDK's), or a `Deployment` with a `StageName` (which creates it). */
export function restStage(template: ParsedTemplate, apiId: string, wanted: string | undefined, r: FieldReader): Stage {
  const stages: Candidate[] = [];
  for (const [id, resource] of Object.entries(template.resources)) {
    const props = isRecord(resource.Properties) ? resource.Properties : {};
    if (reference(props.RestApiId)?.id !== apiId) continue;
    if (resource.Type === 'AWS::ApiGateway::Stage') stages.push({ at: `Resources.${id}`, name: props.StageName, variables: props.Variables });
    if (resource.Type === 'AWS::ApiGateway::Deployment' && props.StageName !== undefined) {
      stages.push({ at: `Resources.${id}`, name: props.StageName, variables: isRecord(props.StageDescription) ? props.StageDescription.Variables : undefined });
    }
  }
  return oneStage(template, apiId, stages, wanted, IMPLICIT_REST_STAGE, 'an AWS::ApiGateway::Stage, or an AWS::ApiGateway::Deployment with a StageName', r);
}

/** An HTTP API's stage (`$default` or named); quick create makes `$default`. */
export function httpStage(template: ParsedTemplate, apiId: string, quick: boolean, wanted: string | undefined, r: FieldReader): Stage {
  const stages: Candidate[] = quick ? [{ at: `Resources.${apiId}.Properties.Target`, name: '$default', variables: undefined }] : [];
  for (const [id, resource] of Object.entries(template.resources)) {
    const props = isRecord(resource.Properties) ? resource.Properties : {};
    if (resource.Type === 'AWS::ApiGatewayV2::Stage' && reference(props.ApiId)?.id === apiId) stages.push({ at: `Resources.${id}`, name: props.StageName, variables: props.StageVariables });
  }
  return oneStage(template, apiId, stages, wanted, '$default', 'an AWS::ApiGatewayV2::Stage', r);
}

function oneStage(template: ParsedTemplate, apiId: string, stages: readonly Candidate[], wanted: string | undefined, fallback: string, what: string, r: FieldReader): Stage {
  if (stages.length === 0) {
    r.warn(`Resources.${apiId}`, `has no stage (${what}): on AWS it answers only once deployed to one; served locally as stage ${fallback}`);
    return { name: fallback };
  }
  const named = stages.map((stage) => ({ ...stage, named: r.string(evaluated(stage.name, template), `${stage.at}.Properties.StageName`) ?? fallback }));
  const last = named.at(-1)!;
  const chosen = named.length > 1 ? named.find((stage) => stage.named === wanted) ?? last : last;
  if (named.length > 1) {
    const names = named.map((stage) => stage.named).join(', ');
    const why = chosen !== last ? 'as --stage names'
      : `the last in the template, as sam local start-api does${wanted === undefined ? '; --stage NAME serves another' : `: --stage ${wanted} is none of them`}`;
    r.warn(`Resources.${apiId}`, `has ${named.length} stages (${names}): pylambda dev serves ${chosen.named}, ${why}`);
  }
  const choices = named.length > 1 ? { choices: named.map((stage) => stage.named) } : {};
  const raw = evaluated(chosen.variables, template);
  if (!isRecord(raw)) return { name: chosen.named, ...choices };
  const variables = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)]));
  return { name: chosen.named, variables, ...choices };
}
