import { describe, expect, it } from 'vitest';
import { line, read } from './serverless-helpers.js';
import { localAwsResources } from '../../src/core/local-aws/resources.js';
import { bucketLogicalId } from '../../src/core/model/serverless/s3-buckets.js';

/** What --local-aws creates for a serverless.yml, and what it says. */
function localAws(text: string) {
  const result = read(text);
  expect(result.diagnostics.filter((d) => d.severity === 'error').map(line)).toEqual([]);
  const { spec, diagnostics } = localAwsResources(result.template!, 'serverless.yml');
  return { buckets: spec.buckets, notes: diagnostics.map((d) => `${d.path}: ${d.message}`), template: result.template! };
}

// Framework v3, lib/plugins/aws/package/compile/events/s3/index.js (newS3Buckets) and naming.js getBucketLogicalId.
describe('serverless.yml s3 events: the buckets the Framework creates', () => {
  it.each([
    ['uploads', 'S3BucketUploads'],
    ['s3ev-uploads-bucket', 'S3BucketS3evuploadsbucket'],
    ['my.bucket_1', 'S3BucketMybucket1'],
  ])('%s is %s', (name, id) => expect(bucketLogicalId(name)).toBe(id));

  it('are created by --local-aws, one per bucket, except an existing one; the notification to the function is said not to be set up', () => {
    const { buckets, notes } = localAws(`
service: s3ev
provider:
  name: aws
  runtime: python3.12
  s3:
    photos: { name: 'photos-\${sls:stage}', versioningConfiguration: { Status: Enabled } }
functions:
  onUpload:
    handler: handler.on_upload
    events:
      - s3: { bucket: s3ev-uploads-bucket, event: 's3:ObjectCreated:*', rules: [{ prefix: uploads/ }, { suffix: .csv }] }
      - s3: s3ev-uploads-bucket
      - s3: { bucket: legacy-bucket, existing: true }
      - s3: { bucket: photos }
`);
    expect(buckets).toEqual([{ id: 'S3BucketS3evuploadsbucket', name: 's3ev-uploads-bucket' }, { id: 'S3BucketPhotos', name: 'photos-dev' }]);
    const why = "not set up in the local AWS endpoint: the local endpoint (moto) would not invoke pylambda's functions; send such an event with pylambda invoke";
    expect(notes).toEqual([
      `Resources.S3BucketS3evuploadsbucket.Properties.NotificationConfiguration.LambdaConfigurations[0]: ${why}`,
      `Resources.S3BucketS3evuploadsbucket.Properties.NotificationConfiguration.LambdaConfigurations[1]: ${why}`,
      `Resources.S3BucketPhotos.Properties.NotificationConfiguration.LambdaConfigurations[0]: ${why}`,
    ]);
  });

  it('are what !Ref names, with the LambdaConfigurations the Framework compiles, and resources of the same id merged over them', () => {
    const { template } = localAws(`
service: s3ev
provider: { name: aws, runtime: python3.12, environment: { BUCKET: !Ref S3BucketUploads } }
functions:
  on-upload:
    handler: handler.on_upload
    events: [{ s3: { bucket: uploads, rules: [{ prefix: in/ }] } }]
resources:
  Resources:
    S3BucketUploads:
      Properties: { CorsConfiguration: { CorsRules: [{ AllowedMethods: [GET], AllowedOrigins: ['*'] }] } }
`);
    expect(template.resources.S3BucketUploads).toEqual({
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: 'uploads',
        NotificationConfiguration: { LambdaConfigurations: [{ Event: 's3:ObjectCreated:*', Function: { 'Fn::GetAtt': ['OnDashuploadLambdaFunction', 'Arn'] }, Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'in/' }] } } }] },
        CorsConfiguration: { CorsRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] },
      },
    });
    expect(read(`
service: s3ev
provider: { name: aws, runtime: python3.12, environment: { BUCKET: !Ref S3BucketUploads } }
functions:
  f: { handler: handler.f, events: [{ s3: uploads }] }
`).project!.functions[0]!.environment).toEqual({ BUCKET: 'uploads' });
  });
});
