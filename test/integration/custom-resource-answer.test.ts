import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers.js';
import { cli } from './invoke-cli.js';

/** A project whose Custom::Thing is made by Maker, a raw handler in app.py. */
function project(name: string, code: string): string {
  const dir = scratchDir(name);
  writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  Maker:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12, Handler: app.handler, CodeUri: . }
  Thing:
    Type: Custom::Thing
    Properties: { ServiceToken: !GetAtt Maker.Arn }
`);
  writeFileSync(join(dir, 'app.py'), code);
  return dir;
}

/** The answer as a provider without cfnresponse sends it: a PUT of JSON with urllib (as crhelper and Powertools do). */
const PUT = `import json, urllib.request

def answer(event, **fields):
    body = json.dumps({"StackId": event["StackId"], "RequestId": event["RequestId"], "LogicalResourceId": event["LogicalResourceId"], **fields}).encode()
    urllib.request.urlopen(urllib.request.Request(event["ResponseURL"], data=body, method="PUT", headers={"content-type": ""}))
`;

describe("invoke shows what a custom resource's function answers CloudFormation", () => {
  it('a FAILED answer with its reason', async () => {
    const dir = project('cr-failed', `${PUT}
def handler(event, context):
    answer(event, Status="FAILED", Reason="the bucket is not empty", PhysicalResourceId="thing-1")
`);
    const run = await cli(['invoke'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("CloudFormation's answer to the Create request: FAILED: the bucket is not empty (PhysicalResourceId thing-1)\n");
  });

  it('an answer CloudFormation refuses, each reason said', async () => {
    const dir = project('cr-refused', `${PUT}
def handler(event, context):
    answer(event, Status="FAILED", Data={"Arn": "x" * 5000})
`);
    const run = await cli(['invoke', '--json'], { cwd: dir });
    expect(JSON.parse(run.stdout).customResource).toEqual({
      requestType: 'Create', answered: true, answers: 1, status: 'FAILED', data: { Arn: 'x'.repeat(5000) }, notes: [],
      problems: [
        expect.stringMatching(/^it is 5\d\d\d bytes: CloudFormation takes at most 4096/),
        'Reason is missing: a FAILED answer must say why',
        'PhysicalResourceId is missing: it must be a non-empty string',
      ],
    });
  });

  it('no answer at all: the stack would wait', async () => {
    const dir = project('cr-silent', 'def handler(event, context):\n    return {"done": True}\n');
    const run = await cli(['invoke'], { cwd: dir });
    expect([run.code, run.stdout]).toEqual([0, '{"done": true}\n']);
    expect(run.stderr).toContain("warning: the function returned without answering CloudFormation at its ResponseURL (cfnresponse.send, or a PUT of the answer): deployed, the stack waits for the answer until the resource's ServiceTimeout (an hour by default), then fails\n");
  });

  it('a function that fails before answering: the same wait', async () => {
    const dir = project('cr-crash', 'def handler(event, context):\n    raise ValueError("boom")\n');
    const run = await cli(['invoke'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('warning: the function failed without answering CloudFormation at its ResponseURL');
  });

  it("an event's own ResponseURL is not answered, and the note says so; an Update that changes the physical id replaces the resource", async () => {
    const dir = project('cr-update', `${PUT}
def handler(event, context):
    answer(event, Status="SUCCESS", PhysicalResourceId="thing-2")
    answer(event, Status="SUCCESS", PhysicalResourceId="thing-3")
`);
    writeFileSync(join(dir, 'update.json'), JSON.stringify({
      RequestType: 'Update', ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/signed', StackId: 'arn:stack', RequestId: 'r',
      LogicalResourceId: 'Thing', PhysicalResourceId: 'thing-1', ResourceType: 'Custom::Thing', ResourceProperties: {}, OldResourceProperties: {},
    }));
    const run = await cli(['invoke', '--event', 'update.json'], { cwd: dir });
    expect(run.code).toBe(0);
    const said = run.stderr.split('\n');
    expect(said.slice(said.indexOf("CloudFormation's answer to the Update request: SUCCESS, PhysicalResourceId thing-2") - 1)).toEqual([
      "note: the event's ResponseURL (https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/signed) was replaced by pylambda's own, which shows the answer here: a local run does not answer a real stack",
      "CloudFormation's answer to the Update request: SUCCESS, PhysicalResourceId thing-2",
      "note: the PhysicalResourceId changed (thing-1 -> thing-2): CloudFormation replaces the resource, and sends a Delete request for thing-1 once the stack's update completes",
      'warning: the function answered 2 times: CloudFormation takes the first answer only',
      '',
    ]);
  });

  it('any other event goes as it is', async () => {
    const dir = project('cr-other', 'import json\ndef handler(event, context):\n    return event\n');
    writeFileSync(join(dir, 'e.json'), '{"ResponseURL": "http://keep"}');
    const run = await cli(['invoke', '--event', 'e.json', '--json'], { cwd: dir });
    expect(JSON.parse(run.stdout)).not.toHaveProperty('customResource');
    expect(JSON.parse(run.stdout).payload).toEqual({ ResponseURL: 'http://keep' });
  });
});
