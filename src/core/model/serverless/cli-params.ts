/**
 * `--param 'domain=example.com'`, as `serverless deploy --param` takes it (the Dashboard plugin's resolve-params.js:
 * `<key>=<value>`, the key up to the first `=`, the value the rest without its trailing blanks, not empty): the value
 * of `${param:domain}`, over `params.<stage>` and `params.default`. Given twice, the last wins.
 */
export function parseParamOptions(values: readonly string[]): { params: Record<string, string> } | { error: string } {
  const params: Record<string, string> = {};
  for (const given of values) {
    const at = given.indexOf('=');
    const value = at > 0 ? given.slice(at + 1).trimEnd() : '';
    if (at <= 0 || value === '' || /[\r\n]/.test(given.slice(at + 1))) {
      return { error: `--param '${given}' is not KEY=VALUE, as in --param 'domain=example.com' (the form the Serverless Framework takes)` };
    }
    params[given.slice(0, at)] = value;
  }
  return { params };
}
