"""pylambda's Lambda runtime client: the Runtime API loop, standard library only (Python 3.9+).

Run through pylambda_bootstrap.py (`python -u pylambda_bootstrap.py module.function`) with
AWS_LAMBDA_RUNTIME_API set. What a
handler observes (import errors, the context, marshalling, log lines) follows the official client,
awslambdaric, so that the same code behaves the same under either; test/runtime-parity checks it.
"""

import os
import sys

import importlib
import json
import time

from pylambda_logging import install_logging, log_error, set_request_context
from pylambda_runtime_api import RuntimeApi

_SCRIPT = os.path.abspath(__file__)
# The user's code dir comes first on sys.path, as /var/task does on Lambda; our own dir must not be there.
sys.path[0] = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()

_UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function change, or can be "
    "applied automatically. To determine if the runtime has been updated, check the runtime version in the "
    "INIT_START log entry. If this error correlates with a change in the runtime version, you may be able to "
    "mitigate this error by temporarily rolling back to the previous runtime version. For more information, "
    "see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r"
)
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
        # Checked by name so that the runtime does not pay for importing decimal at every cold start.
        if type(o).__name__ == "Decimal" and type(o).__module__ in ("decimal", "_decimal", "_pydecimal"):
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
    for index, raw in enumerate(encoder.raw):
        text = text.replace(json.dumps("%s%d\x00" % (_MARK, index)), raw, 1)
    return text


# --- the context object --------------------------------------------------------------------------


class _Slots:
    __slots__ = ()

    def __init__(self, values):
        for field in self.__slots__:
            setattr(self, field, values.get(field))

    def __repr__(self):
        fields = ",".join("%s=%s" % (f, getattr(self, f)) for f in self.__slots__)
        return "%s([%s])" % (type(self).__name__, fields)


class CognitoIdentity(_Slots):
    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")


class Client(_Slots):
    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")


class ClientContext(_Slots):
    __slots__ = ("custom", "env", "client")


class LambdaContext:
    # The environment's constants, read once at start rather than at every invocation.
    log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
    log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
    function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
    memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
    function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")

    def __init__(self, request_id, deadline_ms, function_arn, client_context, cognito, tenant_id):
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.tenant_id = tenant_id
        self.client_context = None
        if client_context is not None:
            client_context.pop("w3c", None)
            self.client_context = ClientContext(client_context)
            if self.client_context.client is not None:
                self.client_context.client = Client(self.client_context.client)
        self.identity = CognitoIdentity(_NO_IDENTITY if cognito is None else {
            "cognito_identity_id": cognito.get("cognitoIdentityId"),
            "cognito_identity_pool_id": cognito.get("cognitoIdentityPoolId"),
        })
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        names = ("aws_request_id", "log_group_name", "log_stream_name", "function_name", "memory_limit_in_mb",
                 "function_version", "invoked_function_arn", "client_context", "identity", "tenant_id")
        return "LambdaContext([%s])" % ",".join("%s=%s" % (n, getattr(self, n)) for n in names)


_NO_IDENTITY = {}
_DECODER = json.JSONDecoder()
_decode, _scan = _DECODER.decode, _DECODER.scan_once


def _decode_event(text):
    """JSONDecoder.decode without its two whitespace matches (Python code around the C scanner) when the
    document fills the text exactly, as pylambda's events do. Anything else takes decode's own path, errors too."""
    try:
        value, end = _scan(text, 0)
    except Exception:
        return _decode(text)
    return value if end == len(text) else _decode(text)

_UTF8_STARTS = (b"{", b"[")


def _json_header(value, what):
    if not value:
        return None
    try:
        return json.loads(value)
    except Exception as e:
        raise Fault("Runtime.LambdaContextUnmarshalError", "Unable to parse %s JSON: %s" % (what, e))


# --- handler loading and errors ------------------------------------------------------------------


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


def make_error(message, error_type, trace, request_id=""):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id,
        "stackTrace": trace or [],
    }


def error_from_exception(exc, request_id=""):
    if isinstance(exc, Fault):
        return make_error(exc.message, exc.error_type, exc.trace, request_id)
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    # The user sees their own frames, not the runtime's loop that called them.
    while frames and frames[0].filename == _SCRIPT:
        frames = frames[1:]
    trace = traceback.format_list([(f.filename, f.lineno, f.name, f.line) for f in frames])
    return make_error(str(exc), type(exc).__name__, trace, request_id)


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
                # What json.loads does with bytes, without its guess at the encoding when the first two
                # bytes say UTF-8 (a JSON object or array, as nearly every event is).
                if body[:1] in _UTF8_STARTS and body[1:2] != b"\x00":
                    event = _decode_event(body.decode("utf-8", "surrogatepass"))
                else:
                    event = json.loads(body)
            except Exception as e:
                raise Fault("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % e)
        else:
            event = body
        result = handler(event, context)
        if isinstance(result, bytes):
            payload, content_type = result, "application/unknown"
        else:
            try:
                payload, content_type = to_json(result).encode("utf-8"), "application/json"
            except Exception as e:
                raise Fault("Runtime.MarshalError", "Unable to marshal response: %s" % e)
    except Exception as exc:
        error = error_from_exception(exc, request_id)
        log_error(error, to_json)
        return ("/invocation/%s/error" % request_id, to_json(error).encode("utf-8"),
                {"Lambda-Runtime-Function-Error-Type": error["errorType"], "Content-Type": "application/json"})
    return "/invocation/%s/response" % request_id, payload, {"Content-Type": content_type}


def watch_parent(exit_code=1):
    """Exit when pylambda goes away, even if it was killed: our stdin is its pipe and reaches EOF.

    The pipe moves to a descriptor of its own and stdin becomes /dev/null, so that a handler (or a
    program it starts) reading stdin gets end-of-file at once, as on Lambda, instead of waiting on
    pylambda's pipe. At EOF the whole process group goes, not only this process: pylambda starts the
    runtime as the leader of a group of its own, and what the function started (a `sleep` in a
    subprocess) would otherwise outlive it. pylambda_moto.py uses it too."""
    import threading

    pipe = os.dup(0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)

    def watch():
        try:
            while os.read(pipe, 4096):
                pass
        finally:
            end_group(exit_code)

    threading.Thread(target=watch, name="pylambda-parent-watch", daemon=True).start()


def end_group(exit_code):
    """pylambda is gone: this process goes, and with it the group it leads (what the function started)."""
    if hasattr(os, "killpg") and os.getpgrp() == os.getpid():
        import signal

        os.killpg(0, signal.SIGKILL)
    os._exit(exit_code)


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
    handler_name = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("_HANDLER", "")
    install_logging()
    if "importtime" in sys._xoptions:
        # The runtime imports `resource` once the init is over (main loop), and `traceback` when a handler
        # raises; in a profile they would show up among the handler's or the first invocation's imports,
        # so they come before the markers there.
        import resource  # noqa: F401
        import traceback  # noqa: F401

        # For `pylambda coldstart`: in -X importtime's stderr, the imports after this line are the handler's.
        sys.stderr.write("pylambda: importing the handler module\n")
    try:
        handler = load_handler(handler_name)
    except Exception as exc:
        error = error_from_exception(exc)
        import logging

        logging.warning(_UNHANDLED_WARNING)
        log_error(error, to_json)
        api.post("/init/error", to_json(error).encode("utf-8"),
                 {"Lambda-Runtime-Function-Error-Type": error["errorType"]})
        sys.exit(1)
    headers, body = api.next()
    if "importtime" in sys._xoptions:
        # For `pylambda coldstart`: the imports after this line are the first invocation's (lazy ones).
        sys.stderr.write("pylambda: invoking the handler\n")
    # Imported once the init phase is over, so that its ~0.3 ms count in no Init Duration.
    import resource

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
        headers, body = api.post_and_next(path, payload, reply_headers)

