"""The handler, called as Lambda calls it with {{apiName}} events, over a DynamoDB mocked by moto."""

import json

import pytest
from moto import mock_aws

from src.utils import Config, ConfigError

ITEM = "/todos/{todo_id}"


def create(call, title="Buy milk"):
    reply = call("POST", "/todos", route="/todos", body={"title": title})
    assert reply.status == 201, reply.text
    return reply.json()


def test_create_stores_the_item_in_dynamodb(call, table):
    created = create(call)
    assert created["title"] == "Buy milk"
    assert created["done"] is False
    assert table.get_item(Key={"id": created["id"]})["Item"] == created


def test_full_round_trip(call, table):
    created = create(call)
    path = "/todos/%s" % created["id"]

    listed = call("GET", "/todos", route="/todos")
    assert listed.status == 200
    assert listed.json() == {"items": [created]}

    got = call("GET", path, route=ITEM)
    assert got.status == 200
    assert got.json() == created

    updated = call("PATCH", path, route=ITEM, body={"done": True})
    assert updated.status == 200
    assert updated.json() == dict(created, done=True)

    deleted = call("DELETE", path, route=ITEM)
    assert deleted.status == 204
    assert deleted.text == ""
    assert "Item" not in table.get_item(Key={"id": created["id"]})
    assert call("GET", path, route=ITEM).status == 404


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
    reply = call("POST", "/todos", route="/todos", body=body)
    assert reply.status == 400
    assert message in reply.json()["error"]
    assert table.scan()["Items"] == []


def test_empty_update_is_a_400(call, table):
    created = create(call)
    reply = call("PATCH", "/todos/%s" % created["id"], route=ITEM, body={})
    assert reply.status == 400


@pytest.mark.parametrize("method, body", [("GET", None), ("PATCH", {"done": True}), ("DELETE", None)])
def test_missing_item_is_a_404(call, table, method, body):
    reply = call(method, "/todos/nope", route=ITEM, body=body)
    assert reply.status == 404
    assert reply.json() == {"error": "Todo nope not found"}
    assert table.scan()["Items"] == []


def test_dynamodb_failure_is_a_500_with_the_request_id_only(call, capsys):
    with mock_aws():  # no table: DynamoDB answers ResourceNotFoundException
        reply = call("GET", "/todos", route="/todos")
    assert reply.status == 500
    assert reply.json() == {"error": "Internal server error", "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"}
    logged = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    error = next(record for record in logged if record["eventType"] == "UNHANDLED_ERROR")
    assert error["errorType"] == "ResourceNotFoundException"
    assert error["path"] == "/todos"


def test_config_is_checked_at_start_up():
    assert Config.from_environ({"TABLE_NAME": "t"}).table_name == "t"
    with pytest.raises(ConfigError, match="TABLE_NAME is not set"):
        Config.from_environ({})
