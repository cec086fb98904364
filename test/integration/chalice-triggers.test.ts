// A Chalice app's event handlers get what their deployed triggers send: `pylambda invoke` samples carry the ARNs of
// the rule, topic and streams `chalice deploy` wires them to, and dev --local-aws runs @app.on_kinesis_record and
// @app.on_dynamodb_record on the streams of .chalice/resources.json, as Lambda's event source mappings run them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { invokeOnce } from '../../src/api/invoke.js';
import { eventually, scratchDir, startDev, testPython } from '../helpers.js';

const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000';

const APP = `import json, os
import boto3
from chalice import Chalice, Rate

app = Chalice(app_name="shop")


@app.route("/put", methods=["POST"])
def put():
    body = app.current_request.json_body
    boto3.client("kinesis").put_record(StreamName="clicks", Data=body["name"].encode(), PartitionKey="p")
    boto3.client("dynamodb").put_item(TableName="Orders", Item={"id": {"S": body["name"]}})
    return {"put": body["name"]}


@app.schedule(Rate(1, unit=Rate.HOURS))
def hourly(event):
    return {"resources": event.resources}


@app.on_sns_message(topic="alerts")
def on_alert(event):
    return {"topic": event.to_dict()["Records"][0]["Sns"]["TopicArn"]}


@app.on_kinesis_record(stream="clicks", starting_position="TRIM_HORIZON", batch_size=10)
def on_clicks(event):
    for record in event:
        print("click", record.data.decode(), record.to_dict()["eventSourceARN"])
    return {"sources": [r.to_dict()["eventSourceARN"] for r in event]}


@app.on_dynamodb_record(stream_arn="${STREAM_ARN}")
def on_orders(event):
    for record in event:
        # The key's value whatever its name: the table's "id", the sample's "Id" (its schema is not in the app).
        print("order", record.event_name, *[value for key in record.keys.values() for value in key.values()], record.event_source_arn.split("/stream/")[0])
    return {"sources": [r.event_source_arn.split("/stream/")[0] for r in event]}
`;

const CONFIG = { version: '2.0', app_name: 'shop', stages: { dev: { api_gateway_stage: 'api' } } };

const RESOURCES = {
  Resources: {
    Clicks: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 'clicks', ShardCount: 1 } },
    Orders: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: 'Orders',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
    },
  },
};

function project(name: string): string {
  const dir = scratchDir(name);
  mkdirSync(join(dir, '.chalice'));
  writeFileSync(join(dir, 'app.py'), APP);
  writeFileSync(join(dir, '.chalice', 'config.json'), JSON.stringify(CONFIG));
  writeFileSync(join(dir, '.chalice', 'resources.json'), JSON.stringify(RESOURCES));
  return dir;
}

const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'eu-west-1' };

describe('pylambda invoke on a Chalice event handler', () => {
  it.each<[string, string, unknown]>([
    // appgraph.py _create_scheduled_model names the rule <app_name>-<stage>-<name>-event.
    ['hourly', 'the schedule sample (Schedule trigger hourly-event)', { resources: ['arn:aws:events:eu-west-1:123456789012:rule/shop-dev-hourly-event'] }],
    ['on_alert', 'the sns sample (SNS trigger on_alert-sns-subscription)', { topic: 'arn:aws:sns:eu-west-1:123456789012:alerts' }],
    ['on_clicks', 'the kinesis sample (Kinesis trigger on_clicks-kinesis-event-source)', { sources: ['arn:aws:kinesis:eu-west-1:123456789012:stream/clicks'] }],
    // stream_arn is written whole: the deployed trigger sends that one, in its region.
    ['on_orders', 'the dynamodb sample (DynamoDB trigger on_orders-dynamodb-event-source)', { sources: ['arn:aws:dynamodb:us-east-1:123456789012:table/Orders'] }],
  ])('%s gets %s, with the ARN its deployed trigger sends', async (name, label, expected) => {
    const dir = project(`chalice-sample-${name}`);
    const { result, sampleEvent } = await invokeOnce({ dir, functionName: name, python: testPython(), hostEnv });
    expect(`the ${sampleEvent}`).toBe(label);
    expect([result.functionError, JSON.parse(result.payload.toString())]).toEqual([undefined, expected]);
  });
});

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

const printed = (events: readonly DevEvent[], prefix: string) => events.flatMap((e) => (e.type === 'log' && e.event.kind === 'function' && e.event.text.startsWith(prefix) ? [e.event.text] : []));

describe('dev --local-aws on a Chalice app with stream handlers', () => {
  it('hands @app.on_kinesis_record and @app.on_dynamodb_record the records put into the streams of resources.json', async () => {
    const dev = await startDev(project('chalice-streams'), { localAws: true, hostEnv });
    session = dev.session;
    const res = await fetch(`${dev.url('RestAPI')}/put`, { method: 'POST', body: JSON.stringify({ name: 'ann' }), headers: { 'content-type': 'application/json' } });
    expect([res.status, await res.json()]).toEqual([200, { put: 'ann' }]);
    await eventually(() => (printed(dev.events, 'click').length > 0 && printed(dev.events, 'order').length > 0 ? true : undefined), 30_000);
    expect(printed(dev.events, 'click')).toEqual(['click ann arn:aws:kinesis:eu-west-1:123456789012:stream/clicks']);
    expect(printed(dev.events, 'order')).toEqual(['order INSERT ann arn:aws:dynamodb:eu-west-1:123456789012:table/Orders']);
  });
});
