// pylambda reads SAM templates itself; AWS SAM's translator (PyPI aws-sam-translator, which `sam build` and `sam
// deploy` run) is the reference for what a template means. For each template below, both sum up the functions
// (handler, runtime, memory, timeout, environment, architecture, layers), the API routes (kind, API, stage,
// method, path, function and alias, and an HTTP route's payload 1.0) and the queue, stream, bucket and schedule triggers, which must agree; each
// case also names what it expects, so a summary that lost something on both sides fails too.
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/api/project.js';
import { ConfigError } from '../../src/core/errors.js';
import type { Endpoint } from '../../src/core/model/project.js';
import { fnTemplate, scratchDir } from '../helpers.js';
import { APP, CASES } from '../sam-translator-cases.js';
import { modelSummary, translated, withDeployTimeValues, writeFiles, type Summary } from '../sam-translator.js';

/** A template both refuse: the translator with its messages, pylambda with its diagnostics. */
interface Refused {
  readonly name: string;
  readonly template: string;
  readonly translator: readonly string[];
  readonly pylambda: readonly string[];
}

const REFUSED: readonly Refused[] = [
  {
    name: 'an intrinsic function in an Api event\'s Method and an HttpApi event\'s Path',
    template: fnTemplate({
      sections: ['Parameters:\n  Stage: { Type: String, Default: v1 }\nConditions:\n  IsV1: !Equals [!Ref Stage, v1]'],
      properties: ['CodeUri: src/'],
      events: ['Get: { Type: Api, Properties: { Path: /items, Method: !If [IsV1, get, post] } }', "Feed: { Type: HttpApi, Properties: { Path: !Sub '/${Stage}/feed', Method: get } }"],
    }),
    translator: [
      "Resource with id [Fn] is invalid. Event with id [Get] is invalid. Property 'Method' should be a string.",
    ],
    pylambda: [
      'error Resources.Fn.Properties.Events.Get.Properties.Method: must be an HTTP method (GET, POST, ANY, ...) as written: SAM refuses Fn::If here ("Property \'Method\' should be a string."), so the template cannot be deployed',
      'error Resources.Fn.Properties.Events.Feed.Properties.Path: must be a route path starting with / as written: SAM refuses Fn::Sub here ("Property \'Path\' should be a string."), so the template cannot be deployed',
    ],
  },
  {
    name: 'StageName in Globals',
    template: fnTemplate({
      sections: ['Globals:\n  HttpApi:\n    StageName: beta'],
      properties: ['CodeUri: src/'],
      events: ['Get: { Type: HttpApi, Properties: { Path: /items, Method: get } }'],
    }),
    translator: [
      "'Globals' section is invalid. 'StageName' is not a supported property of 'HttpApi'. Must be one of the following values - ['Auth', 'AccessLogSettings', 'StageVariables', 'Tags', 'CorsConfiguration', 'DefaultRouteSettings', 'Domain', 'RouteSettings', 'FailOnWarnings', 'PropagateTags']",
    ],
    pylambda: [
      "error Globals.HttpApi.StageName: is not a property SAM takes in Globals.HttpApi, so sam build and sam deploy refuse the template (an implicit API's stage is always $default; set StageName on each AWS::Serverless::HttpApi)",
    ],
  },
];

describe('SAM templates, as AWS SAM translates them and as pylambda reads them', () => {
  it.each(CASES)('$name', async (c) => {
    const dir = scratchDir('sam-translator');
    writeFiles(dir, { 'template.yaml': c.template, ...c.files });
    const region = c.region ?? 'us-east-1';
    const theirs = await translated({ dir, template: c.template, region, ...(c.parameters ? { parameters: c.parameters } : {}) });
    expect(theirs.error).toBeUndefined();
    const loaded = await loadProject({ dir, region, ...(c.parameters ? { parameterOverrides: c.parameters } : {}) });
    const ours = modelSummary(loaded.project);
    const reference = withDeployTimeValues(theirs.summary!);
    const skipped = c.skipped ?? {};
    expect(Object.fromEntries(Object.keys(skipped).map((id) => [id, loaded.project.skipped?.[id]]))).toEqual(skipped);
    const isSkipped = (line: string) => line.split(' ')[5]!.split(':')[0]! in skipped;
    expect(unservedRoutes(loaded.project.endpoints)).toEqual(expect.arrayContaining(reference.routes.filter(isSkipped).map((line) => line.split(' ').slice(3, 5).join(' '))));
    const deployed: Summary = {
      functions: Object.fromEntries(Object.entries(reference.functions).filter(([id]) => !(id in skipped))),
      routes: [...reference.routes.filter((line) => !isSkipped(line)), ...c.localOnly?.routes ?? []].sort(),
      triggers: reference.triggers,
    };
    expect(ours).toEqual(deployed);
    if (c.localOnly) expect(loaded.warnings.map((w) => `${w.path}: ${w.message}`)).toContain(c.localOnly.warning);
    if (c.expect.functions) expect(Object.keys(ours.functions).sort()).toEqual([...c.expect.functions].sort());
    expect(ours.routes).toEqual(expect.arrayContaining([...c.expect.routes ?? []]));
    expect(ours.triggers).toEqual(expect.arrayContaining([...c.expect.triggers ?? []]));
  }, 60_000);

  it.each(REFUSED)('$name: both refuse it', async (c) => {
    const dir = scratchDir('sam-translator-refused');
    writeFiles(dir, { 'template.yaml': c.template, ...APP });
    expect((await translated({ dir, template: c.template, region: 'us-east-1' })).error).toEqual(c.translator);
    const error = await loadProject({ dir, region: 'us-east-1' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual(c.pylambda);
  }, 60_000);
});

/** `GET /path` of each route an API has that pylambda does not serve. */
function unservedRoutes(endpoints: readonly Endpoint[]): string[] {
  return endpoints.flatMap((e) => (e.unservedRoutes ?? []).map((r) => `${r.method} ${r.path}`));
}
