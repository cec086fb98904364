import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, eventFile, fnTemplate, scratchDir, testPython } from '../helpers.js';
import { BASIC, cli } from './invoke-cli.js';

describe('pylambda invoke on bad input: exit 2, apart from a function error (1)', () => {
  it.each<[string, string[], { cwd?: string }, number, RegExp]>([
    ['no template', ['invoke'], { cwd: FIXTURES }, 2, /^error: No project found in .*fixtures: expected template\.yaml, template\.yml or template\.json \(SAM\), serverless\.yml \(or \.yaml, \.json, \.js, \.mjs, \.cjs, \.ts\), \.chalice\/config\.json with app\.py \(Chalice\), or cdk\.json \(a CDK app\)\nPass --template FILE/],
    ['several functions, none named', ['invoke'], {}, 2, /^error: template\.yaml defines 4 functions; name one: Echo, Fails, Slow, Env\n$/],
    ['--template names a directory', ['invoke', '--template', '.'], {}, 2, /^error: --template .*basic is a directory; name the file: --template .*basic\/template\.yaml\n$/],
    ['the project directory is a file', ['invoke'], { cwd: join(BASIC, 'template.yaml') }, 2, /^error: The project directory .*template\.yaml is a file\nPass the directory that holds it, or the file itself with --template\.\n$/],
    ['unknown function', ['invoke', 'Nope'], {}, 2, /^error: No function named 'Nope' in template\.yaml\nIts functions: Echo, Fails, Slow, Env\n$/],
    ['a mistyped function, case aside', ['invoke', 'echoo'], {}, 2, /^error: No function named 'echoo' in template\.yaml: did you mean Echo\?\nIts functions: Echo, Fails, Slow, Env\n$/],
    ['missing event file', ['invoke', 'Echo', '--event', 'nope.json'], {}, 2, /^error: The event file nope\.json does not exist\n$/],
    ['unknown option', ['invoke', '--evnt', 'x'], {}, 2, /^error: Unknown option '--evnt': did you mean --event\?\nUsage: pylambda invoke /],
    ['unknown option, like none', ['invoke', '--frobnicate', 'x'], {}, 2, /^error: Unknown option '--frobnicate'\nUsage: pylambda invoke /],
    // What users of serverless invoke local and sam local invoke type: said what it is here.
    // serverless invoke local's options that mean the same are taken (cli-invoke-serverless.test.ts); a clash is said.
    ['serverless invoke local\'s -f, and another function first', ['invoke', 'Echo', '-f', 'Fails'], {}, 2, /^error: --function Fails and the first argument Echo name two functions: give one\n$/],
    ['--path and --event', ['invoke', 'Echo', '--path=event.json', '-e', 'event.json'], {}, 2, /^error: --event and --path each give the event: give one\n$/],
    ['sam local invoke\'s -d PORT beside -e', ['invoke', 'Echo', '-e', 'event.json', '-d', '5858'], {}, 2, /^error: --event and --data each give the event: give one; sam local invoke's -d 5858 is --debug-port 5858 here\n$/],
    ['--raw alone', ['invoke', 'Echo', '--raw'], {}, 2, /^error: --raw says how --data or --path is read: give one of them \(an --event file is JSON\)\n$/],
    ['--path of a missing file', ['invoke', 'Echo', '-p', 'nope.yml'], {}, 2, /^error: The event file nope\.yml does not exist\n$/],
    ['--env without a name', ['invoke', 'Echo', '--env', '=dev'], {}, 2, /^error: --env '=dev' is not NAME=VALUE with a variable's name \(letters, digits and _, a letter first\), as in --env STAGE=dev\n$/],
    // -e is sam local invoke's event file; serverless invoke local's -e/--env NAME=VALUE sets a variable.
    ['serverless invoke local\'s -e NAME=VALUE', ['invoke', 'Echo', '-e', 'STAGE=dev'], {}, 2,
      /^error: The event file STAGE=dev does not exist\n--event \(-e\) is the event file, as sam local invoke -e takes it; serverless invoke local's -e NAME=VALUE sets a variable, which is --env NAME=VALUE here\n$/],
    // The event itself, as aws lambda invoke --payload takes it.
    ['the event as JSON in place of its file', ['invoke', 'Echo', '-e', '{"a": 1}'], {}, 2,
      /^error: The event file \{"a": 1\} does not exist\n--event \(-e\) names a file, not the event itself: give the event with --data \(-d\), as serverless invoke local takes it: pylambda invoke NAME -d '\{"key": 1\}'\n$/],
    ['the event as JSON too long to be a file name', ['invoke', 'Echo', '-e', `{"a": "${'x'.repeat(300)}"}`], {}, 2,
      /^error: The event file \{"a": "x+"\} does not exist\n--event \(-e\) names a file, not the event itself: /],
    // chalice invoke's -n NAME: here -n is sam local invoke's --env-vars.
    ['chalice invoke\'s -n NAME', ['invoke', '-n', 'Echo'], {}, 2,
      /^error: The --env-vars file Echo does not exist\n-n is --env-vars, as in sam local invoke; chalice invoke's -n NAME is the first argument here: pylambda invoke Echo\n$/],
    ['sam local invoke\'s --no-event', ['invoke', 'Echo', '--no-event'], {}, 2, /^error: Unknown option '--no-event': without --event, invoke sends a sample of the function's trigger; sam's empty event is echo '\{\}' \| pylambda invoke NAME --event -\n/],
    ['chalice local\'s --no-autoreload, to dev', ['dev', '--no-autoreload'], {}, 2, /^error: Unknown option '--no-autoreload': it is --no-watch here \(chalice local's --no-autoreload\)\nUsage: pylambda dev /],
    // sam local start-api's, sam local invoke's and sam build's options, most of them for the Docker container it runs.
    ['sam local start-api\'s -d, to dev', ['dev', '-d', '5858'], {}, 2, /^error: Unknown option '-d': the debugger's port is --debug-port PORT here \(sam local start-api's -d\)\nUsage: pylambda dev /],
    ['sam local start-api\'s --warm-containers, to dev', ['dev', '--warm-containers', 'EAGER'], {}, 2, /^error: Unknown option '--warm-containers': not needed: an environment is kept warm and reused, and replaced after a code change, as Lambda does \(sam local's --warm-containers\)\n/],
    ['sam local start-api\'s --static-dir, to dev', ['dev', '--static-dir', 'public'], {}, 2, /^error: Unknown option '--static-dir': dev serves no static files \(sam local start-api's --static-dir\): serve them from another server, python3 -m http\.server for one\n/],
    ['sam local invoke\'s --profile', ['invoke', 'Echo', '--profile', 'dev'], {}, 2, /^error: Unknown option '--profile': the functions get your shell's AWS credentials and its profile's region: AWS_PROFILE=NAME pylambda invoke, or profile = "NAME" in samconfig.toml \(sam local's --profile\)\n/],
    ['sam local invoke\'s --skip-pull-image', ['invoke', 'Echo', '--skip-pull-image'], {}, 2, /^error: Unknown option '--skip-pull-image': pylambda runs no container: the functions run in the project's Python \(\.venv, or --python PATH\) \(sam local's --skip-pull-image\)\n/],
    ['sam local invoke\'s --log-file', ['invoke', 'Echo', '--log-file', 'out.log'], {}, 2, /^error: Unknown option '--log-file': the functions' logs go to stderr: pylambda invoke 2> FILE \(sam local's --log-file\)\n/],
    ['sam build\'s -u, to package', ['package', '-u'], {}, 2, /^error: Unknown option '-u': not needed: package installs manylinux wheels for each function's runtime and architecture, without Docker \(sam build's -u, --use-container\)\nUsage: pylambda package /],
    ['sam build\'s --build-dir, to package', ['package', '--build-dir', 'out'], {}, 2, /^error: Unknown option '--build-dir': it is --out DIR here \(sam build's --build-dir\)\n/],
    ['sam\'s --template-file, to invoke', ['invoke', 'Echo', '--template-file', 'template.yaml'], {}, 2, /^error: Unknown option '--template-file': it is --template FILE \(-t\) here \(sam's --template-file\)\nUsage: pylambda invoke /],
    ['sam\'s --template-file, to package', ['package', '--template-file=template.yaml'], {}, 2, /^error: Unknown option '--template-file': it is --template FILE \(-t\) here \(sam's --template-file\)\nUsage: pylambda package /],
    ['a runtime, which is not the runtime client', ['invoke', 'Echo', '--runtime', 'python3.11'], {}, 2, /^error: Unknown option '--runtime': the function runs on the project's Python \(\.venv, or --python PATH\), whatever its Runtime: pylambda invoke --python python3\.11 runs it on 3\.11\n/],
    ['bad runtime client', ['invoke', 'Echo', '--runtime-client', 'java'], {}, 2, /^error: --runtime-client must be pylambda or awslambdaric, not 'java'\n$/],
  ])('%s', async (_name, argv, options, exitCode, message) => {
    const { code, stderr } = await cli(argv, options);
    expect(code).toBe(exitCode);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  // Lambda's message names the missing function only; a typo's fix is a name the module does define.
  it('a handler whose function the module does not define: Lambda\'s error, and the name most likely meant', async () => {
    const dir = scratchDir('handler-typo');
    writeFileSync(join(dir, 'app.py'), 'def handlr(event, context):\n    return 1\n');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate());
    const { code, stdout, stderr } = await cli(['invoke'], { cwd: dir });
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: "Handler 'handler' missing on module 'app'" });
    expect(stderr.split('\n').slice(-2)).toEqual(['note: app.py defines no handler: did you mean Handler: app.handlr?', '']);
  });

  // sam init's layout, with the handler written from the project's root: Lambda's error names a module, not the fix.
  it("serverless.yml's handler written as a path, misspelt: the one meant keeps its slashes and serverless.yml's key", async () => {
    const dir = scratchDir('cli-handler-path');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'handler.py'), 'def hello(event, context):\n    return 1\n');
    writeFileSync(join(dir, 'serverless.yml'), 'service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  hello:\n    handler: src/handlr.hello\n');
    const { code, stdout, stderr } = await cli(['invoke', '--event', '-'], { cwd: dir, stdin: '{}' });
    expect([code, JSON.parse(stdout)]).toEqual([1, { errorMessage: "Unable to import module 'src/handlr': No module named 'src.handlr'", errorType: 'Runtime.ImportModuleError', requestId: '', stackTrace: [] }]);
    expect(stderr.split('\n').slice(-2)).toEqual(["note: the function's code (./) has no src/handlr.py: did you mean handler: src/handler.hello?", '']);
  });

  it("a handler module written from the project's root, or misspelt: Lambda's error, and the handler most likely meant", async () => {
    const dir = scratchDir('handler-module');
    mkdirSync(join(dir, 'hello_world'));
    writeFileSync(join(dir, 'hello_world', 'app.py'), 'def lambda_handler(event, context):\n    return 1\n');
    const template = (handler: string) => fnTemplate({ properties: ['CodeUri: hello_world/'] }).replace('Handler: app.handler', `Handler: ${handler}`);
    writeFileSync(join(dir, 'template.yaml'), template('hello_world.app.lambda_handler'));
    const fromRoot = await cli(['invoke', '--event', '-'], { cwd: dir, stdin: '{}' });
    expect(fromRoot.code).toBe(1);
    expect(JSON.parse(fromRoot.stdout)).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'hello_world.app': No module named 'hello_world'" });
    expect(fromRoot.stderr.split('\n').slice(-2)).toEqual([
      "note: the function's code (hello_world/) has no hello_world/app.py, and Lambda imports the handler's module from there: did you mean Handler: app.lambda_handler?", '',
    ]);
    writeFileSync(join(dir, 'template.yaml'), template('ap.lambda_handler'));
    const misspelt = await cli(['invoke', '--event', '-'], { cwd: dir, stdin: '{}' });
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr.split('\n').slice(-2)).toEqual(["note: the function's code (hello_world/) has no ap.py: did you mean Handler: app.lambda_handler?", '']);
    // The project's own directory, as CodeUri it is when left out.
    writeFileSync(join(dir, 'app.py'), 'def lambda_handler(event, context):\n    return 1\n');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate().replace('Handler: app.handler', 'Handler: ap.lambda_handler'));
    const atRoot = await cli(['invoke', '--event', '-'], { cwd: dir, stdin: '{}' });
    expect(atRoot.stderr.split('\n').slice(-2)).toEqual(["note: the function's code (./) has no ap.py: did you mean Handler: app.lambda_handler?", '']);
    // What the module imports is not the handler's name: the error stands alone.
    writeFileSync(join(dir, 'hello_world', 'app.py'), 'import absent_pylambda_module\n');
    writeFileSync(join(dir, 'template.yaml'), template('app.lambda_handler'));
    const dependency = await cli(['invoke', '--event', '-'], { cwd: dir, stdin: '{}' });
    expect(dependency.code).toBe(1);
    expect(dependency.stderr).not.toContain('did you mean');
  });

  // A package the code and a layer share: the handler's module is looked for in the layer's python/ too.
  it("a handler module misspelt in a layer's package: the one the layer has is meant; one the code's own package shadows is not said missing", async () => {
    const dir = scratchDir('handler-layer');
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'layer', 'python', 'shared'), { recursive: true });
    writeFileSync(join(dir, 'src', 'app.py'), 'X = 1\n');
    writeFileSync(join(dir, 'layer', 'python', 'shared', '__init__.py'), '');
    writeFileSync(join(dir, 'layer', 'python', 'shared', 'handlers.py'), 'def main(event, context):\n    return "layer"\n');
    const template = (handler: string) => fnTemplate({
      properties: ['CodeUri: src/', 'Layers: [!Ref Shared]'],
      resources: ['Shared:', '    Type: AWS::Serverless::LayerVersion', '    Properties: {ContentUri: layer/}'],
    }).replace('Handler: app.handler', `Handler: ${handler}`);
    writeFileSync(join(dir, 'template.yaml'), template('shared.handlerz.main'));
    const misspelt = await cli(['invoke', '--event', '-'], { cwd: dir, stdin: '{}' });
    expect([misspelt.code, JSON.parse(misspelt.stdout).errorMessage]).toEqual([1, "Unable to import module 'shared.handlerz': No module named 'shared.handlerz'"]);
    expect(misspelt.stderr.split('\n').slice(-2)).toEqual(["note: the function's code (src/) has no shared/handlerz.py: did you mean Handler: shared.handlers.main?", '']);
    // The code's own shared/ package hides the layer's from the import: the layer's module is there, not missing.
    mkdirSync(join(dir, 'src', 'shared'));
    writeFileSync(join(dir, 'src', 'shared', '__init__.py'), '');
    writeFileSync(join(dir, 'template.yaml'), template('shared.handlers.main'));
    const shadowed = await cli(['invoke', '--event', '-'], { cwd: dir, stdin: '{}' });
    expect([shadowed.code, JSON.parse(shadowed.stdout).errorMessage]).toEqual([1, "Unable to import module 'shared.handlers': No module named 'shared.handlers'"]);
    expect(shadowed.stderr).not.toContain('note:');
  });

  it('--help says that -e is the event, as sam local invoke takes it', async () => {
    const { code, stdout } = await cli(['invoke', '--help']);
    expect([code, stdout.split('\n').find((line) => line.trim().startsWith('-e, --event'))?.replace(/\s+/g, ' ').trim()]).toEqual([0,
      "-e, --event FILE The event, as sam local invoke -e takes it: a JSON file, or '-' for stdin (default: samconfig.toml's local_invoke event, else a sample for the function's first trigger, else {})"]);
  });

  it.runIf(existsSync('/usr/bin/python3'))('awslambdaric asked for but not installed: says where to install it', async () => {
    const bare = '/usr/bin/python3';
    const { code, stderr } = await cli(['invoke', 'Echo', '--runtime-client', 'awslambdaric', '--python', bare]);
    expect(code).toBe(2);
    expect(stderr).toContain(`error: --runtime-client awslambdaric: the package is not installed in ${bare}\nInstall it there: ${bare} -m pip install awslambdaric\n`);
  });

  it.each<[string, () => string, RegExp]>([
    ['a 7 MB file', () => eventFile(`"${'x'.repeat(7 * 1024 * 1024)}"`), /^error: The event from .*event\.json is over Lambda's limit of 6291456 bytes for a synchronous invocation \(RequestEntityTooLargeException\)\n$/],
    ...(existsSync('/dev/zero') ? [['/dev/zero, which never ends', () => '/dev/zero', /^error: The event from \/dev\/zero is over Lambda's limit of 6291456 bytes/] as [string, () => string, RegExp]] : []),
    ['a directory', () => scratchDir('event-dir'), /^error: The event file .* is a directory\n$/],
  ])('an event that cannot be sent: %s', async (_what, source, message) => {
    const { code, stderr } = await cli(['invoke', 'Echo', '--event', source()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('a route no gateway can have: reported by invoke too, as sam validate would', async () => {
    const dir = scratchDir('bad-route');
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return 1\n');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['A: {Type: Api, Properties: {Path: /ok, Method: fetch}}'] }));
    const { code, stderr } = await cli(['invoke'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toBe("error: template.yaml has 1 problem:\n  Resources.Fn.Properties.Events.A: 'FETCH' is not a method REST API ServerlessRestApi can route (ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT)\n");
  });

  it('an event that is not JSON: where it stops being JSON, by line and column', async () => {
    const { code, stderr } = await cli(['invoke', 'Echo', '--event', eventFile('{\n  "a": 1,\n  oops\n}\n')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: The event from .*event\.json is not valid JSON \(line 3, column 3\): /);
  });

  it.each([['stdin', '-', ''], ['a file of spaces', 'file', ' \n ']])('an empty event (%s): said so, not a JSON parse error', async (_what, kind, content) => {
    const source = kind === '-' ? '-' : eventFile(content);
    const { code, stderr } = await cli(['invoke', 'Echo', '--event', source], { stdin: content });
    expect(code).toBe(2);
    expect(stderr).toBe(`error: The event from ${kind === '-' ? 'stdin' : source} is empty: an event is a JSON document, for example {}\n`);
  });

  it('an event saved as UTF-16 (PowerShell 5\'s >): said so, with how to save it', async () => {
    const dir = scratchDir('event-utf16');
    const file = join(dir, 'event.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}\r\n', 'utf16le')]));
    const { code, stderr } = await cli(['invoke', 'Echo', '--event', file]);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: The event from ${file} is UTF-16 text; Lambda's Invoke API takes UTF-8 JSON (InvalidRequestContentException)\nSave it as UTF-8 (in PowerShell: Set-Content -Encoding utf8, or Out-File -Encoding utf8).\n`);
  });

  it('--event - at a terminal says what it waits for', async () => {
    const { code, stderr } = await cli(['invoke', 'Echo', '--event', '-'], { stdin: '', stdinIsTTY: true });
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('Reading the event from stdin: type or paste JSON, then Ctrl-D (or pass a file with --event FILE)');
  });

  it('an event that is not UTF-8, even after a U+FFFD of its own', async () => {
    const dir = scratchDir('event-bytes');
    const file = join(dir, 'event.json');
    writeFileSync(file, Buffer.concat([Buffer.from('{"a": "\uFFFD', 'utf8'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]));
    const { code, stderr } = await cli(['invoke', 'Echo', '--event', file]);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: The event from ${file} is not valid UTF-8 (byte 0xff at offset 10): Lambda's Invoke API refuses it (InvalidRequestContentException)\n`);
  });

  it('a template with problems lists all of them', async () => {
    const { code, stderr } = await cli(['invoke'], { cwd: join(FIXTURES, 'projects', 'broken') });
    expect(code).toBe(2);
    expect(stderr).toBe([
      'error: template.yaml has 3 problems:',
      "  Resources.Api.Properties.Handler: 'app handler' has white space in it, which Lambda refuses (for example lambda_function.lambda_handler)",
      "  Resources.Api.Properties.MemorySize: 20000 is above Lambda's maximum of 10240",
      "  Resources.Api.Properties.Timeout: 901 is above Lambda's maximum of 900",
      '',
    ].join('\n'));
  });

  it('unknown command', async () => {
    const { code, stderr } = await cli(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: Unknown command 'frobnicate'\nCommands: [a-z, ]*\binvoke\b/);
    expect((await cli(['invok'])).stderr).toMatch(/^error: Unknown command 'invok': did you mean invoke\?\n/);
  });
});

describe('finishing', () => {
  // A process the handler starts in a session of its own escapes the group kill and holds the runtime's
  // stdout open: the CLI printed the result, and then waited for that process to end.
  it('exits once the function is done, though a process it started in its own session still runs', async () => {
    const dir = scratchDir('daemon');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate());
    writeFileSync(join(dir, 'app.py'), 'import subprocess, sys\n\n\ndef handler(event, context):\n    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], start_new_session=True).pid\n');
    const started = Date.now();
    const done = spawnSync(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'invoke', '--python', testPython(), '--event', eventFile('{}')], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    const daemon = Number(done.stdout.trim());
    if (daemon > 0) process.kill(daemon, 'SIGKILL');
    expect(done.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('pylambda in a directory that is gone', () => {
  it('says so, without a stack trace', () => {
    const dir = join(scratchDir('gone'), 'cwd');
    mkdirSync(dir);
    // The shell is in the directory when it is removed, as a user's terminal would be.
    const script = `cd ${JSON.stringify(dir)} && rmdir ${JSON.stringify(dir)} && ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'bin', 'pylambda.js'))} invoke`;
    const out = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(existsSync(dir)).toBe(false);
    expect(out.status).toBe(2);
    expect(out.stderr).toBe('error: the current directory no longer exists (deleted, or moved away)\ncd to an existing directory and run the command again.\n');
  });
});
