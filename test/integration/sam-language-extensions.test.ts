import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventFile, scratchDir } from '../helpers.js';
import { cli } from './invoke-cli.js';

/** A template whose functions a Fn::ForEach over a CommaDelimitedList parameter makes, one per name. */
function project(transform: string): string {
  const dir = scratchDir('foreach');
  writeFileSync(join(dir, 'template.yaml'), `AWSTemplateFormatVersion: '2010-09-09'
Transform: ${transform}
Parameters:
  Names: {Type: CommaDelimitedList, Default: "Orders,Refunds"}
Mappings:
  Sizes: {Refunds: {Memory: 512}}
Resources:
  Fn::ForEach::Workers:
    - Name
    - !Ref Names
    - \${Name}Worker:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: src/
          Handler: app.handler
          Runtime: python3.12
          MemorySize: !FindInMap [Sizes, !Ref Name, Memory, {DefaultValue: 256}]
          Environment:
            Variables:
              NAME: !Ref Name
              QUEUE: !Sub "\${Name}-queue"
              COUNT: {"Fn::Length": !Ref Names}
`);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.py'), 'import os\n\ndef handler(event, context):\n    return {k: os.environ[k] for k in ("NAME", "QUEUE", "COUNT")} | {"memory": context.memory_limit_in_mb, "function": context.function_name}\n');
  return dir;
}

describe('AWS::LanguageExtensions', () => {
  // sam local invoke runs such a template only with --language-extensions; here it always is, as CloudFormation deploys it.
  it("runs a function Fn::ForEach makes, with Fn::Length and !FindInMap's DefaultValue", async () => {
    const dir = project('[AWS::LanguageExtensions, AWS::Serverless-2016-10-31]');
    const event = eventFile('{}');
    const refunds = await cli(['invoke', 'RefundsWorker', '--event', event], { cwd: dir });
    expect(refunds.stdout).toBe('{"NAME": "Refunds", "QUEUE": "Refunds-queue", "COUNT": "2", "memory": "512", "function": "RefundsWorker"}\n');
    expect(refunds.code).toBe(0);
    const other = await cli(['invoke', 'ShippingWorker', '--event', event, '--parameter-overrides', 'Names=Orders,Shipping,Returns'], { cwd: dir });
    expect(other.stdout).toBe('{"NAME": "Shipping", "QUEUE": "Shipping-queue", "COUNT": "3", "memory": "256", "function": "ShippingWorker"}\n');
    expect(other.code).toBe(0);
  });

  it('a loop in a template without the transform is an error at Transform, as CloudFormation refuses it', async () => {
    const dir = project('AWS::Serverless-2016-10-31');
    const { code, stdout, stderr } = await cli(['invoke', 'OrdersWorker', '--event', eventFile('{}')], { cwd: dir });
    expect(stdout).toBe('');
    expect(stderr).toBe("error: template.yaml has 1 problem:\n  Transform: must name AWS::LanguageExtensions for the template's Fn::ForEach: CloudFormation refuses a loop without it (Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31])\n");
    expect(code).toBe(2);
  });
});
