import { describe, expect, it } from 'vitest';
import { reloadPlan, resourceDefinitions } from '../../src/core/local-aws/reload.js';
import { localAwsResources } from '../../src/core/local-aws/resources.js';
import { parseTemplate } from '../../src/core/model/sam/template.js';

function spec(yaml: string) {
  return localAwsResources(parseTemplate(yaml, { file: 'template.yaml' }).template!, 'template.yaml').spec;
}

const TABLE = `
  Todos:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: todos
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]`;
const QUEUE = `
  Jobs:
    Type: AWS::SQS::Queue
    Properties: { QueueName: jobs }`;
const BUCKET = `
  Uploads:
    Type: AWS::S3::Bucket
    Properties: { BucketName: uploads }`;
const NOTIFIED = `${BUCKET.replace('Properties: { BucketName: uploads }', 'Properties:\n      BucketName: uploads')}
      NotificationConfiguration:
        QueueConfigurations: [{ Event: 's3:ObjectCreated:*', Queue: !GetAtt Jobs.Arn }]`;

/** What the endpoint holds after `before`, and what a reload to `after` asks of it. */
function reload(before: string, after: string) {
  const plan = reloadPlan(resourceDefinitions(spec(`Resources:${before}`)), spec(`Resources:${after}`), 'template.yaml');
  return {
    wanted: [
      ...plan.wanted.tables.map((t) => `table ${t.TableName}`),
      ...plan.wanted.buckets.map((b) => `bucket ${b.name} ${JSON.stringify(b.notifications ?? null)}`),
      ...plan.wanted.queues.map((q) => `queue ${q.name}`),
    ],
    warnings: plan.diagnostics.map((d) => `${d.path}: ${d.message}`),
  };
}

describe('reloadPlan', () => {
  it('asks for nothing when the template declares what exists, in any key order', () => {
    const reordered = TABLE.replace('TableName: todos\n      AttributeDefinitions', 'AttributeDefinitions')
      .replace('KeySchema: [{ AttributeName: id, KeyType: HASH }]', 'KeySchema: [{ KeyType: HASH, AttributeName: id }]\n      TableName: todos');
    expect(reload(TABLE + QUEUE + NOTIFIED, reordered + QUEUE + NOTIFIED)).toEqual({ wanted: [], warnings: [] });
  });

  it('asks for what is new', () => {
    expect(reload(TABLE, TABLE + QUEUE + BUCKET)).toEqual({ wanted: ['bucket uploads null', 'queue jobs'], warnings: [] });
  });

  // CloudFormation updates a bucket's notifications in place; the endpoint can too (a put replaces them).
  it('sets a bucket\'s notifications again when they change, and clears them when they go', () => {
    expect(reload(QUEUE + BUCKET, QUEUE + NOTIFIED).wanted).toEqual(['bucket uploads [{"queue":"jobs","Events":["s3:ObjectCreated:*"]}]']);
    expect(reload(QUEUE + NOTIFIED, QUEUE + BUCKET)).toEqual({ wanted: ['bucket uploads []'], warnings: [] });
  });

  // Left silent, a query on the new index failed in the function with "The table does not have the specified index".
  it('says which table settings the existing table keeps', () => {
    const gsi = TABLE.replace('AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]',
      'AttributeDefinitions: [{ AttributeName: id, AttributeType: S }, { AttributeName: tag, AttributeType: S }]\n'
      + '      GlobalSecondaryIndexes: [{ IndexName: byTag, KeySchema: [{ AttributeName: tag, KeyType: HASH }], Projection: { ProjectionType: ALL } }]\n'
      + '      TimeToLiveSpecification: { AttributeName: ttl, Enabled: true }');
    expect(reload(TABLE, gsi)).toEqual({
      wanted: [],
      warnings: [
        'Resources.Todos: not changed in the local AWS endpoint: the table todos keeps the AttributeDefinitions, GlobalSecondaryIndexes, '
        + 'TimeToLiveSpecification it was created with; restart pylambda dev to create it as the template says (its data is lost)',
      ],
    });
  });

  it('says which attributes an existing queue keeps', () => {
    expect(reload(QUEUE, QUEUE.replace('QueueName: jobs', 'QueueName: jobs, VisibilityTimeout: 60')).warnings).toEqual([
      'Resources.Jobs: not changed in the local AWS endpoint: the queue jobs keeps the VisibilityTimeout it was created with; '
      + 'restart pylambda dev to create it as the template says (its data is lost)',
    ]);
  });
});
