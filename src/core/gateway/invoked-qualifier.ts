/**
 * The alias or version a route's integration invokes on the stage served (Route.qualifier): API Gateway fills in
 * an integration uri's `${stageVariables.name}` from the stage ("Use stage variables with Lambda": one alias per
 * stage is the documented pattern, and AWS CDK's api-stages-lambda sample is written so). Undefined: the function
 * itself, also when the stage lacks a variable the uri names.
 */
export function invokedQualifier(qualifier: string | undefined, stageVariables: Readonly<Record<string, string>> | undefined): string | undefined {
  if (qualifier === undefined) return undefined;
  let missing = false;
  const filled = qualifier.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_all, name: string) => {
    const value = stageVariables?.[name];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing || filled === '' ? undefined : filled;
}
