/**
 * What `!Ref` gives for each resource type, from each type's "Return values: Ref" in the CloudFormation
 * Template Reference (aws-resource-<service>-<type>), and the property that names the resource. Where the
 * deployed value is generated (an id, a random suffix), the local one is made up from the logical id, the
 * same every time, and said.
 */

/** How a type's Ref is made. */
export type RefRule =
  /** Its name: the name property, else the logical id (a bucket's in lower case). */
  | { readonly ref: 'name' }
  /** Its ARN (intrinsics.ts `arn`). */
  | { readonly ref: 'arn' }
  /** Its URL (an SQS queue). */
  | { readonly ref: 'url' }
  /** An id the service generates: made up locally as `example` makes it, with a note naming `what`. */
  | { readonly ref: 'id'; readonly what: string; readonly example: (seed: string, region: string) => string }
  /**
   * An id the service generates, kept as the logical id: pylambda itself reads these references by logical id
   * (a function's `Layers`, an event's `RestApiId` / `ApiId`), so only a note says the deployed value differs.
   */
  | { readonly ref: 'logical-id'; readonly what: string };

const lower = 'abcdefghijklmnopqrstuvwxyz0123456789';
const mixed = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const appConfigId = (seed: string) => madeUp(seed, 7, lower);
const apiId = { ref: 'logical-id', what: "API Gateway generates the API's id" } as const;
const layer = { ref: 'logical-id', what: "Ref of a layer is its version's ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)" } as const;

export const REF_RULES: Readonly<Record<string, RefRule>> = {
  'AWS::DynamoDB::Table': { ref: 'name' },
  'AWS::Serverless::SimpleTable': { ref: 'name' },
  'AWS::S3::Bucket': { ref: 'name' },
  'AWS::SQS::Queue': { ref: 'url' },
  'AWS::SNS::Topic': { ref: 'arn' },
  'AWS::Lambda::Function': { ref: 'name' },
  'AWS::Serverless::Function': { ref: 'name' },
  'AWS::Events::EventBus': { ref: 'name' },
  'AWS::Events::Rule': { ref: 'name' },
  'AWS::Scheduler::ScheduleGroup': { ref: 'name' },
  'AWS::SSM::Parameter': { ref: 'name' },
  'AWS::Kinesis::Stream': { ref: 'name' },
  'AWS::KinesisFirehose::DeliveryStream': { ref: 'name' },
  'AWS::Logs::LogGroup': { ref: 'name' },
  'AWS::KMS::Alias': { ref: 'name' },
  'AWS::IAM::Role': { ref: 'name' },
  'AWS::SecretsManager::Secret': { ref: 'arn' },
  'AWS::StepFunctions::StateMachine': { ref: 'arn' },
  'AWS::Serverless::StateMachine': { ref: 'arn' },
  // "Ref returns physicalResourceId, which is Domain": the prefix of <Domain>.auth.<region>.amazoncognito.com, or a custom domain.
  'AWS::Cognito::UserPoolDomain': { ref: 'name' },
  'AWS::Cognito::UserPool': { ref: 'id', what: "Cognito generates a user pool's id", example: (seed, region) => `${region}_${madeUp(seed, 9, mixed)}` },
  'AWS::Cognito::UserPoolClient': { ref: 'id', what: "Cognito generates a user pool client's id", example: (seed) => madeUp(seed, 26, lower) },
  'AWS::AppConfig::Application': { ref: 'id', what: "AppConfig generates an application's id", example: appConfigId },
  'AWS::AppConfig::Environment': { ref: 'id', what: "AppConfig generates an environment's id", example: appConfigId },
  'AWS::AppConfig::ConfigurationProfile': { ref: 'id', what: "AppConfig generates a configuration profile's id", example: appConfigId },
  'AWS::AppConfig::DeploymentStrategy': { ref: 'id', what: "AppConfig generates a deployment strategy's id", example: appConfigId },
  'AWS::KMS::Key': { ref: 'id', what: "KMS generates a key's id", example: (seed) => uuid(seed) },
  'AWS::Serverless::Api': apiId,
  'AWS::Serverless::HttpApi': apiId,
  'AWS::ApiGateway::RestApi': apiId,
  'AWS::ApiGatewayV2::Api': apiId,
  'AWS::Serverless::LayerVersion': layer,
  'AWS::Lambda::LayerVersion': layer,
};

/** The property that names a resource of the type. */
export const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Serverless::SimpleTable': 'TableName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Serverless::Function': 'FunctionName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::Scheduler::ScheduleGroup': 'Name',
  'AWS::SSM::Parameter': 'Name',
  'AWS::Kinesis::Stream': 'Name',
  'AWS::KinesisFirehose::DeliveryStream': 'DeliveryStreamName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Serverless::StateMachine': 'Name',
  'AWS::Cognito::UserPoolDomain': 'Domain',
};

/**
 * The name CloudFormation gives an SSM parameter without a Name: `CFN-<logical id>-<random>` (its "Return values"
 * example reads `ssm-myparameter-ABCNPH3XCAO6`; deployed stacks show the CFN- form).
 */
export function generatedParameterName(id: string, stackName: string): string {
  return `CFN-${id}-${madeUp(`${stackName}/${id}`, 12, mixed)}`;
}

/**
 * The six characters Secrets Manager adds to a secret's name in its ARN (`arn:...:secret:<name>-<6 random>`,
 * "Secret ARN" in the Secrets Manager user guide), made up from the name.
 */
export function secretSuffix(name: string): string {
  return madeUp(`secret/${name}`, 6, mixed);
}

/** `length` characters of `alphabet` that depend on `seed` only (FNV-1a, stepped): a local stand-in for a random value. */
export function madeUp(seed: string, length: number, alphabet: string): string {
  let hash = 0x811c9dc5;
  for (const char of seed) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    hash = Math.imul(hash ^ (i + 0x9e), 0x01000193) >>> 0;
    out += alphabet[hash % alphabet.length];
  }
  return out;
}

function uuid(seed: string): string {
  const hex = madeUp(seed, 32, '0123456789abcdef');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
