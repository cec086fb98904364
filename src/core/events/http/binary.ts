/** Media types: REST API `binaryMediaTypes` matching, and the "text" types the other integrations pass as is. */

/** `Text/HTML; charset=utf-8` -> `text/html`. */
export function mediaType(contentType: string): string {
  return (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
}

/**
 * Whether a binaryMediaTypes entry covers a media type: `*\/*` covers all, `image/*` covers `image/png`, but a
 * wildcard type before a named subtype covers nothing: with `*\/test` among a deployed REST API's binary media types,
 * neither `Accept: random/test` nor `Accept: *\/test` got a binary answer (localstack/localstack
 * test_aws_proxy_binary_response, recorded against AWS on 29-01-2025).
 * Templates write `/` as `~1` (`image~1png`, a JSON-pointer escape the API Gateway console also shows), so an
 * entry that still has it is read the same way.
 */
export function mediaTypeMatches(pattern: string, type: string): boolean {
  const [pType, pSub] = mediaType(pattern.replace(/~1/g, '/')).split('/');
  const [tType, tSub] = mediaType(type).split('/');
  if (pType === undefined || pSub === undefined || tType === undefined || tSub === undefined) return false;
  if (pType === '*') return pSub === '*';
  return pType === tType && (pSub === '*' || pSub === tSub);
}

export function isBinaryMediaType(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (contentType === undefined || contentType.trim() === '') return false;
  return binaryMediaTypes.some((pattern) => mediaTypeMatches(pattern, contentType));
}

/**
 * The first media type of an `Accept` header. REST APIs decide whether to decode a base64 response body on
 * this one alone ("API Gateway uses the first Accept header from clients to determine if a response should
 * return binary media": docs, api-gateway-payload-encodings; confirmed live in ministackorg/ministack#767).
 */
export function firstAcceptType(accept: string | undefined): string | undefined {
  if (accept === undefined) return undefined;
  const first = mediaType(accept.split(',', 1)[0] ?? '');
  return first === '' ? undefined : first;
}

/**
 * The content types HTTP APIs, function URLs and ALBs pass as text; any other body (no Content-Type
 * included, and even `application/x-www-form-urlencoded`) arrives base64-encoded with isBase64Encoded true.
 * ALB documents the list (elb docs, lambda-functions "Receive events"); HTTP API's split was verified
 * against AWS in ministackorg/ministack#766; function URLs behave alike (AWS Lambda URLs launch deck).
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = mediaType(contentType);
  return type.startsWith('text/') || type === 'application/json' || type === 'application/javascript' || type === 'application/xml';
}
