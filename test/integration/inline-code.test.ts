// Functions whose code is written in the template (SAM InlineCode, Code.ZipFile), as 19 of the Python patterns
// of aws-samples/serverless-patterns write them: pylambda skipped them, so their APIs had no route. Lambda runs
// such code as index.py (CloudFormation docs, AWS::Lambda::Function Code, ZipFile).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { cacheEntries, probeUntil, scratchDir, startDev } from '../helpers.js';
import { cli } from './invoke-cli.js';

const samTemplate = (greeting: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: !Sub |
        import os
        def handler(event, context):
            return {"statusCode": 200, "body": "${greeting} from " + os.path.basename(__file__) + " in \${AWS::Region}"}
      Events:
        Get: { Type: HttpApi, Properties: { Path: /hello, Method: get } }
`;

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

describe('inline code', () => {
  it('dev serves an InlineCode function as index.py, and a reload runs its new code', async () => {
    const dir = scratchDir('inline-dev');
    writeFileSync(join(dir, 'template.yaml'), samTemplate('hi'));
    const dev = await startDev(dir);
    session = dev.session;
    const hello = () => fetch(`${dev.url('ServerlessHttpApi')}/hello`).then(async (r) => [r.status, await r.text()]);
    expect(await hello()).toEqual([200, 'hi from index.py in us-east-1']);
    writeFileSync(join(dir, 'template.yaml'), samTemplate('hello'));
    await dev.session.reload([join(dir, 'template.yaml')]);
    expect(await hello()).toEqual([200, 'hello from index.py in us-east-1']);
    // The earlier version's copy stays while the function replaced may still run from it, and goes once that one has
    // stopped (its timeout idle) at the next reload: one directory per function.
    const inline = join(dir, '.aws-sam', 'pylambda', 'inline');
    expect(cacheEntries(inline)).toHaveLength(2);
    expect(await probeUntil(async () => {
      await dev.session.reload([join(dir, 'template.yaml')]);
      return cacheEntries(inline).length;
    }, 1)).toBe(1);
  });

  it("invoke runs a plain function's Code.ZipFile; a handler naming another module fails as on Lambda", async () => {
    const dir = scratchDir('inline-invoke');
    const plain = (handler: string) => `Resources:
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: ${handler}
      Code:
        ZipFile: |
          def handler(event, context):
              return {"got": event}
`;
    writeFileSync(join(dir, 'template.yaml'), plain('index.handler'));
    writeFileSync(join(dir, 'event.json'), '{"n": 1}');
    const ok = await cli(['invoke', '--event', 'event.json'], { cwd: dir });
    expect([ok.code, ok.stdout]).toEqual([0, '{"got": {"n": 1}}\n']);
    writeFileSync(join(dir, 'template.yaml'), plain('app.handler'));
    const wrong = await cli(['invoke', '--event', 'event.json'], { cwd: dir });
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'app': No module named 'app'" });
  });

  // codecommit-s3, route53-alb-s3 and dynamodb-eventbridge-scheduler of the patterns are custom resources written
  // inline that report with cfnresponse, which Lambda provides beside ZipFile code only.
  it("imports cfnresponse beside it, whose send() PUTs the custom resource's answer to its ResponseURL", async () => {
    const dir = scratchDir('inline-cfnresponse');
    writeFileSync(join(dir, 'template.yaml'), `Resources:
  Custom:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Code:
        ZipFile: |
          import cfnresponse
          def handler(event, context):
              cfnresponse.send(event, context, cfnresponse.SUCCESS, {"Made": "yes"}, "res-1")
`);
    writeFileSync(join(dir, 'event.json'), JSON.stringify({ RequestType: 'Create', ResponseURL: 'http://pre-signed-S3-url-for-response', StackId: 'stack', RequestId: 'req', LogicalResourceId: 'Thing', ResourceProperties: {} }));
    const run = await cli(['invoke', '--event', 'event.json', '--json'], { cwd: dir });
    const out = JSON.parse(run.stdout);
    expect([run.code, out.payload]).toEqual([0, null]);
    expect(out.customResource).toEqual({
      requestType: 'Create', answered: true, answers: 1, status: 'SUCCESS', reason: expect.stringMatching(/^See the details in CloudWatch Log Stream: /),
      physicalResourceId: 'res-1', data: { Made: 'yes' }, noEcho: false, problems: [], notes: [],
    });
  });

  it("invoke sends a custom resource's function CloudFormation's Create request, and shows its answer", async () => {
    const dir = scratchDir('inline-custom-resource');
    writeFileSync(join(dir, 'template.yaml'), `Resources:
  Maker:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: maker
      Runtime: python3.12
      Handler: index.handler
      Code:
        ZipFile: |
          import cfnresponse
          def handler(event, context):
              cfnresponse.send(event, context, cfnresponse.SUCCESS, {})
              return [event["RequestType"], event["LogicalResourceId"], event["ResourceType"], event["ResourceProperties"]]
  Thing:
    Type: Custom::Thing
    Properties: { ServiceToken: !GetAtt Maker.Arn, Size: 3 }
`);
    const run = await cli(['invoke'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(['Create', 'Thing', 'Custom::Thing', { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:maker', Size: '3' }]);
    expect(run.stderr).toContain('no --event: sending the cloudformation sample (CustomResource trigger Thing)');
    // The sample's ResponseURL is pylambda's own: the answer is shown, not sent to a URL that goes nowhere.
    expect(run.stderr).toContain("CloudFormation's answer to the Create request: SUCCESS, PhysicalResourceId ");
    expect(run.stderr).not.toContain('send(..) failed');
  });

  it('package leaves it out with a note: CloudFormation deploys the code as written', async () => {
    const dir = scratchDir('inline-package');
    writeFileSync(join(dir, 'template.yaml'), samTemplate('hi'));
    const run = await cli(['package', 'Hello'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: Hello is skipped: its code is inline in the template, which CloudFormation deploys as it is written, so there is nothing to package');
  });
});
