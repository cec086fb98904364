"""The app, called through Chalice's test client as API Gateway would call it, over a DynamoDB mocked by moto."""

import json

import pytest
from moto import mock_aws

from chalicelib import Config, ConfigError, request_fields


def create(call, title="Buy milk"):
    response = call("POST", "/todos", body={"title": title})
    assert response.status_code == 201, response.body
    return response.json_body


def test_create_stores_the_item_in_dynamodb(call, table):
    created = create(call)
    assert created["title"] == "Buy milk"
    assert created["done"] is False
    assert table.get_item(Key={"id": created["id"]})["Item"] == created


def test_full_round_trip(call, table):
    created = create(call)
    path = "/todos/%s" % created["id"]

    listed = call("GET", "/todos")
    assert listed.status_code == 200
    assert listed.json_body == {"items": [created]}

    got = call("GET", path)
    assert got.status_code == 200
    assert got.json_body == created

    updated = call("PATCH", path, body={"done": True})
    assert updated.status_code == 200
    assert updated.json_body == dict(created, done=True)

    deleted = call("DELETE", path)
    assert deleted.status_code == 204
    assert "Item" not in table.get_item(Key={"id": created["id"]})
    assert call("GET", path).status_code == 404


@pytest.mark.parametrize(
    "body, message",
    [
        ({}, "Missing field(s): title"),
        ({"title": ""}, "title must be"),
        ({"title": "x" * 201}, "title must be"),
        ({"title": "ok", "done": "yes"}, "done must be true or false"),
        ({"title": "ok", "owner": "me"}, "Unknown field(s): owner"),
        ("not json", "The body must be a JSON object"),
        ([1, 2], "The body must be a JSON object"),
    ],
)
def test_invalid_input_is_a_400(call, table, body, message):
    response = call("POST", "/todos", body=body)
    assert response.status_code == 400
    assert message in response.json_body["Message"]
    assert table.scan()["Items"] == []


def test_empty_update_is_a_400(call, table):
    created = create(call)
    assert call("PATCH", "/todos/%s" % created["id"], body={}).status_code == 400


@pytest.mark.parametrize("method, body", [("GET", None), ("PATCH", {"done": True}), ("DELETE", None)])
def test_missing_item_is_a_404(call, table, method, body):
    response = call(method, "/todos/nope", body=body)
    assert response.status_code == 404
    assert response.json_body["Message"] == "Todo nope not found"
    assert table.scan()["Items"] == []


def test_dynamodb_failure_is_a_500_with_the_request_id_only(call, capsys):
    with mock_aws():  # no table: DynamoDB answers ResourceNotFoundException
        response = call("GET", "/todos")
    assert response.status_code == 500
    assert set(response.json_body) == {"Code", "Message", "RequestId"}
    assert b"ResourceNotFound" not in response.body
    logged = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert response.json_body["RequestId"] == logged[-1]["requestId"]
    assert logged[-1]["status"] == 500


def test_each_request_logs_its_path_route_and_id(call, table, capsys):
    created = create(call)
    path = "/todos/%s" % created["id"]
    capsys.readouterr()
    call("GET", path)
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert [r["eventType"] for r in records] == ["REQUEST", "RESPONSE"]
    for record in records:
        # The path as sent tells which todo failed; the route groups the requests of one endpoint.
        assert record["path"] == path
        assert record["route"] == "/todos/{todo_id}"
        assert record["pathParameters"] == {"todo_id": created["id"]}
        assert record["requestId"]
    assert records[0]["method"] == "GET"
    assert records[1]["status"] == 200


def test_logged_path_is_the_one_api_gateway_received():
    """API Gateway's event has the path below the stage; requestContext.path has the stage in front."""
    from chalice.app import Request

    event = {
        "path": "/todos/42",
        "httpMethod": "GET",
        "headers": {},
        "multiValueQueryStringParameters": None,
        "pathParameters": {"todo_id": "42"},
        "stageVariables": None,
        "requestContext": {"resourcePath": "/todos/{todo_id}", "path": "/api/todos/42", "httpMethod": "GET", "stage": "api"},
        "body": None,
        "isBase64Encoded": False,
    }
    assert request_fields(Request(event)) == {"path": "/todos/42", "route": "/todos/{todo_id}", "pathParameters": {"todo_id": "42"}}


def test_config_is_checked_at_start_up():
    assert Config.from_environ({"TABLE_NAME": "t"}).table_name == "t"
    with pytest.raises(ConfigError, match="TABLE_NAME is not set"):
        Config.from_environ({})
