/**
 * Which functions an Invoke API endpoint reaches: those of its own account and region. An ARN may name any; dev
 * serves one account and one region (the project's), so a function ARN of another is not a function of the project
 * whatever its name, and the caller gets what Lambda answers for it.
 */
import { otherRegion, type InvokeApiResponse } from './invoke-response.js';
import { arnOf } from '../partition.js';

/** What the endpoint serves. */
export interface InvokeScope {
  readonly region: string;
  readonly accountId: string;
}

/** The parts of the function identifier that place it (core/lambda-api/invoke-request's Invocation). */
export interface PlacedFunction {
  readonly functionName: string;
  readonly qualifier?: string;
  readonly region?: string;
  readonly account?: string;
}

/**
 * Lambda's answer to a function the endpoint cannot reach, and why (for dev's line), or undefined when it is the
 * endpoint's own.
 *
 * Another account's function is the caller's only through that function's resource-based policy, which a function
 * of an account dev does not serve cannot have here: Lambda answers 403 AccessDeniedException, not 404, whether or
 * not the function exists, so that a caller learns nothing of another account's functions. Its message is IAM's,
 * as users quote it from boto3 for a cross-account Invoke ("User: arn:aws:sts::...:assumed-role/... is not
 * authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:...:function:... because no
 * resource-based policy allows the lambda:InvokeFunction action"); localstack's recording of AWS has the same
 * code and status for another account's ARN (test_lambda_api.py, test_function_arns:
 * function_arn_other_account_exc, AccessDeniedException 403). The resource is the ARN invoked, with its qualifier. The caller's identity is one dev cannot know (the
 * request's signature names an access key only): it is said as the root of dev's account, the account a caller
 * of dev acts in.
 *
 * The account is looked at before the region: AWS authorizes a request before its service looks anything up, so
 * a denied caller does not learn whether the function's region is served either (the order of the two is not on
 * record). A region of another is Lambda's 404 (invoke-response's otherRegion).
 */
export function unreachableFunction(fn: PlacedFunction, scope: InvokeScope): { readonly response: InvokeApiResponse; readonly reason: string } | undefined {
  if (fn.account !== undefined && fn.account !== scope.accountId) {
    const resource = arnOf({ service: 'lambda', region: fn.region ?? scope.region, accountId: fn.account, resource: `function:${fn.functionName}${fn.qualifier === undefined ? '' : `:${fn.qualifier}`}` });
    return {
      response: accessDenied(`User: ${arnOf({ service: 'iam', region: scope.region, accountId: scope.accountId, resource: 'root', regionless: true })} is not authorized to perform: lambda:InvokeFunction on resource: ${resource} because no resource-based policy allows the lambda:InvokeFunction action`),
      reason: `an ARN of account ${fn.account}: dev serves ${scope.accountId}`,
    };
  }
  const elsewhere = fn.region === undefined ? undefined : otherRegion(fn.region, scope.region);
  return elsewhere ? { response: elsewhere, reason: `an ARN of ${fn.region}: dev serves ${scope.region}` } : undefined;
}

/**
 * An authorization's refusal: its text in `Message`, without the `Type` of Lambda's own errors (localstack asserts
 * AWS's body `{"Message":null}` for the AccessDeniedException of a function URL, test_lambda_url_non_existing_url).
 * botocore reads the message from either key.
 */
function accessDenied(message: string): InvokeApiResponse {
  return { status: 403, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' }, body: Buffer.from(JSON.stringify({ Message: message })) };
}
