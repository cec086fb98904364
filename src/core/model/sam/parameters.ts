import type { Diagnostic } from '../../errors.js';
import { didYouMean } from '../../did-you-mean.js';
import { isRecord } from '../fields.js';

export type ParameterValue = string | readonly string[];

export interface ParameterValues {
  /** By name: the override, else the Default; a list for the list types. */
  readonly values: Readonly<Record<string, ParameterValue>>;
  /** Parameters with neither a Default nor an override. */
  readonly missing: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The template's parameters as a deploy would set them: the overrides (from `source`) win over each Default. */
export function parameterValues(section: unknown, overrides: Readonly<Record<string, string>> | undefined, file: string, source = '--parameter-overrides'): ParameterValues {
  const values: Record<string, ParameterValue> = {};
  const missing: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [name, def] of Object.entries(isRecord(section) ? section : {})) {
    const definition = isRecord(def) ? def : {};
    const override = overrides?.[name];
    const value = override ?? definition.Default;
    if (value === undefined) {
      missing.push(name);
      continue;
    }
    const type = String(definition.Type ?? 'String');
    values[name] = type.includes('List') ? String(value).split(',').map((s) => s.trim()) : String(value);
    // CloudFormation reads an SSM parameter type's value from Parameter Store at deploy; locally !Ref gives its name.
    if (type.startsWith('AWS::SSM::Parameter::Value') && override === undefined) {
      diagnostics.push({ severity: 'warning', file, path: `Parameters.${name}`, message: `is read from Parameter Store (${quoted(value)}) when the stack deploys; locally !Ref ${name} is that name, not its value: give the value with --parameter-overrides ${name}=...` });
    }
    const problem = parameterProblem(definition, values[name]);
    if (problem) diagnostics.push({ severity: 'error', file, path: `Parameters.${name}`, message: `${quoted(value)} (${override === undefined ? 'its Default' : `from ${source}`}) ${problem}` });
  }
  // A mistyped name (Stagee=prod) would leave the Default in place without a word, as sam local does; only a
  // near miss is said: samconfig.toml's overrides often name parameters of other templates on purpose.
  const names = Object.keys(isRecord(section) ? section : {});
  for (const given of Object.keys(overrides ?? {}).filter((name) => !names.includes(name))) {
    const meant = didYouMean(given, names);
    if (meant) diagnostics.push({ severity: 'warning', file, path: 'Parameters', message: `${given} (from ${source}) is not a parameter of the template (did you mean ${meant}?): its value is not used` });
  }
  return { values, missing, diagnostics };
}

/**
 * Why CloudFormation would refuse a parameter's value ("Parameter 'Env' must be one of AllowedValues"),
 * or undefined. AllowedValues and AllowedPattern hold for every item of a list type, and the pattern must
 * match a whole value (CloudFormation User Guide, "Parameters" section, AllowedPattern and AllowedValues).
 * An SSM parameter type's value is the parameter's name, checked once resolved: not here.
 */
export function parameterProblem(definition: Readonly<Record<string, unknown>>, value: ParameterValue): string | undefined {
  const type = String(definition.Type ?? 'String');
  if (type.startsWith('AWS::SSM::')) return undefined;
  const items = typeof value === 'string' ? [value] : value;
  const constraint = typeof definition.ConstraintDescription === 'string' ? ` (${definition.ConstraintDescription})` : '';
  // A list names its item: "has 'c', which is not ...".
  const subject = (bad: string) => (typeof value === 'string' ? '' : `has ${quoted(bad)}, which `);
  if (Array.isArray(definition.AllowedValues)) {
    const allowed = definition.AllowedValues.map((v) => String(v));
    const bad = items.find((item) => !allowed.includes(item));
    if (bad !== undefined) return `${subject(bad)}is not one of its AllowedValues (${allowed.join(', ')}): CloudFormation refuses it${constraint}`;
  }
  const pattern = typeof definition.AllowedPattern === 'string' ? wholeMatch(definition.AllowedPattern) : undefined;
  if (pattern && !type.includes('Number')) {
    const bad = items.find((item) => !pattern.test(item));
    if (bad !== undefined) return `${subject(bad)}does not match its AllowedPattern (${String(definition.AllowedPattern)}): CloudFormation refuses it${constraint}`;
  }
  return undefined;
}

/**
 * CloudFormation's patterns are Java's. Escapes JavaScript reads otherwise (`\p{Alpha}`, `\A`, `\Q`), class
 * intersections (`&&`), nested classes (Java's union `[a-z[0-9]]`, which JavaScript reads as another
 * pattern) and classes starting with `]` are not checked rather than checked wrong; what it cannot parse (possessive `a*+`, atomic
 * groups) throws and is not checked either.
 */
function wholeMatch(pattern: string): RegExp | undefined {
  if (/\\[AZzpPQEGRXhHe]|&&/.test(pattern) || nestedClass(pattern)) return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

/** An unescaped `[` inside a character class, or a class that starts with `]`: Java and JavaScript read them apart. */
function nestedClass(pattern: string): boolean {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[') {
      if (inClass) return true;
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      // A `]` right after `[` or `[^` is a literal in Java; JavaScript reads `[]` as a class that matches nothing.
      if (pattern[i + 1] === ']') return true;
    } else if (c === ']') inClass = false;
  }
  return false;
}

function quoted(value: unknown): string {
  return `'${String(value)}'`;
}
