import { resolve } from 'node:path';
import { fileExists } from '../adapters/fs.js';
import type { JsVariableSession } from '../adapters/js-variable-session.js';
import { jsFileKey, jsFileReferences, jsFileValue, jsFileValuesFromRun, type JsFileValues } from '../core/model/serverless/variables/js-files.js';
import { answerJsQuestion, type JsQuestion, type JsReply } from '../core/model/serverless/variables/js-questions.js';
import type { VariableOptions } from '../core/model/serverless/variables/resolve.js';
import type { SourceResult } from '../core/model/serverless/variables/sources.js';

export interface JsVariableOptions {
  /** The environment the configuration's variables see (with the dotenv file's): the file reads process.env. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The command line's options (`stage`, `region`), a function export's `options`. */
  readonly cli: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, string>>;
  /** The read's process the files run in, each required once, as the Framework's own requires them. */
  readonly session: JsVariableSession;
  /** Gets each file, and the service's modules it required, for dev to watch. */
  readonly looked: string[];
  /** How the configuration's variables are resolved, for a function's resolveVariable (the runs give the JavaScript values). */
  readonly variables: Omit<VariableOptions, 'jsFiles' | 'jsFileWanted'>;
}

/** Told of a variable the values lack, to run it. */
export type JsFileWanted = (path: string, address: string | undefined) => void;

type References = ReadonlyMap<string, ReadonlySet<string | undefined>>;

/** Rounds of runs for values that depend on others (a path, an address or a question's answer that holds variables). */
const ROUNDS = 4;

/**
 * `read` (the configuration's resolution) given the values of its `${file(./x.js)}` variables: those written out
 * (in `references`, all of the configuration's by default) are run first; one whose path or address holds
 * variables is known once they are resolved, so it runs then and the configuration is resolved again (a few
 * rounds, for one that depends on another).
 */
export async function withJsFileVariables<R>(root: string, config: unknown, options: JsVariableOptions, read: (jsFiles: JsFileValues, wanted: JsFileWanted) => R, references: References = jsFileReferences(config)): Promise<R> {
  const runs = new JsFileRuns(root, config, options);
  await runs.run(references);
  for (let round = 0; ; round++) {
    const wanted = new Map<string, Set<string | undefined>>();
    const result = read(runs.values, (path, address) => wanted.set(path, (wanted.get(path) ?? new Set()).add(address)));
    if (wanted.size === 0 || round === ROUNDS - 1) return result;
    await runs.run(wanted);
  }
}

/**
 * The values of the configuration's `${file(./x.js):address}` variables (core/.../js-files.ts), each address's
 * function called once (the Framework's resolver caches a source's value by its path and address, a resolution at a
 * time), all at once, in the read's one process (the file is required once). A file that does not exist gives nothing, as the Framework's
 * `require.resolve` finds nothing. A function's question (resolveVariable) is answered from the configuration, with
 * the values known; one that needs a value being computed waits for it, unless that value waits for the question's
 * own (a cycle, refused: it would wait forever).
 */
class JsFileRuns {
  readonly values = new Map<string, SourceResult>();
  /** The values being computed, by jsFileKey: settled as soon as the loader tells them. */
  private readonly pending = new Map<string, Promise<void>>();
  /** The values each value waits for, while a question of its function waits for them. */
  private readonly waits = new Map<string, Set<string>>();

  constructor(private readonly root: string, private readonly config: unknown, private readonly options: JsVariableOptions) {}

  /** Resolves once every value `references` names is known. */
  async run(references: References): Promise<void> {
    const runs: Promise<void>[] = [];
    for (const [path, addresses] of references) {
      const fresh = [...addresses].filter((address) => !this.values.has(jsFileKey(path, address)) && !this.pending.has(jsFileKey(path, address)));
      if (fresh.length > 0) runs.push(this.runFile(path, fresh));
      for (const address of addresses) runs.push(this.pending.get(jsFileKey(path, address)) ?? Promise.resolve());
    }
    await Promise.all(runs);
  }

  private async runFile(path: string, addresses: readonly (string | undefined)[]): Promise<void> {
    const { options } = this;
    const absolute = resolve(this.root, path);
    options.looked.push(absolute);
    if (!fileExists(absolute)) {
      for (const address of addresses) this.values.set(jsFileKey(path, address), { kind: 'missing', why: `${path} does not exist` });
      return;
    }
    const settle = new Map<string, () => void>();
    for (const address of addresses) this.pending.set(jsFileKey(path, address), new Promise((done) => settle.set(jsFileKey(path, address), done)));
    const known = (key: string, value: SourceResult) => {
      if (!this.values.has(key)) this.values.set(key, value);
      this.pending.delete(key);
      settle.get(key)?.();
    };
    const frameworkOptions = { ...options.cli, ...(options.params ? { param: Object.entries(options.params).map(([k, v]) => `${k}=${v}`) } : {}) };
    try {
      const run = await options.session.run({
        path: absolute, name: path, env: options.env, addresses: addresses.map((a) => a ?? null), options: frameworkOptions,
        ask: (question) => this.answer(path, question),
        onSettled: (index, answer) => {
          const address = addresses[index];
          if (index < addresses.length) known(jsFileKey(path, address), jsFileValue(answer, path, address, absolute));
        },
      });
      const { values, files } = jsFileValuesFromRun(run, path, absolute, addresses);
      options.looked.push(...files);
      for (const [key, value] of values) known(key, value);
    } finally {
      for (const address of addresses) known(jsFileKey(path, address), { kind: 'error', message: `${path} could not be run` });
    }
  }

  /** The answer to a question of `path`'s function, once the JavaScript values it needs are known. */
  private async answer(path: string, question: JsQuestion): Promise<JsReply> {
    const asker = jsFileKey(path, question.address ?? undefined);
    for (let round = 0; ; round++) {
      const wanted = new Map<string, Set<string | undefined>>();
      const reply = answerJsQuestion(this.config as Record<string, unknown>, question, {
        ...this.options.variables, jsFiles: this.values, jsFileWanted: (p, a) => wanted.set(p, (wanted.get(p) ?? new Set()).add(a)),
      });
      if (wanted.size === 0 || round === ROUNDS - 1) return reply;
      const needed = [...wanted].flatMap(([p, addresses]) => [...addresses].map((a) => ({ key: jsFileKey(p, a), shown: shown(p, a) })));
      const cycle = needed.find(({ key }) => key === asker || this.reaches(key, asker));
      if (cycle) return { error: `it is circular: the answer needs ${cycle.shown}, which ${cycle.key === asker ? 'is the value being computed' : 'waits for this answer'}` };
      const waits = this.waits.get(asker) ?? new Set();
      this.waits.set(asker, waits);
      for (const { key } of needed) waits.add(key);
      try {
        await this.run(wanted);
      } finally {
        for (const { key } of needed) waits.delete(key);
      }
    }
  }

  /** Whether the value `from` waits, through the questions under way, for `to`. */
  private reaches(from: string, to: string, seen = new Set<string>()): boolean {
    for (const next of this.waits.get(from) ?? []) {
      if (next === to) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      if (this.reaches(next, to, seen)) return true;
    }
    return false;
  }
}

function shown(path: string, address: string | undefined): string {
  return address ? `${path}'s "${address}"` : `${path}'s export`;
}
