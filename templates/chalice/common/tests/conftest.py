"""Test set-up: the environment the app expects, and Chalice's test client.

The environment is set before app.py is imported: it reads its configuration at import, as it does in
Lambda. chalice.test.Client then sends requests through the app as API Gateway would.
"""

import json
import os

import pytest
from chalice.test import Client

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


@pytest.fixture
def app():
    """app.py: imported once, as Lambda imports it once per execution environment."""
    import app as module

    return module


@pytest.fixture
def client(app):
    with Client(app.app) as chalice_client:
        yield chalice_client


@pytest.fixture
def call(client):
    """Sends one request: {{#hello}}call("GET", "/hello/Ada"){{/hello}}{{#todo}}call("POST", "/todos", body={...}){{/todo}} -> Chalice's response (status_code, json_body)."""

    def send(method, path, body=None):
        headers = {}
        if body is not None and not isinstance(body, str):
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        return client.http.request(method, path, headers=headers, body=(body or "").encode("utf-8"))

    return send
{{#todo}}


@pytest.fixture
def table():
    """A mocked DynamoDB with the todo table, as .chalice/resources.json declares it."""
    with mock_aws():
        created = DYNAMODB.create_table(
            TableName=os.environ["TABLE_NAME"],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield created
{{/todo}}
