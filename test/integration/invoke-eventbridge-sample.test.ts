// invoke's sample for an EventBridge rule on S3's "Object Created" events (s3-lambda-bedrock-aoss of
// aws-samples/serverless-patterns): its detail was empty, and the function failed on detail.bucket.name.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers.js';
import { cli } from './invoke-cli.js';

describe('invoke: the sample of an EventBridge rule', () => {
  it("has the source, detail-type and a detail its pattern matches, S3's bucket and object included", async () => {
    const dir = scratchDir('invoke-eventbridge-sample');
    writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  Docs: { Type: AWS::S3::Bucket, Properties: { BucketName: docs-in } }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            return [event["source"], event["detail-type"], event["resources"], event["detail"]["bucket"]["name"], event["detail"]["object"]["key"], event["detail"]["reason"]]
      Events:
        Uploaded:
          Type: EventBridgeRule
          Properties:
            Pattern:
              source: [aws.s3]
              detail-type: [Object Created]
              detail: { bucket: { name: [!Ref Docs] }, object: { key: [{ suffix: .pdf }] } }
`);
    const run = await cli(['invoke'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(['aws.s3', 'Object Created', ['arn:aws:s3:::docs-in'], 'docs-in', 'sample.pdf', 'PutObject']);
  });
});
