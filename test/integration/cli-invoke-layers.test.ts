// `pylambda invoke` and what the function's process is given beside its code: the template's layers on its path
// (as /opt/python, /opt/bin and /opt/lib are on Lambda) and the runtime started through AWS_LAMBDA_EXEC_WRAPPER.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, eventFile, fnTemplate, scratchDir, testPython } from '../helpers.js';
import { cli } from './invoke-cli.js';

describe('pylambda invoke: layers and the exec wrapper', () => {
  it("puts the template's layers on the function's path, as /opt/python is on Lambda's", async () => {
    const { code, stdout, stderr } = await cli(['invoke', 'Fn'], { cwd: join(FIXTURES, 'projects', 'layers') });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toBe('hello from the layer, fn');
    expect(stderr).toContain("warning: Resources.Fn.Properties.Layers[1]: 'arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7' is not a layer of this template: its modules are not available locally");
  });

  it("says when a serverless.yml layer's modules are at its root, not in python/, where Lambda does not import them", async () => {
    const dir = scratchDir('invoke-root-layer');
    mkdirSync(join(dir, 'layers', 'common', 'common'), { recursive: true });
    writeFileSync(join(dir, 'layers', 'common', 'common', '__init__.py'), 'TEXT = "shared"\n');
    writeFileSync(join(dir, 'serverless.yml'), 'service: s\nprovider: { name: aws, runtime: python3.12 }\nlayers:\n  common: { path: layers/common }\nfunctions:\n  api:\n    handler: app.handler\n    layers: [{ Ref: CommonLambdaLayer }]\n');
    writeFileSync(join(dir, 'app.py'), 'from common import TEXT\n\n\ndef handler(event, context):\n    return TEXT\n');
    const { code, stderr } = await cli(['invoke', 'api'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toContain("No module named 'common'");
    expect(stderr).toContain("warning: layers.common: layers/common holds common/ at its root, which Lambda extracts into /opt, off Python's path (a layer's modules import from /opt/python): they will not import, on Lambda nor here. Move them into layers/common/python/");
  });

  it("puts a BuildMethod layer's ContentUri itself on the path: sam build makes it /opt/python", async () => {
    const dir = scratchDir('invoke-build-layer');
    mkdirSync(join(dir, 'shared', 'python'), { recursive: true });
    writeFileSync(join(dir, 'shared', 'greeting.py'), 'TEXT = "from the layer"\n');
    // Nested one level deeper once built (python/python/nested.py): not importable on Lambda.
    writeFileSync(join(dir, 'shared', 'python', 'nested.py'), 'TEXT = "nested"\n');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      resources: ['Shared:', '  Type: AWS::Serverless::LayerVersion', '  Properties: { ContentUri: shared/ }', '  Metadata: { BuildMethod: python3.12 }'],
      properties: ['Layers: [!Ref Shared]'],
    }));
    writeFileSync(join(dir, 'app.py'), 'import importlib.util\nimport greeting\n\n\ndef handler(event, context):\n    return [greeting.TEXT, importlib.util.find_spec("nested") is None]\n');
    const { code, stdout, stderr } = await cli(['invoke'], { cwd: dir });
    expect([code, JSON.parse(stdout)]).toEqual([0, ['from the layer', true]]);
    // Said by package only, before: a layer laid out for deploying as it is met an ImportModuleError without a word of why.
    expect(stderr).toContain("warning: Resources.Shared: with BuildMethod python3.12, sam build copies ContentUri into python/, so shared/python/ lands in /opt/python/python, which is not on Lambda's path: its modules will not import on Lambda. Move them up into ContentUri, or remove Metadata.BuildMethod");
    rmSync(join(dir, 'shared', 'python', 'nested.py'));
    expect((await cli(['invoke'], { cwd: dir })).stderr).not.toContain('/opt/python/python');
  });

  it("puts a layer's bin/ on PATH and its lib/ on LD_LIBRARY_PATH, after the system's, as /opt/bin and /opt/lib are", async () => {
    const dir = scratchDir('invoke-layer-bin');
    mkdirSync(join(dir, 'tools', 'bin'), { recursive: true });
    mkdirSync(join(dir, 'tools', 'lib'), { recursive: true });
    writeFileSync(join(dir, 'tools', 'bin', 'layertool'), '#!/bin/sh\necho from the layer\n', { mode: 0o755 });
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      resources: ['Tools:', '  Type: AWS::Serverless::LayerVersion', '  Properties: { ContentUri: tools/ }'],
      properties: ['Layers: [!Ref Tools]'],
    }));
    writeFileSync(join(dir, 'app.py'), 'import os, subprocess\n\n\ndef handler(event, context):\n'
      + '    return [subprocess.run(["layertool"], capture_output=True, text=True).stdout, os.environ["PATH"], os.environ["LD_LIBRARY_PATH"]]\n');
    const { code, stdout } = await cli(['invoke'], { cwd: dir });
    expect([code, JSON.parse(stdout)]).toEqual([0, ['from the layer\n', `${process.env.PATH}:${join(dir, 'tools', 'bin')}`, join(dir, 'tools', 'lib')]]);
    // After the PATH the function ends up with, --env-vars' included.
    const vars = eventFile(JSON.stringify({ Fn: { PATH: `/custom/bin:${process.env.PATH}` } }));
    const custom = await cli(['invoke', '--env-vars', vars], { cwd: dir });
    expect(JSON.parse(custom.stdout)[1]).toBe(`/custom/bin:${process.env.PATH}:${join(dir, 'tools', 'bin')}`);
  });

  // runtimes-modify.html, "Wrapper scripts": Lambda starts the runtime through it, the runtime's command as its arguments.
  it('starts the runtime through AWS_LAMBDA_EXEC_WRAPPER when it is found locally, and says so when it is not', async () => {
    const dir = scratchDir('invoke-wrapper');
    mkdirSync(join(dir, 'layer'));
    // Lambda passes `python bootstrap.py`: a wrapper may read the bootstrap's path as its second argument.
    writeFileSync(join(dir, 'layer', 'wrap.sh'), '#!/bin/sh\nexport WRAPPED="by $(basename $0), then $# arguments, $(basename $2) last"\nexec "$@"\n', { mode: 0o755 });
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      resources: ['Wrap:', '  Type: AWS::Serverless::LayerVersion', '  Properties: { ContentUri: layer/ }'],
      properties: ['Layers: [!Ref Wrap]', 'Environment: { Variables: { AWS_LAMBDA_EXEC_WRAPPER: /opt/wrap.sh } }'],
    }));
    writeFileSync(join(dir, 'app.py'), 'import os\n\n\ndef handler(event, context):\n    return os.environ.get("WRAPPED")\n');
    const wrapped = await cli(['invoke'], { cwd: dir });
    expect([wrapped.code, JSON.parse(wrapped.stdout)]).toEqual([0, 'by wrap.sh, then 2 arguments, pylambda_bootstrap.py last']);
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['Environment: { Variables: { AWS_LAMBDA_EXEC_WRAPPER: /opt/bootstrap } }'] }));
    const bare = await cli(['invoke'], { cwd: dir });
    expect([bare.code, JSON.parse(bare.stdout)]).toEqual([0, null]);
    expect(bare.stderr).toContain('warning: Resources.Fn: its AWS_LAMBDA_EXEC_WRAPPER /opt/bootstrap is not an executable file locally '
      + "(in none of the template's layers): Fn's runtime starts without the wrapper, which on Lambda runs first\n");
  });

  // tenant-isolation-invoke.html: a tenant-isolated function is invoked for a tenant, which context.tenant_id gives.
  it('runs the exec wrapper of a zip CodeUri from where the zip is unzipped', async () => {
    const dir = scratchDir('invoke-zip-wrapper');
    const script = [
      'import zipfile, sys',
      'with zipfile.ZipFile(sys.argv[1], "w") as z:',
      '    info = zipfile.ZipInfo("wrap.sh"); info.external_attr = 0o755 << 16',
      '    z.writestr(info, "#!/bin/sh\\nexport WRAPPED=yes\\nexec \\"$@\\"\\n")',
      '    z.writestr("app.py", "import os\\ndef handler(event, context):\\n    return os.environ.get(\\"WRAPPED\\")\\n")',
    ].join('\n');
    expect(spawnSync(testPython(), ['-c', script, join(dir, 'code.zip')]).status).toBe(0);
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['CodeUri: code.zip', 'Environment: { Variables: { AWS_LAMBDA_EXEC_WRAPPER: /var/task/wrap.sh } }'] }));
    const { code, stdout, stderr } = await cli(['invoke', '--event', eventFile('{}')], { cwd: dir });
    expect([code, JSON.parse(stdout)]).toEqual([0, 'yes']);
    expect(stderr).not.toContain('AWS_LAMBDA_EXEC_WRAPPER');
  });

  // As dev --local-aws: a todo scaffold's invoke otherwise reached the user's real account.
});
