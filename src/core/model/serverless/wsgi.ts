/**
 * The serverless-wsgi plugin (npm `serverless-wsgi`, logandk/serverless-wsgi index.js). A function whose
 * handler is `wsgi_handler.handler` runs the plugin's own `wsgi_handler.py`: before `sls invoke local`,
 * `sls offline` and packaging (packWsgiHandler) the plugin copies it and `serverless_wsgi.py` from its
 * package to the root of the code, with a `.serverless-wsgi` JSON file that names the app
 * (getWsgiHandlerConfiguration); wsgi_handler.py reads that file beside itself and imports the app.
 * pylambda uses the same files, from the project's node_modules, and writes the same configuration.
 */
import { isRecord, type FieldReader } from '../fields.js';
import type { FunctionModel, WsgiHandler } from '../project.js';

export const WSGI_PLUGIN = 'serverless-wsgi';
export const WSGI_HANDLER = 'wsgi_handler.handler';
/** The files the plugin copies from its package to the code's root (packWsgiHandler). */
export const WSGI_PLUGIN_FILES = ['wsgi_handler.py', 'serverless_wsgi.py'] as const;
/** The configuration it writes beside them, which wsgi_handler.py reads (load_config). */
export const WSGI_CONFIG_FILE = '.serverless-wsgi';
/** The plugin's own requirements (its requirements.txt: `werkzeug>2`), which serverless_wsgi.py imports. */
export const WSGI_REQUIREMENTS_FILE = 'requirements.txt';

/**
 * Each function of a service that lists the plugin, as the plugin leaves it: the deprecated `wsgi.handler`
 * is `wsgi_handler.handler` (validate() rewrites it, with a warning), and a function with that handler
 * carries the configuration the plugin writes for it. Without `custom.wsgi.app` the plugin writes no
 * handler at all ("No WSGI app specified, omitting WSGI handler from package"): said, as the import will fail.
 */
export function withWsgiHandlers(functions: readonly FunctionModel[], custom: unknown, r: FieldReader): FunctionModel[] {
  const settings = isRecord(custom) && isRecord(custom.wsgi) ? custom.wsgi : {};
  const app = r.string(settings.app, 'custom.wsgi.app');
  const textMimeTypes = Array.isArray(settings.textMimeTypes) ? settings.textMimeTypes : undefined;
  return functions.map((fn) => {
    let handler = fn.handler;
    if (handler === 'wsgi.handler') {
      r.warn(`${fn.source.path}.handler`, `wsgi.handler is deprecated by serverless-wsgi, which runs it as ${WSGI_HANDLER}: write that instead`);
      handler = WSGI_HANDLER;
    }
    if (handler !== WSGI_HANDLER) return fn;
    if (app === undefined) {
      if (settings.app === undefined) r.warn('custom.wsgi.app', `is not set, so serverless-wsgi writes no ${WSGI_PLUGIN_FILES[0]}: ${fn.source.path} (handler ${WSGI_HANDLER}) fails with Runtime.ImportModuleError, as it would on Lambda. Name the app: app: app.app for \`app\` in app.py`);
      return { ...fn, handler };
    }
    return { ...fn, handler, wsgi: wsgiHandler(app, textMimeTypes, fn.codeUri) };
  });
}

/**
 * `.serverless-wsgi` for a function. `app: web/api.app` names a directory, which wsgi_handler.py puts first
 * on sys.path relative to itself; a function packaged individually from a `module` (serverless-python-
 * requirements) gets the handler in that module's root instead, and the app by its base name (validate()).
 */
function wsgiHandler(app: string, textMimeTypes: readonly unknown[] | undefined, codeUri: string): WsgiHandler {
  const slash = app.lastIndexOf('/', app.lastIndexOf('.'));
  const inModule = codeUri !== '.' && slash >= 0;
  const configured = inModule ? app.slice(slash + 1) : app;
  const config = { app: configured, ...(textMimeTypes ? { text_mime_types: textMimeTypes } : {}) };
  const appDir = !inModule && slash >= 0 ? app.slice(0, slash) : undefined;
  return { config: JSON.stringify(config), ...(appDir ? { appDir } : {}) };
}
