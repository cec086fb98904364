/**
 * The HTTP methods API Gateway has: a REST method is one of these seven or `ANY` (the SDKs' and CDK's method enums),
 * and `ANY`, "the API Gateway catch-all ANY method", "will catch any HTTP method that wasn't explicitly declared"
 * (API Gateway developer guide, x-amazon-apigateway-any-method object): one of these seven that has no method of its own.
 */
export const API_GATEWAY_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE']);

/**
 * Whether a REST API can have a method for this request's: another one (PROPFIND, a made-up FOO) matches no method of
 * any resource, `ANY` included, and gets the answer to a method a resource lacks, 403 `{"message":"Missing
 * Authentication Token"}` (a live `curl -X PUT` of a GET-only resource, akrabat.com, "Returning 405 from AWS API
 * Gateway when method doesn't exist"; tyhopp.com, "AWS API Gateway gotchas"). No capture of PROPFIND itself was found.
 */
export function isRestMethod(method: string): boolean {
  return API_GATEWAY_METHODS.has(method);
}
