// invoke's sample for a trigger that filters what reaches the function: an EventBridge rule on S3's "Object
// Created" events (s3-lambda-bedrock-aoss of aws-samples/serverless-patterns), whose detail was empty, and an SQS
// mapping's FilterCriteria (lambda-esm-sqs-filters-sam), whose sample body the filter would have dropped.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers.js';
import { cli } from './invoke-cli.js';

/** `invoke` without --event of one inline function returning `returns`, behind `event`, beside `resources`. */
async function sampleSeen(name: string, returns: string, event: string, resources: string): Promise<[number, unknown]> {
  const dir = scratchDir(name);
  writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
${resources}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        import json
        def handler(event, context):
            return ${returns}
      Events:
        Trigger:
${event}
`);
  const run = await cli(['invoke'], { cwd: dir });
  return [run.code, JSON.parse(run.stdout)];
}

describe('invoke: the sample of a trigger that filters its events', () => {
  it("an EventBridge rule's: the source, detail-type and a detail its pattern matches, S3's bucket and object included", async () => {
    const rule = `          Type: EventBridgeRule
          Properties:
            Pattern:
              source: [aws.s3]
              detail-type: [Object Created]
              detail: { bucket: { name: [!Ref Docs] }, object: { key: [{ suffix: .pdf }] } }`;
    const returns = '[event["source"], event["detail-type"], event["resources"], event["detail"]["bucket"]["name"], event["detail"]["object"]["key"], event["detail"]["reason"]]';
    expect(await sampleSeen('invoke-eventbridge-sample', returns, rule, '  Docs: { Type: AWS::S3::Bucket, Properties: { BucketName: docs-in } }'))
      .toEqual([0, ['aws.s3', 'Object Created', ['arn:aws:s3:::docs-in'], 'docs-in', 'sample.pdf', 'PutObject']]);
  });

  it("an SQS trigger's: a body its mapping's filter lets through", async () => {
    const queue = `          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            FilterCriteria: { Filters: [{ Pattern: '{"body":{"region":[{"prefix":"us-"}]}}' }] }`;
    expect(await sampleSeen('invoke-sqs-filter-sample', 'json.loads(event["Records"][0]["body"])', queue, '  Jobs: { Type: AWS::SQS::Queue }')).toEqual([0, { region: 'us-sample' }]);
  });
});
