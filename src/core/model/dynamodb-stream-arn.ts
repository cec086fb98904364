/** A DynamoDB table's stream, by its ARN: the parts a trigger and its records take from it. */
export interface TableStreamArn {
  /** `aws`, `aws-cn`, `aws-us-gov`, ... */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly table: string;
  readonly label: string;
}

/**
 * arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}, the StreamArn attribute
 * of AWS::DynamoDB::Table, with DynamoDB Streams' rules for its parts (API reference, Stream,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Stream.html): a TableName is 3 to 255
 * of [a-zA-Z0-9_.-], a StreamLabel "a timestamp, in ISO 8601 format" (2015-06-27T00:48:05.899 in the Lambda guide's
 * event; moto's has microseconds).
 */
const TABLE_STREAM_ARN = /^arn:(aws(?:-[a-z]+)*):dynamodb:([a-z0-9-]+):(\d{12}):table\/([\w.-]{3,255})\/stream\/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?)$/;

/** The stream's parts, or undefined when the value is not a DynamoDB table's stream ARN. */
export function tableStreamArn(arn: string): TableStreamArn | undefined {
  const [, partition, region, accountId, table, label] = TABLE_STREAM_ARN.exec(arn) ?? [];
  return partition && region && accountId && table && label ? { partition, region, accountId, table, label } : undefined;
}
