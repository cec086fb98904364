"""The context object a handler gets (its second argument), as awslambdaric's lambda_context.py builds it: the
same fields in the same order, the same repr, client_context and identity as objects, w3c() and
get_remaining_time_in_millis(). Standard library only; pylambda_runtime.py builds one per invocation."""

import os
import sys
import time


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


# The environment's constants, read once at start rather than at every invocation (awslambdaric reads them
# for each context: only a handler that rewrites these variables in os.environ could tell).
_LOG_GROUP = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
_LOG_STREAM = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
_FUNCTION_NAME = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
_MEMORY = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
_VERSION = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
_W3C_FIELDS = ("traceparent", "tracestate", "baggage")


class LambdaContext:
    def __init__(self, request_id, deadline_ms, function_arn, client_context, cognito, tenant_id):
        # Instance attributes, in awslambdaric's order: vars(context) shows the same fields under either.
        self.aws_request_id = request_id
        self.log_group_name = _LOG_GROUP
        self.log_stream_name = _LOG_STREAM
        self.function_name = _FUNCTION_NAME
        self.memory_limit_in_mb = _MEMORY
        self.function_version = _VERSION
        self.invoked_function_arn = function_arn
        self.tenant_id = tenant_id
        self._w3c_fields = _NO_W3C
        self.client_context = None
        if client_context is not None:
            if isinstance(client_context, dict) and "w3c" in client_context:
                # awslambdaric moves the W3C trace context out of client_context into context.w3c(), keeping
                # only its string traceparent, tracestate and baggage (lambda_context.py).
                w3c = client_context.pop("w3c")
                if isinstance(w3c, dict):
                    self._w3c_fields = {k: w3c[k] for k in _W3C_FIELDS if isinstance(w3c.get(k), str)}
            self.client_context = ClientContext(client_context)
            if self.client_context.client is not None:
                self.client_context.client = Client(self.client_context.client)
        self.identity = CognitoIdentity(_NO_IDENTITY if cognito is None else {
            "cognito_identity_id": cognito.get("cognitoIdentityId"),
            "cognito_identity_pool_id": cognito.get("cognitoIdentityPoolId"),
        })
        self._epoch_deadline_time_in_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def w3c(self):
        return dict(self._w3c_fields)

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        names = ("aws_request_id", "log_group_name", "log_stream_name", "function_name", "memory_limit_in_mb",
                 "function_version", "invoked_function_arn", "client_context", "identity", "tenant_id")
        return "LambdaContext([%s])" % ",".join("%s=%s" % (n, getattr(self, n)) for n in names)


_NO_IDENTITY, _NO_W3C = {}, {}
