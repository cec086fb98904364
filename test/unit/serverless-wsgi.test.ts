import { describe, expect, it } from 'vitest';
import { line, read } from './serverless-helpers.js';

/** A service with one function `api`, the plugins and custom.wsgi given. */
function service(options: { plugins?: string; wsgi?: string; handler?: string; fn?: string; pkg?: string }): string {
  return [
    'service: s',
    'provider: { name: aws, runtime: python3.12 }',
    `plugins: ${options.plugins ?? '[serverless-wsgi]'}`,
    ...(options.wsgi === undefined ? [] : [`custom: { wsgi: ${options.wsgi} }`]),
    ...(options.pkg ? [`package: ${options.pkg}`] : []),
    'functions:',
    `  api: { handler: ${options.handler ?? 'wsgi_handler.handler'}${options.fn ? `, ${options.fn}` : ''} }`,
    '  other: { handler: other.main }',
  ].join('\n');
}

describe('serverless-wsgi', () => {
  it.each([
    ['the app, as the plugin writes it', {}, { handler: 'wsgi_handler.handler', codeUri: '.', wsgi: { config: '{"app":"app.app"}' } }, []],
    ['text MIME types go into the configuration', { wsgi: '{ app: app.app, textMimeTypes: [application/custom+json] }' },
      { handler: 'wsgi_handler.handler', codeUri: '.', wsgi: { config: '{"app":"app.app","text_mime_types":["application/custom+json"]}' } }, []],
    ['an app in a directory: wsgi_handler.py puts it on sys.path', { wsgi: '{ app: web/api.app }' },
      { handler: 'wsgi_handler.handler', codeUri: '.', wsgi: { config: '{"app":"web/api.app"}', appDir: 'web' } }, []],
    ['a module packaged individually: the handler is in its root, the app by its base name',
      { plugins: '[serverless-wsgi, serverless-python-requirements]', wsgi: '{ app: web/api.app }', fn: 'module: web', pkg: '{ individually: true }' },
      { handler: 'wsgi_handler.handler', codeUri: 'web', wsgi: { config: '{"app":"api.app"}' } }, []],
    ['the deprecated wsgi.handler runs as wsgi_handler.handler', { handler: 'wsgi.handler' },
      { handler: 'wsgi_handler.handler', codeUri: '.', wsgi: { config: '{"app":"app.app"}' } },
      ['warning functions.api.handler: wsgi.handler is deprecated by serverless-wsgi, which runs it as wsgi_handler.handler: write that instead']],
    ['no app: the plugin writes no handler', { wsgi: '{ pythonBin: python3 }' }, { handler: 'wsgi_handler.handler', codeUri: '.' },
      ['warning custom.wsgi.app: is not set, so serverless-wsgi writes no wsgi_handler.py: functions.api (handler wsgi_handler.handler) fails with Runtime.ImportModuleError, as it would on Lambda. Name the app: app: app.app for `app` in app.py']],
    ['the plugin not listed: nothing is added', { plugins: '[serverless-offline]' }, { handler: 'wsgi_handler.handler', codeUri: '.' }, []],
    ['another plugin is still said', { plugins: '[serverless-wsgi, serverless-step-functions]' },
      { handler: 'wsgi_handler.handler', codeUri: '.', wsgi: { config: '{"app":"app.app"}' } },
      ['warning plugins: serverless-step-functions is not run by pylambda: what it changes in the functions or their package is not reproduced locally']],
  ])('%s', (_what, options, expected, diagnostics) => {
    const { project, diagnostics: said } = read(service({ wsgi: '{ app: app.app }', ...options }));
    expect(said.map(line)).toEqual(diagnostics);
    const api = project!.functions.find((f) => f.id === 'api')!;
    expect({ handler: api.handler, codeUri: api.codeUri, ...(api.wsgi ? { wsgi: api.wsgi } : {}) }).toEqual(expected);
    // Only the function whose handler is the plugin's gets it.
    expect(project!.functions.find((f) => f.id === 'other')!.wsgi).toBeUndefined();
  });
});
