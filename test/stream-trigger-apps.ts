/**
 * The project the stream trigger tests run: a Kinesis stream and a table with a stream, a function that puts into
 * them over HTTP, and workers of each; the tests add workers with other mapping settings.
 */
import { expect } from 'vitest';

export const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties: { ShardCount: 1 }
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
  Producer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.produce
      Environment: { Variables: { STREAM: !Ref Clicks, TABLE: !Ref Orders } }
      Events:
        Post: { Type: HttpApi, Properties: { Path: /put, Method: post } }
  ClickWorker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.clicks
      Events:
        Stream:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Clicks.Arn
            StartingPosition: TRIM_HORIZON
            BatchSize: 10
            MaximumBatchingWindowInSeconds: 1
            FunctionResponseTypes: [ReportBatchItemFailures]
            FilterCriteria: { Filters: [{ Pattern: '{"data": {"kind": ["click"]}}' }] }
  OrderWorker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.orders
      Events:
        Stream:
          Type: DynamoDB
          Properties: { Stream: !GetAtt Orders.StreamArn, StartingPosition: LATEST, MaximumRetryAttempts: 2 }
`;

export const APP = `import base64, json, os, boto3

def produce(event, context):
    body = json.loads(event["body"])
    kinesis, dynamodb = boto3.client("kinesis"), boto3.client("dynamodb")
    # One call: the records are in the stream together, whenever the trigger reads it.
    if body.get("records"):
        kinesis.put_records(StreamName=os.environ["STREAM"], Records=[{"Data": json.dumps(r).encode(), "PartitionKey": r.get("key", "p") if isinstance(r, dict) else "p"} for r in body["records"]])
    for item in body.get("items", []):
        dynamodb.put_item(TableName=os.environ["TABLE"], Item={"id": {"S": item}})
    return {"statusCode": 202}

SEEN = []

def clicks(event, context):
    failures = []
    for record in event["Records"]:
        data = json.loads(base64.b64decode(record["kinesis"]["data"]))
        SEEN.append(data["name"])
        print("click", data["name"], "seen", SEEN.count(data["name"]), record["eventSource"], record["eventID"].split(":")[0], sorted(record))
        # "flaky" fails once: the checkpoint stops before it, and it comes back with what follows it.
        if data["name"] == "flaky" and SEEN.count("flaky") == 1:
            failures.append({"itemIdentifier": record["kinesis"]["sequenceNumber"]})
    return {"batchItemFailures": failures}

def orders(event, context):
    for record in event["Records"]:
        id = record["dynamodb"]["Keys"]["id"]["S"]
        SEEN.append(id)
        print("order", record["eventName"], id, "seen", SEEN.count(id), record["eventSourceARN"].split("/stream/")[0], sorted(record["dynamodb"]))
        if id == "never" or (id == "once" and SEEN.count(id) == 1):
            raise ValueError(id)
`;

/** TEMPLATE with one more worker of the Kinesis stream Clicks, from TRIM_HORIZON: its handler, its mapping's other properties. */
export const withClickWorker = (id: string, handler: string, properties: string) => `${TEMPLATE}  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.${handler}
      Events:
        Stream: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: TRIM_HORIZON, ${properties} } }
`;

/** A worker that keeps a tumbling window's state: the names it has seen, one record a batch. */
export const windowed = (seconds: number) => withClickWorker('WindowWorker', 'window', `BatchSize: 1, TumblingWindowInSeconds: ${seconds}`);

export const WINDOWED_APP = `${APP}
def window(event, context):
    names = [json.loads(base64.b64decode(r["kinesis"]["data"]))["name"] for r in event["Records"]]
    print("window", json.dumps({k: event[k] for k in ["window", "state", "shardId", "eventSourceARN", "isFinalInvokeForWindow", "isWindowTerminatedEarly"]} | {"names": names}))
    return {"state": {"seen": event["state"].get("seen", []) + names}}
`;

/** Has the project's Producer put Kinesis records (`records`) and table items (`items`). */
export async function put(url: (id: string) => string, body: { records?: unknown[]; items?: string[] }): Promise<void> {
  expect((await fetch(`${url('ServerlessHttpApi')}/put`, { method: 'POST', body: JSON.stringify(body) })).status).toBe(202);
}
