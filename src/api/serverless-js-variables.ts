import { resolve } from 'node:path';
import { fileExists } from '../adapters/fs.js';
import { runJsVariableFile } from '../adapters/node-config.js';
import { jsFileKey, jsFileReferences, jsFileValuesFromRun, type JsFileValues } from '../core/model/serverless/variables/js-files.js';
import type { SourceResult } from '../core/model/serverless/variables/sources.js';

export interface JsVariableOptions {
  /** The environment the configuration's variables see (with the dotenv file's): the file reads process.env. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The command line's options (`stage`, `region`), a function export's `options`. */
  readonly cli: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, string>>;
  /** The options as the Framework's process.argv would have them. */
  readonly args: readonly string[];
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Gets each file, and the service's modules it required, for dev to watch. */
  readonly looked: string[];
}

/** Told of a variable the values lack, to run it. */
export type JsFileWanted = (path: string, address: string | undefined) => void;

/**
 * `read` (the configuration's resolution) given the values of its `${file(./x.js)}` variables: those written out
 * are run first; one whose path or address holds variables is known once they are resolved, so it runs then and
 * the configuration is resolved again (a few rounds, for one that depends on another).
 */
export async function withJsFileVariables<R>(root: string, config: unknown, options: JsVariableOptions, read: (jsFiles: JsFileValues, wanted: JsFileWanted) => R): Promise<R> {
  const jsFiles = await readJsFileVariables(root, jsFileReferences(config), options);
  for (let round = 0; ; round++) {
    const wanted = new Map<string, Set<string | undefined>>();
    const result = read(jsFiles, (path, address) => wanted.set(path, (wanted.get(path) ?? new Set()).add(address)));
    if (wanted.size === 0 || round === 3) return result;
    for (const [key, value] of await readJsFileVariables(root, wanted, options)) jsFiles.set(key, value);
  }
}

/**
 * The values of the configuration's `${file(./x.js):address}` variables (core/.../js-files.ts), each file run once,
 * all at once. A file that does not exist gives nothing, as the Framework's `require.resolve` finds nothing.
 */
async function readJsFileVariables(root: string, references: ReadonlyMap<string, ReadonlySet<string | undefined>>, options: JsVariableOptions): Promise<Map<string, SourceResult>> {
  const out = new Map<string, SourceResult>();
  const frameworkOptions = { ...options.cli, ...(options.params ? { param: Object.entries(options.params).map(([k, v]) => `${k}=${v}`) } : {}) };
  await Promise.all([...references].map(async ([path, addressSet]) => {
    const absolute = resolve(root, path);
    const addresses = [...addressSet];
    options.looked.push(absolute);
    if (!fileExists(absolute)) {
      for (const address of addresses) out.set(jsFileKey(path, address), { kind: 'missing', why: `${path} does not exist` });
      return;
    }
    const run = await runJsVariableFile({
      path: absolute, cwd: root, env: options.env, args: options.args, addresses: addresses.map((a) => a ?? null), options: frameworkOptions,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}),
    });
    const { values, files } = jsFileValuesFromRun(run, path, absolute, addresses);
    options.looked.push(...files);
    for (const [key, value] of values) out.set(key, value);
  }));
  return out;
}
