"""An HTTP API (payload 2.0) handler: state kept at module level lives as long as the environment."""

import base64
import json
import logging
import time

logger = logging.getLogger()
logger.setLevel(logging.INFO)

# Module level: created once per execution environment, reused while it stays warm.
ENTRIES = []
STARTED = time.time()


def lambda_handler(event, context):
    method = event["requestContext"]["http"]["method"]
    if method == "POST":
        return sign(event)
    return response(200, {"entries": ENTRIES, "environmentAgeSeconds": round(time.time() - STARTED, 1)})


def sign(event):
    raw = event.get("body") or "{}"
    # HTTP APIs base64-encode bodies whose Content-Type is not text (curl -d sends form-urlencoded).
    if event.get("isBase64Encoded"):
        raw = base64.b64decode(raw).decode("utf-8", "replace")
    try:
        body = json.loads(raw)
    except json.JSONDecodeError:
        return response(400, {"error": "the body must be JSON"})
    name = body.get("name") if isinstance(body, dict) else None
    if not isinstance(name, str) or not name.strip():
        return response(400, {"error": "'name' is required"})
    ENTRIES.append({"name": name.strip()[:100]})
    logger.info(json.dumps({"eventType": "SIGNED", "entries": len(ENTRIES)}))
    return response(201, {"entries": len(ENTRIES)})


def response(status, body):
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}
