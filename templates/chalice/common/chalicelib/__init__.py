"""What every request of {{name}} needs: configuration checked at start-up, and JSON log lines.

Chalice packages this directory with app.py; everything at module level runs once per cold start.
"""

import json
import sys


class ConfigError(Exception):
    """A missing or invalid setting: raised at import, so the function fails its init with this message."""


class Config:
    """Settings from environment variables (.chalice/config.json sets them), read and checked once."""

{{#hello}}
    def __init__(self, greeting):
        self.greeting = greeting

    @classmethod
    def from_environ(cls, environ):
        greeting = environ.get("GREETING", "Hello").strip()
        if not greeting or len(greeting) > 40:
            raise ConfigError("GREETING must be 1 to 40 characters (it is set in .chalice/config.json)")
        return cls(greeting)
{{/hello}}
{{#todo}}
    def __init__(self, table_name):
        self.table_name = table_name

    @classmethod
    def from_environ(cls, environ):
        table_name = environ.get("TABLE_NAME", "").strip()
        if not table_name:
            raise ConfigError(
                "TABLE_NAME is not set: it names the DynamoDB table of the todos "
                "(.chalice/config.json sets it for local runs, .chalice/resources.json when deployed)"
            )
        return cls(table_name)
{{/todo}}


def request_fields(request):
    """What tells one request from another in the log: the path as sent, and the route it matched.

    Chalice's request.path is the route template (API Gateway's requestContext.resourcePath,
{{#hello}}
    "/hello/{name}"), the same for every name. The path as sent is the event's "path" ("/hello/Ada");
    requestContext.path holds it too, with the stage in front on API Gateway ("/api/hello/Ada"), and is
{{/hello}}
{{#todo}}
    "/todos/{todo_id}"), the same for every todo. The path as sent is the event's "path" ("/todos/42");
    requestContext.path holds it too, with the stage in front on API Gateway ("/api/todos/42"), and is
{{/todo}}
    all that Chalice's test client and local server send.
    """
    path = request.to_original_event().get("path") or request.context.get("path") or request.path
    fields = {"path": path, "route": request.path}
    if request.uri_params:
        fields["pathParameters"] = request.uri_params
    return fields


def log(level, event_type, request_id, **fields):
    """One JSON object per line: CloudWatch Logs Insights finds every field without a parse step."""
    record = {"level": level, "eventType": event_type, "requestId": request_id}
    record.update(fields)
    sys.stdout.write(json.dumps(record, default=str) + "\n")
    sys.stdout.flush()
