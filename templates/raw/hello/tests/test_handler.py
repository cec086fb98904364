"""The handler, called as Lambda calls it, with {{apiName}} events."""

import json

import pytest

from src.utils import Config, ConfigError


def test_hello(call):
    reply = call("GET", "/hello", route="/hello")
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/json"
    assert reply.json() == {"message": "Hello, world!"}


def test_hello_name(call):
    reply = call("GET", "/hello/Ada", route="/hello/{name}")
    assert reply.status == 200
    assert reply.json() == {"message": "Hello, Ada!"}


def test_hello_name_as_html_is_escaped(call):
    reply = call("GET", "/hello/O'Hara", route="/hello/{name}", query={"format": "html"})
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/html")
    assert reply.text == "<p>Hello, O&#x27;Hara!</p>"


@pytest.mark.parametrize("name", ["R2D2", "-Ada", "A" * 41])
def test_invalid_name_is_a_400(call, name):
    reply = call("GET", "/hello/%s" % name, route="/hello/{name}")
    assert reply.status == 400
    assert "name must be" in reply.json()["error"]


def test_unknown_format_is_a_400(call):
    reply = call("GET", "/hello/Ada", route="/hello/{name}", query={"format": "xml"})
    assert reply.status == 400
    assert reply.json() == {"error": "format must be json or html"}


def test_unknown_path_is_a_404(call):
    reply = call("GET", "/goodbye")
    assert reply.status == 404


def test_wrong_method_is_a_405(call):
    reply = call("DELETE", "/hello")
    assert reply.status == 405
    assert reply.headers["allow"] == "GET"


def test_unexpected_error_is_a_500_with_the_request_id_only(call, app, monkeypatch, capsys):
    def broken(request, config):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(app, "_ROUTES", [(pattern, method, route, broken) for pattern, method, route, _ in app._ROUTES])
    reply = call("GET", "/hello", route="/hello")
    assert reply.status == 500
    body = reply.json()
    assert body["requestId"] == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    assert "secret detail" not in reply.text
    logged = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    error = next(record for record in logged if record["eventType"] == "UNHANDLED_ERROR")
    assert error["errorMessage"] == "secret detail"
    assert "Traceback" in error["stackTrace"]


def test_each_request_logs_one_json_line_in_and_out(call, capsys):
    call("GET", "/hello", route="/hello")
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["eventType"] for r in records] == ["REQUEST", "RESPONSE"]
    for record in records:
        assert record["requestId"] == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
        assert record["path"] == "/hello"
    assert records[1]["status"] == 200


def test_config_is_checked_at_start_up():
    assert Config.from_environ({"GREETING": "Hi"}).greeting == "Hi"
    with pytest.raises(ConfigError, match="GREETING"):
        Config.from_environ({"GREETING": " "})
