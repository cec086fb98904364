import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, eventFile, fnTemplate, oneRouteTemplate, scratchDir, testPython } from '../helpers.js';
import { cli } from './invoke-cli.js';
import { shellEnv } from '../cli-run.js';

describe('pylambda invoke', () => {
  it('prints the result on stdout, the logs and platform lines on stderr, and exits 0', async () => {
    const { code, stdout, stderr } = await cli(['invoke', 'Echo', '--event', eventFile('{"x": 1}')]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, echo: { x: 1 }, function: 'Echo' });
    expect(stderr).toMatch(/^START RequestId: [0-9a-f-]{36} Version: \$LATEST\nEND RequestId: [0-9a-f-]{36}\nREPORT RequestId: .*\tInit Duration: [\d.]+ ms\t\n$/);
  });

  it('exits 1 with Lambda\'s error document on stdout when the function fails', async () => {
    const { code, stdout, stderr } = await cli(['invoke', 'Fails']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ errorType: 'CustomError', errorMessage: 'something broke: ünïcode' });
    expect(stderr).toContain('[ERROR] CustomError: something broke: ünïcode\nTraceback (most recent call last):\n');
  });

  it("without --event, sends a sample of the function's trigger, a read without path parameters first", async () => {
    const { code, stdout, stderr } = await cli(['invoke', 'HelloFunction'], { cwd: join(ROOT, 'examples') });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^no --event: sending the apigw-rest sample \(Api trigger Root, ServerlessRestApi Prod\)\n/);
    expect(JSON.parse(JSON.parse(stdout).body)).toEqual({ message: 'Hello, world!' });
  });

  // chalice invoke and serverless invoke local read an event piped to them unasked; sam local invoke, and invoke here, only with -e -.
  it('without --event, with something piped to stdin: says that stdin is read only with --event -', async () => {
    const { code, stderr } = await cli(['invoke', 'HelloFunction'], { cwd: join(ROOT, 'examples'), stdin: '{"name": "x"}', stdinIsPiped: true });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^no --event: sending the apigw-rest sample \(Api trigger Root, ServerlessRestApi Prod\); stdin is read only with --event -\n/);
  });

  it.runIf(existsSync('/bin/sh'))('sees a shell\'s pipe, and not a stdin left empty', () => {
    const run = (stdin: string) => spawnSync('/bin/sh', ['-c', `${stdin} ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'bin', 'pylambda.js'))} invoke HelloFunction --python ${JSON.stringify(testPython())}`], { cwd: join(ROOT, 'examples'), encoding: 'utf8', env: shellEnv({ AWS_REGION: 'us-east-1' }) });
    const piped = run("echo '{}' |");
    const none = run('< /dev/null');
    expect([piped.status, piped.stderr.split('\n').find((l) => l.startsWith('no --event'))]).toEqual([0, 'no --event: sending the apigw-rest sample (Api trigger Root, ServerlessRestApi Prod); stdin is read only with --event -']);
    expect([none.status, none.stderr.split('\n').find((l) => l.startsWith('no --event'))]).toEqual([0, 'no --event: sending the apigw-rest sample (Api trigger Root, ServerlessRestApi Prod)']);
  });

  it('says so when the function answers the sample request with an HTTP error, and how to send one it serves', async () => {
    const dir = scratchDir('invoke-404');
    writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('"/items/{id}"'));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 404, "body": "no item " + event["rawPath"]}\n');
    const { code, stdout, stderr } = await cli(['invoke'], { cwd: dir });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ statusCode: 404, body: 'no item /items/id' });
    expect(stderr.split('\n').at(-2)).toBe('note: the function answered 404 to the sample request (GET /items/id). To send one it serves: pylambda events generate http-api --method GET --path /your/route | pylambda invoke --event -');
    const ok = await cli(['invoke', 'Fn', '--event', eventFile('{"rawPath": "/items/1"}')], { cwd: dir });
    expect(ok.stderr).not.toContain('note:');
  });

  it('a 400 to the sample request: the note keeps its path, which the function serves, and says to send a body', async () => {
    const dir = scratchDir('invoke-400');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Post: { Type: HttpApi, Properties: { Path: /produce, Method: post } }'] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 400, "body": "No body was found"}\n');
    const { code, stderr } = await cli(['invoke'], { cwd: dir });
    expect(code).toBe(0);
    expect(stderr.split('\n').at(-2)).toBe('note: the function answered 400 to the sample request (POST /produce). To send one it takes: pylambda events generate http-api --method POST --path /produce --body \'{"your": "body"}\' | pylambda invoke --event -');
  });

  // The todo scaffold's first invoke without credentials answers 500 on GET /todos, a route it serves.
  it('does not send the user to another path when the function fails on the sample request (a 5xx)', async () => {
    const dir = scratchDir('invoke-500');
    writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('"/items"'));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    print("no credentials")\n    return {"statusCode": 500, "body": "internal error"}\n');
    const { code, stderr } = await cli(['invoke'], { cwd: dir });
    expect(code).toBe(0);
    expect(stderr.split('\n').at(-2)).toBe('note: the function answered 500 to the sample request (GET /items); its log lines above say why.');
    // One that answers 503 on purpose, without a log line: no log to point to.
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 503, "body": "down for maintenance"}\n');
    const quiet = await cli(['invoke'], { cwd: dir });
    expect(quiet.stderr.split('\n').at(-2)).toBe('note: the function answered 503 to the sample request (GET /items); it logged nothing: its answer, above, is all it says.');
  });

  it("without --event, sends a scheduled function its trigger's Input, as EventBridge does", async () => {
    const dir = scratchDir('invoke-schedule-input');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: [`Nightly: { Type: Schedule, Properties: { Schedule: rate(1 day), Input: '{"job": "nightly"}' } }`] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return event["job"]\n');
    const { code, stdout, stderr } = await cli(['invoke'], { cwd: dir });
    expect([code, JSON.parse(stdout)]).toEqual([0, 'nightly']);
    expect(stderr).toMatch(/^no --event: sending the Input of the Schedule trigger Nightly \(what EventBridge sends in place of the event\)\n/);
  });

  it('without --event, sends a serverless.yml schedule of method: scheduler what EventBridge Scheduler sends, or its input', async () => {
    const dir = scratchDir('invoke-serverless-scheduler');
    const service = (input: string) => `service: s\nprovider: { name: aws, runtime: python3.12, region: eu-west-1 }\nfunctions:\n  tick:\n    handler: app.handler\n    events:\n      - schedule: { rate: rate(1 hour), method: scheduler, name: nightly${input} }\n`;
    writeFileSync(join(dir, 'serverless.yml'), service(''));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return [event.get(k) for k in ("source", "detail-type", "resources", "detail", "job")]\n');
    const scheduled = await cli(['invoke'], { cwd: dir });
    expect([scheduled.code, JSON.parse(scheduled.stdout)]).toEqual([0, ['aws.scheduler', 'Scheduled Event', ['arn:aws:scheduler:eu-west-1:123456789012:schedule/default/nightly'], '{}', null]]);
    expect(scheduled.stderr).toMatch(/^no --event: sending the scheduler sample \(schedule \(method: scheduler\) trigger schedule-1\)\n/);
    writeFileSync(join(dir, 'serverless.yml'), service(', input: { job: nightly }'));
    const input = await cli(['invoke'], { cwd: dir });
    expect([input.code, JSON.parse(input.stdout)]).toEqual([0, [null, null, null, null, 'nightly']]);
  });

  it('runs a plain AWS::Lambda::Function from its local Code directory, as sam local invoke does', async () => {
    const dir = scratchDir('invoke-cfn-function');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'template.yaml'), "Resources:\n  Plain:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: src/\n      Handler: app.handler\n      Runtime: python3.12\n      Role: arn:aws:iam::123456789012:role/r\n      Environment: { Variables: { GREETING: hi } }\n");
    writeFileSync(join(dir, 'src', 'app.py'), 'import os\n\ndef handler(event, context):\n    return {"greeting": os.environ["GREETING"], "name": context.function_name}\n');
    const { code, stdout } = await cli(['invoke', 'Plain', '--event', eventFile('{}')], { cwd: dir });
    expect([code, JSON.parse(stdout)]).toEqual([0, { greeting: 'hi', name: 'Plain' }]);
  });

  it('warns that the function reaches real AWS when the template declares a table, unless an endpoint is set', async () => {
    const dir = scratchDir('invoke-real-aws');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ resources: ['Table:', '  Type: AWS::Serverless::SimpleTable'] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return "ok"\n');
    const warned = await cli(['invoke'], { cwd: dir });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('warning: template.yaml: declares Table (DynamoDB table): the function calls real AWS, with your credentials if you have any. pylambda invoke --local-aws runs it against a local endpoint (moto) that holds it.');
    const local = await cli(['invoke'], { cwd: dir, env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' } });
    expect(local.stderr).not.toContain('real AWS');
  });

  it('warns that a function runs on a runtime Lambda has deprecated', async () => {
    const dir = scratchDir('invoke-deprecated');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate().replace('Runtime: python3.12', 'Runtime: python3.9'));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return "ok"\n');
    const { code, stderr } = await cli(['invoke'], { cwd: dir });
    expect(code).toBe(0);
    expect(stderr).toContain('warning: Resources.Fn: Fn runs on python3.9. Lambda deprecated python3.9 on 2025-12-15: it gets no security patches');
  });

  it('finds a JSON template (template.json), as SAM CLI does', async () => {
    const dir = scratchDir('invoke-json');
    writeFileSync(join(dir, 'template.json'), JSON.stringify({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'python3.12', Handler: 'app.handler' } } } }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return "from json"\n');
    const { code, stdout } = await cli(['invoke'], { cwd: dir });
    expect([code, JSON.parse(stdout)]).toEqual([0, 'from json']);
  });

  it('runs a function with tenant isolation for the tenant --tenant-id names, and refuses to run it for none', async () => {
    const dir = scratchDir('invoke-tenant');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['TenancyConfig: { TenantIsolationMode: PER_TENANT }'] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return context.tenant_id\n');
    const blue = await cli(['invoke', '--tenant-id', 'blue', '--event', eventFile('{}')], { cwd: dir });
    expect([blue.code, JSON.parse(blue.stdout)]).toEqual([0, 'blue']);
    const none = await cli(['invoke', '--event', eventFile('{}')], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error: Fn has tenant isolation (TenancyConfig: TenantIsolationMode PER_TENANT): Lambda runs it only for a tenant\n'
      + 'Name one: pylambda invoke Fn --tenant-id blue (the function gets it as context.tenant_id)');
  });

  // tenant-isolation-troubleshooting.html: a tenant id for a function without tenant isolation is InvalidParameterValueException.
  it('refuses --tenant-id for a function without tenant isolation, as Lambda refuses its TenantId', async () => {
    const dir = scratchDir('invoke-tenant-shared');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate());
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return getattr(context, "tenant_id", None)\n');
    const blue = await cli(['invoke', '--tenant-id', 'blue', '--event', eventFile('{}')], { cwd: dir });
    expect([blue.code, blue.stdout]).toEqual([2, '']);
    expect(blue.stderr).toContain('error: Fn has no tenant isolation: Lambda refuses a tenant id for it (InvalidParameterValueException: '
      + 'Tenant ID configuration not specified or passed to a function when tenant isolation is not enabled.)\n'
      + 'Leave out --tenant-id, or give Fn TenancyConfig: { TenantIsolationMode: PER_TENANT }');
  });

  it('runs Fn:alias and Fn:version as aws lambda invoke --function-name does, and refuses an alias the template does not declare as Lambda does', async () => {
    const dir = scratchDir('invoke-qualified');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      properties: ['AutoPublishAlias: live'],
      resources: ['Stable: { Type: AWS::Lambda::Alias, Properties: { FunctionName: !Ref Fn, Name: stable, FunctionVersion: "3" } }'],
    }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return [context.invoked_function_arn, context.function_version]\n');
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:Fn';
    const stable = await cli(['invoke', 'Fn:stable', '--event', eventFile('{}')], { cwd: dir });
    expect([stable.code, JSON.parse(stable.stdout)]).toEqual([0, [`${arn}:stable`, '3']]);
    expect(stable.stderr).toMatch(/^START RequestId: \S+ Version: 3\n/);
    const seven = await cli(['invoke', 'Fn:7', '--event', eventFile('{}')], { cwd: dir });
    expect([seven.code, JSON.parse(seven.stdout)]).toEqual([0, [`${arn}:7`, '7']]);
    const missing = await cli(['invoke', 'Fn:nosuch', '--event', eventFile('{}')], { cwd: dir });
    expect([missing.code, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toBe(`error: ResourceNotFoundException: Function not found: ${arn}:nosuch\nFn has no alias or version nosuch (it has aliases live, stable and numbered versions)\n`);
  });

  it('runs the function against a local AWS endpoint with the template\'s table, with --local-aws', async () => {
    const dir = scratchDir('invoke-local-aws');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      resources: ['Items:', '  Type: AWS::DynamoDB::Table', '  Properties:', '    TableName: items', '    BillingMode: PAY_PER_REQUEST',
        '    AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]', '    KeySchema: [{ AttributeName: id, KeyType: HASH }]'],
      properties: ['Environment: { Variables: { TABLE: !Ref Items } }'],
    }));
    writeFileSync(join(dir, 'app.py'), 'import os, boto3\n\ntable = boto3.resource("dynamodb").Table(os.environ["TABLE"])\n\n\n'
      + 'def handler(event, context):\n    table.put_item(Item={"id": "a"})\n    return [table.get_item(Key={"id": "a"})["Item"]["id"], os.environ["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1:")]\n');
    const { code, stdout, stderr } = await cli(['invoke', '--local-aws', '--event', eventFile('{}')], { cwd: dir });
    expect([code, JSON.parse(stdout)]).toEqual([0, ['a', true]]);
    expect(stderr).toMatch(/^Local AWS \(moto\) at http:\/\/127\.0\.0\.1:\d+: table items; the function uses it through AWS_ENDPOINT_URL$/m);
    expect(stderr).not.toContain('calls real AWS');
  });

  it('reads the event from stdin with --event -', async () => {
    const { code, stdout } = await cli(['invoke', 'Echo', '--event', '-'], { stdin: '{"from": "stdin"}' });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).echo).toEqual({ from: 'stdin' });
  });

  it('reads an event file that starts with a UTF-8 byte order mark', async () => {
    const { code, stdout } = await cli(['invoke', 'Echo', '--event', eventFile('\uFEFF{"bom": true}')]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).echo).toEqual({ bom: true });
  });

  it.each(['0x50', '1e3', ' 80', '70000', 'abc'])("dev refuses --port '%s': digits only, 0-65535", async (port) => {
    const { code, stderr } = await cli(['dev', '--port', port, '--no-watch']);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: --port must be a port number (0-65535), not '${port}'\n`);
  });

  // `--port "$PORT"` with PORT unset: refused as every empty value is, before the port is read.
  it("dev refuses --port '': an empty value", async () => {
    const { code, stderr } = await cli(['dev', '--port', '', '--no-watch']);
    expect([code, stderr.split('\n')[0]]).toEqual([2, 'error: --port was given an empty value (an unset shell variable?): give it PORT, or leave it out']);
  });

  it("dev refuses a --lambda-port that is --port's, where the first endpoint would not be", async () => {
    const { code, stderr } = await cli(['dev', '--port', '3999', '--lambda-port', '3999', '--no-watch']);
    expect(code).toBe(2);
    expect(stderr).toBe("error: --lambda-port 3999 is --port's, where the first endpoint listens: give the Lambda API another port\n");
  });

  it('says that --stage does nothing for a SAM template, and what does', async () => {
    const { code, stderr } = await cli(['invoke', 'Echo', '--stage', 'prod', '--event', eventFile('{}')]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warning: --stage prod applies to serverless.yml and Chalice projects, not to a SAM template: give a Stage parameter with --parameter-overrides Stage=prod\n/);
  });

  it('prints one JSON document with --json', async () => {
    const { code, stdout, stderr } = await cli(['invoke', 'Echo', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ function: 'Echo', cold: true, payload: { ok: true }, report: { memorySizeMb: 128 } });
    expect(out.logs.map((l: { text: string }) => l.text.split(' ')[0])).toEqual(['START', 'END', 'REPORT']);
  });

  it("carries the function's result into --json as the function wrote it: big integers, Decimal digits, bytes", async () => {
    const dir = scratchDir('invoke-json-exact');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate());
    writeFileSync(join(dir, 'app.py'), 'from decimal import Decimal\n\ndef handler(event, context):\n    if event.get("bytes"):\n        return b"\\x00\\xffraw"\n    return {"id": event["id"], "price": Decimal("1.10")}\n');
    const exact = await cli(['invoke', '--json', '--event', eventFile('{"id": 12345678901234567890}')], { cwd: dir });
    expect(exact.code).toBe(0);
    expect(exact.stdout).toContain('"payload":{"id": 12345678901234567890, "price": 1.10},"report":');
    const bytes = await cli(['invoke', '--json', '--event', eventFile('{"bytes": true}')], { cwd: dir });
    expect(Buffer.from(JSON.parse(bytes.stdout).payloadBase64, 'base64')).toEqual(Buffer.from([0, 0xff, 0x72, 0x61, 0x77]));
  });

  it('puts a serverless.yml layer\'s python/ on the function\'s path', async () => {
    const dir = scratchDir('invoke-sls-layer');
    writeFileSync(join(dir, 'serverless.yml'), 'service: s\nprovider:\n  name: aws\n  runtime: python3.12\nlayers:\n  deps: { path: layer }\nfunctions:\n  f:\n    handler: app.handler\n    layers: [{ Ref: DepsLambdaLayer }]\n');
    mkdirSync(join(dir, 'layer', 'python'), { recursive: true });
    writeFileSync(join(dir, 'layer', 'python', 'layerlib.py'), 'VALUE = "from the layer"\n');
    writeFileSync(join(dir, 'app.py'), 'import layerlib\n\n\ndef handler(event, context):\n    return layerlib.VALUE\n');
    const { code, stdout } = await cli(['invoke'], { cwd: dir });
    expect([code, JSON.parse(stdout)]).toEqual([0, 'from the layer']);
  });

  it('sends a serverless.yml alb function the event of its own rule, in the project\'s region', async () => {
    const dir = scratchDir('invoke-sls-alb');
    writeFileSync(join(dir, 'serverless.yml'), 'service: s\nprovider:\n  name: aws\n  runtime: python3.12\n  region: eu-west-1\nfunctions:\n  alb:\n    handler: app.handler\n    events:\n      - alb: { listenerArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/x/1/2, priority: 1, conditions: { path: /alb } }\n');
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": event["path"] + " " + event["requestContext"]["elb"]["targetGroupArn"]}\n');
    const { code, stdout } = await cli(['invoke'], { cwd: dir });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).body).toMatch(/^\/alb arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup\/AlbAlbTargetGroup2\//);
  });

  it('reads .env.{stage}, else .env, for ${env:} when serverless.yml says useDotenv: true; the shell\'s variables win', async () => {
    const dir = scratchDir('invoke-dotenv');
    writeFileSync(join(dir, 'serverless.yml'), 'service: s\nuseDotenv: true\nprovider:\n  name: aws\n  runtime: python3.12\n  environment:\n    DB: ${env:DB_URL}\n    MODE: ${env:MODE}\nfunctions:\n  f:\n    handler: app.handler\n');
    writeFileSync(join(dir, 'app.py'), 'import os\n\n\ndef handler(event, context):\n    return [os.environ["DB"], os.environ["MODE"]]\n');
    writeFileSync(join(dir, '.env'), 'DB_URL=postgres://local\nMODE=file\n');
    writeFileSync(join(dir, '.env.prod'), 'DB_URL=postgres://prod\nMODE=prod-file\n');
    const dev = await cli(['invoke'], { cwd: dir, env: { MODE: 'shell' } });
    expect([dev.code, JSON.parse(dev.stdout)]).toEqual([0, ['postgres://local', 'shell']]);
    const prod = await cli(['invoke', '--stage', 'prod'], { cwd: dir });
    expect(JSON.parse(prod.stdout)).toEqual(['postgres://prod', 'prod-file']);
  });

  it("takes --param K=V for serverless.yml's ${param:K}, over its params, as sls --param does; a malformed one is a usage error", async () => {
    const dir = scratchDir('invoke-param');
    writeFileSync(join(dir, 'serverless.yml'), 'service: s\nparams:\n  default:\n    domain: example.com\n    tier: free\nprovider:\n  name: aws\n  runtime: python3.12\n  environment:\n    DOMAIN: ${param:domain}\n    TIER: ${param:tier}\nfunctions:\n  f:\n    handler: app.handler\n');
    writeFileSync(join(dir, 'app.py'), 'import os\n\n\ndef handler(event, context):\n    return [os.environ["DOMAIN"], os.environ["TIER"]]\n');
    const given = await cli(['invoke', '--param', 'domain=example.org', '--param', 'tier=gold'], { cwd: dir });
    expect([given.code, JSON.parse(given.stdout)]).toEqual([0, ['example.org', 'gold']]);
    const bad = await cli(['invoke', '--param', 'domain'], { cwd: dir });
    expect([bad.code, bad.stderr.trim()]).toEqual([2, "error: --param 'domain' is not KEY=VALUE, as in --param 'domain=example.com' (the form the Serverless Framework takes)"]);
  });

  it('runs a serverless.yml function in provider.region, as deployed, whatever $AWS_REGION says', async () => {
    const { code, stdout } = await cli(['invoke', 'hello', '--event', eventFile('{"pathParameters": {"name": "eu"}}')], { cwd: join(FIXTURES, 'projects', 'serverless'), env: { AWS_REGION: 'us-west-2' } });
    expect(code).toBe(0);
    expect(JSON.parse(JSON.parse(stdout).body)).toEqual({ message: 'Hello, eu!', stage: 'dev', function: 'greeter-dev-hello', region: 'eu-central-1' });
  });

  it('applies --env-vars (Parameters for all, a function section wins)', async () => {
    const file = eventFile(JSON.stringify({ Parameters: { SHARED: 'p', OVERRIDDEN: 'p' }, Env: { OVERRIDDEN: 'fn', NUM: 3 } }));
    const { code, stdout, stderr } = await cli(['invoke', 'Env', '--env-vars', file]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ FROM_TEMPLATE: 'template', SHARED: 'p', OVERRIDDEN: 'fn', NUM: '3' });
    // Set, but said: sam local would ignore them, and Lambda will not have them.
    expect(stderr).toContain(`warning: ${file}: NUM, SHARED are set for Env but not declared in its Environment: set here, missing on Lambda (and ignored by sam local)`);
  });

  // SAM CLI 1.156 reads a file that is not JSON as a .env file: sam local invoke --env-vars .env.
  it('applies a .env file given to --env-vars, its variables for every function, as sam local does', async () => {
    // As python-dotenv reads it for SAM CLI: ${NAME} is an earlier line's, else the shell's; a value may span lines.
    const file = eventFile('# mine\nOVERRIDDEN=from-${DOTENV_STAGE}\nexport SHARED="s p\n${OVERRIDDEN}"\n');
    const { code, stdout } = await cli(['invoke', 'Env', '--env-vars', file], { env: { DOTENV_STAGE: 'shell' } });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ FROM_TEMPLATE: 'template', OVERRIDDEN: 'from-shell', SHARED: 's p\nfrom-shell' });
  });

  it('warns of an --env-vars section that names no function (a typo reaches nothing, silently in sam local)', async () => {
    const file = eventFile(JSON.stringify({ Env: { OVERRIDDEN: 'fn' }, Evn: { OVERRIDDEN: 'typo' }, Echo: {} }));
    const { code, stdout, stderr } = await cli(['invoke', 'Env', '--env-vars', file]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ OVERRIDDEN: 'fn' });
    expect(stderr).toContain(`warning: ${file}: Evn is not a function of template.yaml, so its variables go nowhere (a section is named after a function's logical id or name, or is Parameters for all)\n`);
    expect(stderr).not.toContain('Echo is not');
  });

  it('leaves out --env-vars names Lambda reserves, with a warning (it sets them itself)', async () => {
    const file = eventFile(JSON.stringify({ Env: { AWS_LAMBDA_FUNCTION_NAME: 'mine', _HANDLER: 'x.y', OVERRIDDEN: 'fn' } }));
    const { code, stdout, stderr } = await cli(['invoke', 'Env', '--env-vars', file]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ OVERRIDDEN: 'fn' });
    expect(stderr).toContain(`warning: ${file}: AWS_LAMBDA_FUNCTION_NAME, _HANDLER are reserved by Lambda, which sets them itself: not set from this file`);
    expect(stderr).not.toContain('not declared');
  });

  // sam local runs what sam build installed; pylambda runs the sources with the project's Python.
  it('names a dependency requirements.txt lists that the Python running the function lacks, and how to install it', async () => {
    const dir = scratchDir('missing-dep');
    mkdirSync(join(dir, 'hello'));
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['CodeUri: hello/'] }));
    writeFileSync(join(dir, 'hello', 'app.py'), 'import yaml_pylambda_absent.loader\n\n\ndef handler(event, context):\n    return 1\n');
    writeFileSync(join(dir, 'hello', 'requirements.txt'), 'Yaml-Pylambda-Absent==1.0\n');
    const { code, stdout, stderr } = await cli(['invoke', '--event', eventFile('{}')], { cwd: dir });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).errorType).toBe('Runtime.ImportModuleError');
    const python = testPython().replace(/python$/, '');
    expect(stderr.split('\n').find((l) => l.startsWith('note:'))).toMatch(new RegExp(
      `^note: yaml-pylambda-absent \\(hello/requirements\\.txt\\) is not installed in the Python that ran the function, ${python}python3?: `
      + `pylambda runs the sources with the project's Python, not a build's packages\\. Install it: ${python}python3? -m pip install -r hello/requirements\\.txt$`,
    ));
  });

  // Lambda's runtime ships boto3, so requirements.txt rightly leaves it out; a fresh .venv lacks it.
  it('names boto3 as what Lambda\'s runtime provides when the project\'s Python lacks it', async () => {
    const dir = scratchDir('missing-boto3');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['CodeUri: .'] }));
    writeFileSync(join(dir, 'app.py'), 'import boto3\n\n\ndef handler(event, context):\n    return 1\n');
    expect(spawnSync(testPython(), ['-m', 'venv', '--without-pip', join(dir, '.venv')]).status).toBe(0);
    const { code, stderr } = await cli(['invoke', '--event', eventFile('{}'), '--python', join(dir, '.venv', 'bin', 'python')], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr.split('\n').find((l) => l.startsWith('note:'))).toBe(
      `note: boto3 comes with Lambda's Python runtime, but is not installed in the Python that ran the function, ${join(dir, '.venv', 'bin', 'python')}. `
      + `Install it: ${join(dir, '.venv', 'bin', 'python')} -m pip install boto3`);
  });

  it("names the requirements file serverless-python-requirements' fileName gives, and leaves its packaging settings to package", async () => {
    const dir = scratchDir('missing-dep-sls');
    mkdirSync(join(dir, 'requirements'));
    writeFileSync(join(dir, 'serverless.yml'), 'service: s\nplugins: [serverless-python-requirements]\ncustom:\n  pythonRequirements: { fileName: requirements/prod.txt, slim: true, layer: true }\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  f:\n    handler: app.handler\n');
    writeFileSync(join(dir, 'app.py'), 'import yaml_pylambda_absent\n\n\ndef handler(event, context):\n    return 1\n');
    writeFileSync(join(dir, 'requirements', 'prod.txt'), 'Yaml-Pylambda-Absent==1.0\n');
    const { code, stderr } = await cli(['invoke', '--event', eventFile('{}')], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr.split('\n').find((l) => l.startsWith('note:'))).toMatch(/^note: yaml-pylambda-absent \(requirements\/prod\.txt\) is not installed .* -m pip install -r requirements\/prod\.txt$/);
    // How the plugin builds the zip (slim, layer) is package's to say, not every invoke's.
    expect(stderr).not.toContain('pythonRequirements');
  });

  it('runs the official awslambdaric with --runtime-client awslambdaric', async () => {
    const { code, stdout } = await cli(['invoke', 'Echo', '--runtime-client', 'awslambdaric']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).ok).toBe(true);
  });
});
