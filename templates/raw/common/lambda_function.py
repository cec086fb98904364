"""{{name}}: the Lambda entry point (Handler: lambda_function.lambda_handler).

Lambda imports this module once per execution environment (the cold start) and then calls
lambda_handler for every request the environment serves. What every request needs is set up here, at
module level, once: the configuration (checked now, so a bad setting fails the init with a clear
message instead of failing requests one by one) and the route table.
"""

import os
import traceback

from src.handlers import ROUTES
from src.utils import (
    Config,
    HttpError,
    Response,
    compile_routes,
    error_response,
    find_handler,
    log,
    parse_request,
    to_event_response,
)

CONFIG = Config.from_environ(os.environ)
_ROUTES = compile_routes(ROUTES)


def lambda_handler(event, context):
    request = parse_request(event, context)
    log("INFO", "REQUEST", request.request_id, request.path, method=request.method)
    try:
        handler, params = find_handler(_ROUTES, request)
        response = handler(request, CONFIG, **params)
    except HttpError as error:
        response = error_response(error)
    except Exception as error:
        # The details stay in the log; the client gets the request id to quote when it reports the problem.
        log(
            "ERROR",
            "UNHANDLED_ERROR",
            request.request_id,
            request.path,
            errorType=type(error).__name__,
            errorMessage=str(error),
            stackTrace=traceback.format_exc(),
        )
        response = Response(500, {"error": "Internal server error", "requestId": request.request_id})
    log("INFO", "RESPONSE", request.request_id, request.path, status=response.status)
    return to_event_response(response)
