import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LAYOUT_KEYS } from '../../src/core/runtime/python-path.js';
import type { LocalFunction } from '../../src/emulator/local-function.js';
import { RUNTIME_DIR } from '../../src/emulator/runtime-launch.js';
import { fixtureFunction, scratchDir } from '../helpers.js';

/**
 * sys.path as Lambda's bootstrap makes it (/var/runtime/bootstrap.py): the code directory first, its .pth
 * files read (site.addsitedir), the layers after it unless the function sets PYTHONPATH itself, and then its
 * PYTHONPATH alone. Locally the layers reach the environment as extraEnv's PYTHONPATH (api/project.ts).
 */

const live: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
});

const APP = `import os, sys


def handler(event, context):
    found = {}
    for name in event["modules"]:
        try:
            found[name] = __import__(name).WHERE
        except ImportError as e:
            found[name] = "ImportError: %s" % e
    return {"found": found, "PYTHONPATH": os.environ.get("PYTHONPATH"), "siteDirs": os.environ.get("_PYLAMBDA_SITE_DIRS")}
`;

function module(dir: string, name: string, where: string): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, '__init__.py'), `WHERE = ${JSON.stringify(where)}\n`);
}

function project(): { code: string; layer: string } {
  const root = scratchDir('paths');
  const code = join(root, 'src');
  module(join(code, 'vendor'), 'vendored', 'code/vendor');
  module(join(code, 'deps'), 'viapth', 'code/deps through a .pth');
  writeFileSync(join(code, 'deps.pth'), 'deps\n');
  writeFileSync(join(code, 'app.py'), APP);
  const layer = join(root, 'layer', 'python');
  module(layer, 'inlayer', 'layer');
  module(join(layer, 'extra'), 'layerpth', 'layer through a .pth');
  writeFileSync(join(layer, 'extra.pth'), join(layer, 'extra') + '\n');
  return { code, layer };
}

const MODULES = ['vendored', 'viapth', 'inlayer', 'layerpth'];

describe('sys.path of an environment', () => {
  it('reads the .pth files of the code directory and of the layers, as site.addsitedir does on Lambda', async () => {
    const { code, layer } = project();
    const { local } = fixtureFunction({ handler: 'app.handler' }, { taskRoot: code, extraEnv: { PYTHONPATH: layer } });
    live.push(local);
    const out = JSON.parse((await local.invoke({ payload: JSON.stringify({ modules: MODULES }) })).payload.toString());
    expect(out.found).toEqual({
      vendored: "ImportError: No module named 'vendored'",
      viapth: 'code/deps through a .pth',
      inlayer: 'layer',
      layerpth: 'layer through a .pth',
    });
    expect(out.PYTHONPATH).toBe(layer);
    // Said to pylambda's client, and gone before the handler runs.
    expect(out.siteDirs).toBeNull();
  });

  it('keeps the function\'s own PYTHONPATH, with /var/task as the code directory, and then adds no layer', async () => {
    const { code, layer } = project();
    const { local } = fixtureFunction({ handler: 'app.handler', environment: { PYTHONPATH: '/var/runtime:/var/task/vendor' } }, { taskRoot: code, extraEnv: { PYTHONPATH: layer } });
    live.push(local);
    const out = JSON.parse((await local.invoke({ payload: JSON.stringify({ modules: MODULES }) })).payload.toString());
    expect(out.found).toEqual({
      vendored: 'code/vendor',
      viapth: 'code/deps through a .pth',
      inlayer: "ImportError: No module named 'inlayer'",
      layerpth: "ImportError: No module named 'layerpth'",
    });
    expect(out.PYTHONPATH).toBe(join(code, 'vendor'));
  });

  // A Chalice app's vendor/ (or serverless-wsgi's handler) is in /var/task on Lambda: importable whatever PYTHONPATH says.
  it('keeps the code directory\'s own directories on the path when the function sets PYTHONPATH', async () => {
    const { code, layer } = project();
    const extraEnv = { PYTHONPATH: layer, [LAYOUT_KEYS.codePaths]: join(code, 'vendor') };
    const { local } = fixtureFunction({ handler: 'app.handler', environment: { PYTHONPATH: '/var/task/deps' } }, { taskRoot: code, extraEnv });
    live.push(local);
    const out = JSON.parse((await local.invoke({ payload: JSON.stringify({ modules: MODULES }) })).payload.toString());
    expect(out.found).toMatchObject({ vendored: 'code/vendor', inlayer: "ImportError: No module named 'inlayer'" });
    expect(out.PYTHONPATH).toBe(`${join(code, 'vendor')}:${join(code, 'deps')}`);
  });

  // Lambda's runtime is in /var/runtime, which the function's sys.path does not hold; its own modules are the
  // client's that it loaded, each with the pylambda_ prefix, so no module of the function's is taken for one.
  it('holds no directory of the runtime client, whose loaded modules all have the pylambda_ prefix', async () => {
    const code = scratchDir('paths-client');
    writeFileSync(join(code, 'app.py'), `import os, sys


def handler(event, context):
    ours = sorted(n for n, m in list(sys.modules.items()) if os.path.dirname(getattr(m, "__file__", None) or "") + "/" == event["dir"])
    try:
        __import__("pylambda_lint")
        unloaded = "imported"
    except ImportError as e:
        unloaded = str(e)
    return {"onPath": [p for p in sys.path if p.rstrip("/") + "/" == event["dir"]], "ours": ours, "unloaded": unloaded}
`);
    const { local } = fixtureFunction({ handler: 'app.handler' }, { taskRoot: code });
    live.push(local);
    const out = JSON.parse((await local.invoke({ payload: JSON.stringify({ dir: RUNTIME_DIR }) })).payload.toString());
    expect(out).toEqual({
      onPath: [],
      // __main__ is pylambda_bootstrap.py, as it is Lambda's /var/runtime/bootstrap.py there.
      ours: ['__main__', 'pylambda_context', 'pylambda_imports', 'pylambda_logging', 'pylambda_marshal', 'pylambda_runtime', 'pylambda_runtime_api'],
      unloaded: "No module named 'pylambda_lint'",
    });
  });
});
