"""The plumbing every request needs: configuration, {{apiName}} events in and out, errors, logs.

Everything at module level runs once per execution environment, during the cold start.
"""

import json
import re
import sys
{{#alb}}
from http import HTTPStatus
from urllib.parse import unquote, unquote_plus
{{/alb}}
{{#rest}}
from urllib.parse import unquote
{{/rest}}
{{#todo}}
from decimal import Decimal
{{/todo}}


class ConfigError(Exception):
    """A missing or invalid setting: raised at import, so the function fails its init with this message."""


class Config:
    """Settings from environment variables, read and checked once, at start-up."""

{{#hello}}
    def __init__(self, greeting):
        self.greeting = greeting

    @classmethod
    def from_environ(cls, environ):
        greeting = environ.get("GREETING", "Hello").strip()
        if not greeting or len(greeting) > 40:
            raise ConfigError("GREETING must be 1 to 40 characters (it is set in {{deployFile}})")
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
                "({{deployFile}} sets it to the TodoTable resource)"
            )
        return cls(table_name)
{{/todo}}


class HttpError(Exception):
    """An error the client caused; its message goes back in the response body."""

    status = 500

    def __init__(self, message, headers=None):
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class BadRequest(HttpError):
    status = 400


class NotFound(HttpError):
    status = 404


class MethodNotAllowed(HttpError):
    status = 405


class Request:
    """The parts of an {{apiName}} event the handlers use."""

    def __init__(self, method, path, route, params, query, headers, body, request_id):
        self.method = method
        self.path = path
        # The route template ("/items/{id}") when the front door routed the request, else None.
        self.route = route
        self.params = params
        self.query = query
        self.headers = headers
        self.body = body
        self.request_id = request_id

    def json(self):
        """The body as a JSON object, or a 400."""
        try:
            data = json.loads(self.body or "")
        except (ValueError, RecursionError):
            # RecursionError: JSON nested too deep for the parser is bad input too, not a server error.
            raise BadRequest("The body must be a JSON object")
        if not isinstance(data, dict):
            raise BadRequest("The body must be a JSON object")
        return data


class Response:
    def __init__(self, status, body=None, headers=None):
        self.status = status
        self.body = body
        self.headers = headers or {}


def parse_request(event, context):
    """Reads an {{eventFormat}} event."""
{{#rest}}
    method = event["httpMethod"]
    path = event.get("path") or "/"
    route = event.get("resource")
    # A REST API hands path parameters over as they were sent, still percent-encoded ("Mary%20Jane").
    params = {k: unquote(v) for k, v in (event.get("pathParameters") or {}).items()}
    query = event.get("queryStringParameters") or {}
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
{{/rest}}
{{#http}}
    http = event["requestContext"]["http"]
    method = http["method"]
    path = http.get("path") or "/"
    # "{{#hello}}GET /hello/{name}{{/hello}}{{#todo}}GET /todos/{todo_id}{{/todo}}", or "$default" for the catch-all route.
    route_key = event.get("routeKey") or ""
    route = route_key.split(" ", 1)[1] if " " in route_key else None
    params = event.get("pathParameters") or {}
    # Payload 2.0 joins repeated query parameters with commas and lower-cases header names.
    query = event.get("queryStringParameters") or {}
    headers = event.get("headers") or {}
{{/http}}
{{#alb}}
    method = event["httpMethod"]
    # The load balancer passes the path and the query string as the client sent them, not decoded.
    path = unquote(event.get("path") or "/")
    route = None
    params = {}
    query = {k: unquote_plus(v) for k, v in (event.get("queryStringParameters") or {}).items()}
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
{{/alb}}
    body = event.get("body")
    if body and event.get("isBase64Encoded"):
        # Only binary bodies arrive base64-encoded: the decoder is imported when one does.
        import base64

        body = base64.b64decode(body).decode("utf-8", errors="replace")
    return Request(method, path, route, params, query, headers, body, context.aws_request_id)


def to_event_response(response):
    """The response object the {{apiName}} expects from the function."""
    headers = dict(response.headers)
    if response.body is None:
        body = ""
    elif isinstance(response.body, str):
        body = response.body
        headers.setdefault("content-type", "text/plain; charset=utf-8")
    else:
        body = json.dumps(response.body{{#todo}}, default=_json_number{{/todo}})
        headers.setdefault("content-type", "application/json")
    result = {"statusCode": response.status, "headers": headers, "body": body, "isBase64Encoded": False}
{{#alb}}
    # A load balancer needs the status line's text as well.
    result["statusDescription"] = "%d %s" % (response.status, HTTPStatus(response.status).phrase)
{{/alb}}
    return result
{{#todo}}


def _json_number(value):
    """DynamoDB returns numbers as Decimal, which json cannot write."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError("%r is not JSON serializable" % (value,))
{{/todo}}


def error_response(error):
    return Response(error.status, {"error": error.message}, error.headers)


def compile_routes(routes):
    """{(method, "/items/{id}"): handler} -> matchers, built once at import."""
    compiled = []
    for (method, template), handler in routes.items():
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
        compiled.append((re.compile("^%s$" % pattern), method, template, handler))
    return compiled


def find_handler(compiled, request):
    """The handler of a request and its path parameters; 404 or 405 when there is none.

    The route the front door matched decides when it is one of ours; otherwise (a catch-all route such
    as /{proxy+}, a load balancer, a hand-made event) the path does.
    """
    by_route = request.route is not None and any(template == request.route for _, _, template, _ in compiled)
    allowed = []
    for pattern, method, template, handler in compiled:
        if by_route:
            if template != request.route:
                continue
            params = request.params
        else:
            match = pattern.match(request.path)
            if not match:
                continue
            params = match.groupdict()
        if method == request.method:
            return handler, params
        allowed.append(method)
    if allowed:
        raise MethodNotAllowed("%s is not allowed here" % request.method, {"allow": ", ".join(sorted(allowed))})
    raise NotFound("No route for %s %s" % (request.method, request.path))


def log(level, event_type, request_id, path, **fields):
    """One JSON object per line: CloudWatch Logs Insights finds every field without a parse step."""
    record = {"level": level, "eventType": event_type, "requestId": request_id, "path": path}
    record.update(fields)
    sys.stdout.write(json.dumps(record, default=str) + "\n")
    sys.stdout.flush()
