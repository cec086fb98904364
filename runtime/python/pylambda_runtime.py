"""pylambda's Lambda runtime client: the Runtime API loop, standard library only (Python 3.9+).

Run through pylambda_bootstrap.py (`python pylambda_bootstrap.py`, the handler in _HANDLER) with
AWS_LAMBDA_RUNTIME_API set. What a handler observes (import errors, the context, marshalling, log lines)
follows the official client, awslambdaric, so that the same code behaves the same under either;
test/integration/runtime-parity*.test.ts check it. The context object is pylambda_context.py's, events and
results are read and written by pylambda_marshal.py; failures are reported by pylambda_errors.py.
"""

import os
import sys

import importlib

import pylambda_imports
from pylambda_context import LambdaContext
from pylambda_imports import errors as _errors
from pylambda_logging import install_logging, log_error, set_request_context
from pylambda_marshal import decode_event, down2, down4, json_header, to_json
from pylambda_runtime_api import RuntimeApi, background_probe, end_group, watch_parent

# The user's code dir comes first on sys.path, as /var/task does on Lambda; our own dir must not be there.
pylambda_imports.set_up_path()


# --- handler loading ----------------------------------------------------------------------------


def load_handler(name):
    try:
        module_name, function_name = name.rsplit(".", 1)
    except ValueError as e:
        raise _errors().Fault("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (name, e))
    try:
        if module_name.split(".")[0] in sys.builtin_module_names:
            raise _errors().Fault("Runtime.BuiltInModuleConflict",
                        "Cannot use built-in module %s as a handler module" % module_name)
        dotted = module_name.replace("/", ".")
        if "importtime" in sys._xoptions:
            # importlib.import_module goes around the C import that -X importtime times: the handler
            # module's own line (its top-level code) would be missing from `pylambda coldstart`'s profile.
            __import__(dotted)
            module = sys.modules[dotted]
        else:
            module = importlib.import_module(dotted)
    except ImportError as e:
        raise _errors().Fault("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise _errors().Fault("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, e), trace)
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise _errors().Fault("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))


def local_websocket_endpoint(handler):
    """A Chalice WebSocket handler's @connections client is for https://{apiId}.execute-api.{region}.amazonaws.com/{stage}
    (chalice/app.py, WebsocketAPI.configure_from_api_id), an endpoint_url given explicitly, which boto3 prefers to
    AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI. Under pylambda dev that variable is the local API's: set first, the
    endpoint stays (configure keeps one already set), and the app runs unchanged."""
    url = os.environ.get("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI")
    api = getattr(handler, "websocket_api", None) if url else None
    if api is not None and type(api).__name__ == "WebsocketAPI" and getattr(api, "_endpoint", "") is None:
        api._endpoint = url


# --- the loop ------------------------------------------------------------------------------------


def handle(handler, headers, body):
    """Runs one invocation; returns the Runtime API path, body and headers of its answer."""
    request_id = headers.get("lambda-runtime-aws-request-id", "")
    try:
        client_context = headers.get("lambda-runtime-client-context")
        cognito = headers.get("lambda-runtime-cognito-identity")
        context = LambdaContext(
            request_id,
            int(headers.get("lambda-runtime-deadline-ms") or 0),
            headers.get("lambda-runtime-invoked-function-arn"),
            json_header(client_context, "Client Context") if client_context else None,
            json_header(cognito, "Cognito Identity") if cognito else None,
            headers.get("lambda-runtime-aws-tenant-id"),
        )
        if headers.get("content-type", "application/json") == "application/json":
            try:
                try:
                    event = down4(decode_event, body)
                except RecursionError:
                    event = down2(_errors().decode_event_counting_ints, body)
            except Exception as e:
                raise _errors().Fault("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % _errors().unmarshal_reason(e))
        else:
            event = body
        result = handler(event, context)
        if isinstance(result, bytes):
            payload, content_type = result, "application/unknown"
        else:
            try:
                try:
                    text = down2(to_json, result)
                except TypeError as e:
                    # simplejson writes bytes keys as text; the standard library refuses them.
                    if not str(e).endswith(" not bytes"):
                        raise
                    text = to_json(_errors().simplejson_view(result))
                payload, content_type = text, "application/json"
            except Exception as e:
                raise _errors().Fault("Runtime.MarshalError", "Unable to marshal response: %s" % _errors().marshal_reason(e))
    except Exception as exc:
        error = _errors().error_from_exception(exc, request_id)
        log_error(error, to_json)
        headers = {"Content-Type": "application/json"}
        # awslambdaric sends no error type header with an invocation's error (Lambda reads the body's); ours
        # spares pylambda a parse where the header says the type as the body does (pylambda_errors.py,
        # header_says).
        if _errors().header_says(error["errorType"]):
            headers["Lambda-Runtime-Function-Error-Type"] = error["errorType"]
        return "/invocation/%s/error" % request_id, to_json(error).encode("utf-8"), headers
    if content_type == "application/json":
        # Outside of the marshalling, as awslambdaric encodes it as it posts it: from python3.12 on (no ASCII
        # escapes) a lone surrogate in the result ("\ud800") ends the runtime (Runtime.ExitError).
        payload = payload.encode("utf-8")
    return "/invocation/%s/response" % request_id, payload, {"Content-Type": content_type}


def main():
    watching = os.environ.pop("_PYLAMBDA_WATCH_PARENT", None) == "1"
    if not watching:
        return serve()
    watch_parent()
    try:
        serve()
    except ConnectionError:
        # pylambda went away with the Runtime API, killed outright. The main thread learns it from the socket
        # as the watcher learns it from stdin; exiting here first would kill the watcher (a daemon thread)
        # before it ended the group, leaving what the function started running.
        end_group(1)


def serve():
    api = RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"], os.environ.pop("_PYLAMBDA_RUNTIME_API_SOCKET", None))
    # From _HANDLER, not the command line: on Lambda sys.argv is ['/var/runtime/bootstrap.py'], and a module
    # that parses its arguments (argparse at import) finds none.
    handler_name = os.environ.get("_HANDLER", "")
    install_logging()
    background = background_probe()
    if "importtime" in sys._xoptions:
        # The runtime loads `resource` (with importlib.util) once the init is over (main loop), and `traceback`
        # and pylambda_errors when a handler raises; in a profile they would show up among the handler's or the
        # first invocation's imports, so they come before the markers there.
        import importlib.util  # noqa: F401
        import traceback  # noqa: F401

        _errors()

        # For `pylambda coldstart`: in -X importtime's stderr, the imports after this line are the handler's.
        sys.stderr.write("pylambda: importing the handler module\n")
    try:
        handler = load_handler(handler_name)
        local_websocket_endpoint(handler)
    except Exception as exc:
        _errors().report_init_error(api, exc, to_json, log_error)
    headers, body = api.next({"X-Pylambda-Background": background()})
    if "importtime" in sys._xoptions:
        # For `pylambda coldstart`: the imports after this line are the first invocation's (lazy ones).
        sys.stderr.write("pylambda: invoking the handler\n")
    # Loaded once the init phase is over, so that its ~0.3 ms count in no Init Duration, and privately: Lambda's
    # runtime never imports it, and a function's own resource.py must stay importable as `resource`.
    resource = pylambda_imports.private_import("resource")

    # The peak memory goes with each result: pylambda then need not read /proc/<pid>/status (~10 us) for
    # REPORT's Max Memory Used. ru_maxrss is in kB on Linux, in bytes on macOS.
    rss_unit = 1024 if sys.platform == "darwin" else 1
    getrusage, self_usage = resource.getrusage, resource.RUSAGE_SELF
    traced = "_X_AMZN_TRACE_ID" in os.environ
    while True:
        request_id = headers.get("lambda-runtime-aws-request-id", "")
        set_request_context(request_id, headers.get("lambda-runtime-aws-tenant-id"))
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
            traced = True
        elif traced:
            # Only after a traced invocation: popping a missing key costs a raised KeyError every time.
            os.environ.pop("_X_AMZN_TRACE_ID", None)
            traced = False
        path, payload, reply_headers = handle(handler, headers, body)
        reply_headers["X-Pylambda-Peak-Memory-Kb"] = "%d" % (getrusage(self_usage).ru_maxrss // rss_unit)
        reply_headers["X-Pylambda-Background"] = background()
        headers, body = api.post_and_next(path, payload, reply_headers)

