/**
 * The conditional parts of a value, evaluated alone: `Fn::If` becomes the branch its condition picks and
 * `!Ref AWS::NoValue` removes the key or list item that holds it, as CloudFormation does; every other intrinsic
 * stays as written. An OpenAPI DefinitionBody needs that: templates with Conditions put `Fn::If` on a path item or
 * an operation (SAM's own tests: api_rest_paths_with_if_condition_swagger*.yaml), which `sam local start-api`
 * resolves with the rest of the template (IntrinsicResolver.handle_fn_if), while the integrations' uris are read
 * with their `${Fn.Arn}` references (openapi-routes.ts).
 */
import { isRecord } from '../fields.js';
import { Unresolved, resolveIntrinsics, type CfnContext } from './intrinsics.js';

/** An `Fn::If` whose condition cannot be evaluated: `path` is where it is in the value (`paths./items`). */
export interface ConditionalProblem {
  readonly path: string;
  readonly reason: string;
}

const LEFT_OUT = Symbol('left out');

/** The value with its conditionals evaluated; one that cannot be is left out, and said in `problems`. */
export function resolveConditionals(value: unknown, ctx: CfnContext, problems: ConditionalProblem[]): unknown {
  const out = walk(value, ctx, '', problems);
  return out === LEFT_OUT ? undefined : out;
}

function walk(value: unknown, ctx: CfnContext, at: string, problems: ConditionalProblem[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => walk(v, ctx, `${at}[${i}]`, problems)).filter((v) => v !== LEFT_OUT);
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Fn::If') return fnIf(value['Fn::If'], ctx, at, problems);
  if (keys.length === 1 && keys[0] === 'Ref' && value.Ref === 'AWS::NoValue') return LEFT_OUT;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const resolved = walk(v, ctx, at ? `${at}.${key}` : key, problems);
    if (resolved !== LEFT_OUT) out[key] = resolved;
  }
  return out;
}

function fnIf(arg: unknown, ctx: CfnContext, at: string, problems: ConditionalProblem[]): unknown {
  const where = at ? `${at}.Fn::If` : 'Fn::If';
  if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
    problems.push({ path: where, reason: 'Fn::If needs [condition name, value if true, value if false]' });
    return LEFT_OUT;
  }
  const test = resolveIntrinsics({ Condition: arg[0] }, ctx);
  if (test instanceof Unresolved) {
    problems.push({ path: where, reason: test.reason });
    return LEFT_OUT;
  }
  return walk(test === true ? arg[1] : arg[2], ctx, at, problems);
}
