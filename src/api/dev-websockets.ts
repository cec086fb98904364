/** `pylambda dev`'s WebSocket APIs: one gateway each, on ports after the Lambda API's, kept across reloads. */
import type { FunctionModel } from '../core/model/project.js';
import type { WebSocketApi } from '../core/model/websocket-api.js';
import type { InvokeRequest, InvokeResult } from '../emulator/local-function.js';
import type { WebSocketGateway } from '../emulator/websocket-gateway.js';
import { loadOwnModule } from '../adapters/own-module.js';
import { gatewayInvoke } from './dev-invoke.js';
import { warningEvent, type ListeningOptions } from './dev-types.js';

export interface DevWebSocketsOptions extends Pick<ListeningOptions, 'host' | 'onEvent' | 'integrationTimeoutMs' | 'webSocketLimits'> {
  readonly run: (functionId: string, request: InvokeRequest) => Promise<InvokeResult>;
  /** A function a debugger may hold at a breakpoint (--debug-port): no integration timeout for it. */
  readonly untimed: (functionId: string) => boolean;
}

/** The first WebSocket API's port: after the endpoints' (`port` on), and the Lambda API's when it is the next one. */
/**
 * The WebSocket gateway's module, loaded here, before a WebSocket API's port listens: ws and the TLS and HTTPS
 * modules it requires were a tenth of what every dev start compiled, and most projects have no WebSocket API.
 */
export const webSocketGatewayModule = () => loadOwnModule(() => import('../emulator/websocket-gateway.js'));

export function webSocketPort(port: number, endpoints: number, lambdaPort: number | undefined): number {
  const after = port + endpoints;
  return port === 0 ? 0 : lambdaPort === after ? after + 1 : after;
}

/** A WebSocket API as dev says it is served (the ready event's `webSockets`). */
export interface WebSocketInfo {
  readonly id: string;
  readonly stage: string;
  /** `ws://127.0.0.1:PORT/STAGE` */
  readonly url: string;
  /** The @connections endpoint: the functions' AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI. */
  readonly connections: string;
  readonly routeSelectionExpression: string;
  readonly routes: ReadonlyArray<{ readonly routeKey: string; readonly functionId: string; readonly respond?: true }>;
}

export class DevWebSockets {
  private readonly gateways = new Map<string, WebSocketGateway>();
  private readonly ports = new Map<string, number>();
  /** The APIs served now: those of the version of the project a reload is bringing in, from set() on. */
  private apis: readonly WebSocketApi[] = [];
  /** Messages wait here until every function of the first version exists. */
  private opened!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.opened = resolve));

  constructor(private readonly options: DevWebSocketsOptions) {}

  /**
   * Serves these APIs: a new one on the port it had before, else `firstPort` or the first after those taken
   * (0: a free one); one still there takes the new routes; one gone closes.
   */
  async set(apis: readonly WebSocketApi[], firstPort: number): Promise<void> {
    this.apis = apis;
    for (const [id, gateway] of this.gateways) {
      if (apis.some((api) => api.id === id)) continue;
      this.gateways.delete(id);
      await gateway.close();
    }
    for (const api of apis) {
      const running = this.gateways.get(api.id);
      if (running) {
        running.setApi(api);
        continue;
      }
      const port = this.ports.get(api.id) ?? (firstPort === 0 ? 0 : Math.max(firstPort, ...[...this.ports.values()].map((p) => p + 1)));
      const { WebSocketGateway } = await webSocketGatewayModule();
      const gateway = await WebSocketGateway.start({
        api, host: this.options.host, port,
        invoke: async (functionId, event, requestId, traceId, wanted, target) => {
          await this.ready;
          return gatewayInvoke(this.options.run, functionId, { payload: event, requestId, traceId, wanted, ...(target?.qualifier ? { qualifier: target.qualifier } : {}) });
        },
        onRecord: (record) => this.options.onEvent({ type: 'websocket', ...record }),
        onError: (error) => this.options.onEvent({ type: 'error', error }),
        untimed: this.options.untimed,
        onWarning: (message) => this.options.onEvent(warningEvent(message)),
        ...(this.options.integrationTimeoutMs ? { integrationTimeoutMs: this.options.integrationTimeoutMs } : {}),
        ...(this.options.webSocketLimits ? { limits: this.options.webSocketLimits } : {}),
      });
      this.gateways.set(api.id, gateway);
      if (firstPort !== 0) this.ports.set(api.id, gateway.port);
    }
  }

  /** The functions exist: messages waiting for them run. */
  open(): void {
    this.opened();
  }

  /** The ports the gateways hold, which the HTTP endpoints' pass over. */
  get portsInUse(): ReadonlySet<number> {
    return new Set([...this.gateways.values()].map((g) => g.port));
  }

  /**
   * AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI for a function: the @connections endpoint of the API whose route calls
   * it, else of the first API (a function that only posts to connections, called from elsewhere).
   */
  env(fn: FunctionModel): Record<string, string> {
    const api = this.apis.find((a) => a.routes.some((r) => r.functionId === fn.id)) ?? this.apis[0];
    const gateway = api && this.gateways.get(api.id);
    return gateway ? { AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: gateway.connectionsUrl } : {};
  }

  /** The ready event's `webSockets`, absent when no API is served. */
  info(): { webSockets?: WebSocketInfo[] } {
    const webSockets = this.apis.flatMap((api) => {
      const gateway = this.gateways.get(api.id);
      if (!gateway) return [];
      return [{
        id: api.id, stage: api.stage, url: gateway.url, connections: gateway.connectionsUrl, routeSelectionExpression: api.routeSelectionExpression,
        routes: api.routes.map((r) => ({ routeKey: r.routeKey, functionId: r.functionId, ...(r.respond ? { respond: true as const } : {}) })),
      }];
    });
    return webSockets.length > 0 ? { webSockets } : {};
  }

  async close(): Promise<void> {
    this.opened();
    await Promise.all([...this.gateways.values()].map((g) => g.close()));
    this.gateways.clear();
  }
}
