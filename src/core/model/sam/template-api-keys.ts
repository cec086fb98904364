import { Unresolved } from '../cfn/intrinsics.js';
import { isRecord, type FieldReader } from '../fields.js';
import type { ApiKeyModel } from '../project.js';
import { IMPLICIT_REST_API } from './apis.js';
import { evaluated, reference, resourcesOfType } from './cfn-api-refs.js';
import { resourceProperties, type ParsedTemplate } from './template.js';
import { boolean } from '../values.js';

/**
 * The template's `AWS::ApiGateway::ApiKey` resources with a `Value`: what a request may send. A key without one
 * (SAM's `Auth.UsagePlan` makes those) gets its value from AWS at deploy time. `Enabled` defaults to false
 * (API Gateway CreateApiKey), and API Gateway refuses a disabled key.
 */
export function readApiKeys(template: ParsedTemplate, r: FieldReader): ApiKeyModel[] {
  const out: ApiKeyModel[] = [];
  const plans = keyPlans(template);
  warnPlanLimits(template, r);
  for (const [id, resource] of Object.entries(template.resources)) {
    if (resource.Type !== 'AWS::ApiGateway::ApiKey') continue;
    const props = resourceProperties(template, id);
    const at = `Resources.${id}.Properties`;
    // A value kept out of the template (a NoEcho parameter, an import) is the usual way to hold a key: it cannot
    // be known locally, which is no fault of the template.
    if (props.Value instanceof Unresolved) {
      r.warn(`${at}.Value`, `${props.Value.reason}: pylambda dev cannot know the key ${id}, so it does not take it (--api-key KEY gives dev the key to take)`, 'dev');
      continue;
    }
    const value = props.Value === undefined ? undefined : r.string(props.Value, `${at}.Value`);
    if (value === undefined) continue;
    if (props.Enabled instanceof Unresolved) {
      r.warn(`${at}.Enabled`, `${props.Enabled.reason}: the key ${id} is taken as enabled`, 'dev');
    } else if (!boolean(props.Enabled, `${at}.Enabled`, r)) {
      r.warn(`${at}.Enabled`, `is not true, so API Gateway refuses the key ${id} (a key is disabled unless Enabled: true), and pylambda dev does too`, 'dev');
      continue;
    }
    const plan = plans.get(id) ?? { stages: [], unknown: [] };
    for (const planKey of plan.unknown) {
      r.warn(`Resources.${planKey}.Properties.UsagePlanId`, `is not an AWS::ApiGateway::UsagePlan of this template (nor one SAM makes for an API's Auth.UsagePlan), so pylambda dev cannot know which APIs its plan holds: the key ${id} opens every API locally`, 'dev');
    }
    if (plan.unknown.length === 0 && plan.stages.length === 0) {
      r.warn(`Resources.${id}`, `is in no usage plan (an AWS::ApiGateway::UsagePlanKey with its KeyId), so API Gateway answers 403 Forbidden to a request with it, and pylambda dev does too (--api-key KEY gives dev a key that opens every route)`, 'dev');
    }
    out.push({ name: id, value, ...(plan.unknown.length > 0 ? {} : { stages: plan.stages }), source: { file: r.file, path: `Resources.${id}` } });
  }
  return out;
}

type PlanStages = Array<{ api: string; stage?: string }>;

/**
 * An `AWS::ApiGateway::UsagePlan`'s `Throttle`, `Quota` and the `Throttle` of its `ApiStages`, which pylambda dev does
 * not enforce (as it says of SAM's `Auth.UsagePlan`): the apigw-usage-plans pattern of aws-samples/serverless-patterns
 * limits its key so, and dev said nothing.
 */
function warnPlanLimits(template: ParsedTemplate, r: FieldReader): void {
  for (const [id, props] of resourcesOfType(template, 'AWS::ApiGateway::UsagePlan')) {
    const at = `Resources.${id}.Properties`;
    const stages = Array.isArray(props.ApiStages) ? props.ApiStages : [];
    const limits = [
      ...['Throttle', 'Quota'].filter((key) => props[key] !== undefined),
      ...stages.flatMap((stage, i) => (isRecord(stage) && stage.Throttle !== undefined ? [`ApiStages[${i}].Throttle`] : [])),
    ];
    if (limits.length > 0) r.warn(at, `${limits.join(', ')} ${limits.length === 1 ? 'is' : 'are'} not enforced locally: requests with an API key are neither throttled nor counted (API Gateway answers 429 past the usage plan's limits)`, 'dev');
  }
}

/**
 * Each key's usage plans, by the key's logical id: the APIs and stages in the `ApiStages` of the
 * `AWS::ApiGateway::UsagePlan`s its `AWS::ApiGateway::UsagePlanKey`s put it in ("a usage plan specifies who can access
 * one or more deployed API stages"), and the UsagePlanKeys whose plan is not in the template (a parameter, an import).
 * A stage that is a !Ref to an AWS::ApiGateway::Stage is its StageName; one not known locally is any stage.
 */
function keyPlans(template: ParsedTemplate): Map<string, { stages: PlanStages; unknown: string[] }> {
  const planStages = new Map<string, PlanStages>();
  for (const [id, props] of resourcesOfType(template, 'AWS::ApiGateway::UsagePlan')) {
    const list = Array.isArray(props.ApiStages) ? props.ApiStages.filter(isRecord) : [];
    planStages.set(id, list.flatMap((s) => {
      const api = reference(s.ApiId)?.id;
      return api === undefined ? [] : [{ api, ...stageName(template, s.Stage) }];
    }));
  }
  const out = new Map<string, { stages: PlanStages; unknown: string[] }>();
  for (const [id, props] of resourcesOfType(template, 'AWS::ApiGateway::UsagePlanKey')) {
    const key = reference(props.KeyId)?.id;
    if (key === undefined) continue;
    const plan = reference(props.UsagePlanId)?.id;
    const stages = plan === undefined ? undefined : (planStages.get(plan) ?? samUsagePlanStages(template, plan));
    const entry = out.get(key) ?? { stages: [], unknown: [] };
    if (stages) entry.stages.push(...stages);
    else entry.unknown.push(id);
    out.set(key, entry);
  }
  return out;
}

/**
 * The plan SAM makes for an API's `Auth.UsagePlan` (api_generator.py `_construct_usage_plan`): `<Api>UsagePlan` for
 * CreateUsagePlan PER_API holds that API, `ServerlessUsagePlan` for SHARED every API that shares it; each at the
 * API's stage. Undefined for any other name.
 */
function samUsagePlanStages(template: ParsedTemplate, plan: string): PlanStages | undefined {
  const mode = (api: string) => {
    const props = resourceProperties(template, api, 'Api');
    const usage = isRecord(props.Auth) ? props.Auth.UsagePlan : undefined;
    return isRecord(usage) && typeof usage.CreateUsagePlan === 'string' ? usage.CreateUsagePlan.toUpperCase() : undefined;
  };
  const apis = [...new Set([...Object.keys(template.resources).filter((id) => template.resources[id]?.Type === 'AWS::Serverless::Api'), IMPLICIT_REST_API])];
  const holding = plan === 'ServerlessUsagePlan' ? apis.filter((api) => mode(api) === 'SHARED') : apis.filter((api) => `${api}UsagePlan` === plan && mode(api) === 'PER_API');
  return holding.length > 0 ? holding.map((api) => ({ api })) : undefined;
}

function stageName(template: ParsedTemplate, value: unknown): { stage?: string } {
  const ref = reference(value);
  const stage = ref && template.resources[ref.id]?.Type === 'AWS::ApiGateway::Stage' ? resourcesOfType(template, 'AWS::ApiGateway::Stage').find(([id]) => id === ref.id)?.[1].StageName : value;
  const name = evaluated(stage, template);
  return typeof name === 'string' ? { stage: name } : {};
}
