/**
 * A REST API's answer to a request no resource and method take. API Gateway answers it as a request that lacks
 * IAM credentials (the MISSING_AUTHENTICATION_TOKEN gateway response), so a request that sends an Authorization
 * header is read as a SigV4 signature and refused for what the signature lacks: 403 IncompleteSignatureException,
 * not 'Missing Authentication Token'. Observed on deployed APIs: a bare JWT to a route that was not built gave the
 * "requires 'Credential' parameter..." message ending `Authorization=<the header>` (aws/chalice#828, and the
 * header `x-amzn-ErrorType: IncompleteSignatureException` in aws-amplify/amplify-flutter#1539); `Bearer <token>`
 * gave "'<token>' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer <token>'."
 * (serverless/serverless#3205). `chalice local` answers the first message for any Authorization header.
 */

import { firstHeader } from './headers.js';
import type { HttpRequest } from './request.js';

export type MissingTokenAnswer =
  | { readonly kind: 'missing-token' }
  | { readonly kind: 'incomplete-signature'; readonly message: string };

/** SigV4's parameters, each with the sentence API Gateway says when it is missing, in its order. */
const REQUIRED: ReadonlyArray<readonly [string, string]> = [
  ['Credential', "Authorization header requires 'Credential' parameter."],
  ['Signature', "Authorization header requires 'Signature' parameter."],
  ['SignedHeaders', "Authorization header requires 'SignedHeaders' parameter."],
];
const DATE_REQUIRED = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";

/** What API Gateway answers a REST request that reaches no method, by its Authorization header. */
export function missingTokenAnswer(request: Pick<HttpRequest, 'headers'>): MissingTokenAnswer {
  const header = firstHeader(request.headers, 'authorization')?.trim();
  if (!header) return { kind: 'missing-token' };
  // `<algorithm> <key>=<value>, <key>=<value>, ...`: the algorithm is not checked before the pairs are.
  const space = header.search(/\s/);
  const pairs = space < 0 ? [] : header.slice(space).split(',').map((part) => part.trim()).filter((part) => part !== '');
  const notPair = pairs.find((part) => !part.includes('='));
  if (notPair !== undefined) return { kind: 'incomplete-signature', message: `'${notPair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.` };
  const keys = new Set(pairs.map((part) => part.slice(0, part.indexOf('='))));
  const dated = firstHeader(request.headers, 'x-amz-date') !== undefined || firstHeader(request.headers, 'date') !== undefined;
  const missing = [...REQUIRED.filter(([key]) => !keys.has(key)).map(([, sentence]) => sentence), ...(dated ? [] : [DATE_REQUIRED])];
  // A complete signature would be verified next, against credentials pylambda does not have: not modelled.
  if (missing.length === 0) return { kind: 'missing-token' };
  return { kind: 'incomplete-signature', message: `${missing.join(' ')} Authorization=${header}` };
}
