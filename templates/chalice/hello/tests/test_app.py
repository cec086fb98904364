"""The app, called through Chalice's test client as API Gateway would call it."""

import json

import pytest

from chalicelib import Config, ConfigError


def test_hello(call):
    response = call("GET", "/hello")
    assert response.status_code == 200
    assert response.json_body == {"message": "Hello, world!"}


def test_hello_name(call):
    response = call("GET", "/hello/Ada")
    assert response.status_code == 200
    assert response.json_body == {"message": "Hello, Ada!"}


def test_hello_name_as_html_is_escaped(call):
    response = call("GET", "/hello/O'Hara?format=html")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.body == b"<p>Hello, O&#x27;Hara!</p>"


@pytest.mark.parametrize("name", ["R2D2", "-Ada", "A" * 41])
def test_invalid_name_is_a_400(call, name):
    response = call("GET", "/hello/%s" % name)
    assert response.status_code == 400
    assert "name must be" in response.json_body["Message"]


def test_unknown_format_is_a_400(call):
    response = call("GET", "/hello/Ada?format=xml")
    assert response.status_code == 400
    assert response.json_body["Message"] == "format must be json or html"


def test_wrong_method_is_a_405(call):
    assert call("DELETE", "/hello").status_code == 405


def test_unexpected_error_is_a_500_with_the_request_id_only(call, app, monkeypatch, capsys):
    def broken(config, name=None):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(app, "greeting", broken)
    response = call("GET", "/hello")
    assert response.status_code == 500
    assert b"secret detail" not in response.body
    logged = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert response.json_body["RequestId"] == logged[0]["requestId"]
    assert [record["eventType"] for record in logged] == ["REQUEST", "RESPONSE"]
    assert logged[1]["status"] == 500


def test_each_request_logs_one_json_line_in_and_out(call, capsys):
    call("GET", "/hello")
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert [r["eventType"] for r in records] == ["REQUEST", "RESPONSE"]
    assert all(r["path"] == "/hello" and r["route"] == "/hello" and r["requestId"] for r in records)
    assert records[1]["status"] == 200


def test_the_log_has_the_path_as_sent_and_the_route_it_matched(call, capsys):
    call("GET", "/hello/Ada")
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert [(r["path"], r["route"], r["pathParameters"]) for r in records] == [("/hello/Ada", "/hello/{name}", {"name": "Ada"})] * 2


def test_config_is_checked_at_start_up():
    assert Config.from_environ({"GREETING": "Hi"}).greeting == "Hi"
    with pytest.raises(ConfigError, match="GREETING"):
        Config.from_environ({"GREETING": ""})
