"""Log lines as the Lambda Python runtime writes them: Text or JSON (AWS_LAMBDA_LOG_FORMAT), a level
filter (AWS_LAMBDA_LOG_LEVEL), the request id on each record, errors on one CloudWatch event."""

import os
import sys
import time

_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_JSON = (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON"
# Read at start, as awslambdaric reads both at import: a handler module that sets AWS_LAMBDA_LOG_LEVEL in
# os.environ before its first `import logging` changes nothing.
_LEVEL = os.environ.get("AWS_LAMBDA_LOG_LEVEL")
_LEVEL = {None: "", "TRACE": "DEBUG"}.get(_LEVEL, _LEVEL).upper()
# Fields of a LogRecord that are not user-supplied extras in the JSON format.
_RESERVED = frozenset((
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info", "exc_text",
    "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread", "threadName",
    "processName", "process", "aws_request_id", "tenant_id", "_frame_type",
))
_request_id = None
_tenant_id = None


def set_request_context(request_id, tenant_id):
    global _request_id, _tenant_id
    _request_id, _tenant_id = request_id, tenant_id


class Unbuffered:
    """What sys.stdout and sys.stderr are under Lambda's runtime, which starts Python without -u (`python
    bootstrap.py`) and puts an object of this class name in front of each stream (awslambdaric's bootstrap.run):
    each write is flushed at once, and all else is the stream's. Code can tell: type(sys.stdout), no
    io.TextIOBase, write() returning None, `with sys.stdout:` leaving it open, and what it writes to
    sys.stdout.buffer itself waiting for the next flush."""

    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None

    def write(self, text):
        self.stream.write(text)
        self.stream.flush()

    def writelines(self, lines):
        self.stream.writelines(lines)
        self.stream.flush()


def install_logging():
    """Sets up the function's output as Lambda's runtime does: sys.stdout and sys.stderr flushed at each write
    (Unbuffered), and the root logger's handler, at the moment anything imports `logging`.

    The official runtime imports logging before the handler; doing it only when the code (or a library)
    does keeps ~10 ms off cold starts that never log, and is otherwise the same: the handler is in place
    before the importing module's next line runs (pylambda_imports.py runs it then).
    """
    from pylambda_imports import when_loaded

    sys.stdout, sys.stderr = Unbuffered(sys.stdout), Unbuffered(sys.stderr)
    when_loaded("logging", _configure)


def _configure(logging):
    import json
    import traceback

    encode_json_log = json.JSONEncoder(ensure_ascii=False, default=str).encode

    # awslambdaric's class names: code looks for them (`handlers[0].__class__.__name__ == "LambdaLoggerHandler"`
    # before replacing the formatter), and its handler's class depends on the settings as below.
    class LambdaLoggerFilter(logging.Filter):
        def filter(self, record):
            record.aws_request_id = _request_id or ""
            record.tenant_id = _tenant_id
            return True

    class LambdaLoggerHandler(logging.Handler):
        def emit(self, record):
            sys.stdout.write(self.format(record))

    if _JSON or _LEVEL:
        LambdaLoggerHandler.__name__ = LambdaLoggerHandler.__qualname__ = "LambdaLoggerHandlerWithFrameType"

    class JsonFormatter(logging.Formatter):
        def __init__(self):
            super().__init__(datefmt=_DATETIME_FORMAT)

        def format(self, record):
            record.levelno = min(50, max(0, record.levelno)) // 10 * 10
            record.levelname = logging.getLevelName(record.levelno)
            exc = record.exc_info
            message = record.msg if isinstance(record.msg, dict) and not record.args else record.getMessage()
            fields = {
                "timestamp": self.formatTime(record, self.datefmt),
                "level": record.levelname,
                "message": message,
                "logger": record.name,
                "stackTrace": traceback.format_tb(exc[2]) if exc else None,
                "errorType": exc[0].__name__ if exc else None,
                "errorMessage": str(exc[1]) if exc else None,
                "requestId": getattr(record, "aws_request_id", None),
                "location": "%s:%s:%s" % (record.pathname, record.funcName, record.lineno) if exc else None,
            }
            if getattr(record, "tenant_id", None) is not None:
                fields["tenantId"] = record.tenant_id
            for key, value in record.__dict__.items():
                if key not in _RESERVED and key not in fields:
                    fields[key] = value
            return encode_json_log({k: v for k, v in fields.items() if v is not None}) + "\n"

    # The runtime switches every formatter to UTC, the user's included, as Lambda's does.
    logging.Formatter.converter = time.gmtime
    handler = LambdaLoggerHandler()
    if _JSON:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    root = logging.getLogger()
    if _LEVEL in logging._nameToLevel:
        root.setLevel(_LEVEL)
    handler.addFilter(LambdaLoggerFilter())
    root.addHandler(handler)


def log_error(error, to_json):
    """One record per error: lines joined by CR so CloudWatch keeps the traceback in one event."""
    if _JSON:
        stamp = time.strftime(_DATETIME_FORMAT, time.gmtime(time.time()))
        lines = [to_json(dict({"timestamp": stamp, "level": "ERROR"}, **error))]
    else:
        description = "[ERROR]"
        if error.get("errorType"):
            description += " " + error["errorType"]
        if error.get("errorMessage"):
            if error.get("errorType"):
                description += ":"
            description += " " + error["errorMessage"]
        lines = [description]
        if error.get("stackTrace") is not None:
            lines.append("Traceback (most recent call last):")
            for element in error["stackTrace"]:
                if element == "":
                    lines.append("")
                    continue
                for line in element.splitlines():
                    stripped = line.lstrip(" ")
                    # Leading spaces become no-break spaces so that consoles keep the indentation.
                    lines.append("\u00a0" * (len(line) - len(stripped)) + stripped)
    sys.stdout.write("\r".join(lines) + "\n")
