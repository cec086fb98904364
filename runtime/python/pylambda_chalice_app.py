"""What a Chalice app defines, read from the app itself: routes, binary types and its Lambda functions.

Standard library only, Python 3.9+, run by the project's own Python (the one with `chalice` installed):

    python pylambda_chalice_app.py PROJECT_DIR [--attribute app]

It imports `app.py` from PROJECT_DIR the way `chalice deploy` does (chalice/cli/factory.py,
`load_chalice_app`): the project directory first on sys.path, `vendor/` last, the stage's environment
variables already in the environment (the caller sets them), then `getattr(app_module, 'app')`.
It prints one JSON object on stdout and exits 0:

    {"ok": true, "chalice_version": "1.34.0", "python_version": "3.11.7",
     "lambda_python_version": "python3.11", "app_name": "demo",
     "routes": [{"path": "/users/{name}", "method": "GET", "view_name": "get_user",
                 "content_types": ["application/json"], "api_key_required": false,
                 "authorizer": null | {"name": "...", "type": "builtin|aws_iam|cognito_user_pools|custom",
                                       "function": "<a built-in one's function name>",
                                       "scopes": [...], "header": "Authorization", "provider_arns": [...]},
                 "cors": null | {"allow_origin": "*", "allow_headers": [...], "expose_headers": [...],
                                 "max_age": 600 | null, "allow_credentials": true | null}}],
     "binary_types": ["application/octet-stream", ...],
     "functions": [{"name": "worker", "kind": "lambda_function", "handler": "app.worker"},
                   {"name": "on_queue", "kind": "sqs", "handler": "app.on_queue", "queue": "jobs",
                    "queue_arn": null, "batch_size": 1, ...}, ...],
     "missing_feature_flags": []}

When the app cannot be imported or is not a Chalice app it prints {"ok": false, "error": {"phase":
"import" | "find_app" | "inspect", "type": ..., "message": ..., "traceback": ..., ...}} and exits 1:
the caller turns it into a message, never a bare traceback. Anything the app prints while it is
imported goes to stderr, so stdout holds the JSON alone.
"""

import json
import os
import sys
import traceback

SCRIPT = os.path.abspath(__file__)


IMPORTLIB = os.path.join("importlib", "__init__.py")


def _frames_outside_this_script(tb):
    """The traceback without this script's frames and importlib's, so it starts in the user's code."""
    frames = traceback.extract_tb(tb)
    return [f for f in frames if f.filename != SCRIPT and not f.filename.startswith("<frozen importlib")
            and not f.filename.endswith(IMPORTLIB)]


def _location(frames, project_dir):
    """The deepest frame in the project's own files (not vendor/): where the user should look."""
    for frame in reversed(frames):
        if frame.filename.startswith("<"):
            continue
        path = os.path.abspath(frame.filename)
        if path.startswith(project_dir + os.sep) and not path.startswith(os.path.join(project_dir, "vendor") + os.sep):
            return {"file": os.path.relpath(path, project_dir), "line": frame.lineno}
    return None


def _error(phase, exc, project_dir=None, **extra):
    tb_exc = traceback.TracebackException.from_exception(exc)
    frames = _frames_outside_this_script(exc.__traceback__)
    text = "".join(traceback.format_list(frames))
    text = ("Traceback (most recent call last):\n" + text if text else "") + "".join(tb_exc.format_exception_only())
    out = {"phase": phase, "type": type(exc).__name__, "message": str(exc), "traceback": text}
    location = _location(frames, project_dir) if project_dir else None
    if location:
        out["location"] = location
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        out["missing_module"] = exc.name
    if isinstance(exc, SyntaxError):
        out["message"] = exc.msg or str(exc)
        if exc.filename and project_dir and os.path.abspath(exc.filename).startswith(project_dir + os.sep):
            out["location"] = {"file": os.path.relpath(os.path.abspath(exc.filename), project_dir), "line": exc.lineno}
    if isinstance(exc, SystemExit):
        out["message"] = "the app called sys.exit(%r) while it was imported" % (exc.code,)
    out.update(extra)
    return out


def _schedule(expression):
    # chalice.app.Rate and Cron are ScheduleExpression objects; a string is used as written.
    to_string = getattr(expression, "to_string", None)
    return to_string() if callable(to_string) else str(expression)


def _cors(config):
    """CORSConfig as the headers Chalice sends (get_access_control_headers, its public API)."""
    if config is None:
        return None
    headers = config.get_access_control_headers()
    split = lambda value: [h for h in value.split(",") if h] if value else []  # noqa: E731
    max_age = headers.get("Access-Control-Max-Age")
    return {
        "allow_origin": headers.get("Access-Control-Allow-Origin", "*"),
        "allow_headers": split(headers.get("Access-Control-Allow-Headers")),
        "expose_headers": split(headers.get("Access-Control-Expose-Headers")),
        "max_age": int(max_age) if max_age is not None else None,
        "allow_credentials": True if headers.get("Access-Control-Allow-Credentials") == "true" else None,
    }


def _authorizer(auth):
    if auth is None:
        return None
    kind = type(auth).__name__
    if kind == "ChaliceAuthorizer":
        auth_type = "builtin"
    else:
        auth_type = getattr(auth, "_AUTH_TYPE", None) or kind
    out = {"name": str(getattr(auth, "name", kind)), "type": auth_type, "scopes": list(getattr(auth, "scopes", None) or [])}
    config = getattr(auth, "config", None) if auth_type == "builtin" else None
    if config is not None:
        # The Lambda function's name, set when the app registered it: a blueprint's name_prefix is in it, not in
        # auth.name (app.py `_register_authorizer`).
        out["function"] = config.name
    if auth_type == "cognito_user_pools":
        # What chalice deploy hands API Gateway (deploy/swagger.py calls to_swagger): the token's header, the pools.
        swagger = auth.to_swagger()
        out["header"] = swagger.get("name")
        out["provider_arns"] = list(swagger.get("x-amazon-apigateway-authorizer", {}).get("providerARNs") or [])
    return out


def _routes(app):
    out = []
    for path, methods in app.routes.items():
        for method, entry in methods.items():
            out.append({
                "path": path,
                "method": method,
                "view_name": entry.view_name,
                # The view's Python name: a blueprint registered with a name_prefix puts it in view_name, not here
                # (app.py `_do_register_handler`), and users know their view by its `def`.
                "python_name": getattr(entry.view_function, "__name__", None),
                "content_types": list(entry.content_types or []),
                "api_key_required": bool(entry.api_key_required),
                "authorizer": _authorizer(entry.authorizer),
                "cors": _cors(entry.cors),
            })
    return out


# Event source configs by class name (chalice/app.py), with the parameters Chalice deploys them with.
_EVENT_SOURCES = {
    "S3EventConfig": ("s3", ("bucket", "events", "prefix", "suffix")),
    "SNSEventConfig": ("sns", ("topic",)),
    "SQSEventConfig": ("sqs", ("queue", "queue_arn", "batch_size", "maximum_batching_window_in_seconds", "maximum_concurrency")),
    "KinesisEventConfig": ("kinesis", ("stream", "batch_size", "starting_position", "maximum_batching_window_in_seconds")),
    "DynamoDBEventConfig": ("dynamodb", ("stream_arn", "batch_size", "starting_position", "maximum_batching_window_in_seconds")),
    "CloudWatchEventConfig": ("cloudwatch_event", ("event_pattern",)),
    "ScheduledEventConfig": ("schedule", ("description",)),
}

# chalice/deploy/appgraph.py `_create_websocket_api_model`: fixed function names per route key.
_WEBSOCKET_FUNCTIONS = {"$connect": "websocket_connect", "$disconnect": "websocket_disconnect"}


def _functions(app):
    out = []
    for fn in getattr(app, "pure_lambda_functions", []):
        out.append({"name": fn.name, "kind": "lambda_function", "handler": fn.handler_string})
    for source in getattr(app, "event_sources", []):
        kind, params = _EVENT_SOURCES.get(type(source).__name__, (type(source).__name__, ()))
        item = {"name": source.name, "kind": kind, "handler": source.handler_string}
        for param in params:
            item[param] = getattr(source, param, None)
        if kind == "schedule":
            item["expression"] = _schedule(source.schedule_expression)
        out.append(item)
    for auth in getattr(app, "builtin_auth_handlers", []):
        out.append({"name": auth.name, "kind": "authorizer", "handler": auth.handler_string,
                    "ttl_seconds": auth.ttl_seconds, "header": auth.header})
    message_seen = False
    for route_key, handler in getattr(app, "websocket_handlers", {}).items():
        name = _WEBSOCKET_FUNCTIONS.get(route_key)
        if name is None:
            # Chalice deploys one message function, from the first remaining route key.
            if message_seen:
                continue
            message_seen = True
            name = "websocket_message"
        out.append({"name": name, "kind": "websocket", "handler": handler.handler_string, "route_key": route_key})
    return out


def _lambda_python_version():
    """The runtime `chalice deploy` would choose with this Python (chalice.config.Config)."""
    try:
        from chalice.config import Config
        return Config().lambda_python_version
    except Exception:  # an older or trimmed chalice: the caller maps the Python version itself
        return None


def describe(app):
    import chalice.app as chalice_app

    features = set(getattr(app, "_features_used", set()))
    opted_in = set(getattr(app, "experimental_feature_flags", set()))
    return {
        "ok": True,
        "chalice_version": getattr(chalice_app, "__version__", None),
        "python_version": "%d.%d.%d" % sys.version_info[:3],
        "lambda_python_version": _lambda_python_version(),
        "app_name": app.app_name,
        "routes": _routes(app),
        "binary_types": list(app.api.binary_types),
        "functions": _functions(app),
        "missing_feature_flags": sorted(features - opted_in),
    }


def load(project_dir, attribute):
    """Imports app.py as `chalice deploy` does; returns (app, None) or (None, error)."""
    script_dir = os.path.dirname(SCRIPT)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != script_dir]
    sys.path.insert(0, project_dir)
    vendor = os.path.join(project_dir, "vendor")
    if os.path.isdir(vendor):
        # Chalice appends vendor/ so locally installed packages win over Lambda-built ones in it.
        sys.path.append(vendor)
    os.chdir(project_dir)
    # Every chalice command sets it before it loads app.py, "so users can detect if we're running a Chalice CLI
    # command" (chalice/cli/__init__.py, _configure_cli_env_vars): an app that connects to what only Lambda reaches
    # unless it is set is read here without doing so.
    os.environ.setdefault("AWS_CHALICE_CLI_MODE", "true")
    try:
        import importlib
        module = importlib.import_module("app")
    except BaseException as exc:  # noqa: B902 - SystemExit and friends are the app's problem to report
        if isinstance(exc, KeyboardInterrupt):
            raise
        return None, _error("import", exc, project_dir)
    if not hasattr(module, attribute):
        names = sorted(n for n in vars(module) if not n.startswith("_"))
        return None, {"phase": "find_app", "type": "AttributeError",
                      "message": "app.py has no attribute %r (Chalice deploys app.%s)" % (attribute, attribute),
                      "traceback": "", "names": names}
    app = getattr(module, attribute)
    try:
        from chalice.app import Chalice
    except BaseException as exc:  # noqa: B902
        return None, _error("find_app", exc, project_dir)
    if not isinstance(app, Chalice):
        return None, {"phase": "find_app", "type": "TypeError",
                      "message": "app.%s is a %s, not a chalice.Chalice app" % (attribute, type(app).__name__),
                      "traceback": ""}
    return app, None


def main(argv):
    attribute = "app"
    args = list(argv)
    if "--attribute" in args:
        i = args.index("--attribute")
        if i + 1 >= len(args):
            sys.stderr.write("usage: pylambda_chalice_app.py PROJECT_DIR [--attribute NAME]\n")
            return 2
        attribute = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        sys.stderr.write("usage: pylambda_chalice_app.py PROJECT_DIR [--attribute NAME]\n")
        return 2
    project_dir = os.path.abspath(args[0])

    # Keep the real stdout for the JSON; whatever the app prints (even from C code) goes to stderr.
    sys.stdout.flush()
    result_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    app, error = load(project_dir, attribute)
    if app is not None:
        try:
            result = describe(app)
        except BaseException as exc:  # noqa: B902
            if isinstance(exc, KeyboardInterrupt):
                raise
            result, error = None, _error("inspect", exc, project_dir)
    if error is not None:
        result = {"ok": False, "error": error}
    sys.stderr.flush()
    with os.fdopen(result_fd, "w", encoding="utf-8") as out:
        json.dump(result, out, default=str)
        out.write("\n")
    return 0 if error is None else 1


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stderr.flush()
    # Not sys.exit: a thread the app started at import must not keep this process alive.
    os._exit(code)
