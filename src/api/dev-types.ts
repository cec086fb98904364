import type { ConnectionLimits } from '../core/gateway/websocket-lifetime.js';
import type { Timer } from '../adapters/clock.js';
import type { PythonInfo } from '../adapters/python.js';
import type { WatchOptions } from '../adapters/watch.js';
import type { Diagnostic, UserError } from '../core/errors.js';
import type { EndpointKind, FunctionModel } from '../core/model/project.js';
import type { LogEvent } from '../core/runtime/logs.js';
import type { RequestRecord } from '../emulator/gateway-server.js';
import type { WebSocketRecord } from '../emulator/websocket-gateway.js';
import type { WebSocketInfo } from './dev-websockets.js';
import type { RuntimeClient } from '../emulator/local-function.js';
import type { MissingRequirement } from './missing-requirement.js';
import type { HandlerMeant } from './handler-meant.js';
import type { ProjectSelection } from './project-selection.js';
import type { DebugOptions } from './debugger.js';

/** What `pylambda dev` takes, and what it reports as it runs (dev.ts). */

export interface DevOptions extends ProjectSelection {
  readonly dir: string;
  /**
   * The address to listen on. Without it (nor `port`, `lambdaPort`): a SAM project's samconfig file's, else a
   * serverless.yml's custom.serverless-offline's, else 127.0.0.1 and 3000 (core/model/dev-listen.ts).
   */
  readonly host?: string;
  /** The first endpoint's port; the others take the next ones. 0: free ports. */
  readonly port?: number;
  readonly runtimeClient?: RuntimeClient;
  /** Freeze environments between invocations, as Lambda does (default true; LocalFunctionOptions.freeze). */
  readonly freeze?: boolean;
  /** --debug-port: one function runs under debugpy, waiting at the port for a debugger (debugger.ts). */
  readonly debug?: DebugOptions;
  /** An --env-vars file (SAM CLI's format): its variables win over the functions' own; read again when it changes. Default: samconfig's env_vars. */
  readonly envVarsFile?: string;
  /** Extra variables for a function, from the caller. */
  readonly extraEnv?: (fn: FunctionModel) => Readonly<Record<string, string>>;
  /** Pick up code and configuration changes (default true). */
  readonly watch?: boolean;
  /**
   * With `watch`: a project whose configuration cannot be read at start (a template's YAML error, a Chalice app that
   * raises at import) is a `start-failed` event, and dev watches it until a change makes it readable, then starts
   * (`pylambda dev` does). Without: start() rejects with the error. What no edit of the project can fix (no project
   * found, an interpreter that cannot run, --port in use) rejects in any case.
   */
  readonly waitForFix?: boolean;
  /** Stops a start that waits for a fix (Ctrl-C): start() rejects, with nothing left running. */
  readonly signal?: AbortSignal;
  readonly maxConcurrency?: number;
  /** fs.watch, or a stand-in that fails as the system can (tests). */
  readonly watchDirectory?: WatchOptions['watch'];
  /** A shorter API Gateway integration timeout than the services' (29 s, 30 s), for tests. */
  readonly integrationTimeoutMs?: number;
  /** Shorter limits than API Gateway's for WebSocket connections (10 minutes idle, 2 hours in all), for tests. */
  readonly webSocketLimits?: ConnectionLimits;
  /** A shorter time to receive a request than the gateway's 300 s, for tests. */
  readonly receiveTimeoutMs?: number;
  /** --api-key: keys a route that needs one accepts, beside the configuration's (without any, dev makes one up). */
  readonly apiKeys?: readonly string[];
  /**
   * The Lambda Invoke API's port (`pylambda dev --lambda-port`); default: the first free one after the gateways'
   * (a free port when `port` is 0).
   */
  readonly lambdaPort?: number;
  /**
   * The time asynchronous invocations wait in before a retry (Lambda's 1 and 2 minutes) and age in; default the
   * wall clock. Tests pass a faster one (adapters/clock.ts scaledTimer).
   */
  readonly asyncTimer?: Timer;
  /** Start a local AWS endpoint (moto) with the template's tables, buckets and queues, and point the functions at it. */
  readonly localAws?: boolean;
  readonly onEvent: (event: DevEvent) => void;
}

/** dev's options once it knows where it listens (DevSession.start chooses it). */
export type ListeningOptions = DevOptions & { readonly host: string; readonly port: number };

export interface DevDebugger {
  readonly functionId: string;
  /** `127.0.0.1:5678`, debugpy's. */
  readonly address: string;
}

export interface EndpointInfo {
  readonly id: string;
  readonly kind: EndpointKind;
  readonly stage: string;
  readonly url: string;
  readonly routes: ReadonlyArray<{ readonly method: string; readonly path: string; readonly functionId: string; readonly apiKeyRequired?: true }>;
}

/** A trigger dev polls for a function: the queue's or Kinesis stream's name, or the table whose stream it is. */
export interface PolledTrigger {
  readonly functionId: string;
  readonly service: 'sqs' | 'kinesis' | 'dynamodb';
  readonly name: string;
}

export type DevEvent =
  | {
      readonly type: 'ready'; readonly style: string; readonly configFile: string; readonly root: string; readonly python: PythonInfo;
      readonly endpoints: readonly EndpointInfo[]; readonly unserved: readonly string[]; readonly watching: boolean;
      /** --debug-port: the function run under debugpy, and where its environment waits for a debugger. */
      readonly debugger?: DevDebugger;
      /** The Lambda Invoke API's URL (boto3's endpoint_url for its lambda client). */
      readonly lambdaApi?: string;
      /** The WebSocket APIs, each on its own port, with its @connections endpoint (absent when there are none). */
      readonly webSockets?: readonly WebSocketInfo[];
      /**
       * The functions dev's pollers invoke (--local-aws: an SQS, Kinesis or DynamoDB stream trigger whose queue or stream
       * the endpoint holds), one entry a trigger. `unserved` still lists them when no HTTP route reaches them: it means
       * "not behind HTTP", as it did before this came; the banner names them here instead.
       */
      readonly triggered?: readonly PolledTrigger[];
      /** APIs the project defines with no route pylambda can serve (a warning said why), by id. */
      readonly unservedApis?: readonly string[];
      /** Functions of the configuration pylambda does not run (a warning said why for each), when there are any. */
      readonly skipped?: readonly string[];
      /** Why each of `skipped` is not run, by its id (`skipped` stays a list of ids, as it was before this came). */
      readonly skippedReasons?: Readonly<Record<string, string>>;
      /** The keys in `x-api-key` that routes needing an API key accept, when some route needs one; `apis`: the only APIs a key opens (its usage plans'). */
      readonly apiKeys?: ReadonlyArray<{ readonly name: string; readonly value: string; readonly origin: 'configuration' | 'option' | 'made-up'; readonly apis?: readonly string[] }>;
      /** REST APIs whose key comes from their Lambda authorizer (ApiKeySourceType AUTHORIZER) and take any it returns, as the project has no key for them. */
      readonly anyAuthorizerKey?: readonly string[];
      /** After a reload: the routes are those already said (a Chalice app.py saved without route changes). */
      readonly unchanged?: true;
      /**
       * With `unchanged`: the functions the reload gave other settings (an environment variable, Timeout, MemorySize),
       * whose next requests start new environments; else a save that changed a setting went unsaid.
       */
      readonly settingsChanged?: readonly string[];
    }
  | ({ readonly type: 'request' } & RequestRecord)
  /** A WebSocket handshake, message, disconnect or @connections call. */
  | ({ readonly type: 'websocket' } & WebSocketRecord)
  | { readonly type: 'log'; readonly event: LogEvent }
  /**
   * A request to the Lambda Invoke API: `name` as the request gave it (its method and path when it named no function),
   * `functionId` the function it named.
   */
  | {
      readonly type: 'invoke'; readonly name: string; readonly status: number; readonly durationMs: number;
      readonly invocationType?: 'RequestResponse' | 'Event' | 'DryRun'; readonly functionId?: string; readonly requestId?: string;
      readonly cold?: boolean; readonly reason?: string;
    }
  /**
   * --local-aws: a batch an SQS trigger handed its function, and how many of its messages were deleted after;
   * `filtered`: those its FilterCriteria let through none of, deleted without an invocation (all of them when `messages` is 0).
   */
  | {
      readonly type: 'queue'; readonly functionId: string; readonly queue: string; readonly messages: number; readonly deleted: number;
      readonly filtered?: number; readonly durationMs: number; readonly cold?: boolean; readonly reason?: string;
    }
  /**
   * An asynchronous invocation after its first run: a retry scheduled or cancelled, the event dropped as too old or
   * failed with no retry left, its record sent to a destination (or where it would go), or not run at all.
   */
  | {
      readonly type: 'async'; readonly functionId: string; readonly requestId: string;
      readonly outcome: 'retry' | 'cancelled' | 'dropped' | 'failed' | 'delivered' | 'not-delivered' | 'not-run'; readonly text: string;
    }
  /**
   * --local-aws: a batch a Kinesis or DynamoDB stream trigger handed its function (`stream`: the Kinesis stream's
   * name, or the table's), and its fate: records checkpointed as processed, given up (`skipped`, after its retries or
   * too old), and delivered again (`retrying`, the retry's number in `attempt`).
   */
  | {
      readonly type: 'stream'; readonly functionId: string; readonly service: 'kinesis' | 'dynamodb'; readonly stream: string; readonly shard: string;
      readonly records: number; readonly processed: number; readonly skipped: number; readonly retrying: number; readonly attempt?: number;
      readonly durationMs: number; readonly cold?: boolean; readonly reason?: string;
      /** What became of the record of records given up, for a mapping with an OnFailure destination. */
      readonly onFailure?: string;
      /** A tumbling window's final invocation (no records; retrying: it failed and is made again). */
      readonly final?: true;
      /** The window ended before its time (isWindowTerminatedEarly): its shard closed, or its state outgrew 1 MB. */
      readonly early?: true;
    }
  | { readonly type: 'reload'; readonly reason: 'code' | 'config'; readonly files: readonly string[] }
  /** The project could not be read at start (waitForFix): what start() would have rejected with; `waiting-for-fix` follows. */
  | { readonly type: 'start-failed'; readonly error: UserError }
  /** dev watches the project (as a running dev does) and starts once a change makes it readable. */
  | { readonly type: 'waiting-for-fix' }
  /**
   * The new configuration could not be read: the routes stay as they were. `codeRuns`: the change was code
   * too (a Chalice app.py): the functions run it, and fail as it does, rather than old code in some
   * environments and new code in the others.
   */
  | { readonly type: 'reload-failed'; readonly message: string; readonly codeRuns?: boolean }
  /**
   * A Chalice app's import, to read its routes again, has run this many seconds (a newer save takes over); or,
   * with `file`, a serverless.js's or .ts's run.
   */
  | { readonly type: 'reload-waiting'; readonly seconds: number; readonly file?: string }
  | { readonly type: 'local-aws-starting' }
  | { readonly type: 'local-aws'; readonly endpoint: string; readonly created: ReadonlyArray<{ readonly kind: string; readonly name: string }> }
  | { readonly type: 'warning'; readonly diagnostic: Diagnostic }
  /** A function's import failed on a package its requirements.txt lists (invoke's note, said once a function). */
  | { readonly type: 'missing-requirement'; readonly functionId: string; readonly missing: MissingRequirement }
  /** A function failed with Runtime.HandlerNotFound and its module defines a close name (invoke's note, once a handler). */
  | { readonly type: 'handler-meant'; readonly functionId: string; readonly meant: HandlerMeant }
  /** A Chalice blueprint's own function failed on its blueprint's .log or .current_app, which Lambda never registers (blueprint-handler.ts). */
  | { readonly type: 'blueprint-note'; readonly functionId: string; readonly note: string }
  | { readonly type: 'error'; readonly error: Error };

/** A warning of dev's own, at no place in the configuration (a trigger that cannot read, a client that spoke TLS to a plain port). */
export function warningEvent(message: string): DevEvent {
  return { type: 'warning', diagnostic: { severity: 'warning', path: '', message } };
}
