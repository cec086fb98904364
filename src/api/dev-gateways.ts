/** `pylambda dev`'s gateway servers: one per HTTP endpoint, each keeping its port across reloads. */
import { sleep } from '../adapters/clock.js';
import type { GatewayConfig } from '../core/gateway/route-request.js';
import type { Endpoint } from '../core/model/project.js';
import { GatewayServer, type RequestRecord } from '../emulator/gateway-server.js';
import { routeElsewhere } from '../core/gateway/route-elsewhere.js';
import type { InvokeRequest, InvokeResult } from '../emulator/local-function.js';
import { errorEvent } from './dev-error-event.js';
import { gatewayInvoke } from './dev-invoke.js';
import { warningEvent, type ListeningOptions } from './dev-types.js';

/** The reason a gateway gives a request that no route of its API takes (route-request.ts). */
const NO_ROUTE = 'no route';

export interface DevGatewaysOptions {
  readonly options: Pick<ListeningOptions, 'host' | 'port' | 'onEvent' | 'integrationTimeoutMs' | 'receiveTimeoutMs'>;
  readonly run: (functionId: string, request: InvokeRequest) => Promise<InvokeResult>;
  /** A function a debugger may hold at a breakpoint (--debug-port): no integration timeout for it. */
  readonly untimed: (functionId: string) => boolean;
  /** A port another of dev's servers holds (the Lambda API's, a WebSocket API's): the next endpoint passes over it. */
  readonly taken: (port: number) => boolean;
  /** dev stopped: a server that was starting closes again. */
  readonly stopped: () => boolean;
}

export class DevGateways {
  private readonly servers = new Map<string, GatewayServer>();
  /** Servers of endpoints a reload removed, answering the requests they had in flight. */
  private readonly closing = new Set<GatewayServer>();
  private nextPort: number;
  /** Each endpoint's port, kept across reloads. */
  private readonly ports = new Map<string, number>();
  /** Each served endpoint's configuration, for the request to one that another has the route of. */
  private readonly configs = new Map<string, GatewayConfig>();
  /** The port the first endpoint of the first version listens on (the system's choice for port 0): where dev started. */
  firstPort: number | undefined;

  constructor(private readonly o: DevGatewaysOptions) {
    this.nextPort = o.options.port;
  }

  has(endpointId: string): boolean {
    return this.servers.has(endpointId);
  }

  /** The endpoint's URL, empty when it is not served. */
  url(endpointId: string): string {
    return this.servers.get(endpointId)?.url ?? '';
  }

  /** Serves the endpoint (dev's first version). */
  async serve(endpoint: Endpoint, config: GatewayConfig): Promise<void> {
    const server = await this.start(endpoint, config);
    if (server) this.servers.set(endpoint.id, server);
    if (server && this.firstPort === undefined) this.firstPort = Number(new URL(server.url).port || 80);
    this.configs.set(endpoint.id, config);
  }

  /**
   * A reload's servers for its endpoints not served yet, for update(). One whose port is in use fails the reload
   * before anything else changed, and those started for it close again: one left listening, outside `servers`,
   * answered 500 for a function it did not know and held its port, so the next reload failed with the port in use
   * until dev restarted. Undefined, with them closed, when the session stopped while they started.
   */
  async startAdded(endpoints: readonly Endpoint[], config: (endpoint: Endpoint) => GatewayConfig): Promise<Array<[string, GatewayServer]> | undefined> {
    const added: Array<[string, GatewayServer]> = [];
    const closeAdded = () => Promise.all(added.map(([, server]) => server.close()));
    try {
      for (const endpoint of endpoints) {
        if (this.servers.has(endpoint.id)) continue;
        const server = await this.start(endpoint, config(endpoint));
        if (server) added.push([endpoint.id, server]);
      }
    } catch (error) {
      await closeAdded();
      throw error;
    }
    if (!this.o.stopped()) return added;
    await closeAdded();
    return undefined;
  }

  /**
   * A gateway server for the endpoint, on the port it had before if it had one (an API removed from the
   * template and put back comes back where it was), else on the next one. Undefined once stopped. The caller
   * hands it to update() or closes it.
   */
  async start(endpoint: Endpoint, config: GatewayConfig): Promise<GatewayServer | undefined> {
    const { options, run } = this.o;
    const known = this.ports.get(endpoint.id);
    // The next port is used up only once a server listens on it: a failed reload tries it again.
    while (this.nextPort !== 0 && this.o.taken(this.nextPort)) this.nextPort++;
    const port = known ?? this.nextPort;
    const server = await GatewayServer.start({
      config,
      host: options.host,
      port,
      invoke: (functionId, event, requestId, traceId, wanted, target) => gatewayInvoke(run, functionId, { payload: event, requestId, traceId, wanted, tenantRequired: true, ...(target?.qualifier ? { qualifier: target.qualifier } : {}), ...(target?.tenantId ? { tenantId: target.tenantId } : {}) }),
      onRequest: (record) => options.onEvent({ type: 'request', ...this.elsewhere(record) }),
      onError: (error) => options.onEvent({ type: 'error', error }),
      untimed: this.o.untimed,
      onWarning: (message) => options.onEvent(warningEvent(message)),
      ...(options.integrationTimeoutMs ? { integrationTimeoutMs: options.integrationTimeoutMs } : {}),
      ...(options.receiveTimeoutMs ? { receiveTimeoutMs: options.receiveTimeoutMs } : {}),
    });
    if (this.o.stopped()) {
      // The session stopped while this server started (a reload under way): nothing may outlive stop().
      await server.close();
      return undefined;
    }
    if (this.nextPort !== 0) {
      this.ports.set(endpoint.id, port);
      if (known === undefined) this.nextPort++;
    }
    return server;
  }

  /**
   * A reload's endpoints: the servers it `added` (start()) serve theirs, the others take their new configuration,
   * and those of endpoints it removed answer the requests in flight (their functions retire the same way) and close.
   */
  update(endpoints: readonly Endpoint[], added: ReadonlyArray<readonly [string, GatewayServer]>, config: (endpoint: Endpoint) => GatewayConfig): void {
    for (const [id, server] of this.servers) {
      if (endpoints.some((e) => e.id === id)) continue;
      this.servers.delete(id);
      this.closing.add(server);
      server.close('finish').then(() => this.closing.delete(server), errorEvent(this.o.options.onEvent));
    }
    for (const [id, server] of added) this.servers.set(id, server);
    this.configs.clear();
    for (const endpoint of endpoints) {
      const current = config(endpoint);
      this.configs.set(endpoint.id, current);
      if (!added.some(([id]) => id === endpoint.id)) this.servers.get(endpoint.id)?.setConfig(current);
    }
  }

  /** A request no route of its endpoint took: the other endpoint whose route it is, when one has it. */
  private elsewhere(record: RequestRecord): RequestRecord {
    if (record.reason !== NO_ROUTE) return record;
    const others = [...this.configs].filter(([id]) => id !== record.endpointId && this.servers.has(id)).map(([id, config]) => ({ config, url: this.url(id) }));
    const meant = routeElsewhere(others, record.method, record.path);
    return meant ? { ...record, reason: `${NO_ROUTE}; ${meant}` } : record;
  }

  /** The code changed: a Lambda authorizer's cached answers were the old code's. */
  forgetAuthorizations(): void {
    for (const server of this.servers.values()) server.forgetAuthorizations();
  }

  /**
   * Every server closes, those finishing a reload's requests too. With `graceMs`, the requests in flight have that long
   * to be answered before their connections are cut (dev stopped by a signal: a client whose request was running got
   * a reset).
   */
  async close(graceMs = 0): Promise<void> {
    const servers = [...this.servers.values(), ...this.closing];
    if (graceMs > 0) {
      const waited = new AbortController();
      await Promise.race([Promise.all(servers.map((s) => s.close('finish'))), sleep(graceMs, waited.signal)]);
      waited.abort();
    }
    await Promise.all(servers.map((s) => s.close()));
  }
}
