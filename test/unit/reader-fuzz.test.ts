/**
 * The project readers against broken input: every SAM template, serverless.yml and Chalice config.json among the
 * fixtures, examples and scaffolds, mutated many times over (a value swapped for one of another type, a key
 * dropped, a list item swapped), must be read into diagnostics (or a UserError), never throw anything else.
 * A TypeError here is a stack trace a user would see for a typo. Seeded, so a failure repeats.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzCases, seededRandom } from './fuzz-random.js';
import { isMap, isPair, isSeq, parseDocument, visit, type Document, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { UserError } from '../../src/core/errors.js';
import type { ChaliceAppInfo } from '../../src/core/model/chalice/app-info.js';
import { readChaliceProject } from '../../src/core/model/chalice/read.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { readServerlessYml } from '../../src/core/model/serverless/read.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** Mutations read in all, shared among a kind's files (at least 20 each); PYLAMBDA_FUZZ_CASES for a longer hunt. */
const CASES = fuzzCases(400);

/** Values of every shape a field can be written with by mistake. */
const VALUES: unknown[] = [null, 0, -1, 1.5, 1e12, true, false, '', 'x', 'GET', '/a/{b}', '${self:custom.nope}', '${opt:stage}',
  [], ['a'], [null], [{}], {}, { a: 1 }, { Ref: 'Nope' }, { 'Fn::GetAtt': ['Nope', 'Arn'] }, { 'Fn::Sub': 5 }, { 'Fn::If': [] }, 'x'.repeat(5000),
  // serverless.yml's variables, broken in the ways a hand can break them.
  '${', '${}', '${self:}', '${self:custom.memory', '${self:custom}', '${self:provider.${opt:stage}}', '${${opt:stage}}', '${opt:stage, }',
  '${env:}', '${file(./nope.yml):x}', '${file()}', '${ssm:/a}', '${cf:stack.out}', '${aws:region}', '${strToBool(maybe)}', '${sls:}',
  '${param:}', '${self:functions.api.handler}', 'a${self:custom.bucket}b${opt:region}', { 'Fn::Sub': '${AWS::Region}-${Nope}' }];

function files(dir: string, names: ReadonlySet<string>, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === '.peers' || entry === '.aws-sam') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files(path, names, out);
    else if (names.has(entry) || (names.has('config.json') && path.endsWith(join('.chalice', 'config.json')))) out.push(path);
  }
  return out;
}

function sources(names: string[]): Array<[string, string]> {
  const set = new Set(names);
  return ['test/fixtures', 'examples', 'templates'].flatMap((d) => files(join(ROOT, d), set)).map((p) => [relative(ROOT, p), readFileSync(p, 'utf8')]);
}

/** One mutation of a YAML (or JSON) document, and what it did. */
function mutate(text: string, next: () => number): { text: string; did: string } | undefined {
  const doc: Document = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const pairs: Array<{ pair: Pair; map: YAMLMap; path: string }> = [];
  const items: Array<{ seq: YAMLSeq; index: number; path: string }> = [];
  visit(doc, {
    Map(_, map, path) {
      const where = path.filter(isPair).map((p) => String((p.key as { value?: unknown })?.value ?? p.key)).join('.');
      for (const pair of map.items) pairs.push({ pair, map, path: `${where}.${String((pair.key as { value?: unknown })?.value ?? pair.key)}` });
    },
    Seq(_, seq, path) {
      const where = path.filter(isPair).map((p) => String((p.key as { value?: unknown })?.value ?? p.key)).join('.');
      seq.items.forEach((_, index) => items.push({ seq, index, path: `${where}[${index}]` }));
    },
  });
  if (pairs.length === 0) return undefined;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const value = pick(VALUES);
  const roll = next();
  let did: string;
  if (roll < 0.6 || items.length === 0) {
    const target = pick(pairs);
    target.pair.value = doc.createNode(value);
    did = `${target.path} = ${JSON.stringify(value)?.slice(0, 60)}`;
  } else if (roll < 0.8) {
    const target = pick(pairs);
    target.map.items.splice(target.map.items.indexOf(target.pair), 1);
    did = `delete ${target.path}`;
  } else {
    const target = pick(items);
    target.seq.items[target.index] = doc.createNode(value);
    did = `${target.path} = ${JSON.stringify(value)?.slice(0, 60)}`;
  }
  if (!isMap(doc.contents) && !isSeq(doc.contents)) return undefined;
  try {
    return { text: doc.toString({ lineWidth: 0 }), did };
  } catch {
    return undefined; // an alias whose anchor the mutation removed
  }
}

/** Runs `read` on MUTATIONS mutations of each source; returns what threw something other than a UserError. */
function fuzz(list: Array<[string, string]>, read: (text: string, file: string) => unknown, json = false): string[] {
  const thrown: string[] = [];
  for (const [file, text] of list) {
    const next = seededRandom(file.length * 7919 + text.length);
    for (let i = 0; i < Math.max(20, Math.ceil(CASES / list.length)); i++) {
      // A third of the cases make two mistakes at once.
      const once = mutate(text, next);
      const twice = once && next() < 1 / 3 ? mutate(once.text, next) : undefined;
      const mutated = twice ? { text: twice.text, did: `${once!.did}, ${twice.did}` } : once;
      if (!mutated) continue;
      const input = json ? JSON.stringify(parseDocument(mutated.text).toJS()) : mutated.text;
      try {
        read(input, file);
      } catch (error) {
        if (error instanceof UserError) continue;
        const where = (error as Error).stack?.split('\n').find((l) => l.includes('/src/'))?.trim() ?? '';
        thrown.push(`${file} with ${mutated.did}: ${(error as Error).message} ${where}`);
      }
    }
  }
  return [...new Set(thrown)];
}

const CHALICE_APP: ChaliceAppInfo = {
  ok: true, chalice_version: '1.34.0', python_version: '3.12.4', lambda_python_version: 'python3.12', app_name: 'demo',
  routes: [{ path: '/', method: 'GET', view_name: 'index', content_types: ['application/json'], api_key_required: false, authorizer: null, cors: null }],
  binary_types: ['application/octet-stream'], functions: [{ name: 'worker', kind: 'lambda_function', handler: 'app.worker' }], missing_feature_flags: [],
};

describe('the project readers never throw on broken input', { timeout: 30 * 60_000 }, () => {
  it('SAM templates', () => {
    const list = sources(['template.yaml', 'template.yml']);
    expect(list.length).toBeGreaterThan(10);
    expect(fuzz(list, (text, file) => readSamTemplate(text, { file }))).toEqual([]);
  });

  it('serverless.yml', () => {
    const list = sources(['serverless.yml', 'serverless.yaml']);
    expect(list.length).toBeGreaterThan(0);
    expect(fuzz(list, (text, file) => readServerlessYml(text, { file, env: {} }))).toEqual([]);
  });

  it('Chalice config.json', () => {
    const list = sources(['config.json']);
    expect(list.length).toBeGreaterThan(3);
    expect(fuzz(list, (text) => readChaliceProject(text, CHALICE_APP, { file: '.chalice/config.json' }), true)).toEqual([]);
  });
});
