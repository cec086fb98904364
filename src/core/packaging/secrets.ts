/**
 * Files that look like secrets. The default rules of `select.ts` already leave out the usual places
 * (`.env*`, `.aws/`, keys); this catches what is left and would ship: a warning names each one, since
 * anyone who can read the function's code (GetFunction) can read them.
 */

/** By name: the path's last segment, lower-cased. */
const SECRET_NAMES: readonly { test: RegExp; what: string }[] = [
  { test: /^credentials(\.(json|ya?ml|ini|txt|csv))?$/, what: 'a credentials file' },
  { test: /^(client_)?secrets?(\.[\w-]+)*\.(json|ya?ml|toml|ini|cfg|conf|txt|properties)$/, what: 'a secrets file' },
  { test: /^service[-_]?account.*\.json$/, what: 'a cloud service-account key' },
  { test: /\.env$/, what: 'an environment file' },
  { test: /^\.(netrc|pypirc|npmrc|pgpass|htpasswd|git-credentials|dockercfg)$/, what: 'a file that stores passwords or tokens' },
  { test: /\.(pem|key|p12|pfx|jks|keystore|ppk|asc|gpg|kdbx|ovpn)$/, what: 'a key, certificate or keystore' },
  { test: /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/, what: 'an SSH key' },
  { test: /\.tfstate(\.backup)?$|\.tfvars$/, what: 'Terraform state or variables' },
];

/** By content: what a secret looks like in the first bytes of a file. */
const SECRET_CONTENT: readonly { test: RegExp; what: string }[] = [
  { test: /-----BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----/, what: 'a private key' },
  // Access key ids: AKIA (long-term user keys) and ASIA (temporary STS keys), 20 characters (IAM docs).
  { test: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, what: 'an AWS access key id' },
  { test: /aws_secret_access_key\s*[=:]/i, what: 'an AWS secret access key' },
  { test: /"type"\s*:\s*"service_account"/, what: 'a Google service-account key' },
];

/** How much of a file's start is worth sniffing: keys and key files put the secret first. */
export const SECRET_SNIFF_BYTES = 4096;

/**
 * Why the file at `path` looks like a secret, or undefined. `head` is the start of the file (up to
 * `SECRET_SNIFF_BYTES`), when the caller read it; text files only matter, so bytes are read as Latin-1.
 */
export function secretReason(path: string, head?: string | Uint8Array): string | undefined {
  const base = (path.split('/').pop() ?? path).toLowerCase();
  const byName = SECRET_NAMES.find((rule) => rule.test.test(base));
  if (byName) return `looks like ${byName.what}`;
  if (head === undefined) return undefined;
  const text = typeof head === 'string' ? head : latin1(head.subarray(0, SECRET_SNIFF_BYTES));
  const byContent = SECRET_CONTENT.find((rule) => rule.test.test(text));
  return byContent ? `contains ${byContent.what}` : undefined;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
}
