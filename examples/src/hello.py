"""A REST API (payload 1.0) handler: everything an invocation needs is set up once, at import."""

import json
import logging
import os

logger = logging.getLogger()
logger.setLevel(logging.INFO)

GREETING = os.environ.get("GREETING", "Hello")


def lambda_handler(event, context):
    name = (event.get("pathParameters") or {}).get("name") or "world"
    logger.info(json.dumps({"eventType": "REQUEST", "requestId": context.aws_request_id, "path": event.get("path")}))
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": f"{GREETING}, {name}!"}),
    }
