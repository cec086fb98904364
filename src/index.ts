/**
 * pylambda as a library: what each command does, as functions that take options and return values.
 *
 * Nothing here reads `process.env`, prints or exits: each call takes the environment its functions run with
 * (`hostEnv`, or `env`), reports through the callbacks it is given, and throws a `UserError` (a
 * `ConfigError` for a project's configuration, with every diagnostic) for anything the caller can fix.
 * Whatever starts Python processes (`DevSession`, `LocalFunction`) is stopped with its `stop()`, which
 * releases every process it started.
 */

// pylambda invoke: one invocation of one function in a fresh execution environment.
export { invokeOnce, type InvokeOptions, type InvokeOutcome } from './api/invoke.js';

// pylambda dev: the project's APIs on local ports, with hot reload.
export { DevSession, type DevEvent, type DevOptions, type EndpointInfo, type WebSocketInfo } from './api/dev.js';
// The clock an Event invocation's retries wait on (DevOptions.asyncTimer): scaledTimer(1000) turns Lambda's minute into 60 ms.
export { scaledTimer, systemTimer, type Timer } from './adapters/clock.js';

// pylambda events generate: sample events of every kind, and the event a project's own gateway sends.
export { EVENT_KINDS, generateEvent, projectEvent, type EventOptions, type ProjectEvent } from './api/events.js';

// pylambda coldstart: measured cold starts, the import profile, the review and its findings.
export { measureColdstart, type ColdstartOptions, type ColdstartProgress } from './api/coldstart.js';
export type { ColdstartReport } from './core/coldstart/report.js';

// pylambda package: Lambda-compatible zips.
export { packageFunctions, type PackageOptions, type PackageOutcome, type PackageProgress } from './api/package.js';

// pylambda new: a project of either style.
export { createProject, type NewOptions, type NewResult } from './api/new.js';

// A project read from template.yaml, serverless.yml or .chalice/config.json, as one model.
export { findProject, loadProject, type LoadedProject, type LoadOptions } from './api/project.js';
export { selectFunction } from './api/select-function.js';
export type { Endpoint, EndpointKind, FunctionModel, Project, ProjectStyle, Route } from './core/model/project.js';
export type { AsyncInvokeConfig, Destination } from './core/model/async-invoke.js';

// Execution environments of one function, for callers that invoke it many times (a test suite).
export {
  InvokeRejected, LocalFunction, type InvokeRequest, type InvokeResult, type LocalFunctionOptions, type LogEvent, type RuntimeClient,
} from './emulator/local-function.js';

// The gateways' codecs (HTTP request -> event, handler result -> HTTP response) and the route table.
export { alb, CODECS, http, httpV1, rest, url, type HttpRequest, type HttpResponse } from './core/events/http/index.js';
export { compileRoutes, matchRoute, type RouteMatch, type RouteTable } from './core/routing/index.js';

export { ConfigError, UserError, type Diagnostic } from './core/errors.js';
