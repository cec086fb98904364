"""What pylambda's runtime client does once something failed: the error document, its stack trace, the
init failure, and the slow paths of marshalling that only a failed attempt takes. Imported on the first
failure only, so that an environment that never fails never loads it (nor `traceback`)."""

import os
import sys

# The frames of the runtime's own loop, which a handler's stack trace leaves out.
_RUNTIME_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pylambda_runtime.py")

UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function change, or can be "
    "applied automatically. To determine if the runtime has been updated, check the runtime version in the "
    "INIT_START log entry. If this error correlates with a change in the runtime version, you may be able to "
    "mitigate this error by temporarily rolling back to the previous runtime version. For more information, "
    "see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r"
)


class Fault(Exception):
    """A failure the runtime reports with a Lambda error type rather than the exception's class."""

    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace


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
    # The user sees their own frames, not the runtime's loop that called them. When there are none (the
    # handler is not callable: the call itself raised), awslambdaric keeps its own frame rather than sending
    # an empty trace (bootstrap.py, handle_event_request: it cuts only up to the first frame not its own).
    # It knows its own by a "/bootstrap.py" in their file's path, and so cuts a function's own bootstrap.py
    # frames too when they come first.
    start = 0
    while start < len(frames) and (frames[start].filename == _RUNTIME_FILE
                                   or "/bootstrap.py" in frames[start].filename):
        start += 1
    if start < len(frames):
        frames = frames[start:]
    trace = traceback.format_list([(f.filename, f.lineno, f.name, f.line) for f in frames])
    return make_error(str(exc), type(exc).__name__, trace, request_id)


def report_init_error(api, exc, to_json, log_error):
    """The handler could not be loaded: Lambda's warning, the error on stdout and to init/error, exit 1."""
    error = error_from_exception(exc)
    import logging

    logging.warning(UNHANDLED_WARNING)
    log_error(error, to_json)
    # awslambdaric posts the init error with http.client, which sends a str as Latin-1: its header first, then
    # its body. From python3.12 on the body is not ASCII-escaped, so an error written in other letters
    # (ValueError("✓")) ends the runtime there (Runtime.ExitError on Lambda too), and one in Latin-1's
    # ("café") reaches Lambda as Latin-1, not UTF-8.
    _latin1(error["errorType"])
    body = _latin1(to_json(error), "body")
    api.post("/init/error", body, {"Lambda-Runtime-Function-Error-Type": error["errorType"]})
    sys.exit(1)


def header_says(error_type):
    """Whether an invocation error's type can go in a header that reads as the body's errorType: an HTTP header is
    Latin-1, loses its leading and trailing blanks, and ends at a line break, so a class named in other letters
    (class Ошибка), or made by type() with a blank at either end or a control character, is left to the body, which
    alone carries it under awslambdaric."""
    return error_type.isascii() and error_type.isprintable() and error_type.strip() == error_type


def _latin1(text, name=None):
    """text in Latin-1, or the error http.client raises for a header (name None) or a body. A header's line break
    that starts no continuation line (a blank after it) is refused too: an init error whose class has one in its
    name (made by type()) ends the runtime, as under awslambdaric (lambda_runtime_client.py, call_rapid
    posts the init error with http.client, which checks each header value in putheader)."""
    try:
        encoded = text.encode("latin-1")
    except UnicodeEncodeError as e:
        if name is None:
            raise
        reason = "%s (%.20r) is not valid Latin-1. Use %s.encode('utf-8') if you want to send it encoded in UTF-8."
        raise UnicodeEncodeError(e.encoding, e.object, e.start, e.end,
                                 reason % (name.title(), text[e.start:e.end], name)) from None
    if name is None and (b"\n" in encoded or b"\r" in encoded):
        import re

        if re.search(rb"\n(?![ \t])|\r(?![ \t\n])", encoded):
            raise ValueError("Invalid header value %r" % (encoded,))
    return encoded


# --- marshalling, the second attempt -------------------------------------------------------------


def asdict_fields(obj):
    """What simplejson (namedtuple_as_object) writes for an object with an _asdict() method: the dict it
    returns, or None as if there were no method when calling it raised a TypeError (its call_method)."""
    asdict = getattr(obj, "_asdict", None)
    if not callable(asdict):
        return None
    try:
        fields = asdict()
    except TypeError:
        return None
    if not isinstance(fields, dict):
        raise TypeError("_asdict() must return a dict, not %s" % type(fields).__name__)
    return fields


def simplejson_view(obj):
    """obj as awslambdaric's simplejson writes it, in what the standard library writes the same: a copy with
    bytes dict keys as the UTF-8 text they hold (its encoding='utf-8'; the standard library refuses them) and
    each list, tuple or dict with an _asdict() method as the dict that returns, as simplejson writes a
    namedtuple. Only a result the standard library refused or would write otherwise comes here. A key that is
    not UTF-8 fails as simplejson fails."""
    if isinstance(obj, (list, tuple, dict)):
        fields = asdict_fields(obj)
        if fields is not None:
            obj = fields
    if isinstance(obj, dict):
        return {(k.decode("utf-8") if isinstance(k, bytes) else k): simplejson_view(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [simplejson_view(v) for v in obj]
    return obj


_BAD_KEY = "keys must be str, int, float, bool or None, not "


def marshal_reason(exc):
    """Why a result could not be marshalled, in simplejson's words where the standard library's differ: a
    dict key of a type written in C is named by its class name (Decimal, datetime), where the standard
    library gives its module too (decimal.Decimal, datetime.datetime)."""
    text = str(exc)
    if isinstance(exc, TypeError) and text.startswith(_BAD_KEY):
        return _BAD_KEY + text[len(_BAD_KEY):].rpartition(".")[2]
    return text


_CONSTANT = None


def constant_error(text):
    """The error simplejson (>= 3.19, which awslambdaric requires) raises for NaN, Infinity or -Infinity in
    an event: it accepts none of them, and says "Expecting value" where the first one starts. The standard
    library's scanner parsed everything before that constant, so the first one outside a string is it."""
    global _CONSTANT
    import json
    import re

    if _CONSTANT is None:
        _CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')
    pos = 0
    for match in _CONSTANT.finditer(text):
        if match.group(1):
            pos = match.start()
            break
    return json.JSONDecodeError("Expecting value", text, pos)


_INT_SCAN = None


def decode_event_counting_ints(body):
    """pylambda_marshal.decode_event with a scanner that calls int() for each integer it reads, as simplejson's
    does, where the standard library's converts the digits itself: the call counts one level of nesting more
    against the recursion limit. Only an event the usual scanner refused as nested too deeply is read again
    so, from the same depth as awslambdaric reads it (see pylambda_marshal.down1): every integer costs a call."""
    global _INT_SCAN
    from pylambda_marshal import decode_event, reject_constant

    if _INT_SCAN is None:
        import json

        # int itself would take the fast path (the scanner checks for it); int.__call__ is a call, as there.
        _INT_SCAN = json.JSONDecoder(parse_constant=reject_constant, parse_int=int.__call__).scan_once
    return decode_event(body, _INT_SCAN)


# --- an event that is not JSON, in simplejson's words ---------------------------------------------

_TOKEN = None


def unmarshal_reason(exc):
    """Why an event could not be read, as awslambdaric's simplejson words it where the standard library's
    words differ (Python 3.11's json: the same errors found at the same place, named otherwise)."""
    import json

    if isinstance(exc, RecursionError):
        return str(exc).replace(" from a unicode string", " from a string")
    if not isinstance(exc, json.JSONDecodeError):
        return str(exc)
    doc, pos, msg = exc.doc, exc.pos, exc.msg
    end = None
    if msg == "Extra data":
        end = len(doc)  # simplejson gives where the extra data ends too
    elif msg == "Invalid control character at":
        msg = "Invalid control character %r at" % doc[pos]
    elif msg == "Invalid \\escape":
        msg, pos = "Invalid \\X escape sequence %r" % doc[pos + 1], pos + 1
    elif msg == "Invalid \\uXXXX escape":
        msg, pos = "Invalid \\uXXXX escape sequence", pos - 1
    elif msg == "Expecting ',' delimiter":
        msg += " or '}'" if _innermost(doc, pos) == "{" else " or ']'"
    elif msg in ("Expecting value", "Expecting property name enclosed in double quotes"):
        before = len(doc[:pos].rstrip(" \t\n\r")) - 1
        opening = "[" if msg == "Expecting value" else "{"
        closing = "]" if opening == "[" else "}"
        if before >= 0 and doc[before] == "," and doc[pos:pos + 1] == closing:
            what = "array" if opening == "[" else "object"
            msg, pos = "Illegal trailing comma before end of %s" % what, before
        elif before >= 0 and doc[before] == opening and (opening == "{" or pos == len(doc)):
            msg += " or '%s'" % closing
    if end is None:
        return "%s: line %d column %d (char %d)" % (msg, _line(doc, pos), _column(doc, pos), pos)
    return "%s: line %d column %d - line %d column %d (char %d - %d)" % (
        msg, _line(doc, pos), _column(doc, pos), _line(doc, end), _column(doc, end), pos, end)


def _line(doc, pos):
    return doc.count("\n", 0, pos) + 1


def _column(doc, pos):
    return pos - doc.rfind("\n", 0, pos)


def _innermost(doc, pos):
    """The bracket of the array or object open at pos in doc (read without error up to there)."""
    global _TOKEN
    import re

    if _TOKEN is None:
        _TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
    stack = []
    for match in _TOKEN.finditer(doc, 0, pos):
        token = match.group()
        if token in "[{":
            stack.append(token)
        elif token in "]}":
            stack.pop()
    return stack[-1] if stack else ""
