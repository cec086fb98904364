import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

/**
 * CloudFormation's short-form intrinsics. They parse into their long form (`!Ref X` -> `{Ref: 'X'}`,
 * `!GetAtt A.Arn` -> `{'Fn::GetAtt': ['A', 'Arn']}`), so templates written either way read the same.
 */
const INTRINSIC_TAGS = new Set([
  'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join', 'Length',
  'Not', 'Or', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform',
]);

export interface YamlProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type YamlResult = { ok: true; value: unknown } | { ok: false; problems: YamlProblem[] };

export function parseCfnYaml(text: string): YamlResult {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    // After the first syntax error the parser's view of the rest is guesswork: report that one only.
    const first = doc.errors[0]!;
    return {
      ok: false,
      problems: [{
        line: first.linePos?.[0].line ?? 0,
        column: first.linePos?.[0].col ?? 0,
        message: first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      }],
    };
  }
  return { ok: true, value: toValue(doc.contents, doc) };
}

function toValue(node: unknown, doc: Document): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toValue(node.resolve(doc), doc);
  let value: unknown;
  if (isScalar(node)) {
    value = node.value;
  } else if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(toValue(pair.key, doc));
      out[key] = toValue(pair.value, doc);
    }
    value = out;
  } else if (isSeq(node)) {
    value = node.items.map((item) => toValue(item, doc));
  } else {
    return null;
  }
  return withTag((node as Node).tag, value);
}

function withTag(tag: string | undefined, value: unknown): unknown {
  if (!tag?.startsWith('!')) return value;
  const name = tag.slice(1);
  if (name === 'Ref') return { Ref: value };
  if (name === 'Condition') return { Condition: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  if (INTRINSIC_TAGS.has(name)) return { [`Fn::${name}`]: value };
  return value;
}
