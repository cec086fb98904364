"""Test set-up: the environment the function expects, and events shaped as the {{apiName}} sends them.

The environment is set before the code under test is imported: lambda_function.py reads its
configuration at import, as it does in Lambda.
"""

import json
import os
import re

import pytest

{{#hello}}
os.environ.setdefault("GREETING", "Hello")
{{/hello}}
{{#todo}}
os.environ["TABLE_NAME"] = "todos-test"
# Fake credentials and a region: nothing here may reach a real AWS account.
os.environ["AWS_ACCESS_KEY_ID"] = "testing"
os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
os.environ["AWS_SESSION_TOKEN"] = "testing"
os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.pop("AWS_PROFILE", None)

# moto is imported before the code under test, so the boto3 objects that code creates are mocked.
import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402

# Made once: a boto3 resource costs tens of milliseconds to create, and works under every test's mock.
DYNAMODB = boto3.resource("dynamodb")
{{/todo}}


class FakeContext:
    """The attributes of Lambda's context object the code reads."""

    aws_request_id = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    function_name = "{{functionId}}"
    memory_limit_in_mb = 256

    def get_remaining_time_in_millis(self):
        return 5000


def make_event(method, path, route=None, query=None, body=None, headers=None):
    """An {{eventFormat}} event. `route` is the route template ("{{#hello}}/hello/{name}{{/hello}}{{#todo}}/todos/{todo_id}{{/todo}}")."""
    headers = dict(headers or {})
    if body is not None and not isinstance(body, str):
        body = json.dumps(body)
        headers.setdefault("content-type", "application/json")
    params = _path_params(route, path) if route else None
{{#rest}}
    return {
        "resource": route or path,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": params,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": route or path,
            "httpMethod": method,
            "path": "/Prod" + path,
            "stage": "Prod",
            "requestId": "4e4a5fe3-api-gateway",
        },
        "body": body,
        "isBase64Encoded": False,
    }
{{/rest}}
{{#http}}
    from urllib.parse import urlencode

    return {
        "version": "2.0",
        "routeKey": "%s %s" % (method, route) if route else "$default",
        "rawPath": path,
        "rawQueryString": urlencode(query or {}),
        "headers": {k.lower(): v for k, v in headers.items()},
        "queryStringParameters": query or None,
        "pathParameters": params,
        "requestContext": {
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1"},
            "requestId": "Jj5S-api-gateway",
            "routeKey": "%s %s" % (method, route) if route else "$default",
            "stage": "$default",
        },
        "body": body,
        "isBase64Encoded": False,
    }
{{/http}}
{{#alb}}
    from urllib.parse import quote

    # A load balancer neither routes to a template nor decodes: the path and query arrive as sent.
    return {
        "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1"}},
        "httpMethod": method,
        "path": quote(path),
        "queryStringParameters": {k: quote(v) for k, v in (query or {}).items()},
        "headers": {k.lower(): v for k, v in headers.items()},
        "body": body or "",
        "isBase64Encoded": False,
    }
{{/alb}}


def _path_params(route, path):
    pattern = "^%s$" % re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", route)
    match = re.match(pattern, path)
    assert match, "%s does not match the route %s" % (path, route)
    return match.groupdict() or None


class Reply:
    def __init__(self, result):
        self.raw = result
        self.status = result["statusCode"]
        self.headers = result.get("headers") or {}
        self.text = result.get("body") or ""

    def json(self):
        return json.loads(self.text)


@pytest.fixture
def app():
    """The entry point module: imported once, as Lambda imports it once per execution environment."""
    import lambda_function

    return lambda_function


@pytest.fixture
def call(app):
    """Sends one request through lambda_handler: call("GET", "/path", route="/path") -> Reply."""

    def send(method, path, route=None, **kwargs):
        return Reply(app.lambda_handler(make_event(method, path, route, **kwargs), FakeContext()))

    return send
{{#todo}}


@pytest.fixture
def table():
    """A mocked DynamoDB with the todo table, as {{deployFile}} declares it."""
    with mock_aws():
        created = DYNAMODB.create_table(
            TableName=os.environ["TABLE_NAME"],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield created
{{/todo}}
