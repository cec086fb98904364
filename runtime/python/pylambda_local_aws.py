"""Creates a template's DynamoDB tables, S3 buckets, SQS queues, SSM parameters, secrets and Kinesis streams
in a local AWS endpoint (moto's server), with the tables' streams and time to live and the buckets'
notifications to queues.

Run by pylambda with the project's Python, which has boto3 wherever moto is (moto depends on it). The
spec comes as JSON on stdin (src/core/local-aws/resources.ts, LocalAwsSpec, plus endpoint and region);
one JSON object on stdout says what was created (a table with a stream: with its `streamArn`) and what
failed (a setting of a resource that was created: with its `step`). A resource that already exists counts
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
        """Runs action; True when it succeeded (or what it makes exists already)."""
        try:
            action()
            created.append({"kind": kind, "name": name})
            return True
        except Exception as error:  # every failure is reported, the other resources still get made
            code = getattr(error, "response", {}).get("Error", {}).get("Code")
            if code in exists:
                created.append({"kind": kind, "name": name})
                return True
            failed.append({"kind": kind, "name": name, "error": describe(error)})
            return False

    def configure(kind, name, step, action):
        """A setting of a resource that exists (its time to live, its notifications): only failures are reported."""
        try:
            return action()
        except Exception as error:
            failed.append({"kind": kind, "name": name, "step": step, "error": describe(error)})
            return None

    if spec["tables"]:
        dynamodb = client("dynamodb")
        for table in spec["tables"]:
            args = {k: v for k, v in table.items() if k not in ("id", "timeToLive")}
            args["BillingMode"] = "PAY_PER_REQUEST"
            if not attempt("table", table["TableName"], lambda args=args: dynamodb.create_table(**args), ("ResourceInUseException",)):
                continue
            if table.get("StreamSpecification"):
                # The stream's ARN is the endpoint's (it holds the creation time): reported with the table.
                described = configure(
                    "table", table["TableName"], "stream",
                    lambda table=table: dynamodb.describe_table(TableName=table["TableName"])["Table"],
                )
                if described and described.get("LatestStreamArn"):
                    created[-1]["streamArn"] = described["LatestStreamArn"]
            if table.get("timeToLive"):
                configure(
                    "table", table["TableName"], "time to live",
                    lambda table=table: dynamodb.update_time_to_live(
                        TableName=table["TableName"],
                        TimeToLiveSpecification={"Enabled": True, "AttributeName": table["timeToLive"]},
                    ),
                )

    if spec["buckets"]:
        s3 = client("s3")
        made = set()
        for bucket in spec["buckets"]:
            args = {"Bucket": bucket["name"]}
            if spec["region"] != "us-east-1":
                # Outside us-east-1, S3 wants the region named in the request too.
                args["CreateBucketConfiguration"] = {"LocationConstraint": spec["region"]}
            if attempt("bucket", bucket["name"], lambda args=args: s3.create_bucket(**args), ("BucketAlreadyOwnedByYou",)):
                made.add(bucket["name"])

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

    if spec.get("parameters"):
        ssm = client("ssm")
        for p in spec["parameters"]:
            # Overwrite: a reload that changes the Value puts it again, as a stack update does.
            attempt("parameter", p["Name"], lambda p=p: ssm.put_parameter(Name=p["Name"], Type=p["Type"], Value=p["Value"], Overwrite=True))

    if spec.get("secrets"):
        secretsmanager = client("secretsmanager")
        for secret in spec["secrets"]:

            def create_secret(secret=secret):
                value = secret.get("SecretString")
                generate = secret.get("generate")
                if generate is not None:
                    value = secretsmanager.get_random_password(**generate["password"])["RandomPassword"]
                    if generate.get("template"):
                        document = json.loads(generate["template"])
                        document[generate["key"]] = value
                        value = json.dumps(document)
                # moto takes the ARN's six random characters from this tag: they are the ones the local
                # !Ref gives (cfn/ref-values.ts secretSuffix), so GetSecretValue by that ARN finds it.
                secretsmanager.create_secret(
                    Name=secret["Name"], SecretString=value, Tags=[{"Key": "_custom_id_", "Value": secret["arnSuffix"]}]
                )

            attempt("secret", secret["Name"], create_secret, ("ResourceExistsException",))

    if spec.get("streams"):
        kinesis = client("kinesis")
        for stream in spec["streams"]:
            args = {k: v for k, v in stream.items() if k != "id"}
            attempt("stream", stream["StreamName"], lambda args=args: kinesis.create_stream(**args), ("ResourceInUseException",))

    # Notifications name their queues by the endpoint's ARNs: they come once every queue exists (a queue
    # made by an earlier run included). Like S3, moto then sends each queue an s3:TestEvent message.
    # An empty list (a reload that removed them) clears what the bucket had; no key leaves it as it is.
    notified = [b for b in spec["buckets"] if "notifications" in b and b["name"] in made]
    if notified:
        sqs = client("sqs")
        arns = {}

        def queue_arn(name):
            if name not in arns:
                url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
                arns[name] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            return arns[name]

        for bucket in notified:

            def notify(bucket=bucket):
                configurations = []
                for n in bucket["notifications"]:
                    configuration = {"QueueArn": queue_arn(n["queue"]), "Events": n["Events"]}
                    if n.get("Filter"):
                        configuration["Filter"] = n["Filter"]
                    configurations.append(configuration)
                s3.put_bucket_notification_configuration(
                    Bucket=bucket["name"], NotificationConfiguration={"QueueConfigurations": configurations}
                )

            configure("bucket", bucket["name"], "notification configuration", notify)

    json.dump({"created": created, "failed": failed}, sys.stdout)
    sys.stdout.write("\n")


def describe(error):
    return "%s: %s" % (type(error).__name__, error)


if __name__ == "__main__":
    main()
