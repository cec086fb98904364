import { describe, expect, it } from 'vitest';
import { handlerModuleFile, missingHandlerFunction } from '../../src/core/packaging/handler-function.js';

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
    ['app.main', '# main is defined by the framework at import time\n'],
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
    ['app.main', MODULE, { name: 'main' }],
    // Part of another name only: still not defined.
    ['app.handle', 'def handler(event, context):\n    return 1\n', { name: 'handle', meant: 'handler' }],
    ['app.lambda_handler', 'def lambda_handler_v2(event, context):\n    return 1\n', { name: 'lambda_handler', meant: 'lambda_handler_v2' }],
    ['pkg.mod.run', '', { name: 'run' }],
    ['app.naïve', 'def naïve_handler(e, c): pass\n', { name: 'naïve', meant: 'naïve_handler' }],
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
