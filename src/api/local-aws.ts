import { join } from 'node:path';
import type { Socket } from 'node:net';
import { fileExists, readText } from '../adapters/fs.js';
import { readLines, spawnOwned, type OwnedProcess } from '../adapters/process.js';
import { asError, UserError, USER_ERROR_EXIT, type Diagnostic } from '../core/errors.js';
import { isMotoMissing, listeningUrl, localAwsEnvironment, motoInstallCommand } from '../core/local-aws/endpoint.js';
import { reloadPlan, resourceDefinitions, type Definitions } from '../core/local-aws/reload.js';
import { type LocalAwsSpec } from '../core/local-aws/resources.js';
import { stackTreeResources } from '../core/local-aws/nested-stacks.js';
import { parseTemplate, type ParsedTemplate } from '../core/model/sam/template.js';
import { RUNTIME_DIR } from '../emulator/runtime-launch.js';

/** Where a Chalice project keeps the resources it merges into its deployed template (`chalice package --merge-template`). */
export const CHALICE_RESOURCES = '.chalice/resources.json';

export interface LocalAwsOptions {
  /** The project root: moto runs there, and a Chalice project's resources file is found there. */
  readonly root: string;
  /** The project's template (`loadProject(...).template`); absent: `.chalice/resources.json` when there is one. */
  readonly template?: ParsedTemplate;
  /** The file the template was read from (`project.configFile`: template.yml, serverless.yml, ...), for messages. */
  readonly configFile?: string;
  /** The project's Python: moto must be installed in it. */
  readonly python: { readonly executable: string };
  /** Default 0: a free port. */
  readonly port?: number;
  /** The region the functions run in (their AWS_REGION); default: the template's, else us-east-1. */
  readonly region?: string;
  /** PATH, HOME and the like for the moto process; nothing else of it is passed on. */
  readonly hostEnv?: Readonly<Record<string, string | undefined>>;
  readonly startTimeoutMs?: number;
  /** An onGone listener that threw when moto exited: pylambda's bug, for the caller to report. */
  readonly onError?: (error: Error) => void;
}

export interface LocalAws {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  /** moto's process id (its process group is killed on stop). */
  readonly pid: number;
  /** Where the resources are: the template's region once a reload changes it (serverless.yml provider.region). */
  readonly region: string;
  /** For every function: AWS_ENDPOINT_URL, fake credentials, the region. */
  readonly env: Readonly<Record<string, string>>;
  /** What was created, in order. */
  readonly created: readonly CreatedResource[];
  /** Resources the template declares that could not be created, and why. */
  readonly warnings: readonly Diagnostic[];
  /**
   * Creates what a new version of the template declares (a reload of `dev`); what exists already stays
   * as it is, data included. Returns what is new, and what could not be created.
   */
  update(template: ParsedTemplate | undefined): Promise<{ readonly created: readonly CreatedResource[]; readonly warnings: readonly Diagnostic[] }>;
  /** Called once if moto exits on its own (not by stop()), with the warning that says so. */
  onGone(listener: (warning: Diagnostic) => void): void;
  /** Stops moto (its data goes with it) and waits until the process is gone. */
  stop(): Promise<void>;
}

/** What the endpoint holds: a table with a stream has the stream's ARN, which only the endpoint knows. */
export interface CreatedResource {
  readonly kind: string;
  readonly name: string;
  readonly streamArn?: string;
}

const HELPER = `${RUNTIME_DIR}pylambda_local_aws.py`;
/** moto.server behind a watch on stdin, so that it exits when pylambda is killed outright. */
const MOTO = `${RUNTIME_DIR}pylambda_moto.py`;
const START_TIMEOUT_MS = 30_000;

/**
 * `pylambda dev --local-aws`: moto's server mode on loopback, started from the project's Python, with the
 * template's DynamoDB tables (their streams and time to live), S3 buckets (their notifications to the
 * template's queues), SQS queues, SSM parameters, secrets and Kinesis streams created in it.
 */
export async function startLocalAws(options: LocalAwsOptions): Promise<LocalAws> {
  const found = await resourcesTemplate(options);
  const region = options.region ?? found.template?.context.region ?? 'us-east-1';
  const env = processEnv(options.hostEnv ?? {});
  const moto = spawnOwned([options.python.executable, MOTO, '-H', '127.0.0.1', '-p', String(options.port ?? 0)], { cwd: options.root, env, stdinPipe: true });
  let stopping = false;
  const stop = () => {
    stopping = true;
    return stopProcess(moto);
  };
  try {
    const endpoint = await waitUntilListening(moto, options);
    await waitUntilAnswering(endpoint, options.startTimeoutMs ?? START_TIMEOUT_MS);
    const create = async (source: { template?: ParsedTemplate; file: string }, where: string, known?: Definitions) => {
      const { spec: all, diagnostics: problems } = source.template ? stackTreeResources(source.template, source.file) : { spec: EMPTY, diagnostics: [] };
      // What exists already is not asked for again (a reload with nothing new starts no Python), but for
      // settings the endpoint can change in place; a change it cannot make is said.
      const plan = known ? reloadPlan(known, all, source.file) : { wanted: all, diagnostics: [] };
      const wanted = plan.wanted;
      const result = hasResources(wanted) ? await createResources(options.python.executable, options.root, env, { ...wanted, endpoint, region: where }) : { created: [], failed: [] };
      const warnings = [
        ...problems,
        ...plan.diagnostics,
        ...result.failed.map((f): Diagnostic => ({
          severity: 'warning',
          file: source.file,
          path: f.name,
          message: f.step
            ? `the ${f.kind}'s ${f.step} could not be set up in the local AWS endpoint: ${f.error}`
            : `the ${f.kind} could not be created in the local AWS endpoint: ${f.error}`,
        })),
      ];
      return { created: result.created, warnings, definitions: resourceDefinitions(wanted) };
    };
    // What the endpoint holds, by region (moto keeps each region apart) and `kind:name`, with the definition it was made from.
    const held = new Map<string, Map<string, string>>();
    const holds = (where: string) => held.get(where) ?? held.set(where, new Map()).get(where)!;
    const remember = (where: string, created: readonly CreatedResource[], definitions: ReadonlyMap<string, string>) => {
      for (const c of created) {
        const definition = definitions.get(`${c.kind}:${c.name}`);
        if (definition !== undefined) holds(where).set(`${c.kind}:${c.name}`, definition);
      }
    };
    let current = region;
    // A reload that changes the template's region (serverless.yml provider.region) moves the functions there:
    // their resources must be there too. The region given by the caller is the one to start in.
    let templateRegion = found.template?.context.region;
    const first = await create(found, current);
    remember(current, first.created, first.definitions);
    // A warning is said once, not at every reload.
    const said = new Set(first.warnings.map((w) => `${w.path} ${w.message}`));
    // moto can die under dev (killed, out of memory): that is said once, when it happens (onGone) or else at
    // the reload that follows, rather than a "Could not connect" per resource, and the functions' failures get
    // their cause.
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let goneSaid = false;
    const gone = (): Diagnostic[] => {
      if (goneSaid) return [];
      goneSaid = true;
      const how = exit?.signal ? `killed by ${exit.signal}` : exit ? `exit code ${exit.code}` : 'it exited';
      return [{ severity: 'warning', path: '', message: `the local AWS endpoint (moto, process ${moto.pid}) is no longer running (${how}): the functions' AWS calls fail until pylambda dev is restarted` }];
    };
    const goneListeners: Array<(warning: Diagnostic) => void> = [];
    moto.exited.then((e) => {
      exit = e;
      if (stopping || goneListeners.length === 0) return;
      for (const w of gone()) for (const listener of goneListeners) listener(w);
    }).catch((error: unknown) => options.onError?.(asError(error)));
    const update = async (next: ParsedTemplate | undefined) => {
      if (exit || !moto.isRunning()) return { created: [], warnings: gone() };
      const { template: _previous, ...rest } = options;
      const source = await resourcesTemplate(next ? { ...rest, template: next } : rest);
      const nextRegion = source.template?.context.region;
      if (nextRegion && nextRegion !== templateRegion) current = nextRegion;
      templateRegion = nextRegion ?? templateRegion;
      const where = current;
      const known = holds(where);
      const { created, warnings, definitions } = await create(source, where, known);
      const fresh = created.filter((c) => !known.has(`${c.kind}:${c.name}`));
      remember(where, created, definitions);
      const unsaid = warnings.filter((w) => !said.has(`${w.path} ${w.message}`));
      for (const w of unsaid) said.add(`${w.path} ${w.message}`);
      return { created: fresh, warnings: unsaid };
    };
    return {
      endpoint,
      pid: moto.pid,
      get region() {
        return current;
      },
      get env() {
        return localAwsEnvironment(endpoint, current, options.hostEnv);
      },
      created: first.created,
      warnings: first.warnings,
      update,
      onGone: (listener: (warning: Diagnostic) => void) => goneListeners.push(listener),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const EMPTY: LocalAwsSpec = { tables: [], buckets: [], queues: [], parameters: [], secrets: [], streams: [] };

/**
 * Without --local-aws, what the project declares that its functions would reach in real AWS (with the
 * shell's credentials, or none): a hint, since a new user's first request otherwise fails far from here.
 */
export async function localAwsHint(root: string, template: ParsedTemplate | undefined, configFile: string, command: 'dev' | 'invoke' = 'dev'): Promise<Diagnostic | undefined> {
  let found: { template?: ParsedTemplate; file: string };
  try {
    found = await resourcesTemplate({ root, configFile, ...(template ? { template } : {}) });
  } catch {
    return undefined;
  }
  if (!found.template) return undefined;
  const { spec } = stackTreeResources(found.template, found.file);
  const names = [
    ...spec.tables.map((t) => `${t.id} (DynamoDB table)`),
    ...spec.buckets.map((b) => `${b.id} (S3 bucket)`),
    ...spec.queues.map((q) => `${q.id} (SQS queue)`),
    ...spec.parameters.map((p) => `${p.id} (SSM parameter)`),
    ...spec.secrets.map((s) => `${s.id} (secret)`),
    ...spec.streams.map((s) => `${s.id} (Kinesis stream)`),
  ];
  if (names.length === 0) return undefined;
  return {
    severity: 'warning',
    file: found.file,
    path: found.file,
    message: command === 'dev'
      ? `declares ${names.join(', ')}: without --local-aws the functions call real AWS, with your credentials if you have any. pylambda dev --local-aws serves ${names.length === 1 ? 'it' : 'them'} from a local endpoint (moto).`
      : `declares ${names.join(', ')}: the function calls real AWS, with your credentials if you have any. pylambda invoke --local-aws runs it against a local endpoint (moto) that holds ${names.length === 1 ? 'it' : 'them'}.`,
  };
}

function hasResources(spec: LocalAwsSpec): boolean {
  return spec.tables.length + spec.buckets.length + spec.queues.length + spec.parameters.length + spec.secrets.length + spec.streams.length > 0;
}

async function resourcesTemplate(options: Pick<LocalAwsOptions, 'root' | 'template' | 'configFile' | 'region'>): Promise<{ template?: ParsedTemplate; file: string }> {
  if (options.template) return { template: options.template, file: options.configFile ?? 'the template' };
  const path = join(options.root, CHALICE_RESOURCES);
  if (!fileExists(path)) return { file: CHALICE_RESOURCES };
  const parsed = parseTemplate(await readText(path, 'Chalice resources file'), { file: CHALICE_RESOURCES, ...(options.region ? { region: options.region } : {}) });
  if (!parsed.template) {
    throw new UserError(`${CHALICE_RESOURCES} cannot be read: ${parsed.diagnostics.map((d) => `${d.path} ${d.message}`).join('; ')}`);
  }
  return { template: parsed.template, file: CHALICE_RESOURCES };
}

function processEnv(host: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8', NO_COLOR: '1' };
  for (const key of ['PATH', 'HOME', 'SYSTEMROOT', 'TMPDIR', 'LANG']) {
    const value = host[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Resolves with the URL moto prints once it listens; a start that fails says why (moto missing: how to install it). */
function waitUntilListening(moto: OwnedProcess, options: LocalAwsOptions): Promise<string> {
  // Held until moto is up: spawnOwned unrefs its processes, and nothing else may keep Node waiting.
  moto.child.ref();
  const tail: string[] = [];
  return new Promise<string>((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn();
    };
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      const url = listeningUrl(line);
      if (url) finish(() => {
        // Once up, moto must not keep Node alive by itself; its output is still read (a full pipe would block it).
        moto.child.unref();
        (moto.child.stdout as Socket | null)?.unref();
        (moto.child.stderr as Socket | null)?.unref();
        resolve(url);
      });
    };
    readLines(moto.child.stdout, onLine);
    readLines(moto.child.stderr, onLine);
    const timeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
    const timer = setTimeout(() => finish(() => reject(new UserError(`moto's server did not start within ${timeoutMs / 1000} s`, { hint: lastLines(tail), exitCode: USER_ERROR_EXIT.failure }))), timeoutMs);
    moto.exited.then(({ code, signal }) => {
      // The exit can come before the last lines are read: give the streams a moment to end.
      setTimeout(() => finish(() => reject(startFailure(tail.join('\n'), code, signal, options))), 50);
    }).catch(reject);
  });
}

function startFailure(output: string, code: number | null, signal: NodeJS.Signals | null, options: LocalAwsOptions): UserError {
  if (code === 127 && !output.trim()) return new UserError(`Cannot run ${options.python.executable}`);
  if (isMotoMissing(output)) {
    const install = motoInstallCommand(options.python.executable, options.root, process.platform === 'win32');
    return new UserError(`The local AWS endpoint needs moto's server mode, which is not installed in ${options.python.executable}`, {
      hint: `Install it with:\n  ${install}`,
    });
  }
  const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
  return new UserError(`moto's server ${how} before it listened`, { hint: lastLines(output.split('\n')), exitCode: USER_ERROR_EXIT.failure });
}

function lastLines(lines: readonly string[]): string {
  return lines.filter((l) => l.trim()).slice(-8).join('\n') || 'It printed nothing.';
}

/** The port is open when moto prints its URL; one answered request proves the app behind it is loaded. */
async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new UserError(`moto's server at ${endpoint} does not answer: ${(error as Error).message}`, { exitCode: USER_ERROR_EXIT.failure });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

interface CreateResult {
  readonly created: CreatedResource[];
  /** `step`: a setting of a resource that was created (a table's time to live, a bucket's notifications). */
  readonly failed: Array<{ kind: string; name: string; step?: string; error: string }>;
}

async function createResources(python: string, cwd: string, env: Record<string, string>, spec: LocalAwsSpec & { endpoint: string; region: string }): Promise<CreateResult> {
  const child = spawnOwned([python, HELPER], { cwd, env, stdinPipe: true });
  child.child.ref();
  let stdout = '';
  let stderr = '';
  child.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.child.stdin?.end(JSON.stringify(spec));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const closed = new Promise<void>((resolve) => child.child.once('close', () => resolve()));
  const { code } = await child.exited;
  await closed;
  clearTimeout(timer);
  if (code !== 0) {
    throw new UserError(`Creating the template's resources in the local AWS endpoint failed (exit code ${code})`, { hint: lastLines(stderr.split('\n')), exitCode: USER_ERROR_EXIT.failure });
  }
  return JSON.parse(stdout) as CreateResult;
}

/** SIGTERM lets moto's server close its socket; SIGKILL follows if it has not gone within 2 s. */
async function stopProcess(proc: OwnedProcess): Promise<void> {
  if (!proc.isRunning()) return;
  // Held while stopping, so that an awaited stop() completes even when nothing else keeps Node running.
  proc.child.ref();
  proc.kill('SIGTERM');
  const exited = await Promise.race([proc.exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 2000).unref())]);
  if (!exited) proc.kill('SIGKILL');
  await proc.exited;
}
