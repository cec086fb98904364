/** How SAM writes a route's method and path, for events and OpenAPI definitions alike. */

/** `any` and OpenAPI's `x-amazon-apigateway-any-method` are ANY. */
export function anyMethod(method: string): string {
  const upper = method.toUpperCase();
  return upper === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : upper;
}

/** SAM drops a trailing slash from event paths: "APIGW doesn't like trailing slashes in paths" (push.py). */
export function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
