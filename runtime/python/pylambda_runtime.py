"""pylambda's Lambda runtime client: the Runtime API loop, standard library only (Python 3.9+).

Run through pylambda_bootstrap.py (`python pylambda_bootstrap.py`, the handler in _HANDLER) with
AWS_LAMBDA_RUNTIME_API set. What a handler observes (import errors, the context, marshalling, log lines)
follows the official client, awslambdaric, so that the same code behaves the same under either;
test/integration/runtime-parity*.test.ts check it. The context object is pylambda_context.py's; failures are
reported by pylambda_errors.py.
"""

import os
import sys

import importlib
import json

import pylambda_imports
from pylambda_context import LambdaContext
from pylambda_logging import install_logging, log_error, set_request_context
# watch_parent and end_group are here for pylambda_moto.py too.
from pylambda_runtime_api import RuntimeApi, background_probe, end_group, watch_parent

_DIR = os.path.dirname(os.path.abspath(__file__))
# The user's code dir comes first on sys.path, as /var/task does on Lambda; our own dir must not be there.
pylambda_imports.set_up_path()


def _errors():
    """pylambda_errors, imported at the first failure from our dir, on sys.path for that moment only."""
    module = sys.modules.get("pylambda_errors")
    if module is None:
        sys.path.insert(0, _DIR)
        try:
            import pylambda_errors as module
        finally:
            sys.path.remove(_DIR)
    return module


# awslambdaric emits non-ASCII characters as is from python3.12 on, and \u escapes before.
_ENSURE_ASCII = os.environ.get("AWS_EXECUTION_ENV") not in {
    "AWS_Lambda_python3.12",
    "AWS_Lambda_python3.13",
    "AWS_Lambda_python3.14",
    "AWS_Lambda_python3.15",
}


class Fault(Exception):
    """A failure the runtime reports with a Lambda error type rather than the exception's class."""

    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace


# --- JSON with exact Decimals --------------------------------------------------------------------

_MARK = "\x00pylambda-decimal-%x-" % os.getpid()


class _Encoder(json.JSONEncoder):
    """Keeps Decimal exact (DynamoDB hands them out) by emitting a placeholder, swapped afterwards."""

    def __init__(self):
        super().__init__(ensure_ascii=_ENSURE_ASCII, allow_nan=True)
        self.raw = []

    def default(self, o):
        # What awslambdaric's simplejson does with what the standard library cannot write (only those come
        # here): bytes are the UTF-8 text they hold (its encoding='utf-8'), an object with an _asdict()
        # method is that dict (namedtuple_as_object; a namedtuple is a tuple to the C encoder and never comes
        # here: see _asdict_inside), a Decimal (subclasses too) is written exactly.
        if isinstance(o, bytes):
            return o.decode("utf-8")
        if callable(getattr(o, "_asdict", None)):
            fields = _errors().asdict_fields(o)
            if fields is not None:
                return _errors().simplejson_view(fields)
        # decimal is looked up, not imported: the runtime does not pay for it at every cold start, and a
        # Decimal exists only once it was imported.
        decimal = sys.modules.get("decimal")
        if decimal is not None and isinstance(o, decimal.Decimal):
            if o.is_nan():
                return float("nan")
            self.raw.append(str(o))
            return "%s%d\x00" % (_MARK, len(self.raw) - 1)
        return super().default(o)


_ENCODER = _Encoder()


def _c_encoder():
    """The C encoder that JSONEncoder.encode builds anew at every call (json.encoder.iterencode), built once:
    a microsecond of every invocation. None where the _json accelerator is missing or works otherwise."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    e = _ENCODER
    try:
        encode = make({}, e.default, json.encoder.encode_basestring_ascii if e.ensure_ascii else json.encoder.encode_basestring,
                      e.indent, e.key_separator, e.item_separator, e.sort_keys, e.skipkeys, e.allow_nan)
        sample = {"a": [1, 2.5, None, True, "\u00e9\n"], "b": {}}
        if "".join(encode(sample, 0)) != e.encode(sample):
            return None
    except Exception:
        return None
    return encode


_C_ENCODE = _c_encoder()


def to_json(obj):
    global _C_ENCODE
    encoder = _ENCODER
    encoder.raw = []
    if _C_ENCODE is None:
        text = encoder.encode(obj)
    else:
        try:
            text = "".join(_C_ENCODE(obj, 0))
        except BaseException:
            # A failed encode can leave objects in the encoder's circular-reference markers: new ones, then.
            _C_ENCODE = _c_encoder()
            raise
    if "[" in text and _asdict_inside(obj):
        return to_json(_errors().simplejson_view(obj))
    for index, raw in enumerate(encoder.raw):
        text = text.replace(json.dumps("%s%d\x00" % (_MARK, index)), raw, 1)
    return text


_SCALARS = frozenset((str, int, float, bool, type(None)))


def _asdict_inside(obj):
    """Whether obj holds a list, tuple or dict of a class with an _asdict() method, a namedtuple above all:
    simplejson (namedtuple_as_object) writes it as the object _asdict() returns, the standard library's C
    encoder as the list or object it is. Only a result whose JSON has an array is looked through (a
    namedtuple was written as one), the containers only, without calling anything: what warm invocations
    pay is one search of the text. A dict subclass with _asdict() in a result without arrays goes unseen."""
    stack = [obj]
    pop, push, scalars = stack.pop, stack.append, _SCALARS
    while stack:
        o = pop()
        kind = type(o)
        if kind is dict:
            items = o.values()
        elif kind is list or kind is tuple:
            items = o
        elif isinstance(o, (list, tuple, dict)):
            if callable(getattr(o, "_asdict", None)):
                return True
            items = o.values() if isinstance(o, dict) else o
        else:
            continue
        for item in items:
            if type(item) not in scalars:
                push(item)
    return False


# --- the event and the headers ------------------------------------------------------------------


class _Constant(Exception):
    """NaN, Infinity or -Infinity in an event (see _decode_event)."""


def _reject_constant(name):
    raise _Constant(name)


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_scan, _space = _DECODER.scan_once, json.decoder.WHITESPACE.match


def _decode_event(body, scan=_scan):
    """An event as awslambdaric's simplejson.loads reads it: strict UTF-8 (no UTF-16/32 guess, no lone
    surrogates, as json.loads(bytes) allows), a leading BOM skipped, and no NaN or Infinity (simplejson
    >= 3.19 refuses them). When the document fills the text exactly, as pylambda's events do, the C scanner
    alone reads it, without JSONDecoder.decode's two whitespace matches; anything else takes decode's path."""
    text = body.decode("utf-8")
    try:
        try:
            value, end = scan(text, 0)
            if end == len(text):
                return value
        except _Constant:
            raise
        except Exception:
            pass
        # JSONDecoder.decode and raw_decode, from after the BOM, the scanner called from this same frame: a
        # nesting too deep is refused at the same depth as on the first try (see _down1).
        try:
            value, end = scan(text, _space(text, 1 if text[:1] == "\ufeff" else 0).end())
        except StopIteration as e:
            raise json.JSONDecodeError("Expecting value", text, e.value) from None
        end = _space(text, end).end()
        if end != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
        return value
    except _Constant:
        raise _errors().constant_error(text) from None


def _json_header(value, what):
    if not value:
        return None
    try:
        return json.loads(value)
    except Exception as e:
        raise Fault("Runtime.LambdaContextUnmarshalError", "Unable to parse %s JSON: %s" % (what, e))


# awslambdaric reads an event three Python frames further down the stack than handle() calls _decode_event
# (LambdaMarshaller.unmarshal_request -> simplejson.loads -> JSONDecoder.decode -> raw_decode), and writes a
# result two further than to_json (marshal_response -> JSONEncoder.encode -> iterencode). Up to Python 3.11 the
# C scanner's and encoder's nesting counts against the same recursion limit as the frames above, so an event
# or a result nested some 990 deep is refused at the same depth only when read and written as deep in the
# stack (runtime-parity-handlers.test.ts). simplejson's scanner also calls int() for each integer, one level
# more where one is innermost: an event is first read a frame deeper still, which refuses all simplejson
# refuses, and only one refused so is read again as simplejson counts (decode_event_counting_ints). Lambdas
# chained rather than one recursive function: some 20 ns a frame rather than 200.
_down1 = lambda fn, arg: fn(arg)  # noqa: E731
_down2 = lambda fn, arg: _down1(fn, arg)  # noqa: E731
_down3 = lambda fn, arg: _down2(fn, arg)  # noqa: E731
_down4 = lambda fn, arg: _down3(fn, arg)  # noqa: E731


# --- handler loading ----------------------------------------------------------------------------


def load_handler(name):
    try:
        module_name, function_name = name.rsplit(".", 1)
    except ValueError as e:
        raise Fault("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (name, e))
    try:
        if module_name.split(".")[0] in sys.builtin_module_names:
            raise Fault("Runtime.BuiltInModuleConflict",
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
        raise Fault("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise Fault("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, e), trace)
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise Fault("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))


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
            _json_header(client_context, "Client Context") if client_context else None,
            _json_header(cognito, "Cognito Identity") if cognito else None,
            headers.get("lambda-runtime-aws-tenant-id"),
        )
        if headers.get("content-type", "application/json") == "application/json":
            try:
                try:
                    event = _down4(_decode_event, body)
                except RecursionError:
                    event = _down2(_errors().decode_event_counting_ints, body)
            except Exception as e:
                raise Fault("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % _errors().unmarshal_reason(e))
        else:
            event = body
        result = handler(event, context)
        if isinstance(result, bytes):
            payload, content_type = result, "application/unknown"
        else:
            try:
                try:
                    text = _down2(to_json, result)
                except TypeError as e:
                    # simplejson writes bytes keys as text; the standard library refuses them.
                    if not str(e).endswith(" not bytes"):
                        raise
                    text = to_json(_errors().simplejson_view(result))
                payload, content_type = text, "application/json"
            except Exception as e:
                raise Fault("Runtime.MarshalError", "Unable to marshal response: %s" % _errors().marshal_reason(e))
    except Exception as exc:
        error = _errors().error_from_exception(exc, request_id)
        log_error(error, to_json)
        headers = {"Content-Type": "application/json"}
        # awslambdaric sends no error type header with an invocation's error (Lambda reads the body's); ours
        # spares pylambda a parse, but an HTTP header is Latin-1: a class named in other letters (class
        # Ошибка) is left to the body rather than failing the post.
        if error["errorType"].isascii():
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

