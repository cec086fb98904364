import { Unresolved, type LocalNote } from './cfn/intrinsics.js';
import type { FieldReader } from './fields.js';
import { strings } from './values.js';
import { urlSuffixOf } from '../partition.js';

/**
 * What every authorizer reader (a SAM API's Auth, an OpenAPI definition's x-amazon-apigateway-authorizer, a plain
 * CloudFormation authorizer, serverless.yml's authorizers) does with what exists only once deployed or outside the
 * project: a token issuer or audience it cannot know locally lets any through, and an authorizer whose function it
 * cannot run leaves its routes unguarded; each with a warning worded the same whichever file the project is.
 */

/** Said, after why, of an authorizer pylambda cannot run locally. */
export const UNGUARDED = 'its routes answer without this authorizer locally';

/** An authorizer whose function is not the project's own (another stack's, an ARN written out). */
export function outsideProject(why: string, project: 'template' | 'service'): string {
  return `${why}: pylambda dev runs only the ${project}'s own functions, so ${UNGUARDED}`;
}

/** An authorizer whose function the project has but pylambda skips (another runtime, a container image). */
export function skippedAuthorizer(name: string, why: string): string {
  return `names ${name}, which pylambda does not run (${why}): ${UNGUARDED}`;
}

/**
 * The first made-up reference at `path` of a value resolved with notes, or under it (`Audience[0]`, `issuer.x`):
 * what the reader passes as `deployedOnly` below. Case is ignored, as SAM reads `issuer` and `Issuer` alike.
 */
export function madeUpAt(notes: readonly LocalNote[] | undefined, path: string): string | undefined {
  const key = path.toLowerCase();
  return notes?.find(({ path: p }) => {
    const at = p.toLowerCase();
    return at === key || at.startsWith(`${key}[`) || at.startsWith(`${key}.`);
  })?.message;
}

/**
 * An issuer known only once deployed (a nested stack's output, one built from the template's pool, whose id is made
 * up locally) would refuse every token of the real issuer: any issuer is taken instead, with a warning.
 */
export function anyIssuer(why: string, at: string, r: FieldReader): [] {
  r.warn(at, `${why}: tokens of any issuer are taken locally`, 'dev');
  return [];
}

/** As for the issuer, an audience known only once deployed (`!Ref UserPoolClient`) lets any audience through. */
export function anyAudience(why: string, at: string, r: FieldReader): [] {
  r.warn(at, `${why}: tokens for any audience are taken locally`, 'dev');
  return [];
}

/**
 * A JWT authorizer's issuers: any (`[]`, with a warning) when the value is an intrinsic not evaluated locally or the
 * reader says why it is known only once deployed (a made-up reference); else what `written` reads of it (by default
 * a string, an error if it is not one).
 */
export function jwtIssuers(value: unknown, deployedOnly: string | undefined, at: string, r: FieldReader, written = (v: unknown): string[] => {
  const issuer = r.string(v, at);
  return issuer ? [issuer] : [];
}): string[] {
  const why = value instanceof Unresolved ? value.reason : deployedOnly;
  return why ? anyIssuer(why, at, r) : written(value);
}

/** A JWT authorizer's audiences: any when one of them is known only once deployed, as for its issuer (by default a string or a list of them). */
export function jwtAudiences(value: unknown, deployedOnly: string | undefined, at: string, r: FieldReader, written = (v: unknown): string[] => strings(v, at, r)): string[] {
  const list = Array.isArray(value) ? value : [value];
  const why = list.find((item): item is Unresolved => item instanceof Unresolved)?.reason ?? deployedOnly;
  return why ? anyAudience(why, at, r) : written(value);
}

/**
 * A user pool's token issuer, `https://cognito-idp.{region}.{urlSuffix}/{poolId}` (`amazonaws.com.cn` in China, as
 * botocore's endpoint data says), from its ARN (`arn:{partition}:cognito-idp:{region}:{account}:userpool/{poolId}`). A pool of the project (`!GetAtt Pool.Arn`) has no id
 * before it is deployed: any issuer is then taken, with a warning.
 */
export function userPoolIssuers(value: unknown, at: string, r: FieldReader, deployedOnly?: string): string[] {
  if (deployedOnly) return anyIssuer(deployedOnly, at, r);
  const list = Array.isArray(value) ? value : [value];
  const issuers: string[] = [];
  for (const item of list) {
    const match = typeof item === 'string' ? /^arn:[^:]+:cognito-idp:([^:]+):[^:]*:userpool\/(.+)$/.exec(item) : null;
    if (!match) return anyIssuer(item instanceof Unresolved ? item.reason : `'${String(item)}' is not a user pool ARN`, at, r);
    const [, region = '', poolId] = match;
    issuers.push(`https://cognito-idp.${region}.${urlSuffixOf(region)}/${poolId}`);
  }
  return issuers;
}
