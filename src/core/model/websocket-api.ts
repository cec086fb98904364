import type { SourceRef } from './project.js';

/**
 * A WebSocket API in the project model: a CloudFormation `AWS::ApiGatewayV2::Api` with `ProtocolType: WEBSOCKET`,
 * serverless.yml's `websocket` events, a Chalice app's `on_ws_*` handlers. Each runs on a port of its own under dev.
 */
export interface WebSocketApi {
  /** The API's logical id (serverless.yml: WebsocketsApi; Chalice: WebsocketAPI, as `chalice package` names them). */
  readonly id: string;
  /** The API's name, when the configuration gives one. */
  readonly name?: string;
  readonly stage: string;
  /** `$request.body.action` unless the configuration says otherwise. */
  readonly routeSelectionExpression: string;
  readonly routes: readonly WebSocketRoute[];
  /**
   * Routes dev cannot run (a MOCK integration, a function outside the template), with why: a message still selects
   * one, as on AWS, rather than falling to `$default`, and gets API Gateway's error frame.
   */
  readonly unservedRoutes?: ReadonlyArray<{ readonly routeKey: string; readonly why: string }>;
  readonly source: SourceRef;
}

export interface WebSocketRoute {
  /** `$connect`, `$disconnect`, `$default`, or a custom key (`sendMessage`). */
  readonly routeKey: string;
  readonly functionId: string;
  /** The alias or version the integration's uri invokes. */
  readonly qualifier?: string;
  /**
   * The route has a route response (CloudFormation `AWS::ApiGatewayV2::RouteResponse`, serverless.yml
   * `routeResponseSelectionExpression`): API Gateway sends the integration's `body` back to the client. Without one,
   * what the function returns goes nowhere (API Gateway developer guide, "Set up a WebSocket API integration response").
   */
  readonly respond?: true;
  readonly source: SourceRef;
}

/** API Gateway's default, and what the Framework and Chalice deploy. */
export const DEFAULT_ROUTE_SELECTION = '$request.body.action';

/** The predefined route keys: the others are matched against the message. */
export const CONNECT = '$connect';
export const DISCONNECT = '$disconnect';
export const DEFAULT_ROUTE = '$default';
