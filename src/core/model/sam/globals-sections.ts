import { didYouMean } from '../../did-you-mean.js';
import { FieldReader, isRecord } from '../fields.js';

/**
 * The sections of a template's Globals and the properties each takes, as aws-sam-translator 1.115 takes them
 * (plugins/globals/globals.py `supported_properties`). Anything else makes sam build, sam local and sam deploy refuse
 * the whole template ("'Globals' section is invalid"): StageName, notably, is no Globals property of Api or HttpApi,
 * since an implicit API's stage cannot be changed.
 */
const SECTIONS: Readonly<Record<string, readonly string[]>> = {
  Function: [
    'Handler', 'Runtime', 'CodeUri', 'DeadLetterQueue', 'Description', 'MemorySize', 'Timeout', 'VpcConfig', 'Environment', 'Tags',
    'PropagateTags', 'Tracing', 'KmsKeyArn', 'AutoPublishAlias', 'AutoPublishAliasAllProperties', 'Layers', 'DeploymentPreference',
    'RolePath', 'PermissionsBoundary', 'ReservedConcurrentExecutions', 'ProvisionedConcurrencyConfig', 'AssumeRolePolicyDocument',
    'EventInvokeConfig', 'FileSystemConfigs', 'CodeSigningConfigArn', 'Architectures', 'SnapStart', 'EphemeralStorage',
    'FunctionUrlConfig', 'RuntimeManagementConfig', 'LoggingConfig', 'RecursiveLoop', 'SourceKMSKeyArn', 'TenancyConfig',
    'DurableConfig', 'CapacityProviderConfig', 'FunctionScalingConfig', 'PublishToLatestPublished', 'VersionDeletionPolicy',
  ],
  Api: [
    'Auth', 'Name', 'DefinitionUri', 'CacheClusterEnabled', 'CacheClusterSize', 'MergeDefinitions', 'Variables', 'EndpointConfiguration',
    'MethodSettings', 'BinaryMediaTypes', 'MinimumCompressionSize', 'Cors', 'GatewayResponses', 'AccessLogSetting', 'CanarySetting',
    'TracingEnabled', 'OpenApiVersion', 'Domain', 'AlwaysDeploy', 'PropagateTags', 'SecurityPolicy', 'EndpointAccessMode',
  ],
  HttpApi: [
    'Auth', 'AccessLogSettings', 'StageVariables', 'Tags', 'CorsConfiguration', 'DefaultRouteSettings', 'Domain', 'RouteSettings',
    'FailOnWarnings', 'PropagateTags',
  ],
  SimpleTable: ['SSESpecification'],
  StateMachine: ['PropagateTags'],
  LayerVersion: ['PublishLambdaVersion'],
  CapacityProvider: ['VpcConfig', 'OperatorRole', 'Tags', 'InstanceRequirements', 'ScalingConfig', 'KmsKeyArn', 'PropagateTags', 'LoggingConfig', 'ManagedResourceTags'],
  MicroVMImage: [
    'BuildRoleArn', 'BaseImageArn', 'BaseImageVersion', 'Logging', 'EgressNetworkConnectors', 'CpuConfigurations', 'Resources',
    'AdditionalOsCapabilities', 'Hooks', 'EnvironmentVariables', 'Tags', 'PropagateTags',
  ],
  NetworkConnector: ['OperatorRole', 'Tags', 'PropagateTags'],
  WebSocketApi: [
    'AccessLogSettings', 'ApiKeySelectionExpression', 'DefaultRouteSettings', 'DisableExecuteApiEndpoint', 'DisableSchemaValidation',
    'Domain', 'FailOnWarnings', 'IpAddressType', 'PropagateTags', 'RouteSelectionExpression', 'RouteSettings', 'StageVariables', 'Tags',
  ],
};

/** Why SAM leaves a property out of a section, where the reason is not just that nobody asked for it. */
const LEFT_OUT: Readonly<Record<string, string>> = {
  'Api.StageName': "an implicit API's stage is always Prod; set StageName on each AWS::Serverless::Api",
  'HttpApi.StageName': "an implicit API's stage is always $default; set StageName on each AWS::Serverless::HttpApi",
  'Api.DefinitionBody': 'set it on each AWS::Serverless::Api',
  'Function.Events': 'set them on each function', 'Function.FunctionName': 'set it on each function',
  'Function.Role': 'set it on each function', 'Function.Policies': 'set them on each function',
};

// A name SAM may have added since: refusing the template would stop dev for a user whose SAM takes it. A misspelling
// of a known name, or one SAM leaves out on purpose, is still an error, as sam build makes it.
const NEWER = 'is unknown to aws-sam-translator 1.115, which refuses the template (a newer SAM may take it); the';

/**
 * Every section and property of Globals SAM refuses: an error at its path when it misspells a known one or SAM
 * leaves it out on purpose, else a warning.
 */
export function checkGlobals(value: unknown, r: FieldReader): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    r.error('Globals', 'must be a mapping of sections (Function, Api, HttpApi, ...)');
    return;
  }
  const sections = Object.keys(SECTIONS);
  for (const [section, properties] of Object.entries(value)) {
    const known = SECTIONS[section];
    if (!known) {
      const meant = didYouMean(section, sections);
      if (meant) r.error(`Globals.${section}`, `is not a section SAM takes in Globals, so sam build and sam deploy refuse the template (did you mean ${meant}?); the sections are ${sections.join(', ')}`);
      else r.warn(`Globals.${section}`, `${NEWER} section is ignored; the sections it knows are ${sections.join(', ')}`);
      continue;
    }
    if (!isRecord(properties)) {
      r.error(`Globals.${section}`, 'must be a mapping of properties');
      continue;
    }
    for (const key of Object.keys(properties).filter((k) => !known.includes(k))) {
      const meant = didYouMean(key, known);
      const why = LEFT_OUT[`${section}.${key}`];
      if (why || meant) r.error(`Globals.${section}.${key}`, `is not a property SAM takes in Globals.${section}, so sam build and sam deploy refuse the template (${why ?? `did you mean ${meant}?`})`);
      else r.warn(`Globals.${section}.${key}`, `${NEWER} property is ignored; the properties it knows there are ${known.join(', ')}`);
    }
  }
}

/**
 * The section of Globals that applies to a resource: none with `IgnoreGlobals: '*'`, and without the properties
 * an `IgnoreGlobals` list names (a resource attribute SAM reads, globals.py get_template_globals).
 */
export function appliedGlobals(globals: Readonly<Record<string, unknown>>, section: string | undefined, resource: unknown): Record<string, unknown> {
  const all = section && isRecord(globals[section]) ? globals[section] : {};
  const ignore = isRecord(resource) ? resource.IgnoreGlobals : undefined;
  if (ignore === '*') return {};
  if (!Array.isArray(ignore)) return all;
  return Object.fromEntries(Object.entries(all).filter(([key]) => !ignore.includes(key)));
}

/** An `IgnoreGlobals` SAM refuses: neither '*' nor a list of properties the resource's section of Globals sets. */
export function checkIgnoreGlobals(id: string, resource: unknown, globals: Readonly<Record<string, unknown>>, r: FieldReader): void {
  const ignore = isRecord(resource) ? resource.IgnoreGlobals : undefined;
  if (ignore === undefined || ignore === '*') return;
  const at = `Resources.${id}.IgnoreGlobals`;
  if (!Array.isArray(ignore)) {
    r.error(at, "must be '*' or a list of the Globals properties the resource does without");
    return;
  }
  const section = isRecord(resource) && typeof resource.Type === 'string' ? resource.Type.replace(/^AWS::Serverless::/, '') : '';
  const set = isRecord(globals[section]) ? globals[section] : {};
  ignore.forEach((key, i) => {
    if (typeof key !== 'string' || !(key in set)) r.error(`${at}[${i}]`, `${JSON.stringify(key)} is not a property Globals.${section} sets, which SAM refuses`);
  });
}
