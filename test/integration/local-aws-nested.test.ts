import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventFile, scratchDir } from '../helpers.js';
import { cli } from './invoke-cli.js';

describe('--local-aws with nested stacks', () => {
  // Deploying the parent creates the child's table too: before, only the top-level template's resources existed locally.
  it("creates a nested stack's table, which that stack's function reaches by its !Ref", async () => {
    const dir = scratchDir('local-aws-nested');
    mkdirSync(join(dir, 'orders', 'src'), { recursive: true });
    writeFileSync(join(dir, 'template.yaml'), [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Orders:',
      '    Type: AWS::Serverless::Application',
      '    Properties:',
      '      Location: orders/template.yaml',
      '      Parameters: { Stage: prod }',
    ].join('\n'));
    writeFileSync(join(dir, 'orders', 'template.yaml'), [
      'Transform: AWS::Serverless-2016-10-31',
      'Parameters:',
      '  Stage: { Type: String }',
      'Resources:',
      '  Table:',
      '    Type: AWS::Serverless::SimpleTable',
      "    Properties: { TableName: !Sub 'orders-${Stage}' }",
      '  Put:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: python3.12',
      '      Handler: app.handler',
      '      CodeUri: src/',
      '      Environment: { Variables: { TABLE: !Ref Table } }',
    ].join('\n'));
    writeFileSync(join(dir, 'orders', 'src', 'app.py'), 'import os, boto3\n\ntable = boto3.resource("dynamodb").Table(os.environ["TABLE"])\n\n\n'
      + 'def handler(event, context):\n    table.put_item(Item={"id": "a"})\n    return [os.environ["TABLE"], table.get_item(Key={"id": "a"})["Item"]["id"]]\n');
    const { code, stdout, stderr } = await cli(['invoke', 'Orders/Put', '--local-aws', '--event', eventFile('{}')], { cwd: dir });
    expect([code, JSON.parse(stdout)]).toEqual([0, ['orders-prod', 'a']]);
    expect(stderr).toMatch(/^Local AWS \(moto\) at http:\/\/127\.0\.0\.1:\d+: table orders-prod; the function uses it through AWS_ENDPOINT_URL$/m);
  }, 60_000);
});
