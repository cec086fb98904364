import { createHash } from 'node:crypto';
import { arnOf } from '../partition.js';

/**
 * Stable stand-ins for ids AWS assigns at deploy time (`abcdef1234` API ids, target group ARNs, function URL
 * ids), derived from the logical ids so that one project always shows the same ones.
 */
const memo = new Map<string, string>();

function digest(text: string, alphabet: string, length: number): string {
  const key = `${length}:${text}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const bytes = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  // A request asks for the same few ids again and again: hash each once.
  if (memo.size < 10_000) memo.set(key, out);
  return out;
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** API Gateway API ids: 10 lower-case letters and digits. */
export function apiId(logicalId: string): string {
  return digest(`api:${logicalId}`, LOWER_ALNUM, 10);
}

/** Function URL ids: 32 lower-case letters and digits. */
export function functionUrlId(functionId: string): string {
  return digest(`url:${functionId}`, LOWER_ALNUM, 32);
}

export function targetGroupArn(name: string, region: string, accountId: string): string {
  const safe = name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 32);
  return arnOf({ service: 'elasticloadbalancing', region, accountId, resource: `targetgroup/${safe}/${digest(`tg:${name}`, '0123456789abcdef', 16)}` });
}

/** API key ids (`apiKeyId`): 10 lower-case letters and digits, as API Gateway's. */
export function apiKeyId(name: string): string {
  return digest(`apikey:${name}`, LOWER_ALNUM, 10);
}
