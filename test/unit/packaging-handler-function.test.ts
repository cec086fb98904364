import { describe, expect, it } from 'vitest';
import { archiveCodeDirectory, handlerModuleFile, handlerModuleMeant, isHandlerModuleMissing, missingHandlerFunction } from '../../src/core/packaging/handler-function.js';

const MODULE = [
  'import json',
  'from .utils import respond as reply',
  '',
  'TABLE = None',
  'count: int = 0',
  '',
  'def lambda_handler(event, context):',
  '    return reply(200)',
  '',
  'async def _later():',
  '    pass',
  '',
  'class Api:',
  '    def handle(self, event, context):',
  '        return {}',
  '',
  'handler = Api().handle',
].join('\n');

describe('missingHandlerFunction', () => {
  it.each([
    ['lambda_function.lambda_handler', MODULE],
    ['app.handler', MODULE],
    ['app.reply', MODULE], // imported under that name
    ['app.TABLE', MODULE],
    ['app.count', MODULE],
    ['src/app.Api', MODULE],
    ['app.handle', MODULE], // a method's name: mentioned, so never reported
    ['app.main', 'if True:\n    def main(event, context):\n        return 1\n'],
    ['app.main', 'from mangum import Mangum\nmain = Mangum(app)\n'],
    ['app.main', 'print(f"{main}")\n'], // an f-string's expression is code
    ['app.main', 'x = "# not a comment"; main = 1\n'],
    // Names a module can define without spelling them out: never reported.
    ['app.anything', 'from handlers import *\n'],
    ['app.anything', 'def __getattr__(name):\n    return lambda e, c: name\n'],
    ['app.anything', 'globals()["any" + "thing"] = lambda e, c: 1\n'],
    ['app.anything', 'import sys\nsetattr(sys.modules[__name__], "any" + "thing", print)\n'],
    ['app.anything', 'exec("def any" + "thing(e, c): pass")\n'],
    ['app.anything', 'vars()["anything"] = 1\n'],
    ['nodot', ''],
  ])('%s is not reported', (handler, source) => {
    expect(missingHandlerFunction(handler, source)).toBeUndefined();
  });

  it.each([
    ['lambda_function.lambda_handlr', MODULE, { name: 'lambda_handlr', meant: 'lambda_handler' }],
    ['lambda_function.hander', MODULE, { name: 'hander', meant: 'handler' }],
    ['app.main', MODULE, { name: 'main', meant: 'lambda_handler' }], // its one top-level function of two parameters
    // Part of another name only: still not defined.
    ['app.handle', 'def handler(event, context):\n    return 1\n', { name: 'handle', meant: 'handler' }],
    ['app.lambda_handler', 'def lambda_handler_v2(event, context):\n    return 1\n', { name: 'lambda_handler', meant: 'lambda_handler_v2' }],
    ['pkg.mod.run', '', { name: 'run' }],
    ['app.naïve', 'def naïve_handler(e, c): pass\n', { name: 'naïve', meant: 'naïve_handler' }],
    // Comments and strings define nothing: a renamed handler's docstring still names it.
    ['app.main', '# main is defined by the framework at import time\n', { name: 'main' }],
    ['lambda_function.lambda_handler', '"""Handler: lambda_function.lambda_handler.\n\nCalls lambda_handler."""\nimport os\n\ndef handler(event, context):\n    return 1\n', { name: 'lambda_handler', meant: 'handler' }],
    ['app.run', "x = 'run'; y = rb'run'; z = \"it's \\\" run\"\ndef go(event, context): pass\n", { name: 'run', meant: 'go' }],
    ['app.run', "s = '''\ndef run(e, c): pass\n'''\n", { name: 'run' }],
    // Renamed: a name that holds the one written, or the only function of two parameters.
    ['handler.hello', 'def say_hello(event, context):\n    return 1\n\ndef bye(event, context):\n    return 2\n', { name: 'hello', meant: 'say_hello' }],
    ['app.main', 'def helper(x):\n    pass\n\nasync def entry(event: dict, context) -> dict:\n    pass\n', { name: 'main', meant: 'entry' }],
    ['app.main', 'def one(event, context): pass\ndef two(event, context): pass\n', { name: 'main' }],
    // Two parameters named as a handler's (event, context), not any two: `add(a, b)` is no handler.
    ['app.lambda_handler', 'def add(a, b):\n    return a + b\n', { name: 'lambda_handler' }],
    ['app.lambda_handler', 'def add(a, b):\n    return a + b\n\ndef entry(_event, ctx):\n    return add(1, 2)\n', { name: 'lambda_handler', meant: 'entry' }],
    ['app.main', 'def go(evt, _):\n    pass\n', { name: 'main', meant: 'go' }],
    ['app.main', 'def go(e, c):\n    pass\n', { name: 'main', meant: 'go' }],
    ['app.main', 'def go(context, event):\n    pass\n', { name: 'main' }],
  ])('%s is reported', (handler, source, expected) => {
    expect(missingHandlerFunction(handler, source)).toEqual(expected);
  });
});

describe('handlerModuleFile', () => {
  it.each([
    ['lambda_function.lambda_handler', 'lambda_function.py'],
    ['pkg.mod.run', 'pkg/mod.py'],
    ['src/app.handler', 'src/app.py'],
  ])('%s: %s', (handler, file) => expect(handlerModuleFile(handler)).toBe(file));
});

const codeDir = (...files: string[]) => archiveCodeDirectory(files);

describe('isHandlerModuleMissing', () => {
  it.each([
    ['app.lambda_handler', "Unable to import module 'app': No module named 'app'", true],
    ['hello_world.app.lambda_handler', "Unable to import module 'hello_world.app': No module named 'hello_world'", true],
    ['src.api.app.handler', "Unable to import module 'src.api.app': No module named 'src.api'", true],
    // serverless.yml's path: the import's module is the path with dots.
    ['src/handlr.hello', "Unable to import module 'src/handlr': No module named 'src.handlr'", true],
    ['scr/handler.hello', "Unable to import module 'scr/handler': No module named 'scr'", true],
    ['src/handler.hello', "Unable to import module 'src/handler': No module named 'requests'", false],
    // The handler's module is there; what it imports is not (a requirement, the missing-requirement note's case).
    ['app.lambda_handler', "Unable to import module 'app': No module named 'requests'", false],
    ['app.lambda_handler', "Unable to import module 'app': No module named 'app_utils'", false],
    ['app.lambda_handler', "Unable to import module 'app': cannot import name 'x' from 'y'", false],
    ['app.lambda_handler', 'Handler missing', false],
  ])('%s, %j: %s', (handler, message, expected) => {
    expect(isHandlerModuleMissing(handler, message)).toBe(expected);
  });
});

describe('handlerModuleMeant', () => {
  it.each([
    // sam init's layout, the handler written from the project's root: CodeUri hello_world/ holds app.py.
    ['hello_world.app.lambda_handler', codeDir('app.py', '__init__.py', 'requirements.txt'), 'app.lambda_handler'],
    ['src.handlers.orders.handler', codeDir('handlers/orders.py', 'handlers/__init__.py'), 'handlers.orders.handler'],
    ['src.handlers.orders.handler', codeDir('orders.py'), 'orders.handler'],
    // A misspelt module, or package, within the code directory.
    ['ap.lambda_handler', codeDir('app.py', 'utils.py'), 'app.lambda_handler'],
    ['lamda_function.lambda_handler', codeDir('lambda_function.py'), 'lambda_function.lambda_handler'],
    ['handler.orders.main', codeDir('handlers/orders.py'), 'handlers.orders.main'],
    ['handlers.order.main', codeDir('handlers/orders.py', 'handlers/users.py'), 'handlers.orders.main'],
    ['api.main', codeDir('api/__init__.py'), undefined], // there: the import failed for another reason
    ['zzz.handler', codeDir('app.py'), undefined],
    ['ap.handler', codeDir('app.py', 'api.py'), undefined], // as close to both
    ['handlers.ordrs.main', codeDir('handlers/orders/__init__.py'), 'handlers.orders.main'],
    ['nodot', codeDir('app.py'), undefined],
    // serverless.yml writes the module as a path: the meant one keeps its slashes.
    ['src/handlr.hello', codeDir('src/handler.py'), 'src/handler.hello'],
    ['scr/handler.hello', codeDir('src/handler.py'), 'src/handler.hello'],
    ['functions/src/users.get', codeDir('src/users.py'), 'src/users.get'],
    ['src//handler.hello', codeDir('src/handler.py'), undefined],
  ])('%s in %#: %s', (handler, code, expected) => {
    expect(handlerModuleMeant(handler, code)).toBe(expected);
  });
});
