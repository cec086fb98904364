import { FieldReader, isRecord } from '../fields.js';
import type { FunctionModel, Route } from '../project.js';
import { readApiDefinition, type ApiDefinition, type ReadProjectFile } from './api-definition.js';
import type { SamDefinitionAuth } from './openapi-authorizers.js';
import type { IntegrationTargets } from './integration-targets.js';
import { openApiRoutes, type OpenApiRoutes, type Operation, type UnservedOperation } from './openapi-routes.js';
import { appliedGlobals } from './globals-sections.js';
import { permittedFunctions, uninvokable, uninvokableWarning } from './invoke-permissions.js';
import { mergeGlobals, propertyPath, type ParsedTemplate } from './template.js';

export interface DefinitionOptions {
  /** Reads a DefinitionUri or AWS::Include file; without it, those definitions are not read (with a warning). */
  readonly readFile?: ReadProjectFile;
  /** Functions of the template pylambda does not run, by logical id: why (readSamFunctions). */
  readonly skipped?: Readonly<Record<string, string>>;
  /** `--stage`: which of its stages an API written as plain CloudFormation serves when it has several (cfn-stages.ts). */
  readonly stage?: string;
}

export interface DefinitionApi {
  readonly kind: 'rest' | 'http';
  readonly id: string;
  /** All the API's routes: the definition's merged with its events'. */
  readonly routes: Route[];
  readonly binaryMediaTypes: string[];
  readonly apiKeySource?: 'AUTHORIZER';
  readonly minimumCompressionSize?: number;
  /** The definition's operations not served (a skipped function's, a mock integration, ...), with why. */
  readonly unserved: readonly UnservedOperation[];
}

const TYPES = { 'AWS::Serverless::Api': ['rest', 'Api'], 'AWS::Serverless::HttpApi': ['http', 'HttpApi'] } as const;
/** How many operations a warning names before it says how many more there are. */
const NAMED = 8;
const ADDS_NOTHING = 'on AWS an event adds no route to an API with its own definition (SAM writes events into a DefinitionBody only with MergeDefinitions: true)';

/**
 * The routes of every explicit API with an OpenAPI definition: the definition's, merged with those its
 * functions' events put on it (`eventRoutes`); and the APIs with a definition that end up with no route at
 * all (each said in a warning).
 *
 * SAM writes an event's route into an API's definition only when SAM made the definition (no DefinitionBody or
 * DefinitionUri) or with `MergeDefinitions: true`, and then the event's wins (push.py `_add_swagger_integration`,
 * `_get_merged_definitions`); otherwise the deployed API has the definition's routes only (serverless-application-model
 * issues 320, 1981). So on a method and path both have, the definition's route is served unless MergeDefinitions
 * says otherwise. An event on a path the definition lacks is served as `sam local start-api` serves it, with a
 * warning that AWS does not.
 */
export function readDefinitionRoutes(
  template: ParsedTemplate,
  functions: readonly FunctionModel[],
  eventRoutes: (kind: 'rest' | 'http', id: string) => readonly Route[],
  r: FieldReader,
  options: DefinitionOptions,
  samAuth: (kind: 'rest' | 'http', id: string) => SamDefinitionAuth | undefined = () => undefined,
): { apis: DefinitionApi[]; unserved: string[] } {
  const targets: IntegrationTargets = { ctx: template.context, runs: new Set(functions.map((f) => f.id)), skipped: options.skipped ?? {} };
  const apis: DefinitionApi[] = [];
  const unserved: string[] = [];
  const permitted = permittedFunctions(template.resources, functions.map((f) => f.id));
  for (const [id, resource] of Object.entries(template.resources)) {
    const type = TYPES[String(resource.Type) as keyof typeof TYPES];
    if (!type) continue;
    const [kind, globals] = type;
    const own = isRecord(resource.Properties) ? resource.Properties : {};
    const props = mergeGlobals(appliedGlobals(template.globals, globals, resource), own);
    const at = (key: string) => propertyPath(template, id, globals, key);
    const { has, definition } = readApiDefinition(props, at, template.context, options.readFile, r);
    if (!has) continue;
    const events = eventRoutes(kind, id);
    refuseAuthWithoutBody(props, kind, at, r);
    const fromDefinition = definition ? routesOf(definition, kind, targets, at, r, definition.key === 'DefinitionBody' ? samAuth(kind, id) : undefined) : undefined;
    const merged = definition?.key === 'DefinitionBody' && (props.MergeDefinitions === true || props.MergeDefinitions === 'true');
    const routes = fromDefinition ? mergeRoutes(id, definition!, fromDefinition, events, merged, r) : [...events];
    const served = fromDefinition ? uninvokable(routes.filter((route) => fromDefinition.routes.includes(route)), events, permitted, fromDefinition.withRole) : [];
    const noPermission = uninvokableWarning(id, kind, served, NAMED);
    if (noPermission) r.warn(at(definition!.key), noPermission, 'dev');
    // An operation an event routes is served (by the event), and the event's warning says what AWS does.
    const notServed = (fromDefinition?.unserved ?? []).filter((op: Operation) => !events.some((e) => e.method === op.method && e.path === op.path));
    const operations = (fromDefinition?.routes.length ?? 0) + (fromDefinition?.unserved.length ?? 0);
    if (routes.length === 0) {
      unserved.push(id);
      if (definition) {
        r.warn(at(definition.key), operations === 0
          ? `defines no operation (a path with a method), so ${id} is not served`
          : `none of its ${operations} operations can be served locally, so ${id} is not served: ${list(notServed)}`, 'dev');
      }
    } else if (notServed.length > 0) {
      r.warn(at(definition!.key), `${notServed.length} of its ${operations} operations ${notServed.length === 1 ? 'is' : 'are'} not served locally: ${list(notServed)}`, 'dev');
    }
    apis.push({ kind, id, routes, binaryMediaTypes: fromDefinition?.binaryMediaTypes ?? [], ...(fromDefinition?.apiKeySource ? { apiKeySource: fromDefinition.apiKeySource } : {}),
      ...(fromDefinition?.minimumCompressionSize === undefined ? {} : { minimumCompressionSize: fromDefinition.minimumCompressionSize }), unserved: notServed });
  }
  return { apis, unserved };
}

function mergeRoutes(id: string, definition: ApiDefinition, fromDefinition: OpenApiRoutes, events: readonly Route[], merged: boolean, r: FieldReader): Route[] {
  const key = (route: Operation) => `${route.method} ${route.path}`;
  const eventKeys = new Set(events.map(key));
  const definitionRoutes = new Map(fromDefinition.routes.map((route) => [key(route), route]));
  const out = fromDefinition.routes.filter((route) => !merged || !eventKeys.has(key(route)));
  const where = `${id}'s ${definition.file ?? definition.key}`;
  for (const event of events) {
    const same = definitionRoutes.get(key(event));
    if (merged || !same) out.push(event);
    if (merged) continue;
    if (!same) {
      const other = fromDefinition.unserved.find((op) => key(op) === key(event));
      const has = other ? `has ${key(event)} (${other.why})` : `has no ${key(event)}`;
      r.warn(event.source.path, `${where} ${has}: ${ADDS_NOTHING}; pylambda serves the event's route, as sam local start-api does`, 'dev');
    } else if (same.functionId !== event.functionId) {
      r.warn(event.source.path, `${key(event)} calls ${same.functionId} in ${where}: ${ADDS_NOTHING}, so ${same.functionId} is served there, as on AWS`, 'dev');
    }
  }
  return out;
}

/**
 * SAM writes its Auth into a DefinitionBody (inline, or an AWS::Include of a file) only: with a DefinitionUri, any
 * Auth (its own or Globals') makes it refuse the template (api_generator.py and http_api_generator.py `_add_auth`).
 */
function refuseAuthWithoutBody(props: Record<string, unknown>, kind: 'rest' | 'http', at: (key: string) => string, r: FieldReader): void {
  if (props.DefinitionBody !== undefined || !isRecord(props.Auth) || Object.keys(props.Auth).length === 0) return;
  const sam = kind === 'rest' ? "Auth works only with inline Swagger specified in 'DefinitionBody' property." : "Auth works only with inline OpenApi specified in the 'DefinitionBody' property.";
  r.error(at('Auth'), `is refused beside a DefinitionUri by sam build and sam deploy ("${sam}"): put the definition in DefinitionBody (Fn::Transform AWS::Include keeps it in its own file), or remove Auth`);
}

/** A definition in its own file is read with a FieldReader of that file: its diagnostics name it. */
function routesOf(definition: ApiDefinition, kind: 'rest' | 'http', targets: IntegrationTargets, at: (key: string) => string, r: FieldReader, sam: SamDefinitionAuth | undefined) {
  const { file } = definition;
  const reader = file ? new FieldReader(file) : r;
  const where = (inDocument: string) => (file ? `${file}: ${inDocument}` : `${at(definition.key)}.${inDocument}`);
  const out = openApiRoutes(definition.document, kind, targets, where, reader, sam);
  if (reader !== r) r.diagnostics.push(...reader.diagnostics);
  return out;
}

function list(operations: readonly UnservedOperation[]): string {
  const named = operations.slice(0, NAMED).map((op) => `${op.method} ${op.path} (${op.why})`);
  return `${named.join('; ')}${operations.length > NAMED ? `; and ${operations.length - NAMED} more` : ''}`;
}
