import { describe, expect, it } from 'vitest';
import type { LoadedProject } from '../../src/api/project.js';
import { selectFunction } from '../../src/api/select-function.js';
import { UserError } from '../../src/core/errors.js';
import type { FunctionModel } from '../../src/core/model/project.js';

const fn = (id: string, name: string, handler = `app.${id}`) => ({ id, name, handler }) as FunctionModel;
const loaded = (functions: FunctionModel[]) => ({ root: '/p', configPath: '/p/.chalice/config.json', warnings: [], project: { style: 'chalice', configFile: '.chalice/config.json', functions, endpoints: [] } }) as unknown as LoadedProject;

function thrown(f: () => unknown): UserError {
  try {
    f();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('selectFunction', () => {
  const chalice = loaded([fn('api_handler', 'todo-dev'), fn('on_job', 'todo-dev-on_job'), fn('worker', 'todo-dev-worker'), fn('custom-name', 'todo-dev-custom-name', 'app.custom_fn')]);

  it.each([
    ['its id', 'api_handler', 'api_handler'],
    ['its deployed name', 'todo-dev-worker', 'worker'],
    ['the logical id chalice package gives it', 'APIHandler', 'api_handler'],
    ['the same letters, other case and separators', 'OnJob', 'on_job'],
    // @app.lambda_function(name="custom-name") def custom_fn: Chalice names it custom-name, its code custom_fn.
    ['its Python name', 'custom_fn', 'custom-name'],
  ])('by %s', (_what, name, id) => expect(selectFunction(chalice, name).id).toBe(id));

  it("a Python name beats a loose match on another function's id", () => {
    const two = loaded([fn('process-job', 'a', 'app.other'), fn('worker', 'b', 'app.process_job')]);
    expect(selectFunction(two, 'process_job').id).toBe('worker');
  });

  it("a CDK app's function: by its construct's id, as sam local takes it, or its construct path; listed with its path", () => {
    const cdk = (id: string, path: string, construct?: string) => ({ ...fn(id, id), cdk: { path, ...(construct ? { id: construct } : {}) } }) as FunctionModel;
    const app = loaded([cdk('HelloFn8D7F3C2B', 'HelloStack/HelloFn/Resource', 'HelloFn'), cdk('ApiHandlerA1B2C3D4', 'HelloStack/Api/Handler/Resource')]);
    expect(['HelloFn', 'HelloStack/HelloFn/Resource', 'HelloFn8D7F3C2B', 'HelloStack/Api/Handler/Resource'].map((name) => selectFunction(app, name).id))
      .toEqual(['HelloFn8D7F3C2B', 'HelloFn8D7F3C2B', 'HelloFn8D7F3C2B', 'ApiHandlerA1B2C3D4']);
    expect(thrown(() => selectFunction(app, 'Nope')).hint).toBe('Its functions: HelloFn8D7F3C2B (HelloStack/HelloFn/Resource), ApiHandlerA1B2C3D4 (HelloStack/Api/Handler/Resource)');
    expect(() => selectFunction(app, undefined)).toThrow('defines 2 functions; name one: HelloFn8D7F3C2B (HelloStack/HelloFn/Resource), ApiHandlerA1B2C3D4 (HelloStack/Api/Handler/Resource)');
  });

  it('no name, of a Chalice app with several functions: app.py defines them', () => {
    expect(thrown(() => selectFunction(chalice, undefined)).message).toBe('The Chalice app (app.py) defines 4 functions; name one: api_handler, on_job, worker, custom-name');
  });

  it('an unknown name lists the functions', () => {
    const error = thrown(() => selectFunction(chalice, 'Nope'));
    expect([error.message, error.hint]).toEqual(["No function named 'Nope' in the Chalice app (app.py)", 'Its functions: api_handler, on_job, worker, custom-name']);
  });

  it.each([
    ['a letter missing', 'api_handlr', 'api_handler'],
    ['two letters swapped, other case', 'WROKER', 'worker'],
    ['the start of one name', 'custom', 'custom-name'],
    ['close to none', 'billing', undefined],
  ])('a mistyped name (%s) says which it may mean', (_what, typed, meant) => {
    expect(thrown(() => selectFunction(chalice, typed)).message).toBe(`No function named '${typed}' in the Chalice app (app.py)${meant ? `: did you mean ${meant}?` : ''}`);
  });

  it('a loose name that fits two functions is not guessed', () => {
    expect(() => selectFunction(loaded([fn('on_job', 'a'), fn('OnJob', 'b')]), 'onjob')).toThrow("No function named 'onjob'");
  });

  it('a function pylambda skips (code in S3, an image): says why, even when it is the only one', () => {
    const skipped = { Remote: 'its CodeUri is in S3 (s3://b/k.zip); pylambda builds and runs code from a local directory only' };
    const sam = (functions: FunctionModel[]) => ({ ...loaded(functions), project: { ...loaded(functions).project, configFile: 'template.yaml', skipped } }) as unknown as LoadedProject;
    expect(() => selectFunction(sam([fn('Api', 'Api')]), 'Remote')).toThrow('Remote is skipped: its CodeUri is in S3 (s3://b/k.zip); pylambda builds and runs code from a local directory only');
    expect(() => selectFunction(sam([]), 'Remote')).toThrow('Remote is skipped: its CodeUri is in S3');
    expect(() => selectFunction(sam([]), 'Other')).toThrow('template.yaml defines no function pylambda can run (see the warnings above)');
  });

  // A project whose only function is a container image: it is a Python function, which pylambda does not run.
  it('no name, and every function skipped: says none can run, not that there is no Python function', () => {
    const only = (skipped?: Record<string, string>) => ({ ...loaded([]), project: { ...loaded([]).project, style: 'sam', configFile: 'template.yaml', ...(skipped ? { skipped } : {}) } }) as unknown as LoadedProject;
    expect(() => selectFunction(only({ Img: 'it is a container image function (PackageType: Image), which sam local runs in Docker; pylambda runs no containers, only zip functions in local Python' }), undefined)).toThrow(/^template\.yaml defines no function pylambda can run \(see the warnings above\)$/);
    expect(() => selectFunction(only(), undefined)).toThrow(/^template\.yaml defines no Python function$/);
  });

  it("a Chalice app without a function: app.py's decorators make them, not config.json", () => {
    expect(() => selectFunction(loaded([]), undefined)).toThrow(/^app\.py defines no function: Chalice makes one of a route \(@app\.route\), an @app\.lambda_function, a schedule or another event handler$/);
  });

  // sam local invoke names a nested stack's function Stack/Function.
  it("a nested stack's function: by SAM CLI's name (Child/HelloFn8D7F3C2B), its construct's id alone or under the stack's name", () => {
    const nested = { ...fn('Child/HelloFn8D7F3C2B', 'HelloFn8D7F3C2B'), stack: 'Child', cdk: { path: 'Parent/Child/HelloFn/Resource', id: 'HelloFn' } } as FunctionModel;
    const app = loaded([fn('Top', 'Top'), nested]);
    expect(['Child/HelloFn8D7F3C2B', 'HelloFn', 'Child/HelloFn', 'HelloFn8D7F3C2B', 'Parent/Child/HelloFn/Resource'].map((name) => selectFunction(app, name).id)).toEqual(Array(5).fill('Child/HelloFn8D7F3C2B'));
  });

  it("a CDK app's function pylambda skips (Node.js): by its construct's id, says why, named by its construct path", () => {
    const skippedCdk = { NodeFnA1B2C3D4: { path: 'HelloStack/NodeFn/Resource', id: 'NodeFn' }, 'Api/OtherFnE5F6': { path: 'HelloStack/Api/OtherFn/Resource', id: 'OtherFn' } };
    const skipped = { NodeFnA1B2C3D4: 'its Runtime is nodejs20.x; pylambda runs Python functions only', 'Api/OtherFnE5F6': 'its Runtime is java21; pylambda runs Python functions only' };
    const app = { ...loaded([fn('Top', 'Top')]), project: { ...loaded([]).project, configFile: 'HelloStack.template.json', functions: [fn('Top', 'Top')], skipped, skippedCdk } } as unknown as LoadedProject;
    expect(() => selectFunction(app, 'NodeFn')).toThrow(/^NodeFnA1B2C3D4 \(HelloStack\/NodeFn\/Resource\) is skipped: its Runtime is nodejs20\.x; pylambda runs Python functions only$/);
    expect(() => selectFunction(app, 'HelloStack/NodeFn/Resource')).toThrow('NodeFnA1B2C3D4 (HelloStack/NodeFn/Resource) is skipped');
    expect(() => selectFunction(app, 'Api/OtherFn')).toThrow('Api/OtherFnE5F6 (HelloStack/Api/OtherFn/Resource) is skipped: its Runtime is java21');
  });

  it("a function of a nested stack that is not read (Child/Fn, Child/Grand/Fn): says why", () => {
    const skipped = { Child: 'it is in the nested stack Child, whose template is not local (s3://b/child.yaml)', 'Other/Grand': 'it is in the nested stack Grand, whose template ./grand.yaml is not there' };
    const sam = { ...loaded([fn('Api', 'Api')]), project: { ...loaded([]).project, configFile: 'template.yaml', functions: [fn('Api', 'Api')], skipped } } as unknown as LoadedProject;
    expect(() => selectFunction(sam, 'Child/Fn')).toThrow('Child/Fn is skipped: it is in the nested stack Child, whose template is not local (s3://b/child.yaml)');
    expect(() => selectFunction(sam, 'Other/Grand/Fn')).toThrow('Other/Grand/Fn is skipped: it is in the nested stack Grand, whose template ./grand.yaml is not there');
  });

  it("the exact FunctionName or id of a function pylambda skips wins over a loose match on another's id", () => {
    const skipped = { NodeFn: 'its Runtime is nodejs20.x; pylambda runs Python functions only', api_worker: 'its Runtime is java21; pylambda runs Python functions only' };
    const context = { resources: { NodeFn: { Type: 'AWS::Serverless::Function', Properties: { FunctionName: 'api' } } }, parameters: {}, conditions: {}, mappings: {}, region: 'us-east-1', accountId: '123456789012', stackName: 's' };
    const sam = { ...loaded([]), template: { context }, project: { ...loaded([]).project, configFile: 'template.yaml', functions: [fn('Api', 'Api'), fn('ApiWorker', 'ApiWorker')], skipped } } as unknown as LoadedProject;
    // sam local invoke api runs NodeFn, whose FunctionName is api: not the Python function Api.
    expect(() => selectFunction(sam, 'api')).toThrow(/^api \(NodeFn\) is skipped: its Runtime is nodejs20\.x; pylambda runs Python functions only$/);
    expect(() => selectFunction(sam, 'api_worker')).toThrow(/^api_worker is skipped: its Runtime is java21/);
    // A loose match is still taken when no function has the name exactly.
    expect(selectFunction(sam, 'API')).toMatchObject({ id: 'Api' });
  });

  it('a function left out by its false Condition: says which condition', () => {
    const sam = { ...loaded([fn('Always', 'Always')]), template: { context: { notCreated: { OnlyProd: 'IsProd' } } } } as unknown as LoadedProject;
    expect(() => selectFunction(sam, 'OnlyProd')).toThrow('OnlyProd is not created with these parameters: its Condition IsProd is false');
    // A nested stack with a false Condition is not read, as a function with one is not: its functions say so too.
    const nested = { ...loaded([fn('Always', 'Always')]), template: { context: { notCreated: { Child: 'WithChild' } } } } as unknown as LoadedProject;
    expect(() => selectFunction(nested, 'Child/Fn')).toThrow("Child/Fn is not created with these parameters: its nested stack Child's Condition WithChild is false");
  });
});
