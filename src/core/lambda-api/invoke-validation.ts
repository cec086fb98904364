/**
 * What the Invoke API refuses in its parameters before it looks for a function: the constraints of botocore's Lambda
 * model (`NamespacedFunctionName`, `NumericLatestPublishedOrAliasQualifier`, the InvocationType and LogType enums),
 * said in AWS's words, as AWS recorded them (localstack's snapshots of the real service,
 * tests/aws/services/lambda_/test_lambda_api.snapshot.json, test_function_name_and_qualifier_validation).
 */

/** The Invoke API's FunctionName pattern, as a ValidationException quotes it. */
export const FUNCTION_NAME_PATTERN = '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';
/** The Qualifier's pattern, as a ValidationException quotes it. */
export const QUALIFIER_PATTERN = '\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+';

/**
 * The model's lengths: FunctionName up to 256 (the API reference said 170, and 140 before; a name alone is at most 64,
 * but a longer one is only not found), Qualifier 1 to 128, and "up to 3,583 bytes of base64-encoded data" of ClientContext.
 */
export const INVOKE_PARAMETER_LIMITS = { functionName: 256, qualifier: 128, clientContext: 3583 } as const;

/**
 * FUNCTION_NAME_PATTERN with its parts captured, and `/` in the name for a nested stack's function as sam local
 * names it (`Child/Fn`), which no deployed name has.
 */
const IDENTIFIER = /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:((?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_.\/-]+)(?::(\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_-]+))?$/;
const QUALIFIER = /^(?:\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9_$-]+)$/;

export interface FunctionIdentifier {
  /** The function's name without ARN and qualifier: `my-fn`, `Child/Fn`. */
  readonly functionName: string;
  /** The qualifier after the name (`my-fn:live`). */
  readonly qualifier?: string;
  /** The region of a full ARN: Lambda finds functions of its own region only. */
  readonly region?: string;
  /** The account of a full or partial ARN (`123456789012:function:my-fn`). */
  readonly account?: string;
}

/**
 * A function identifier as Lambda reads it: a name (`my-fn`), a full ARN (`arn:aws:lambda:us-east-1:123456789012:function:my-fn`),
 * a partial one (`123456789012:function:my-fn`), each with an optional `:qualifier`. Undefined when it fails the pattern.
 * As in Lambda's pattern, `arn:aws:lambda:us-east-1:123456789012:function` is the function named `function`.
 */
export function parseFunctionIdentifier(identifier: string): FunctionIdentifier | undefined {
  const match = IDENTIFIER.exec(identifier);
  if (!match) return undefined;
  const [, region, account, functionName, qualifier] = match;
  return { functionName: functionName!, ...(qualifier === undefined ? {} : { qualifier }), ...(region === undefined ? {} : { region }), ...(account === undefined ? {} : { account }) };
}

/** A parameter that fails its model's constraint, in AWS's words (without the count). */
export function constraintFailure(value: string, member: string, constraint: string): string {
  return `Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`;
}

/** What is wrong with a FunctionName: the pattern, else the length (AWS says one failure per member). */
export function functionNameFailures(identifier: string): string[] {
  if (!IDENTIFIER.test(identifier)) return [constraintFailure(identifier, 'functionName', `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`)];
  if (identifier.length > INVOKE_PARAMETER_LIMITS.functionName) return [constraintFailure(identifier, 'functionName', `Member must have length less than or equal to ${INVOKE_PARAMETER_LIMITS.functionName}`)];
  return [];
}

/** What is wrong with `?Qualifier=`: its length and its pattern, each said (a 129-character one says its length only, as it fits the pattern). */
export function qualifierFailures(qualifier: string): string[] {
  const failures: string[] = [];
  if (qualifier.length === 0) failures.push(constraintFailure(qualifier, 'qualifier', 'Member must have length greater than or equal to 1'));
  if (qualifier.length > INVOKE_PARAMETER_LIMITS.qualifier) failures.push(constraintFailure(qualifier, 'qualifier', `Member must have length less than or equal to ${INVOKE_PARAMETER_LIMITS.qualifier}`));
  if (qualifier.length > 0 && !QUALIFIER.test(qualifier)) failures.push(constraintFailure(qualifier, 'qualifier', `Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`));
  return failures;
}

/** A value outside its enum, as AWS lists the set. */
export function enumFailures(value: string, member: string, values: readonly string[]): string[] {
  return values.includes(value) ? [] : [constraintFailure(value, member, `Member must satisfy enum value set: [${values.join(', ')}]`)];
}

/** AWS's ValidationException message: every failure, counted, `; ` between them. */
export function validationMessage(failures: readonly string[]): string {
  return `${failures.length} validation error${failures.length > 1 ? 's' : ''} detected: ${failures.join('; ')}`;
}

/**
 * A ClientContext over its documented 3,583 bytes of base64. Lambda's own words for it are not on record, so the
 * words are pylambda's: the limit is only in the member's documentation (botocore 1.44's lambda model: ClientContext
 * is a plain String header with no `max`, so boto3 sends a longer one; the sentence came in 2024, aws/aws-sdk#679),
 * no user's report or issue quotes the service's answer to it, localstack's recordings of AWS have no such case (its
 * provider does not check it) and moto does not check it. The type is the one the reference gives a request header
 * it cannot take (InvalidRequestContentException: "a request header is invalid").
 */
export function clientContextTooLarge(value: string): string | undefined {
  const limit = INVOKE_PARAMETER_LIMITS.clientContext;
  return value.length > limit ? `Client context must be at most ${limit} bytes of base64-encoded data; this one is ${value.length} bytes` : undefined;
}
