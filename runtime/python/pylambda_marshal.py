"""How pylambda's runtime client reads an event and writes a result, as awslambdaric's marshaller does
(lambda_runtime_marshaller.py with simplejson): the same JSON, the same refusals, at the same stack depth.
Standard library only; pylambda_runtime.py calls it on every invocation, so what it uses is bound once here.
"""

import json
import os
import sys

from pylambda_imports import errors as _errors

# awslambdaric emits non-ASCII characters as is from python3.12 on, and \u escapes before.
_ENSURE_ASCII = os.environ.get("AWS_EXECUTION_ENV") not in {
    "AWS_Lambda_python3.12",
    "AWS_Lambda_python3.13",
    "AWS_Lambda_python3.14",
    "AWS_Lambda_python3.15",
}


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
    """NaN, Infinity or -Infinity in an event (see decode_event)."""


def reject_constant(name):
    raise _Constant(name)


_DECODER = json.JSONDecoder(parse_constant=reject_constant)
_scan, _space = _DECODER.scan_once, json.decoder.WHITESPACE.match


def decode_event(body, scan=_scan):
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
        # nesting too deep is refused at the same depth as on the first try (see down1).
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


def json_header(value, what):
    if not value:
        return None
    try:
        return json.loads(value)
    except Exception as e:
        raise _errors().Fault("Runtime.LambdaContextUnmarshalError", "Unable to parse %s JSON: %s" % (what, e))


# awslambdaric reads an event three Python frames further down the stack than handle() calls decode_event
# (LambdaMarshaller.unmarshal_request -> simplejson.loads -> JSONDecoder.decode -> raw_decode), and writes a
# result two further than to_json (marshal_response -> JSONEncoder.encode -> iterencode). Up to Python 3.11 the
# C scanner's and encoder's nesting counts against the same recursion limit as the frames above, so an event
# or a result nested some 990 deep is refused at the same depth only when read and written as deep in the
# stack (runtime-parity-handlers.test.ts). simplejson's scanner also calls int() for each integer, one level
# more where one is innermost: an event is first read a frame deeper still, which refuses all simplejson
# refuses, and only one refused so is read again as simplejson counts (decode_event_counting_ints). Lambdas
# chained rather than one recursive function: some 20 ns a frame rather than 200.
down1 = lambda fn, arg: fn(arg)  # noqa: E731
down2 = lambda fn, arg: down1(fn, arg)  # noqa: E731
down3 = lambda fn, arg: down2(fn, arg)  # noqa: E731
down4 = lambda fn, arg: down3(fn, arg)  # noqa: E731
