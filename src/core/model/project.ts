/** The project model: what every reader (SAM, serverless.yml, Chalice) produces and everything else uses. */
import type { Diagnostic } from '../errors.js';
import type { AlbAnswer, AlbConditions } from './alb-rules.js';
import type { AsyncInvokeConfig } from './async-invoke.js';
import type { EventSource } from './event-sources.js';
import type { FunctionQualifiers } from './function-qualifiers.js';
import type { MethodParameter, RequestValidation } from './request-validation.js';
import type { RouteAuthorizer } from './route-authorizers.js';
import type { WebSocketApi } from './websocket-api.js';

export type { IdentitySource, LambdaAuthorizer, RouteAuthorizer, TokenAuthorizer } from './route-authorizers.js';
export { isLambdaAuthorizer } from './route-authorizers.js';
export type { FunctionQualifiers } from './function-qualifiers.js';
export type { AlbAnswer, AlbConditions } from './alb-rules.js';
export type { MethodParameter, RequestValidation } from './request-validation.js';

export type Architecture = 'x86_64' | 'arm64';
export type ProjectStyle = 'sam' | 'serverless' | 'chalice';
export type LogFormat = 'Text' | 'JSON';

/** Where a value came from, so diagnostics and messages can point at it. */
export interface SourceRef {
  readonly file: string;
  readonly path: string;
}

export interface FunctionModel {
  /** The key that names the function in its file (SAM logical id, serverless.yml key, Chalice name). */
  readonly id: string;
  /** The deployed function's name: AWS_LAMBDA_FUNCTION_NAME. */
  readonly name: string;
  readonly handler: string;
  /** The code directory, relative to the project root ('.' for the root, and for inline code). */
  readonly codeUri: string;
  /** The function's source as the template writes it (SAM InlineCode, Code.ZipFile): Lambda runs it as index.py. */
  readonly inlineCode?: string;
  readonly runtime: string;
  readonly architecture: Architecture;
  readonly memorySize: number;
  readonly timeout: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly reservedConcurrency?: number;
  /** Retries, maximum event age, destinations and dead-letter queue of its asynchronous invocations (absent: Lambda's defaults). */
  readonly asyncInvoke?: AsyncInvokeConfig;
  /** `Tracing: Active` (SAM), `provider.tracing.lambda` (serverless.yml): Lambda samples its invocations for X-Ray. */
  readonly tracing?: 'Active';
  /** TenancyConfig's TenantIsolationMode PER_TENANT: each invocation names a tenant, whose environments are its own. */
  readonly tenantIsolation?: true;
  /** The aliases and versions the project publishes: what a qualified invocation (`Fn:live`, `Qualifier=3`) may name. */
  readonly qualifiers?: FunctionQualifiers;
  readonly logFormat?: LogFormat;
  readonly logLevel?: string;
  readonly events: readonly EventSource[];
  /** Layers built from the project, in the order the function lists them. */
  readonly layers?: readonly LayerModel[];
  /**
   * The other layers the function lists, as written (an ARN, a layer whose content is in S3): they exist only
   * in AWS, so nothing local can run or measure them.
   */
  readonly externalLayers?: readonly string[];
  /** serverless.yml `package.patterns` (the service's, then the function's own when packaged individually). */
  readonly packagePatterns?: readonly string[];
  /**
   * serverless.yml `package.artifact`: a zip (a path from the project root, or an S3 URL) the Framework
   * deploys as it is instead of packaging the code; pylambda runs the code, but does not package it.
   */
  readonly artifact?: string;
  /**
   * A SAM function's `Metadata.BuildMethod` when it is not Python's (`makefile`, `esbuild`): sam build runs
   * that build instead of installing requirements.txt; pylambda runs the code, but does not package it.
   */
  readonly buildMethod?: string;
  /** The requirements file in the code directory, when not `requirements.txt` (serverless-python-requirements' `fileName`). */
  readonly requirementsFile?: string;
  /**
   * serverless.yml with the serverless-wsgi plugin, handler `wsgi_handler.handler`: the plugin's handler files
   * and the configuration it writes beside them are put at the code's root (core/model/serverless/wsgi.ts).
   */
  readonly wsgi?: WsgiHandler;
  /** A function of a CDK app (a template `cdk synth` wrote): where the app defines it. */
  readonly cdk?: CdkName;
  /**
   * The nested stack it is in, as SAM CLI names it (`Child`, `Child/Grandchild`): its id is then `Child/<its logical
   * id>`, SAM CLI's name for it (`sam local invoke Child/HelloFn`).
   */
  readonly stack?: string;
  /** Its code is a CDK asset (`aws:asset:path`): a directory in cdk.out that `cdk synth` makes. */
  readonly codeAsset?: true;
  readonly source: SourceRef;
}

/** A resource of a CDK app: its construct path (`aws:cdk:path`) and, when SAM CLI takes one, the id `sam local` knows it by. */
export interface CdkName {
  /** `HelloStack/HelloFn/Resource` */
  readonly path: string;
  /** `HelloFn`: the construct's id, which `sam local invoke HelloFn` takes for the function CloudFormation calls `HelloFn8D7F3C2B`. */
  readonly id?: string;
}

/** What the serverless-wsgi plugin writes for a function (its getWsgiHandlerConfiguration). */
export interface WsgiHandler {
  /** `.serverless-wsgi` as the plugin writes it: `{"app": "app.app"}`, with `text_mime_types` from custom.wsgi.textMimeTypes. */
  readonly config: string;
  /**
   * The app's directory when `custom.wsgi.app` names one (`web/api.app`), relative to the code directory:
   * wsgi_handler.py puts it first on sys.path, relative to its own location.
   */
  readonly appDir?: string;
}

/**
 * A layer built from the project: a SAM `AWS::Serverless::LayerVersion` (or `AWS::Lambda::LayerVersion`)
 * with a local ContentUri, or a serverless.yml `layers:` entry with a `path`.
 */
export interface LayerModel {
  /** The logical id: the template's resource id, or the Framework's (`deps` -> `DepsLambdaLayer`). */
  readonly id: string;
  /** The content directory, relative to the project root. */
  readonly contentUri: string;
  /**
   * SAM's `Metadata.BuildMethod` (`python3.12`, `makefile`, ...). Absent, SAM and the Framework deploy the
   * directory as it is.
   */
  readonly buildMethod?: string;
  /** SAM's `Metadata.BuildArchitecture` as written (SAM builds for x86_64 without it). */
  readonly buildArchitecture?: string;
  /** serverless.yml: the service's `package.patterns`, then the layer's own. */
  readonly packagePatterns?: readonly string[];
  /** serverless.yml `package.artifact`: a zip the Framework deploys as it is instead of packaging `path`. */
  readonly artifact?: string;
  /** Its content is a CDK asset (`aws:asset:path`): a directory in cdk.out that `cdk synth` makes. */
  readonly contentAsset?: true;
  readonly source: SourceRef;
}

/** CORS settings of an API or function URL, normalised from SAM, serverless.yml or Chalice. */
export interface CorsConfig {
  readonly allowOrigins: readonly string[];
  /**
   * REST APIs: empty when the configuration names none, and the preflight answers with the methods the API
   * has on the requested path (SAM's default: the path's methods plus OPTIONS, every method for ANY).
   * HTTP APIs and function URLs: empty means none are configured.
   */
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly allowCredentials: boolean;
  readonly maxAge?: number;
  /**
   * REST, serverless.yml `http` cors with `origins`: the Java regular expressions of the Framework's response
   * template; a request's Origin one of them matches (whole and case-sensitive, String.matches) is answered with
   * itself, any other with `allowOrigins`. SAM and Chalice send their one origin as written.
   */
  readonly originPatterns?: readonly string[];
  /** REST, serverless.yml `http` cors: the preflight's `Cache-Control` (cors.js, when `cacheControl` is set). */
  readonly cacheControl?: string;
  /** REST, a CloudFormation OPTIONS mock method: the status its integration response answers with (CDK's default is 204). */
  readonly preflightStatus?: number;
  /** REST, a CloudFormation OPTIONS mock method: the `Vary` header it sets (CDK: `Origin`, when its origin is not `*`). */
  readonly preflightVary?: string;
}

/** What kind of HTTP front door a function sits behind; each has its own event format and errors. */
export type EndpointKind = 'rest' | 'http' | 'alb' | 'url';

/** A REST API's endpoint type: EDGE (behind API Gateway's own CloudFront distribution), REGIONAL or PRIVATE. */
export type RestEndpointType = 'EDGE' | 'REGIONAL' | 'PRIVATE';

/** What each kind of endpoint is called in what pylambda prints. */
export const ENDPOINT_LABEL = { rest: 'REST API', http: 'HTTP API', alb: 'ALB', url: 'Function URL' } as const satisfies Record<EndpointKind, string>;

export interface Route {
  /** `GET`, `POST`, ... or `ANY`. */
  readonly method: string;
  /**
   * REST and HTTP APIs: a route template (`/items/{id}`, `/{proxy+}`), or `$default` (HTTP API).
   * ALB: a path pattern with `*` and `?` wildcards. Function URL: `/*`.
   */
  readonly path: string;
  readonly functionId: string;
  /**
   * REST and HTTP APIs: the alias or version the integration's uri invokes (`.../function:Fn:live/invocations`, SAM's
   * `${Fn.Alias}`, `:${stageVariables.alias}` as per-stage aliases are written): Lambda gives the function the
   * qualified ARN as `context.invoked_function_arn`.
   */
  readonly qualifier?: string;
  /** ALB listener rule priority (lower first); absent for a listener's default action, which comes last. */
  readonly priority?: number;
  /** ALB: the target group's lambda.multi_value_headers.enabled (target groups on one listener may differ). */
  readonly multiValueHeaders?: boolean;
  /** ALB: the target group the route forwards to (its logical id), named in the event's targetGroupArn. */
  readonly targetGroup?: string;
  /** ALB: a listener rule's conditions beyond path and method, all of which must hold. */
  readonly albConditions?: AlbConditions;
  /** ALB: the load balancer answers itself (a fixed-response or redirect action); `functionId` is then ''. */
  readonly albAnswer?: AlbAnswer;
  /**
   * REST: an OPTIONS method with a MOCK integration on a resource that has no method of its own, which API Gateway
   * answers from `cors` (CDK's `defaultCorsPreflightOptions` puts one on `/` and on `/items` above `/items/{id}`);
   * `functionId` is then ''.
   */
  readonly preflightOnly?: true;
  /** HTTP API: the payload format the integration uses; absent means 2.0. */
  readonly payloadFormatVersion?: '1.0' | '2.0';
  /** REST and HTTP APIs: the event's TimeoutInMillis, the integration's own timeout (absent: 29 s or 30 s). */
  readonly integrationTimeoutMs?: number;
  /** CORS of this route's path when it differs from the endpoint's (serverless.yml sets `cors` per `http` path). */
  readonly cors?: CorsConfig;
  /** REST and HTTP APIs: the authorizer API Gateway runs before the route's function. */
  readonly authorizer?: RouteAuthorizer;
  /** REST: the method's OperationName (an OpenAPI operationId, as API Gateway imports it): `requestContext.operationName`. */
  readonly operationName?: string;
  /**
   * REST: the method needs an API key in `x-api-key` (SAM `Auth.ApiKeyRequired`, an OpenAPI `security` naming an
   * `x-api-key` scheme, serverless.yml `private: true`, Chalice `api_key_required`). `false`: a SAM event turned
   * its API's default off.
   */
  readonly apiKeyRequired?: boolean;
  /**
   * REST: where the integration takes the tenant id it invokes a function with tenant isolation for: a request
   * parameter, or a literal (`integration.request.header.X-Amz-Tenant-Id` in the integration's RequestParameters).
   */
  readonly tenantIdFrom?: MethodParameter | { readonly value: string };
  /** REST: what the method's request validator checks before the function is invoked (400 when it fails). */
  readonly validation?: RequestValidation;
  /** Chalice: the view the route runs in api_handler, as the app registered it. */
  readonly view?: RouteView;
  readonly source: SourceRef;
}

/** A Chalice view: its name (view_name), and its `def` name when a blueprint's name_prefix made the two differ. */
export interface RouteView {
  readonly name: string;
  readonly python?: string;
}

/**
 * An API key a request may send in `x-api-key`: an `AWS::ApiGateway::ApiKey` with a literal `Value`, a
 * serverless.yml `provider.apiGateway.apiKeys` entry with a `value`. Keys AWS makes up at deploy time (no value)
 * cannot be known locally, and are not here.
 */
export interface ApiKeyModel {
  /** The key's logical id or name, for messages and its `apiKeyId`. */
  readonly name: string;
  readonly value: string;
  /**
   * The APIs (by id) and stages of the usage plans the key is in: it opens only those (API Gateway answers 403
   * Forbidden otherwise; a key in no plan opens nothing). A stage left out is any of the API's. Absent: every API.
   */
  readonly stages?: ReadonlyArray<{ readonly api: string; readonly stage?: string }>;
  readonly source: SourceRef;
}

/**
 * The kind of project dev's banner and ready event name: `cdk` for a template `cdk synth` wrote (a CDK app's
 * cdk.out, or its functions' `aws:cdk:path`), which is read as SAM reads it but is not a SAM project to its user.
 */
export function projectKind(project: Pick<Project, 'style' | 'functions'>, fromCdkApp: boolean): ProjectStyle | 'cdk' {
  return project.style === 'sam' && (fromCdkApp || project.functions.some((f) => f.cdk)) ? 'cdk' : project.style;
}

/**
 * How messages name a function: its id, and for a CDK app's function where the app defines it
 * (`HelloFn8D7F3C2B (HelloStack/HelloFn/Resource)`), as its logical id says little.
 */
export function functionLabel(fn: { readonly id: string; readonly cdk?: CdkName }): string {
  return fn.cdk ? `${fn.id} (${fn.cdk.path})` : fn.id;
}

/** An HTTP endpoint in front of functions: a REST API, an HTTP API, an ALB, or a function URL. */
export interface Endpoint {
  /** REST/HTTP: the API's logical id (SAM's implicit ones are ServerlessRestApi / ServerlessHttpApi). */
  readonly id: string;
  readonly kind: EndpointKind;
  /** REST: the stage (SAM's implicit API: Prod). HTTP API, ALB and function URL: `$default`. */
  readonly stage: string;
  /** An API written as plain CloudFormation with several stages: their names, of which `--stage` picks one (cfn-stages.ts). */
  readonly stageChoices?: readonly string[];
  /**
   * REST: who answers CORS preflights. SAM adds a MOCK OPTIONS method answering `{}` from the API's Cors;
   * Chalice adds one per CORS route, with an empty body and the route's own settings; the Serverless Framework one
   * per CORS path, with SAM's headers (its first origin as the static one) and an empty body; a CloudFormation OPTIONS
   * method with a MOCK integration (CDK's `defaultCorsPreflightOptions`) answers the headers it sets, with the
   * route's `cors.preflightStatus`. Default: sam.
   */
  readonly preflight?: 'sam' | 'chalice' | 'serverless' | 'mock';
  /**
   * REST: the authorizer SAM puts on the CORS preflight's OPTIONS methods too (the API's DefaultAuthorizer,
   * unless `AddDefaultAuthorizerToCorsPreflight: false`).
   */
  readonly preflightAuthorizer?: RouteAuthorizer;
  /**
   * REST: the CORS preflight needs an API key too. SAM adds ApiKeyRequired to the OPTIONS methods it makes
   * unless `Auth.AddApiKeyRequiredToCorsPreflight: false` (serverless-application-model issue 1786, PR 2981).
   */
  readonly preflightApiKeyRequired?: boolean;
  /**
   * REST: where a method that needs an API key finds it. AUTHORIZER: in its Lambda authorizer's `usageIdentifierKey`
   * (ApiKeySourceType, `x-amazon-apigateway-api-key-source`); absent: the `x-api-key` header (HEADER, the default).
   */
  readonly apiKeySource?: 'AUTHORIZER';
  /** REST only: Content-Types whose bodies are base64-encoded for the function. */
  readonly binaryMediaTypes: readonly string[];
  /** REST only: `minimumCompressionSize`, from which size the function's answers are compressed (unset: never). */
  readonly minimumCompressionSize?: number;
  /** REST only: the endpoint type; unset is EDGE, API Gateway's default and SAM's, the Framework's and Chalice's. */
  readonly endpointType?: RestEndpointType;
  readonly cors?: CorsConfig;
  readonly stageVariables?: Readonly<Record<string, string>>;
  /**
   * ALB target group attribute lambda.multi_value_headers.enabled, when every route of the endpoint agrees;
   * a route's own `multiValueHeaders` wins.
   */
  readonly multiValueHeaders?: boolean;
  readonly routes: readonly Route[];
  /** Routes of this API or listener that pylambda does not serve (a skipped function's, a mock integration's), to say why. */
  readonly unservedRoutes?: readonly UnservedRoute[];
  readonly source: SourceRef;
}

/**
 * `GET /orders`, not served because `Orders is skipped: ...`; `skipped`: the function it calls, which pylambda skips.
 * ALB: the listener rule's priority and conditions, which decide whether a request reaches it.
 */
export interface UnservedRoute {
  readonly method: string; readonly path: string; readonly why: string; readonly skipped?: string;
  readonly priority?: number; readonly albConditions?: AlbConditions;
}

/** A route of a function pylambda skips, kept with why (`Orders is skipped: ...`): the function it calls is `skipped`. */
export function skippedRoute(route: Route, why: string, functionId = route.functionId): UnservedRoute {
  return { method: route.method, path: route.path, why, skipped: functionId, ...albRule(route) };
}

/** What of an ALB rule, beyond its method and path, decides whether a request reaches it (none on an API's route). */
export function albRule(route: { readonly priority?: number; readonly albConditions?: AlbConditions }): Pick<Route, 'priority' | 'albConditions'> {
  const { priority, albConditions } = route;
  return { ...(priority === undefined ? {} : { priority }), ...(albConditions ? { albConditions } : {}) };
}

export interface Project {
  readonly style: ProjectStyle;
  /** The configuration file, relative to the project root. */
  readonly configFile: string;
  readonly functions: readonly FunctionModel[];
  /**
   * Functions the configuration defines that pylambda neither runs nor builds (code in S3, inline code, a
   * container image, another language), by id: why, to answer a command that names one.
   */
  readonly skipped?: Readonly<Record<string, string>>;
  /** The CDK names of the skipped functions of a CDK app, by id: a command may name one by its construct's id or path. */
  readonly skippedCdk?: Readonly<Record<string, CdkName>>;
  /** The HTTP endpoints `pylambda dev` serves (empty when the project has none). */
  readonly endpoints: readonly Endpoint[];
  /**
   * APIs the configuration defines that get no route pylambda can serve (an OpenAPI definition in S3, or whose
   * integrations are all mock, HTTP or AWS service ones), by id; each is said in a warning.
   */
  readonly unservedEndpoints?: readonly string[];
  /** The WebSocket APIs `pylambda dev` serves, each on a port of its own (absent or empty when there are none). */
  readonly webSockets?: readonly WebSocketApi[];
  /** The API keys the configuration defines with their values (ApiKeyModel). */
  readonly apiKeys?: readonly ApiKeyModel[];
  /**
   * The dependencies go to a layer of their own, as `pylambda package --layer` builds it: a Chalice stage's
   * `automatic_layer` (chalice deploy's managed layer).
   */
  readonly dependencyLayer?: { readonly from: string };
  /** The region the configuration deploys to (--region; serverless.yml: provider.region, else us-east-1; a SAM project's samconfig.toml region): the functions' AWS_REGION. */
  readonly region?: string;  /** Where `pylambda dev` listens when its command line does not say: serverless.yml's custom.serverless-offline (offline-settings.ts). */
  readonly devDefaults?: DevDefaults;
}

/** A port setting that is not a port, by option (`port`: httpPort, `lambdaPort`): what is wrong with it. */
export type RefusedPorts = Readonly<Partial<Record<'port' | 'lambdaPort', string>>>;

/** dev's listening defaults a configuration gives, and what dev says of the settings they come from. */
export interface DevDefaults {
  /** The settings' place, for messages: `custom.serverless-offline`. */
  readonly from: string;
  readonly port?: number;
  readonly host?: string;
  readonly lambdaPort?: number;
  /** What dev refuses to listen by. */
  readonly refused?: RefusedPorts;
  readonly diagnostics: readonly Diagnostic[];
}

/** Lambda's defaults when a template says nothing (SAM and the Lambda API agree). */
export const FUNCTION_DEFAULTS = {
  memorySize: 128,
  timeout: 3,
  architecture: 'x86_64' as Architecture,
} as const;
