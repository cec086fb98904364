"""An Application Load Balancer target: the response names its status line with statusDescription."""

import json
import os
import platform


def lambda_handler(event, context):
    body = {
        "status": "ok",
        "path": event["path"],
        "function": context.function_name,
        "memoryLimitInMB": context.memory_limit_in_mb,
        "python": platform.python_version(),
        "region": os.environ.get("AWS_REGION"),
    }
    return {
        "statusCode": 200,
        "statusDescription": "200 OK",
        "isBase64Encoded": False,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body),
    }
