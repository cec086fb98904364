import { localToolVariables } from '../core/runtime/local-tool-variables.js';
import { relative, resolve } from 'node:path';
import { warningEvent, type DevOptions, type EndpointInfo, type ListeningOptions } from './dev-types.js';
import { accountId, debuggerInfo, runSetting, type DebuggedFunction } from './dev-run-setting.js';
import { projectPythonPath, resolvePython, type PythonInfo } from '../adapters/python.js';
import { diagnosticsFor, type Diagnostic } from '../core/errors.js';
import type { GatewayConfig } from '../core/gateway/route-request.js';
import { endpointApiKeys, servedApiKeys } from '../core/gateway/api-key.js';
import { unservedTable } from '../core/gateway/unserved-routes.js';
import { randomHex } from '../adapters/random.js';
import type { Endpoint, FunctionModel } from '../core/model/project.js';
import { compileRoutes } from '../core/routing/index.js';
import { hostRegion } from '../core/runtime/environment.js';
import { GatewayServer } from '../emulator/gateway-server.js';
import type { InvokeRequest, InvokeResult, LocalFunction } from '../emulator/local-function.js';
import { localAwsHint, type LocalAws } from './local-aws.js';
import { startDevLocalAws } from './dev-local-aws.js';
import { errorEvent } from './dev-error-event.js';
import { DevGateways } from './dev-gateways.js';
import { DevLambdaApi } from './dev-lambda-api.js';
import { DevWebSockets, webSocketGatewayModule, webSocketPort, type WebSocketInfo } from './dev-websockets.js';
import { TriggerPollers } from './dev-trigger-pollers.js';
import { forgetBytecode } from '../adapters/fs.js';
import { newWarnings, touchesAny } from '../core/model/dev-reload.js';
import { devCode, type DevCode } from './dev-code.js';
import { DevEnvFile } from './dev-env-file.js';
import { describeProject, devWarnings, isConfiguration, loadDevProject, readsByRunning, sortEndpoints } from './dev-project.js';
import { runDevFunction } from './dev-invoke.js';
import { devFunctions, retire, settingsChanged, shutDownFunction, type DevFunctionContext } from './dev-functions.js';
import { unreadProject, type ProjectWatcher } from './dev-watch.js';
import { devWatcher, readFirstVersion, type WatchTarget } from './dev-first-version.js';
import { ReloadQueue } from './dev-reload-queue.js';
import { checkedListen, startListening, StartWatch } from './dev-listen.js';
import { listenValues, type DevListen } from '../core/model/dev-listen.js';
import { versionWarnings } from './local-runtime.js';
import { functionHostEnv, type LoadedProject } from './project.js';

export type { DevEvent, DevOptions, EndpointInfo } from './dev-types.js';
export type { WebSocketInfo } from './dev-websockets.js';

/** `pylambda dev`: every HTTP endpoint of a project served locally, with hot reload. */
export class DevSession {
  private functions = new Map<string, LocalFunction>();
  /** Functions a reload replaced, finishing their in-flight invocations. */
  private readonly retiring = new Set<LocalFunction>();
  /** The missing dependencies said, by function: one missing later (a new import) is said too. */
  private readonly noted = new Set<string>();
  private readonly gateways: DevGateways;
  private watcher: ProjectWatcher | undefined;
  /** The reload under way, and the files changed since it began (the next reload's). */
  private readonly reloads = new ReloadQueue(
    (files, signal) => this.applyReload(files, signal),
    // A Chalice app's configuration saved again: the route read under way (its import) reads old files; so does
    // a serverless.js's or serverless.ts's run (ts-node's compile takes seconds).
    (file) => (this.loaded.project.style === 'chalice' && file === this.envFile.path) || (readsByRunning(this.loaded) && isConfiguration(this.loaded, file)),
    (error) => this.options.onEvent({ type: 'reload-failed', message: error instanceof Error ? error.message : String(error) }),
    () => this.stopped);
  /** Every endpoint of the first version listens: reloads may run. */
  private listening = false;
  private stopped = false;
  /** The last configuration reload failed: the next change (a CodeUri's directory made, say) reads it again. */
  private configStale = false;
  /** The --env-vars file changed and has not been read since (a reload failed before it was). */
  private envFileStale = false;
  /** The warnings said so far: a reload says only those it adds (newWarnings). */
  private said: readonly Diagnostic[] = [];
  /** The last ready event's description, to tell a reload that changed no route. */
  private described = '';
  private localAws: LocalAws | undefined;
  private pollers: TriggerPollers | undefined;
  private lambdaApi: DevLambdaApi | undefined;
  private sockets: DevWebSockets | undefined;
  /** The API key dev makes up when a route needs one and none has a value: the same for the whole session. */
  private readonly madeUpKey = randomHex(20);
  /** --debug-port: the function debugpy runs, and its address. */
  private debugged: DebuggedFunction | undefined;
  /** Where dev listens and why, and its template, for a reload that finds the files' settings of them changed. */
  private startWatch: StartWatch | undefined;

  /** `loaded`: the project as served (devCode), `code` its functions' code and the project as read. */
  private constructor(private readonly options: ListeningOptions, private loaded: LoadedProject, private code: DevCode & { readonly full: LoadedProject }, private readonly python: PythonInfo, private readonly envFile: DevEnvFile) {
    this.gateways = new DevGateways({
      options,
      run: (id, request) => this.run(id, request),
      untimed: (id) => id === this.debugged?.functionId,
      taken: (port) => port === this.lambdaApi?.port || this.sockets?.portsInUse.has(port) === true,
      stopped: () => this.stopped,
    });
  }

  /**
   * Starts serving. Where it listens: the options', else the samconfig file's, else serverless.yml's
   * custom.serverless-offline's (core/model/dev-listen.ts); an error about that port or host names the setting.
   */
  static start(asked: DevOptions): Promise<DevSession> {
    return startListening(asked, (given, early, chosen) => DevSession.begin(given, early, chosen));
  }

  /** start(), from where the command line and the samconfig file say dev listens (`early`): `chosen` gets where it does once the project is read. */
  private static async begin(given: DevOptions, early: DevListen, chosen: (listen: DevListen) => void): Promise<DevSession> {
    // The interpreter's probe (a process start, 15 - 30 ms) runs while the configuration is read: the project
    // is almost always the directory given. Only here: dev starts its Python in any case, and the probe
    // would keep a command that ends early waiting for it. (A project found elsewhere is probed again.)
    resolvePython(projectPythonPath(resolve(given.dir), given.hostEnv, given.python), given.hostEnv).catch(() => undefined);
    const first = await readFirstVersion(given, listenValues(early));
    const { full } = first;
    const code = { ...first.code, full };
    const loaded = code.served;
    let listen: DevListen;
    try {
      listen = checkedListen(given, code.full, chosen);
    } catch (error) {
      first.watching?.watcher.close();
      throw error;
    }
    const options: ListeningOptions = { ...given, ...listenValues(listen) };
    // What fails here ends dev; the watcher that waited for the project stops with it.
    const { python, warnings, envFile, debugged } = await runSetting(loaded, options).catch((error: unknown) => {
      first.watching?.watcher.close();
      throw error;
    });
    const session = new DevSession(options, loaded, code, python, envFile);
    session.startWatch = new StartWatch({ listen, asked: given, template: code.full.configPath, bound: () => session.gateways.firstPort });
    session.debugged = debugged;
    const hint = options.localAws || options.hostEnv.AWS_ENDPOINT_URL ? undefined : await localAwsHint(loaded.root, loaded.template, loaded.project.configFile);
    session.said = [...diagnosticsFor(loaded.warnings, 'dev'), ...warnings, ...devWarnings(loaded, code.code), ...envFile.diagnostics(loaded), ...(hint ? [hint] : [])];
    for (const w of session.said) options.onEvent({ type: 'warning', diagnostic: w });
    try {
      if (options.localAws) await session.startLocalAws();
      // Before the functions: their AWS_ENDPOINT_URL_LAMBDA (--local-aws) and _APIGATEWAYMANAGEMENTAPI are these.
      await session.startLambdaApi(loaded.project.endpoints.length);
      await session.serveWebSockets(loaded);
      session.functions = devFunctions(session.functionContext(), loaded, code);
      await session.pollQueues(loaded);
      // Everything else is ready before the first port accepts a request, which it would otherwise wait behind:
      // the watcher's walk of the project, and the gateways' JavaScript compiled (GatewayServer.warmUp).
      if (options.watch !== false) {
        const target: WatchTarget = first.watching?.target ?? { onChange: () => undefined, rewritesCount: () => false, files: () => [] };
        session.watcher = first.watching?.watcher ?? devWatcher(options, target);
        // A change seen while the servers start (or since the project read, after a wait) is read once they all listen.
        session.reloads.hold(first.watching?.held ?? []);
        target.onChange = (files) => (session.listening ? session.reloadInBackground(files) : session.reloads.hold(files));
        target.rewritesCount = () => session.configStale;
        // --env-vars, or samconfig.toml's env_vars.
        target.files = () => (loaded.envVarsFile ? [loaded.envVarsFile] : []);
        // An edit made once dev says it is ready must be seen.
        await session.watcher.sync(full, code.archives);
      }
      const endpoints = sortEndpoints(loaded.project.endpoints);
      for (const endpoint of endpoints) GatewayServer.warmUp(session.gatewayConfig(endpoint, loaded));
      for (const endpoint of endpoints) await session.gateways.serve(endpoint, session.gatewayConfig(endpoint, loaded));
    } catch (error) {
      first.watching?.watcher.close();
      // The start's failure is the one to say; a stop that fails on top of it is a bug, said apart.
      await session.stop().catch(errorEvent(options.onEvent));
      throw error;
    }
    session.listening = true;
    session.lambdaApi?.open();
    session.sockets?.open();
    session.announce();
    const seen = session.reloads.take();
    if (seen.length > 0) session.reloadInBackground(seen);
    return session;
  }

  get endpoints(): EndpointInfo[] {
    return this.describe().endpoints;
  }

  /** The WebSocket APIs: each one's ws:// URL, @connections endpoint and routes. */
  get webSockets(): WebSocketInfo[] {
    return this.sockets?.info().webSockets ?? [];
  }

  /** How many functions dev runs (the Lambda API serves them all). */
  get functionCount(): number {
    return this.functions.size;
  }

  /** Process ids of every running execution environment. */
  pids(): number[] {
    return [...this.functions.values()].flatMap((f) => f.pids());
  }

  /**
   * Stops everything, each part even when another's stop failed (no runtime or moto left running); then throws the
   * first failure. `graceMs`: the HTTP requests in flight have that long to get their answers (each with Connection:
   * close) before their connections are cut, as a server stopped by Ctrl-C or SIGTERM lets them; new ones are refused.
   */
  async stop({ graceMs = 0 }: { readonly graceMs?: number } = {}): Promise<void> {
    this.stopped = true;
    this.reloads.abort();
    this.watcher?.close();
    const failures: unknown[] = [];
    const settle = async (stops: ReadonlyArray<Promise<void> | undefined>) => {
      for (const result of await Promise.allSettled(stops)) if (result.status === 'rejected') failures.push(result.reason);
    };
    await settle([this.gateways.close(graceMs), ...[this.lambdaApi, this.sockets].map((s) => s?.close())]);
    // The pollers stop receiving at once; a batch in flight ends with its function.
    const polled = settle([this.pollers?.stop()]);
    await settle([...this.functions.values(), ...this.retiring].map((f) => shutDownFunction(f)));
    await polled;
    await settle([this.localAws?.stop()]);
    if (failures.length > 0) throw failures[0];
  }

  /** Where the functions run: the configuration's region (serverless.yml, samconfig.toml), else the shell's, else us-east-1. */
  private region(loaded: LoadedProject): string {
    return hostRegion(functionHostEnv(loaded, this.options.hostEnv));
  }

  private async startLocalAws(): Promise<void> {
    this.localAws = await startDevLocalAws({
      loaded: this.loaded, python: this.python, region: this.region(this.loaded), hostEnv: this.options.hostEnv, onEvent: this.options.onEvent,
      onGone: (diagnostic) => {
        if (!this.stopped) this.options.onEvent({ type: 'warning', diagnostic });
      },
    });
  }

  /** --local-aws: each SQS and stream trigger of a queue or stream the endpoint holds polls it, as Lambda's event source mapping does. */
  private async pollQueues(loaded: LoadedProject): Promise<void> {
    if (!this.localAws || this.stopped) return;
    const { endpoint, created } = this.localAws;
    this.pollers ??= new TriggerPollers({ endpoint, created, region: () => this.localAws?.region ?? this.region(this.loaded), accountId: () => accountId(this.loaded), run: (id, request) => this.run(id, request), onEvent: this.options.onEvent });
    await this.pollers.set(loaded.project);
  }

  /** The Lambda API on --lambda-port, else the first free port after the gateways' (which those a reload adds pass over). */
  private async startLambdaApi(endpoints: number): Promise<void> {
    const { lambdaPort, port } = this.options;
    this.lambdaApi = await DevLambdaApi.start({
      host: this.options.host, port: lambdaPort ?? (port === 0 ? 0 : port + endpoints), search: lambdaPort === undefined, onEvent: this.options.onEvent,
      functions: () => this.loaded.project.functions, run: (id, request) => this.run(id, request),
      region: () => this.region(this.loaded), accountId: () => accountId(this.loaded),
      localAws: () => this.localAws, ...(this.options.asyncTimer ? { timer: this.options.asyncTimer } : {}),
    });
  }

  /** What a function's environment gets on top of its own: the variable of the tool its project comes from (AWS_SAM_LOCAL), --local-aws's endpoints (the Lambda API's too), the caller's extras, --env-vars. */
  private envOverrides(fn: FunctionModel): Record<string, string> {
    const lambda: Record<string, string> = this.localAws && this.lambdaApi ? { AWS_ENDPOINT_URL_LAMBDA: this.lambdaApi.localUrl } : {};
    return { ...localToolVariables(this.loaded.project.style, 'dev', fn.environment), ...(this.localAws?.env ?? {}), ...lambda, ...this.sockets?.env(fn), ...(this.options.extraEnv?.(fn) ?? {}), ...this.envFile.overrides(fn) };
  }

  private serveWebSockets(loaded: LoadedProject): Promise<void> {
    this.sockets ??= new DevWebSockets({ ...this.options, run: (id, r) => this.run(id, r), untimed: (id) => id === this.debugged?.functionId });
    return this.sockets.set(loaded.project.webSockets ?? [], webSocketPort(this.options.port, loaded.project.endpoints.length, this.lambdaApi?.port));
  }

  private functionContext(): DevFunctionContext {
    return {
      python: this.python,
      options: this.options,
      ...(this.debugged ? { debugged: this.debugged } : {}),
      envOverrides: (fn) => this.envOverrides(fn),
      onLog: (event) => {
        this.lambdaApi?.observe(event);
        this.options.onEvent({ type: 'log', event });
      },
    };
  }

  /**
   * Files changed: new code runs from the next request; a new configuration also updates routes. Never
   * rejects (the watcher does not wait for it): a failure is a `reload-failed` event.
   */
  reload(files: readonly string[]): Promise<void> {
    return this.reloads.run(files);
  }

  /** A reload nobody waits for (the watcher's): a rejection that got past reload-failed is a bug, an `error` event. */
  private reloadInBackground(files: readonly string[]): void {
    this.reload(files).catch(errorEvent(this.options.onEvent));
  }

  private async applyReload(files: readonly string[], signal: AbortSignal): Promise<void> {
    if (this.stopped) return;
    // A zip the code comes from is read again with the project (unzipped anew), as is a CodeUri made at last.
    const configChanged = this.configStale || files.some((f) => f === this.envFile.path || isConfiguration(this.loaded, f) || touchesAny(f, this.code.triggers));
    await forgetBytecode(files);
    // stop() may have run during any await here: a stopped session starts nothing more.
    if (this.stopped) return;
    this.options.onEvent({ type: 'reload', reason: configChanged ? 'config' : 'code', files: files.map((f) => relative(this.loaded.root, f)) });
    this.lambdaApi?.cancelRetries();
    if (!configChanged) {
      for (const fn of this.functions.values()) fn.recycle(fn.environmentCount > 0 ? 1 : 0);
      this.gateways.forgetAuthorizations();
      return;
    }
    // Only the --env-vars file: the project is as it was, and the functions it does not touch keep their
    // warm environments (not a Chalice app's: it is imported with them). Until this reload gets through to its end, the next one reads everything again.
    const envOnly = !this.configStale && this.loaded.project.style !== 'chalice' && files.every((f) => f === this.envFile.path && !isConfiguration(this.loaded, f));
    if (files.includes(this.envFile.path ?? '')) this.envFileStale = true;
    // A file that does not read (half-saved) leaves the configuration as it was: only the file is read again.
    if (!envOnly) this.configStale = true;
    let loaded: LoadedProject;
    let code = this.code;
    const read: string[] = [];
    try {
      if (!envOnly) {
        const full = await loadDevProject(this.options, { signal, onWaiting: (seconds, file) => this.options.onEvent({ type: 'reload-waiting', seconds, ...(file ? { file } : {}) }) }, read);
        code = { ...await devCode(full), full };
      }
      loaded = code.served;
      for (const notice of envOnly ? [] : this.startWatch?.changes(code.full) ?? []) this.options.onEvent(warningEvent(notice));
      if (this.envFileStale) await this.envFile.read();
      this.envFileStale = false;
    } catch (error) {
      // A newer save took over (ReloadQueue): the next batch reads it; this one's outcome no longer matters.
      if (signal.aborted) return;
      // What the failed read reached outside the trees (a new DefinitionUri ../api.yaml) is watched: fixing it reloads.
      await this.watcher?.sync([this.code.full, unreadProject(this.loaded.root, this.loaded.configPath, read)], this.code.archives);
      // A Chalice app.py (or a blueprint) is the configuration and the code at once. Kept, the old code
      // would go on only in the environments already warm, while each new one imported the broken file:
      // the same request answered or failed by chance. The code runs as it is, as a raw handler's would.
      const codeRuns = files.some((f) => f.endsWith('.py'));
      if (codeRuns) for (const fn of this.functions.values()) fn.recycle(0);
      this.options.onEvent({ type: 'reload-failed', message: error instanceof Error ? error.message : String(error), ...(codeRuns ? { codeRuns } : {}) });
      return;
    }
    if (this.stopped) return;
    if (this.localAws) {
      // Tables, buckets and queues the new template adds exist before a function can reach for them.
      const { created, warnings } = await this.localAws.update(loaded.template);
      for (const w of warnings) this.options.onEvent({ type: 'warning', diagnostic: w });
      if (created.length > 0) this.options.onEvent({ type: 'local-aws', endpoint: this.localAws.endpoint, created });
      this.pollers?.hold(created);
      if (this.stopped) return;
    }
    const endpoints = sortEndpoints(loaded.project.endpoints);
    const old = this.functions;
    // A new endpoint's port in use fails the reload before anything else changed, and the previous version
    // goes on serving whole (its functions, routes and servers). (A function that cannot run is skipped: devCode.)
    // Loaded before a new HTTP endpoint listens: failing to load it (pylambda rebuilt meanwhile) leaves the reload undone.
    if (loaded.project.webSockets?.length) await webSocketGatewayModule();
    const added = await this.gateways.startAdded(endpoints, (endpoint) => this.gatewayConfig(endpoint, loaded)).catch(async (error: unknown) => {
      // A CodeUri not made yet: watched, so that making it reads the configuration again.
      await this.watcher?.sync([this.code.full, code.full], [...this.code.archives, ...code.archives]);
      throw error;
    });
    // stop() ran while the servers started: they closed, and no function starts a runtime (a prewarm would).
    if (!added) return;
    await this.serveWebSockets(loaded);
    this.functions = devFunctions(this.functionContext(), loaded, code, old, !envOnly);
    // Retired before anything else can fail: a replaced function that is in neither set is never stopped.
    for (const [id, fn] of old) {
      if (this.functions.get(id) === fn) continue;
      retire(fn, this.retiring, this.options.onEvent);
    }
    await this.pollQueues(loaded);
    this.gateways.update(endpoints, added, (endpoint) => this.gatewayConfig(endpoint, loaded));
    // What the new version has to say that was not said: a function it adds on another Python version, an
    // --env-vars section that now names no function.
    const said = [...diagnosticsFor(loaded.warnings, 'dev'), ...versionWarnings(this.python, loaded.project.functions), ...devWarnings(loaded, code.code), ...this.envFile.diagnostics(loaded)];
    for (const w of newWarnings(this.said, said)) this.options.onEvent({ type: 'warning', diagnostic: w });
    this.said = said;
    this.loaded = loaded;
    this.code = code;
    this.configStale = false;
    // Code moved outside the trees watched so far (a new function's CodeUri: ../lib) is watched before dev says it is ready.
    await this.watcher?.sync(code.full, code.archives);
    if (!this.stopped) this.announce(settingsChanged(old, this.functions));
  }

  /** Says the routes, or that a reload left them as they were (and which functions it gave new settings: `changed`). */
  private announce(changed: readonly string[] = []): void {
    const described = this.describe();
    const text = JSON.stringify(described);
    const unchanged = text === this.described ? { unchanged: true as const, ...(changed.length > 0 ? { settingsChanged: changed } : {}) } : {};
    this.options.onEvent({ type: 'ready', ...described, ...unchanged });
    this.described = text;
  }

  private gatewayConfig(endpoint: Endpoint, loaded: LoadedProject): GatewayConfig {
    const { table } = compileRoutes(endpoint);
    return {
      endpoint,
      table,
      unserved: unservedTable(endpoint),
      region: this.region(loaded),
      accountId: accountId(loaded),
      apiKeys: endpointApiKeys(servedApiKeys(loaded.project, this.options.apiKeys ?? [], this.madeUpKey), endpoint),
    };
  }

  /** Runs a function through its pool, for a gateway or the Lambda API. */
  private run(functionId: string, request: InvokeRequest): Promise<InvokeResult> {
    // A request routed by a server that a reload is closing (its body still arriving as the functions
    // changed) runs on the function it was routed to, as requests in flight finish on the old code.
    const find = (id: string) => this.functions.get(id) ?? [...this.retiring].reverse().find((f) => f.model.id === id);
    return runDevFunction({ find, root: this.loaded.root, python: this.python, chalice: this.loaded.project.style === 'chalice', noted: this.noted, onEvent: this.options.onEvent }, functionId, request);
  }

  private describe() {
    const apiKeys = servedApiKeys(this.loaded.project, this.options.apiKeys ?? [], this.madeUpKey);
    return { ...describeProject(this.loaded, this.python, (id) => this.gateways.url(id), this.options.watch !== false, apiKeys), lambdaApi: this.lambdaApi?.url ?? '', ...this.sockets?.info(), ...this.pollers?.info(), ...debuggerInfo(this.debugged) };
  }
}
