import { isRecord } from '../fields.js';

/** How a template's resources point at one of its functions, read as written (before intrinsics). */

export const typeOf = (resource: unknown): unknown => (isRecord(resource) ? resource.Type : undefined);
export const propsOf = (resource: unknown): Record<string, unknown> => (isRecord(resource) && isRecord(resource.Properties) ? resource.Properties : {});

/** `!GetAtt Fn.Arn`, `!Ref Fn` (a function's name, which Lambda takes for its ARN) or `!Sub ${Fn.Arn}`. */
export function namesFunction(value: unknown, functionId: string): boolean {
  if (!isRecord(value)) return false;
  const att = value['Fn::GetAtt'];
  if (Array.isArray(att)) return att[0] === functionId && att[1] === 'Arn';
  if (typeof att === 'string') return att === `${functionId}.Arn`;
  if (value.Ref === functionId) return true;
  const sub = value['Fn::Sub'];
  return typeof sub === 'string' && sub.trim() === `\${${functionId}.Arn}`;
}

/**
 * The function a resolved `FunctionName` property names (an EventInvokeConfig's, an alias's, a version's): its Ref is
 * the function's name, an ARN or a name may be written out, with a qualifier or not; the logical id is taken too.
 */
export function functionNamed<F extends { readonly id: string; readonly name: string }>(functions: readonly F[], name: string): number {
  const at = name.lastIndexOf(':function:');
  const short = name.slice(at >= 0 ? at + 10 : 0).split(':')[0]!;
  return functions.findIndex((f) => f.name === short || f.id === short);
}
