import { didYouMean } from '../../did-you-mean.js';
import { indentFlowCollection } from './flow-indent.js';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/**
 * CloudFormation's short-form intrinsics. They parse into their long form (`!Ref X` -> `{Ref: 'X'}`,
 * `!GetAtt A.Arn` -> `{'Fn::GetAtt': ['A', 'Arn']}`), so templates written either way read the same.
 */
const INTRINSIC_TAGS = new Set([
  'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join', 'Length',
  'Not', 'Or', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform',
  // A template's Rules (CloudFormation User Guide, "Rule functions").
  'Contains', 'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll',
]);

const KNOWN_TAGS = ['Ref', 'Condition', ...INTRINSIC_TAGS];

export interface YamlProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type YamlResult = { ok: true; value: unknown } | { ok: false; problems: YamlProblem[] };

/**
 * The most values a template may expand to. Aliases (`*name`) copy what their anchor holds, so a few
 * hundred bytes of nested aliases can stand for billions of values (a "billion laughs" document): past
 * this, reading stops with a problem instead of running out of time or memory. A large real template has
 * tens of thousands.
 */
export const MAX_YAML_VALUES = 500_000;

/** Reading stopped at an alias or a merge key: `offset` is where it is in the text. */
class AliasProblem extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

export interface YamlOptions {
  /**
   * How a plain (unquoted) scalar that YAML 1.2's core schema reads as a string is read instead, or undefined to
   * keep it: serverless.yml is read by js-yaml, whose schema has more types (serverless/yaml-scalars.ts).
   */
  readonly plainString?: (text: string) => unknown;
}

export function parseCfnYaml(text: string, options: YamlOptions = {}): YamlResult {
  let lineCounter = new LineCounter();
  let doc = parseDocument(text, { uniqueKeys: true, lineCounter });
  // A flow collection indented as PyYAML allows (flow-indent.ts): read again with it indented, a few at most.
  for (let tries = 0; tries < 20 && doc.errors[0]?.code === 'BAD_INDENT' && /^Flow (sequence|map) in block collection/.test(doc.errors[0].message); tries += 1) {
    const fixed = indentFlowCollection(text, doc.errors[0].pos[0]);
    if (fixed === undefined) break;
    text = fixed;
    lineCounter = new LineCounter();
    doc = parseDocument(text, { uniqueKeys: true, lineCounter });
  }
  if (doc.errors.length > 0) {
    // After the first syntax error the parser's view of the rest is guesswork: report that one only.
    const first = doc.errors[0]!;
    // A bad indent's range is a space before the item, from column 1: the item, where the spaces end, is what to fix.
    let end = first.pos[0];
    if (/^ +$/.test(text.slice(first.pos[0], first.pos[1]))) while (text[end] === ' ') end += 1;
    const at = end > first.pos[0] ? lineCounter.linePos(end) : first.linePos?.[0];
    return {
      ok: false,
      problems: [{
        line: at?.line ?? 0,
        column: at?.col ?? 0,
        message: first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      }],
    };
  }
  const unknown = unknownTags(doc, text);
  if (unknown.length > 0) return { ok: false, problems: unknown };
  try {
    return { ok: true, value: toValue(doc.contents, { doc, count: 0, alias: 0, anchors: new Map(), expanding: new Set(), ...options }) };
  } catch (error) {
    if (!(error instanceof AliasProblem)) throw error;
    const at = lineCounter.linePos(error.offset);
    return { ok: false, problems: [{ line: at.line, column: at.col, message: error.message }] };
  }
}

/**
 * A short-form tag CloudFormation does not know (`!GetAttr`, `!sub`): CloudFormation refuses the template
 * (cfn-lint: E3012 `{'Fn::GetAttr': ...}`), so it is a problem here too rather than its plain value.
 */
function unknownTags(doc: Document, text: string): YamlProblem[] {
  const problems: YamlProblem[] = [];
  for (const warning of doc.warnings) {
    if (warning.code !== 'TAG_RESOLVE_FAILED') continue;
    const tag = text.slice(warning.pos[0], warning.pos[1]);
    if (!tag.startsWith('!') || tag.startsWith('!!') || KNOWN_TAGS.includes(tag.slice(1))) continue;
    const meant = didYouMean(tag.slice(1), KNOWN_TAGS);
    problems.push({
      line: warning.linePos?.[0].line ?? 0,
      column: warning.linePos?.[0].col ?? 0,
      message: meant
        ? `${tag} is not a function CloudFormation knows: did you mean !${meant}?`
        : `${tag} is not a function CloudFormation knows (its short forms: !Ref, !GetAtt, !Sub, !Join, !If, ...)`,
    });
  }
  return problems;
}

interface Walk {
  readonly doc: Document;
  /** Values made so far. */
  count: number;
  /** Where the outermost alias being expanded is, for the problem's position. */
  alias: number;
  /** Each alias's anchor, found once: resolving one searches the whole document. */
  readonly anchors: Map<unknown, unknown>;
  /** Anchors being copied: an alias to one of them is inside its own anchor (`&a [1, *a]`), endless. */
  readonly expanding: Set<unknown>;
  readonly plainString?: YamlOptions['plainString'];
}

function toValue(node: unknown, walk: Walk): unknown {
  if (++walk.count > MAX_YAML_VALUES) {
    throw new AliasProblem(walk.alias, `its aliases expand to more than ${MAX_YAML_VALUES} values (nested *aliases copy their anchors again and again)`);
  }
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const outer = walk.alias;
    if (outer === 0) walk.alias = node.range?.[0] ?? 0;
    let target = walk.anchors.get(node);
    if (target === undefined) {
      target = node.resolve(walk.doc) ?? null;
      walk.anchors.set(node, target);
    }
    if (walk.expanding.has(target)) throw new AliasProblem(node.range?.[0] ?? 0, `*${node.source} is inside its own anchor &${node.source}: it would copy itself without end`);
    walk.expanding.add(target);
    const value = toValue(target, walk);
    walk.expanding.delete(target);
    walk.alias = outer;
    return value;
  }
  let value: unknown;
  if (isScalar(node)) {
    value = walk.plainString && node.type === 'PLAIN' && typeof node.value === 'string' && !node.tag ? walk.plainString(node.value) ?? node.value : node.value;
  } else if (isMap(node)) {
    value = mapValue(node.items, walk);
  } else if (isSeq(node)) {
    value = node.items.map((item) => toValue(item, walk));
  } else {
    return null;
  }
  return withTag((node as Node).tag, value);
}

/**
 * A mapping's keys and values. `<<: *defaults` (or `<<: [*a, *b]`) is YAML's merge key (yaml.org/type/merge.html),
 * which the Framework's js-yaml and SAM CLI's PyYAML both apply: the mappings it names give the keys this mapping
 * does not set itself, the first listed winning, where `<<` stands.
 */
function mapValue(items: ReadonlyArray<{ key: unknown; value: unknown }>, walk: Walk): Record<string, unknown> {
  const isMerge = (key: unknown) => isScalar(key) && key.value === '<<' && key.type === 'PLAIN';
  const own = new Set(items.filter((p) => !isMerge(p.key) && isScalar(p.key)).map((p) => String((p.key as { value: unknown }).value)));
  const out: Record<string, unknown> = {};
  for (const pair of items) {
    if (!isMerge(pair.key)) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(toValue(pair.key, walk));
      out[key] = toValue(pair.value, walk);
      continue;
    }
    const merged = toValue(pair.value, walk);
    const sources = Array.isArray(merged) ? merged : [merged];
    if (!sources.every((m) => typeof m === 'object' && m !== null && !Array.isArray(m))) {
      throw new AliasProblem((pair.key as Node).range?.[0] ?? 0, '<< merges a mapping, or a list of mappings, into the mapping it is in (as in <<: *defaults)');
    }
    for (const source of sources as Record<string, unknown>[]) {
      for (const [key, v] of Object.entries(source)) if (!own.has(key) && !Object.hasOwn(out, key)) out[key] = v;
    }
  }
  return out;
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
