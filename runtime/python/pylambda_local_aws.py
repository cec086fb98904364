"""Creates a template's DynamoDB tables, S3 buckets and SQS queues in a local AWS endpoint (moto's server).

Run by pylambda with the project's Python, which has boto3 wherever moto is (moto depends on it). The
spec comes as JSON on stdin (src/core/local-aws/resources.ts, LocalAwsSpec, plus endpoint and region);
one JSON object on stdout says what was created and what failed. A resource that already exists counts
as created: running it twice is harmless.
"""

import json
import sys


def main():
    spec = json.load(sys.stdin)
    import boto3
    from botocore.config import Config

    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", aws_session_token="testing",
        region_name=spec["region"],
    )
    # The endpoint is local and already answering: no retries that would hide a real failure for seconds.
    config = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30)
    client = lambda service: session.client(service, endpoint_url=spec["endpoint"], config=config)  # noqa: E731
    created, failed = [], []

    def attempt(kind, name, action, exists=()):
        try:
            action()
            created.append({"kind": kind, "name": name})
        except Exception as error:  # every failure is reported, the other resources still get made
            code = getattr(error, "response", {}).get("Error", {}).get("Code")
            if code in exists:
                created.append({"kind": kind, "name": name})
            else:
                failed.append({"kind": kind, "name": name, "error": "%s: %s" % (type(error).__name__, error)})

    if spec["tables"]:
        dynamodb = client("dynamodb")
        for table in spec["tables"]:
            args = {k: v for k, v in table.items() if k != "id"}
            args["BillingMode"] = "PAY_PER_REQUEST"
            attempt("table", table["TableName"], lambda: dynamodb.create_table(**args), ("ResourceInUseException",))

    if spec["buckets"]:
        s3 = client("s3")
        for bucket in spec["buckets"]:
            args = {"Bucket": bucket["name"]}
            if spec["region"] != "us-east-1":
                # Outside us-east-1, S3 wants the region named in the request too.
                args["CreateBucketConfiguration"] = {"LocationConstraint": spec["region"]}
            attempt("bucket", bucket["name"], lambda: s3.create_bucket(**args), ("BucketAlreadyOwnedByYou",))

    if spec["queues"]:
        sqs = client("sqs")
        urls = {}
        for queue in spec["queues"]:
            attributes = {k: v for k, v in queue["attributes"].items() if k != "RedrivePolicy"}

            def create(queue=queue, attributes=attributes):
                urls[queue["name"]] = sqs.create_queue(QueueName=queue["name"], Attributes=attributes)["QueueUrl"]

            attempt("queue", queue["name"], create)
        # A dead-letter queue must exist before a queue names it, so redrive policies come last.
        for queue in spec["queues"]:
            policy = queue["attributes"].get("RedrivePolicy")
            if policy and queue["name"] in urls:
                attempt(
                    "redrive-policy",
                    queue["name"],
                    lambda queue=queue, policy=policy: sqs.set_queue_attributes(
                        QueueUrl=urls[queue["name"]], Attributes={"RedrivePolicy": policy}
                    ),
                )

    json.dump({"created": created, "failed": failed}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
