/**
 * The Serverless Framework reads serverless.yml, and the YAML files `${file()}` names, with js-yaml 4, whose default
 * schema has YAML 1.1 types that YAML 1.2's core schema reads as strings. What a deploy gives Lambda follows them:
 * `RELEASED: 2024-01-01` is a JavaScript Date in the Framework, and the template it sends CloudFormation writes it as
 * JSON does, so the function's variable is `2024-01-01T00:00:00.000Z` on AWS. (A Date joined into a string by a
 * variable becomes its long text form, in the Framework's time zone; that is not reproduced.)
 */

/** YAML 1.1's date (yaml.org/type/timestamp.html): exactly `YYYY-MM-DD`, midnight UTC. */
const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;
/** Its date and time: `2001-12-14t21:59:43.10-05:00`, `2001-12-14 21:59:43.10 Z`; without a zone, UTC. */
const TIMESTAMP = /^(\d{4})-(\d\d?)-(\d\d?)(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.(\d*))?(?:[ \t]*(Z|([-+])(\d\d?)(?::(\d\d))?))?$/;
/** js-yaml's binary integers (`0b1010`), which YAML 1.2's core schema does not have. */
const BINARY = /^([-+]?)0b([01]+)$/;

/** What js-yaml makes of a plain scalar that YAML 1.2's core schema leaves a string, or undefined when the same. */
export function jsYamlPlainString(text: string): unknown {
  const binary = BINARY.exec(text);
  if (binary) return (binary[1] === '-' ? -1 : 1) * parseInt(binary[2]!, 2);
  const date = DATE.exec(text);
  if (date) return new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]))).toISOString();
  const t = TIMESTAMP.exec(text);
  if (!t) return undefined;
  // Milliseconds: the fraction's first three digits, as a Date keeps them.
  const ms = Number((t[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const offsetMinutes = t[9] ? (t[9] === '-' ? -1 : 1) * (Number(t[10]) * 60 + Number(t[11] ?? 0)) : 0;
  const utc = Date.UTC(Number(t[1]), Number(t[2]) - 1, Number(t[3]), Number(t[4]), Number(t[5]), Number(t[6]), ms) - offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}
