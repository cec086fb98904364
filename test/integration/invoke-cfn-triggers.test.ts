import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir, testPython } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';

/**
 * `pylambda invoke` without --event on a template as AWS CDK synthesizes it, where a function's triggers are
 * resources of their own (an event source mapping, a rule's target, a bucket notification): the sample of its
 * trigger, as for a SAM function's Events, where it was `{}`.
 */
describe('pylambda invoke: the sample event of a CDK function\'s trigger', () => {
  it("an SQS event source mapping sends its queue's records; a rule's pattern, an event it matches", async () => {
    const dir = scratchDir('invoke-cfn-triggers');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.py'), 'import json\n\ndef handler(event, context):\n    return event\n');
    writeFileSync(join(dir, 'template.json'), JSON.stringify({
      Resources: {
        Jobs: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } },
        Worker: { Type: 'AWS::Lambda::Function', Properties: { Code: 'src', Handler: 'app.handler', Runtime: 'python3.12' } },
        Listener: { Type: 'AWS::Lambda::Function', Properties: { Code: 'src', Handler: 'app.handler', Runtime: 'python3.12' } },
        WorkerJobs: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { EventSourceArn: { 'Fn::GetAtt': ['Jobs', 'Arn'] }, FunctionName: { Ref: 'Worker' } } },
        OrderRule: {
          Type: 'AWS::Events::Rule',
          Properties: { EventPattern: { source: ['shop.orders'], 'detail-type': ['Order Placed'] }, Targets: [{ Arn: { 'Fn::GetAtt': ['Listener', 'Arn'] }, Id: 'Target0' }] },
        },
      },
    }));
    const env = shellEnv({ AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:47250' });
    const worker = await runCaptured(['invoke', 'Worker', '--python', testPython()], { cwd: dir, env });
    expect(worker.stderr).toContain('no --event: sending the sqs sample (SQS trigger WorkerJobs)\n');
    expect(worker.code).toBe(0);
    expect(JSON.parse(worker.stdout).Records[0].eventSourceARN).toBe('arn:aws:sqs:eu-west-1:123456789012:jobs');
    const listener = await runCaptured(['invoke', 'Listener', '--python', testPython()], { cwd: dir, env });
    expect(listener.stderr).toContain('no --event: sending the eventbridge sample (EventBridgeRule trigger OrderRule)\n');
    expect(listener.code).toBe(0);
    expect(JSON.parse(listener.stdout)).toMatchObject({ source: 'shop.orders', 'detail-type': 'Order Placed', region: 'eu-west-1' });
  });

  it("an SES receipt rule, a user pool's trigger and a self-managed Kafka mapping send their samples, which Powertools' data classes read", async () => {
    const dir = scratchDir('invoke-cfn-service-triggers');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.py'), [
      'from aws_lambda_powertools.utilities.data_classes import KafkaEvent, SESEvent',
      'from aws_lambda_powertools.utilities.data_classes.cognito_user_pool_event import PreSignUpTriggerEvent',
      '',
      'def mail(event, context):',
      '    record = next(SESEvent(event).records)',
      '    return [record.ses.mail.destination, record.ses.receipt.action.function_arn, context.function_name]',
      '',
      'def signup(event, context):',
      '    event = PreSignUpTriggerEvent(event)',
      '    event.response.auto_confirm_user = True',
      '    return [event.trigger_source, event.raw_event["response"]]',
      '',
      'def clicks(event, context):',
      '    record = next(KafkaEvent(event).records)',
      '    return [record.topic, event["bootstrapServers"]]',
      '',
    ].join('\n'));
    const fn = (handler: string) => ({ Type: 'AWS::Lambda::Function', Properties: { Code: 'src', Handler: `app.${handler}`, Runtime: 'python3.12', FunctionName: handler } });
    writeFileSync(join(dir, 'template.json'), JSON.stringify({
      Resources: {
        Inbox: fn('mail'),
        SignUp: fn('signup'),
        Clicks: fn('clicks'),
        Rule: {
          Type: 'AWS::SES::ReceiptRule',
          Properties: { RuleSetName: 'inbound', Rule: { Enabled: true, Recipients: ['orders@example.com'], Actions: [{ LambdaAction: { FunctionArn: { 'Fn::GetAtt': ['Inbox', 'Arn'] }, InvocationType: 'Event' } }] } },
        },
        Pool: { Type: 'AWS::Cognito::UserPool', Properties: { LambdaConfig: { PreSignUp: { 'Fn::GetAtt': ['SignUp', 'Arn'] } } } },
        ClicksMapping: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: { FunctionName: { Ref: 'Clicks' }, Topics: ['clicks'], SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: ['k1.example.com:9092'] } }, StartingPosition: 'LATEST' },
        },
      },
    }));
    const env = shellEnv({ AWS_REGION: 'eu-west-1' });
    const run = async (name: string) => {
      const { code, stdout, stderr } = await runCaptured(['invoke', name, '--python', testPython()], { cwd: dir, env });
      return { code, result: code === 0 ? JSON.parse(stdout) as unknown : stdout, label: /no --event: sending the (.*)\n/.exec(stderr)?.[1] };
    };
    expect(await run('Inbox')).toEqual({ code: 0, label: 'ses sample (SES trigger Rule)', result: [['orders@example.com'], 'arn:aws:lambda:eu-west-1:123456789012:function:mail', 'mail'] });
    expect(await run('SignUp')).toEqual({ code: 0, label: 'cognito sample (Cognito trigger Pool)', result: ['PreSignUp_SignUp', { autoConfirmUser: true, autoVerifyEmail: false, autoVerifyPhone: false }] });
    expect(await run('Clicks')).toEqual({ code: 0, label: 'kafka sample (SelfManagedKafka trigger ClicksMapping)', result: ['clicks', 'k1.example.com:9092'] });
  });

  it("serverless.yml: a custom resource of its resources whose ServiceToken is a function's Framework logical id sends it CloudFormation's Create request", async () => {
    const dir = scratchDir('invoke-sls-custom-resource');
    writeFileSync(join(dir, 'app.py'), 'def hello(event, context):\n    return [event["RequestType"], event["LogicalResourceId"], event["ResourceType"], event["ResourceProperties"]]\n');
    writeFileSync(join(dir, 'serverless.yml'), [
      'service: svc',
      'provider: { name: aws, runtime: python3.12, region: eu-west-1 }',
      'functions:',
      '  hello: { handler: app.hello }',
      'resources:',
      '  Resources:',
      '    Greeting:',
      '      Type: Custom::Greeting',
      '      Properties: { ServiceToken: { Fn::GetAtt: [HelloLambdaFunction, Arn] }, Name: world, Count: 2 }',
      '',
    ].join('\n'));
    const { code, stdout, stderr } = await runCaptured(['invoke', 'hello', '--python', testPython()], { cwd: dir, env: shellEnv({ AWS_REGION: 'eu-west-1' }) });
    expect(stderr).toContain('no --event: sending the cloudformation sample (CustomResource trigger Greeting)\n');
    expect([code, JSON.parse(stdout)]).toEqual([0, ['Create', 'Greeting', 'Custom::Greeting', { ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-hello', Name: 'world', Count: '2' }]]);
  });
});
