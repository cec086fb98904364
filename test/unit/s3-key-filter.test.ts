import { describe, expect, it } from 'vitest';
import { defaultEvent } from '../../src/api/sample-event.js';
import { s3SampleKey } from '../../src/core/events/sources/storage.js';
import { readChaliceProject } from '../../src/core/model/chalice/read.js';
import type { EventSource } from '../../src/core/model/event-sources.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { s3FilterRules } from '../../src/core/model/values.js';
import { functionModel } from '../helpers.js';
import { read as readServerless } from './serverless-helpers.js';
import { fnTemplate } from '../helpers.js';

describe("an S3 trigger's key filter", () => {
  it.each<[{ prefix?: string; suffix?: string }, string]>([
    [{}, 'uploads/example.txt'],
    [{ prefix: 'uploads/', suffix: '.csv' }, 'uploads/example.csv'],
    // serverless/examples aws-python-pynamodb-s3-sigurl: `rules: [{prefix: test}]`.
    [{ prefix: 'test' }, 'test/example.txt'],
    [{ prefix: 'images/thumb-' }, 'images/thumb-example.txt'],
    [{ suffix: 'csv' }, 'uploads/example.csv'],
    [{ suffix: '_raw.json' }, 'uploads/example_raw.json'],
  ])('%j: the sample key is %s', (filter, key) => {
    expect(s3SampleKey(filter)).toBe(key);
    if (filter.prefix) expect(key.startsWith(filter.prefix)).toBe(true);
    if (filter.suffix) expect(key.endsWith(filter.suffix)).toBe(true);
  });

  it.each<[unknown, object]>([
    [[{ Name: 'prefix', Value: 'in/' }, { Name: 'Suffix', Value: '.csv' }], { prefix: 'in/', suffix: '.csv' }],
    [[{ Name: 'PREFIX', Value: 'a' }], { prefix: 'a' }],
    [[{ Name: 'prefix', Value: '' }, { Name: 'contains', Value: 'x' }], {}],
    ['not a list', {}],
  ])('S3 filter rules %j', (rules, filter) => {
    expect(s3FilterRules(rules)).toEqual(filter);
  });

  const s3Source = (events: readonly EventSource[] | undefined) => events?.find((e) => e.kind === 's3');

  it('is read from a SAM S3 event (Filter.S3Key.Rules), a serverless.yml s3 event (rules) and a Chalice on_s3_event (prefix, suffix)', () => {
    const sam = readSamTemplate(fnTemplate({
      resources: ['B: { Type: AWS::S3::Bucket }'],
      events: ['Up: { Type: S3, Properties: { Bucket: !Ref B, Events: s3:ObjectCreated:*, Filter: { S3Key: { Rules: [{ Name: prefix, Value: in/ }, { Name: suffix, Value: .csv }] } } } }'],
    }), { file: 'template.yaml' });
    expect(s3Source(sam.project!.functions[0]!.events)).toEqual({ kind: 's3', id: 'Up', bucket: 'b', events: ['s3:ObjectCreated:*'], keyFilter: { prefix: 'in/', suffix: '.csv' } });

    const sls = readServerless('service: s\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  f: { handler: app.f, events: [{ s3: { bucket: b, rules: [{ prefix: test }] } }] }\n');
    expect(s3Source(sls.project!.functions[0]!.events)?.keyFilter).toEqual({ prefix: 'test' });

    const chalice = readChaliceProject(JSON.stringify({ version: '2.0', app_name: 'demo' }), {
      ok: true, chalice_version: '1.31.0', python_version: '3.12.1', lambda_python_version: 'python3.12', app_name: 'demo', routes: [], binary_types: [], missing_feature_flags: [],
      functions: [{ name: 'on_upload', kind: 's3', handler: 'app.on_upload', bucket: 'media', events: ['s3:ObjectCreated:*'], prefix: 'uploads/', suffix: '.csv' }],
    }, { file: '.chalice/config.json', pythonVersion: '3.12.1' });
    expect(s3Source(chalice.project!.functions[0]!.events)?.keyFilter).toEqual({ prefix: 'uploads/', suffix: '.csv' });
  });

  it("is what the sample event's key honours, as S3 would send only such keys to the function", () => {
    const fn = functionModel({ handler: 'app.handler', events: [{ kind: 's3', id: 'Up', bucket: 'media', events: [], keyFilter: { prefix: 'uploads/', suffix: '.csv' } }] });
    const event = JSON.parse(defaultEvent(fn, { style: 'chalice', configFile: '.chalice/config.json', functions: [fn], endpoints: [] }, {}).payload.toString());
    expect(event.Records[0].s3.object.key).toBe('uploads/example.csv');
  });
});
